"""Form bodies on the wire: each FormStyle's exact bytes, and what no style can say."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

import pytest

from tests.fixtures.servers import ScriptedServer
from typelink import (
    ConfigurationError,
    Consumer,
    Form,
    FormStyle,
    InvalidArgumentError,
    Model,
    form,
    post,
)


class Address(Model):
    city: str
    zip: str | None = None


class Line(Model):
    price: str
    quantity: int | None = None


class NewOrder(Model):
    email: str
    address: Address | None = None
    items: list[Line] | None = None
    tags: list[str] | None = None
    metadata: dict[str, str | None] | None = None


ORDER = NewOrder(
    email="a@b.co",
    address=Address(city="Paris", zip="75001"),
    items=[Line(price="p_1", quantity=2), Line(price="p_2")],
    tags=["a", "b"],
    metadata={"order_id": "6735"},
)


class Orders(Consumer):
    @post("orders")
    def create(self, order: Form[NewOrder]) -> dict[str, Any]:
        raise NotImplementedError

    @post("orders/dotted", form_style=FormStyle(objects="dots", lists="indexed"))
    def create_dotted(self, order: Form[NewOrder]) -> dict[str, Any]:
        raise NotImplementedError

    @post("fields")
    def fields(
        self,
        tags: Form[list[str]],
        address: Annotated[Address, form("address")],
        note: Form[str | None] = None,
    ) -> dict[str, Any]:
        raise NotImplementedError

    @post("mapping")
    def mapping(self, values: Form[dict[str, Any]]) -> dict[str, Any]:
        raise NotImplementedError


def orders(wire: ScriptedServer, style: FormStyle | None = None) -> Orders:
    return Orders(base_url=wire.url, form_style=style)


STYLES = [
    pytest.param(
        FormStyle(objects="brackets", lists="brackets"),
        b"email=a%40b.co&address%5Bcity%5D=Paris&address%5Bzip%5D=75001"
        b"&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bprice%5D=p_2"
        b"&tags%5B%5D=a&tags%5B%5D=b&metadata%5Border_id%5D=6735",
        id="stripe-rails-php",
    ),
    pytest.param(
        FormStyle(objects="brackets", lists="indexed"),
        b"email=a%40b.co&address%5Bcity%5D=Paris&address%5Bzip%5D=75001"
        b"&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bprice%5D=p_2"
        b"&tags%5B0%5D=a&tags%5B1%5D=b&metadata%5Border_id%5D=6735",
        id="brackets-indexed",
    ),
    pytest.param(
        FormStyle(objects="brackets", lists="repeat"),
        b"email=a%40b.co&address%5Bcity%5D=Paris&address%5Bzip%5D=75001"
        b"&items%5B0%5D%5Bprice%5D=p_1&items%5B0%5D%5Bquantity%5D=2&items%5B1%5D%5Bprice%5D=p_2"
        b"&tags=a&tags=b&metadata%5Border_id%5D=6735",
        id="brackets-repeat",
    ),
    pytest.param(
        FormStyle(objects="dots", lists="repeat"),
        b"email=a%40b.co&address.city=Paris&address.zip=75001"
        b"&items%5B0%5D.price=p_1&items%5B0%5D.quantity=2&items%5B1%5D.price=p_2"
        b"&tags=a&tags=b&metadata.order_id=6735",
        id="dots-repeat",
    ),
]


@pytest.mark.parametrize(("style", "body"), STYLES)
def test_client_form_style_writes_nested_bodies(
    wire: ScriptedServer, style: FormStyle, body: bytes
) -> None:
    orders(wire, style).create(ORDER)
    (seen,) = wire.seen
    assert seen.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert seen.body == body


def test_endpoint_form_style_wins_over_the_client(wire: ScriptedServer) -> None:
    orders(wire, FormStyle(objects="brackets")).create_dotted(
        NewOrder(email="x", address=Address(city="Paris"), tags=["a", "b"])
    )
    assert wire.seen[0].body == b"email=x&address.city=Paris&tags%5B0%5D=a&tags%5B1%5D=b"


def test_scalar_lists_repeat_by_default_and_flat_forms_are_unchanged(
    wire: ScriptedServer,
) -> None:
    orders(wire).create(NewOrder(email="x", tags=["a", "b"]))
    assert wire.seen[0].body == b"email=x&tags=a&tags=b"


def test_explicit_none_is_sent_empty_and_unset_fields_are_left_out(wire: ScriptedServer) -> None:
    style = FormStyle(objects="brackets", lists="brackets")
    orders(wire, style).create(NewOrder(email="x", address=None, metadata={"old": None}))
    assert wire.seen[0].body == b"email=x&address=&metadata%5Bold%5D="


def test_form_fields_named_model_field_and_left_out_none(wire: ScriptedServer) -> None:
    orders(wire, FormStyle(objects="brackets", lists="brackets")).fields(
        ["x", "y"], Address(city="Lyon")
    )
    assert wire.seen[0].body == b"tags%5B%5D=x&tags%5B%5D=y&address%5Bcity%5D=Lyon"


def test_a_mapping_is_a_whole_form(wire: ScriptedServer) -> None:
    orders(wire, FormStyle(objects="brackets")).mapping(
        {"when": dt.date(2024, 5, 1), "flag": True, "n": {"a": 1}}
    )
    assert wire.seen[0].body == b"when=2024-05-01&flag=true&n%5Ba%5D=1"


# -- what the chosen style cannot say: InvalidArgumentError, nothing sent ---------------------


def _refused(call: Any, wire: ScriptedServer, message: str) -> InvalidArgumentError:
    with pytest.raises(InvalidArgumentError, match=message) as info:
        call()
    assert wire.seen == []
    return info.value


def test_nested_objects_need_a_style(wire: ScriptedServer) -> None:
    error = _refused(
        lambda: orders(wire).create(NewOrder(email="x", address=Address(city="P"))),
        wire,
        r"Orders\.create\(\): argument 'order', field 'address': a nested object needs a form "
        r"style",
    )
    assert (error.argument, error.field) == ("order", "address")
    error = _refused(
        lambda: orders(wire).create(NewOrder(email="x", items=[Line(price="p")])),
        wire,
        r"field 'items\[0\]': a list of objects",
    )
    assert error.field == "items[0]"


@pytest.mark.parametrize("key", ["x][admin", "a[b]", "]"])
def test_a_key_holding_the_delimiters_is_refused_not_injected(
    wire: ScriptedServer, key: str
) -> None:
    style = FormStyle(objects="brackets", lists="brackets")
    _refused(
        lambda: orders(wire, style).create(NewOrder(email="x", metadata={key: "1"})),
        wire,
        r"field 'metadata': the key .* contains",
    )


def test_dotted_style_refuses_dots_in_keys(wire: ScriptedServer) -> None:
    style = FormStyle(objects="dots")
    _refused(
        lambda: orders(wire, style).create(NewOrder(email="x", metadata={"a.b": "1"})),
        wire,
        "contains '.'",
    )


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"tags": []}, "tags", "an empty list has no form encoding"),
        ({"metadata": {}}, "metadata", "an empty object has no form encoding"),
        ({"file": b"raw"}, "file", "bytes cannot be sent in a form"),
        ({"n": [{"a": float("nan")}]}, "n[0].a", "the float nan has no text form"),
    ],
)
def test_values_without_a_form_encoding(
    wire: ScriptedServer, values: dict[str, Any], field: str, message: str
) -> None:
    style = FormStyle(objects="brackets", lists="brackets")
    error = _refused(lambda: orders(wire, style).mapping(values), wire, message)
    assert error.field == field


def test_nothing_is_sent_as_a_python_repr(wire: ScriptedServer) -> None:
    class Shouting:
        def __str__(self) -> str:
            return "{'repr': True}"

    style = FormStyle(objects="brackets")
    _refused(
        lambda: orders(wire, style).mapping({"a": {"deep": Shouting()}}),
        wire,
        r"field 'a\.deep': a Shouting value cannot be written as text",
    )
    _refused(
        lambda: orders(wire, style).mapping({"when": dt.datetime(2024, 5, 1, 12)}),
        wire,
        r"field 'when': a datetime without a timezone",
    )
    _refused(lambda: orders(wire).mapping([1, 2]), wire, "must be a model or a mapping")  # type: ignore[arg-type]


def test_form_style_values_are_checked() -> None:
    with pytest.raises(ConfigurationError, match="objects"):
        FormStyle(objects="colons")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="lists"):
        FormStyle(lists="commas")  # type: ignore[arg-type]
    with pytest.raises(ConfigurationError, match="form_style"):
        Orders(base_url="http://127.0.0.1:9", form_style="brackets")  # type: ignore[arg-type]
