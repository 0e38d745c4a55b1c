"""NOT_GIVEN: an argument the caller did not pass is never sent, wherever it would go."""

from __future__ import annotations

import copy
import pickle
from typing import Annotated, Any

import pytest

from tests.fixtures.servers import ScriptedServer
from typelink import (
    NOT_GIVEN,
    Body,
    Consumer,
    DeclarationError,
    Form,
    Header,
    Model,
    NotGiven,
    Part,
    Query,
    header,
    patch,
    post,
    query,
)


class Milestone(Model):
    title: str


class Things(Consumer):
    @post("things")
    def query_and_headers(
        self,
        limit: Query[int] | NotGiven = NOT_GIVEN,
        cursor: Annotated[str | NotGiven, query("after")] = NOT_GIVEN,
        key: Annotated[str, header("Idempotency-Key")] | NotGiven = NOT_GIVEN,
        trace: Header[str | NotGiven] = NOT_GIVEN,
        plain: int | NotGiven = NOT_GIVEN,
    ) -> None:
        raise NotImplementedError

    @patch("issues/1")
    def update(self, milestone: Body[Milestone | None] | NotGiven = NOT_GIVEN) -> None:
        raise NotImplementedError

    @patch("legacy")
    def legacy(self, flags: Body[dict[str, bool] | None] = None) -> None:
        raise NotImplementedError

    @post("form")
    def form(
        self, name: Form[str], note: Form[str] | NotGiven = NOT_GIVEN, tag: Form[str | None] = None
    ) -> None:
        raise NotImplementedError

    @post("upload")
    def upload(self, file: Part[bytes], label: Part[str] | NotGiven = NOT_GIVEN) -> None:
        raise NotImplementedError

    @post("raw")
    def raw(self, payload: Body[bytes] | NotGiven = NOT_GIVEN) -> None:
        raise NotImplementedError


@pytest.fixture
def things(wire: ScriptedServer) -> Things:
    return Things(base_url=wire.url)


def test_query_and_header_arguments_left_at_not_given_are_not_sent(
    wire: ScriptedServer, things: Things
) -> None:
    things.query_and_headers()
    things.query_and_headers(limit=5, cursor="c1", key="k-1", trace="t", plain=0)
    left_out, given = wire.seen
    assert left_out.path == "/things"
    assert not {"Idempotency-Key", "trace"} & set(left_out.headers)
    assert given.path == "/things?limit=5&after=c1&plain=0"
    assert (given.headers["Idempotency-Key"], given.headers["trace"]) == ("k-1", "t")


def test_a_body_left_at_not_given_is_no_body_and_none_is_json_null(
    wire: ScriptedServer, things: Things
) -> None:
    things.update()
    things.update(None)
    things.update(Milestone(title="v1"))
    not_given, null, value = wire.seen
    assert (not_given.body, "Content-Type" in not_given.headers) == (b"", False)
    assert (null.body, null.headers["Content-Type"]) == (b"null", "application/json")
    assert value.body == b'{"title":"v1"}'


def test_without_not_given_none_still_means_no_body(wire: ScriptedServer, things: Things) -> None:
    things.legacy()
    things.legacy(None)
    assert [s.body for s in wire.seen] == [b"", b""]


def test_form_fields_and_parts_left_at_not_given_are_not_sent(
    wire: ScriptedServer, things: Things
) -> None:
    things.form("n")
    things.form("n", note="x", tag="t")
    things.upload(b"\x00data")
    assert wire.seen[0].body == b"name=n"
    assert wire.seen[1].body == b"name=n&note=x&tag=t"
    upload = wire.seen[2]
    assert upload.body.count(b"Content-Disposition") == 1
    assert b'name="file"' in upload.body


def test_a_raw_body_left_at_not_given_is_not_sent(wire: ScriptedServer, things: Things) -> None:
    things.raw()
    things.raw(b"\x89PNG")
    assert [s.body for s in wire.seen] == [b"", b"\x89PNG"]


def test_not_given_is_one_falsy_object() -> None:
    assert NotGiven() is NOT_GIVEN
    assert copy.copy(NOT_GIVEN) is NOT_GIVEN
    assert copy.deepcopy([NOT_GIVEN])[0] is NOT_GIVEN
    assert pickle.loads(pickle.dumps(NOT_GIVEN)) is NOT_GIVEN
    assert not NOT_GIVEN
    assert repr(NOT_GIVEN) == "NOT_GIVEN"


def _declare(signature: str) -> None:
    namespace: dict[str, object] = {}
    source = (
        "from typing import Annotated\n"
        "from typelink import *\n"
        "class Broken(Consumer):\n"
        "    @get('items/{item_id}')\n"
        f"    def m(self, {signature}) -> None:\n"
        "        raise NotImplementedError\n"
    )
    exec(compile(source, "<declaration>", "exec"), namespace)


@pytest.mark.parametrize(
    ("signature", "message"),
    [
        ("item_id: int | NotGiven = NOT_GIVEN", "a path variable is always sent"),
        ("item_id: int, limit: Query[int] = NOT_GIVEN", "defaults to NOT_GIVEN; declare"),
    ],
)
def test_declarations_that_cannot_work(signature: str, message: str) -> None:
    with pytest.raises(DeclarationError, match=message):
        _declare(signature)


def test_markers_inside_a_union_are_found(wire: ScriptedServer) -> None:
    class Lookups(Consumer):
        @post("lookup")
        def find(self, token: Header[str] | None = None, q: Query[str] | None = None) -> Any:
            raise NotImplementedError

    Lookups(base_url=wire.url).find("t", "x")
    (seen,) = wire.seen
    assert (seen.path, seen.headers["token"]) == ("/lookup?q=x", "t")
