"""Structured query parameters on the wire: every OpenAPI style's exact bytes, the checks made
at class definition, and the values a style cannot say."""

from __future__ import annotations

from typing import Annotated, Any

import pytest

from tests.fixtures.servers import ScriptedServer
from typelink import (
    NOT_GIVEN,
    Consumer,
    DeclarationError,
    InvalidArgumentError,
    Model,
    NotGiven,
    Query,
    get,
    query,
)


class Created(Model):
    gte: int | None = None
    lt: int | None = None


class Filters(Model):
    state: str | None = None
    labels: list[str] | None = None


class Search(Consumer):
    @get("deep")
    def deep(
        self, created: Annotated[Created, query("created", style="deepObject")]
    ) -> dict[str, Any]:
        raise NotImplementedError

    @get("deep-or-scalar")
    def deep_or_scalar(
        self, created: Annotated[Created | int, query("created", style="deepObject")]
    ) -> dict[str, Any]:
        raise NotImplementedError

    @get("deep-dict")
    def deep_dict(
        self, filter: Annotated[dict[str, str], query(style="deepObject")]
    ) -> dict[str, Any]:
        raise NotImplementedError

    @get("form")
    def exploded(self, ids: Query[list[int]]) -> dict[str, Any]:
        raise NotImplementedError

    @get("form-csv")
    def unexploded(
        self, ids: Annotated[list[str], query(style="form", explode=False)]
    ) -> dict[str, Any]:
        raise NotImplementedError

    @get("space")
    def space(self, ids: Annotated[list[str], query(style="spaceDelimited")]) -> dict[str, Any]:
        raise NotImplementedError

    @get("pipe")
    def pipe(self, ids: Annotated[list[str], query(style="pipeDelimited")]) -> dict[str, Any]:
        raise NotImplementedError

    @get("object")
    def object_exploded(
        self, filters: Annotated[Filters, query()], page: int = 1
    ) -> dict[str, Any]:
        raise NotImplementedError

    @get("object-csv")
    def object_unexploded(
        self, color: Annotated[dict[str, int], query(explode=False)]
    ) -> dict[str, Any]:
        raise NotImplementedError

    @get("expand")
    def expand(
        self, expand: Annotated[list[str], query("expand[]")] | NotGiven = NOT_GIVEN
    ) -> dict[str, Any]:
        raise NotImplementedError

    @get("clash")
    def clash(self, filters: Annotated[Filters, query()], state: Query[str]) -> dict[str, Any]:
        raise NotImplementedError


def target(wire: ScriptedServer) -> str:
    (seen,) = wire.seen
    return seen.path


@pytest.mark.parametrize(
    ("call", "expected"),
    [
        pytest.param(
            lambda api: api.deep(Created(gte=1, lt=2)),
            "/deep?created%5Bgte%5D=1&created%5Blt%5D=2",
            id="deepObject",
        ),
        pytest.param(
            lambda api: api.deep(Created(gte=1)), "/deep?created%5Bgte%5D=1", id="deepObject-unset"
        ),
        pytest.param(
            lambda api: api.deep(Created(gte=1, lt=None)),
            "/deep?created%5Bgte%5D=1",
            id="deepObject-none",
        ),
        pytest.param(
            lambda api: api.deep_or_scalar(Created(gte=1)),
            "/deep-or-scalar?created%5Bgte%5D=1",
            id="deepObject-or-scalar-object",
        ),
        pytest.param(
            lambda api: api.deep_or_scalar(1700000000),
            "/deep-or-scalar?created=1700000000",
            id="deepObject-or-scalar-scalar",
        ),
        pytest.param(
            lambda api: api.deep_dict({"status": "open"}),
            "/deep-dict?filter%5Bstatus%5D=open",
            id="deepObject-dict",
        ),
        pytest.param(lambda api: api.exploded([1, 2]), "/form?ids=1&ids=2", id="form-explode"),
        pytest.param(lambda api: api.exploded([]), "/form", id="form-empty-list"),
        pytest.param(
            lambda api: api.unexploded(["1", "2"]), "/form-csv?ids=1%2C2", id="form-no-explode"
        ),
        pytest.param(lambda api: api.space(["a", "b"]), "/space?ids=a+b", id="spaceDelimited"),
        pytest.param(lambda api: api.pipe(["a", "b"]), "/pipe?ids=a%7Cb", id="pipeDelimited"),
        pytest.param(
            lambda api: api.object_exploded(Filters(state="open", labels=["x", "y"])),
            "/object?state=open&labels=x&labels=y&page=1",
            id="form-object-explode",
        ),
        pytest.param(
            lambda api: api.object_unexploded({"R": 100, "G": 200}),
            "/object-csv?color=R%2C100%2CG%2C200",
            id="form-object-no-explode",
        ),
        pytest.param(
            lambda api: api.expand(["customer", "invoice"]),
            "/expand?expand%5B%5D=customer&expand%5B%5D=invoice",
            id="brackets-wire-name",
        ),
        pytest.param(lambda api: api.expand(), "/expand", id="not-given"),
    ],
)
def test_each_style_on_the_wire(wire: ScriptedServer, call: Any, expected: str) -> None:
    call(Search(base_url=wire.url))
    assert target(wire) == expected


@pytest.mark.parametrize(
    ("call", "field", "message"),
    [
        pytest.param(
            lambda api: api.unexploded(["a,b"]),
            "[0]",
            r"'a,b' contains ',', which style='form' uses to separate values",
            id="comma-in-csv",
        ),
        pytest.param(
            lambda api: api.space(["a b"]), "[0]", "contains ' '", id="space-in-spaceDelimited"
        ),
        pytest.param(lambda api: api.pipe(["a|b"]), "[0]", "contains '|'", id="pipe"),
        pytest.param(
            lambda api: api.deep_dict({"a": {"b": "c"}}),
            "a",
            "a nested object or list cannot be sent",
            id="nested-deepObject",
        ),
        pytest.param(
            lambda api: api.deep_dict({"a]x[": "1"}),
            None,
            "cannot be written in style='deepObject'",
            id="bracket-key-deepObject",
        ),
        pytest.param(
            lambda api: api.exploded([[1, 2]]),
            "[0]",
            "a nested object or list",
            id="list-in-list",
        ),
        pytest.param(lambda api: api.exploded([b"raw"]), "[0]", "bytes cannot be sent", id="bytes"),
        pytest.param(
            lambda api: api.deep(5),
            None,
            "style='deepObject' needs an object, not a int",
            id="runtime-scalar-for-object-only-deepObject",
        ),
        pytest.param(
            lambda api: api.deep(["not", "an", "object"]),
            None,
            "style='deepObject' sends objects, not lists",
            id="runtime-list-for-deepObject",
        ),
    ],
)
def test_what_a_style_cannot_say_is_refused(
    wire: ScriptedServer, call: Any, field: str | None, message: str
) -> None:
    with pytest.raises(InvalidArgumentError, match=message) as info:
        call(Search(base_url=wire.url))
    assert info.value.field == field
    assert wire.seen == []


def test_two_arguments_writing_one_parameter_is_refused(wire: ScriptedServer) -> None:
    api = Search(base_url=wire.url)
    with pytest.raises(InvalidArgumentError, match="'state', which another argument"):
        api.clash(Filters(state="open"), "closed")
    api.clash(Filters(labels=["a"]), "closed")
    assert target(wire) == "/clash?labels=a&state=closed"


def _declare(annotation: str) -> None:
    namespace: dict[str, object] = {}
    source = (
        "from typing import Annotated\n"
        "from typelink import Consumer, Model, NotGiven, NOT_GIVEN, Query, get, query\n"
        "class M(Model):\n    a: int\n"
        "class Broken(Consumer):\n"
        "    @get('x')\n"
        f"    def m(self, value: {annotation}) -> None:\n"
        "        raise NotImplementedError\n"
    )
    exec(compile(source, "<declaration>", "exec"), namespace)


@pytest.mark.parametrize(
    ("annotation", "message"),
    [
        ("Annotated[list[int], query(style='deepObject')]", "deepObject' sends a model or a dict"),
        ("Annotated[M, query(style='pipeDelimited')]", "sends a list of scalars"),
        ("Annotated[int, query(style='spaceDelimited')]", "sends a list of scalars"),
        ("Annotated[M, query(style='deepObject', explode=False)]", "always exploded"),
        ("Annotated[list[int], query(style='pipeDelimited', explode=True)]", "joins list items"),
        ("Annotated[list[int], query(style='matrix')]", "unknown query style 'matrix'"),
        ("Annotated[dict[str, M], query(style='deepObject')]", "deepObject' sends a model"),
        ("Annotated[M | list[M], query(style='deepObject')]", "deepObject' sends a model"),
        ("Annotated[list[M], query()]", "cannot be sent as a query parameter"),
    ],
)
def test_styles_are_checked_at_class_definition(annotation: str, message: str) -> None:
    with pytest.raises(DeclarationError, match=message):
        _declare(annotation)
