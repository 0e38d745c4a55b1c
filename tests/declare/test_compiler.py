"""Declarations: where arguments go, and declarations that fail at class definition."""

from __future__ import annotations

import enum
import json
from typing import Annotated

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

import typelink
from tests.fixtures.servers import Reply, ScriptedServer
from typelink import (
    Body,
    Consumer,
    DeclarationError,
    Form,
    Header,
    Model,
    Part,
    Query,
    delete,
    get,
    headers,
    patch,
    post,
    put,
)
from typelink.declare.markers import query


class Color(enum.Enum):
    RED = "red"


class Item(Model):
    id: int
    name: str


class NewItem(Model):
    name: str
    display_name: str | None = None
    tags: list[str] | None = None

    model_config = {"alias_generator": lambda s: s.replace("_", "-"), "populate_by_name": True}


@headers({"X-Consumer": "items", "X-Level": "class"})
class Items(Consumer):
    @get("items/{item_id}")
    def fetch(self, item_id: int) -> Item:
        raise NotImplementedError

    @get("items")
    def search(
        self,
        q: str,
        per_page: Annotated[int, query("per-page")] = 30,
        active: Query[bool] = True,
        color: Query[Color | None] = None,
        tags: Query[list[str] | None] = None,
        trace: Header[str | None] = None,
    ) -> list[Item]:
        raise NotImplementedError

    @headers({"X-Level": "method", "Accept": "application/vnd.test+json"})
    @get("items/{item_id}/raw")
    def with_headers(self, item_id: int) -> bytes:
        raise NotImplementedError

    @post("items")
    def create(self, item: NewItem) -> Item:
        raise NotImplementedError

    @put("items/{item_id}")
    def replace(self, item_id: int, item: Body[dict[str, int]]) -> Item:
        raise NotImplementedError

    @patch("items/{item_id}/flags")
    def set_flags(self, item_id: int, flags: Body[dict[str, bool] | None] = None) -> None:
        raise NotImplementedError

    @patch("items/{item_id}")
    def rename(self, item_id: int, name: Form[str], note: Form[str | None] = None) -> Item:
        raise NotImplementedError

    @post("items/form")
    def create_form(self, item: Form[NewItem]) -> Item:
        raise NotImplementedError

    @post("items/{item_id}/files")
    def upload(self, item_id: int, file: Part[bytes], label: Part[str]) -> Item:
        raise NotImplementedError

    @post("items/raw")
    def raw(
        self, payload: Body[bytes], content_type: Annotated[str, typelink.header("Content-Type")]
    ) -> Item:
        raise NotImplementedError

    @delete("items/{path}")
    def remove_path(self, path: str) -> None:
        raise NotImplementedError

    @get("files/{+path}")
    def file(self, path: str) -> bytes:
        raise NotImplementedError


ITEM = {"id": 1, "name": "one"}


@pytest.fixture
def items(httpserver: HTTPServer) -> Items:
    return Items(base_url=httpserver.url_for("/v1"))


def test_path_arguments_fill_the_template_and_keep_the_base_prefix(
    httpserver: HTTPServer, items: Items
) -> None:
    httpserver.expect_request("/v1/items/7", method="GET").respond_with_json(ITEM)
    assert items.fetch(7) == Item(id=1, name="one")


def test_path_values_are_percent_encoded_unless_reserved_expansion(
    scripted: ScriptedServer,
) -> None:
    scripted.script = [Reply(status=204, body=b""), Reply(body=b"hi")]
    items = Items(base_url=scripted.url + "/v1")
    assert items.remove_path("a/b c") is None
    assert items.file("docs/readme.md") == b"hi"
    assert [s.path for s in scripted.seen] == ["/v1/items/a%2Fb%20c", "/v1/files/docs/readme.md"]


def test_query_header_aliases_and_value_encoding(httpserver: HTTPServer, items: Items) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps([ITEM]), content_type="application/json")

    httpserver.expect_request("/v1/items").respond_with_handler(handler)
    result = items.search("needle", per_page=5, color=Color.RED, tags=["a", "b"], trace="t-1")
    assert result == [Item(id=1, name="one")]
    args = seen[0].args
    assert args["q"] == "needle"
    assert args["per-page"] == "5"
    assert args["active"] == "true"
    assert args["color"] == "red"
    assert args.getlist("tags") == ["a", "b"]
    assert seen[0].headers["trace"] == "t-1"


def test_none_query_and_header_values_are_left_out(httpserver: HTTPServer, items: Items) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response("[]", content_type="application/json")

    httpserver.expect_request("/v1/items").respond_with_handler(handler)
    assert items.search("x") == []
    assert set(seen[0].args) == {"q", "per-page", "active"}
    assert "trace" not in seen[0].headers


def test_class_and_method_headers(httpserver: HTTPServer, items: Items) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(b"raw")

    httpserver.expect_request("/v1/items/3/raw").respond_with_handler(handler)
    httpserver.expect_request("/v1/items/3").respond_with_handler(
        lambda r: (seen.append(r), Response(json.dumps(ITEM), content_type="application/json"))[1]
    )
    assert items.with_headers(3) == b"raw"
    items.fetch(3)
    method_level, class_level = seen
    assert method_level.headers["X-Level"] == "method"
    assert method_level.headers["Accept"] == "application/vnd.test+json"
    assert method_level.headers["X-Consumer"] == "items"
    assert class_level.headers["X-Level"] == "class"
    assert class_level.headers["User-Agent"].startswith("typelink/")


def test_model_body_is_json_by_alias_without_unset_fields(
    httpserver: HTTPServer, items: Items
) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps(ITEM), status=201, content_type="application/json")

    httpserver.expect_request("/v1/items", method="POST").respond_with_handler(handler)
    items.create(NewItem(name="n", display_name="Nice"))
    assert seen[0].headers["Content-Type"] == "application/json"
    assert json.loads(seen[0].get_data()) == {"name": "n", "display-name": "Nice"}


def test_explicit_none_is_sent_but_unset_is_not(httpserver: HTTPServer, items: Items) -> None:
    seen: list[Request] = []
    httpserver.expect_request("/v1/items", method="POST").respond_with_handler(
        lambda r: (seen.append(r), Response(json.dumps(ITEM), content_type="application/json"))[1]
    )
    items.create(NewItem(name="n", tags=None))
    assert json.loads(seen[0].get_data()) == {"name": "n", "tags": None}


def test_body_of_any_json_type(httpserver: HTTPServer, items: Items) -> None:
    seen: list[Request] = []
    httpserver.expect_request("/v1/items/2", method="PUT").respond_with_handler(
        lambda r: (seen.append(r), Response(json.dumps(ITEM), content_type="application/json"))[1]
    )
    items.replace(2, {"a": 1})
    assert json.loads(seen[0].get_data()) == {"a": 1}


def test_form_fields_and_whole_form_model(httpserver: HTTPServer, items: Items) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        return Response(json.dumps(ITEM), content_type="application/json")

    httpserver.expect_request("/v1/items/4", method="PATCH").respond_with_handler(handler)
    httpserver.expect_request("/v1/items/form", method="POST").respond_with_handler(handler)
    items.rename(4, "new name")
    items.create_form(NewItem(name="n", display_name="D"))
    assert seen[0].headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert seen[0].form.to_dict() == {"name": "new name"}
    assert seen[1].form.to_dict() == {"name": "n", "display-name": "D"}


def test_multipart_parts(httpserver: HTTPServer, items: Items) -> None:
    seen: list[Request] = []

    def handler(request: Request) -> Response:
        seen.append(request)
        files = {k: v.read() for k, v in request.files.items()}
        seen[-1].environ["test.files"] = files
        return Response(json.dumps(ITEM), content_type="application/json")

    httpserver.expect_request("/v1/items/5/files", method="POST").respond_with_handler(handler)
    items.upload(5, b"\x00\x01binary", "label-text")
    assert seen[0].headers["Content-Type"].startswith("multipart/form-data")
    assert seen[0].environ["test.files"]["file"] == b"\x00\x01binary"


def test_raw_bytes_body_with_content_type_header(httpserver: HTTPServer, items: Items) -> None:
    seen: list[Request] = []
    httpserver.expect_request("/v1/items/raw", method="POST").respond_with_handler(
        lambda r: (seen.append(r), Response(json.dumps(ITEM), content_type="application/json"))[1]
    )
    items.raw(b"\x89PNG", content_type="image/png")
    assert seen[0].get_data() == b"\x89PNG"
    assert seen[0].headers["Content-Type"] == "image/png"


def test_wrong_arguments_raise_type_error_naming_the_method(items: Items) -> None:
    with pytest.raises(TypeError, match=r"Items\.fetch"):
        items.fetch()  # type: ignore[call-arg]


# -- declarations that cannot work -------------------------------------------------------


def _declare(body: str) -> None:
    namespace: dict[str, object] = {}
    source = (
        "from __future__ import annotations\n"
        "from typing import Annotated\n"
        "from typelink import *\n"
        "from typelink import Model\n"
        "class M(Model):\n    a: int\n"
        "class Broken(Consumer):\n" + body
    )
    exec(compile(source, "<declaration>", "exec"), namespace)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            "    @get('users/{user}/repos/{repo}')\n    def m(self, user: str) -> None:\n        raise NotImplementedError\n",
            r"Broken\.m: path variable \{repo\}",
        ),
        (
            "    @get('users')\n    def m(self, user: Annotated[str, path('login')]) -> None:\n        raise NotImplementedError\n",
            r"Broken\.m: argument 'user' names path variable \{login\}",
        ),
        (
            "    @get('users')\n    def m(self, m: M) -> None:\n        raise NotImplementedError\n",
            r"Broken\.m: argument 'm' is a model.*GET has no body",
        ),
        (
            "    @get('users')\n    def m(self, m: Body[dict[str, int]]) -> None:\n        raise NotImplementedError\n",
            r"Broken\.m: argument 'm' is a request body, but GET has no body",
        ),
        (
            "    @post('users')\n    def m(self, a: M, b: Body[dict[str, int]]) -> None:\n        raise NotImplementedError\n",
            r"Broken\.m: two body arguments \('a', 'b'\)",
        ),
        (
            "    @get('users')\n    def m(self, a) -> None:\n        raise NotImplementedError\n",
            r"Broken\.m: argument 'a' has no type annotation",
        ),
        (
            "    @get('users')\n    def m(self, a: dict[str, int]) -> None:\n        raise NotImplementedError\n",
            r"Broken\.m: argument 'a': annotation .* has no usable meaning",
        ),
        (
            "    @get('users')\n    def m(self, *a: int) -> None:\n        raise NotImplementedError\n",
            r"Broken\.m: argument 'a': \*args",
        ),
        (
            "    @get('users')\n    def m(self, a: int):\n        raise NotImplementedError\n",
            r"Broken\.m: declare the return type",
        ),
        (
            "    @post('users')\n    def m(self, a: M, f: Part[bytes]) -> None:\n        raise NotImplementedError\n",
            r"Broken\.m: argument 'a' is the whole body",
        ),
    ],
)
def test_broken_declarations_fail_at_class_definition(body: str, message: str) -> None:
    with pytest.raises(DeclarationError, match=message):
        _declare(body)


def test_declaration_errors_are_typelink_errors() -> None:
    assert issubclass(DeclarationError, typelink.TypelinkError)


def test_optional_body_left_out_sends_no_body(httpserver: HTTPServer, items: Items) -> None:
    seen: list[Request] = []
    httpserver.expect_request("/v1/items/9/flags", method="PATCH").respond_with_handler(
        lambda r: (seen.append(r), Response("", status=204))[1]
    )
    items.set_flags(9)
    items.set_flags(9, {"a": True})
    assert seen[0].get_data() == b""
    assert json.loads(seen[1].get_data()) == {"a": True}


class Profiles(Consumer):
    @get("users/{uid}/profile")
    def profile(self, uid: str) -> dict[str, int]:
        raise NotImplementedError

    @get("files/{+path}")
    def file(self, path: str) -> bytes:
        raise NotImplementedError

    @get("tagged")
    def tagged(self, tags: Header[list[str]]) -> dict[str, int]:
        raise NotImplementedError


@pytest.mark.parametrize("value", [".", "..", "a/../b", "./x"])
def test_dot_segments_in_path_values_are_refused(scripted: ScriptedServer, value: str) -> None:
    from typelink import InvalidArgumentError

    api = Profiles(base_url=scripted.url + "/api")
    with pytest.raises(InvalidArgumentError, match="segment"):
        if "/" in value:
            api.file(value)
        else:
            api.profile(value)
    assert scripted.seen == []


def test_dots_inside_a_segment_are_fine(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(body=b"{}")]
    Profiles(base_url=scripted.url).profile("a.b..c")
    assert scripted.seen[0].path == "/users/a.b..c/profile"


def test_header_lists_are_comma_separated(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(body=b"{}")]
    Profiles(base_url=scripted.url).tagged(["a", "b"])
    assert scripted.seen[0].headers["tags"] == "a, b"


def test_optional_body_left_out_sends_no_content_type(httpserver: HTTPServer, items: Items) -> None:
    seen: list[Request] = []
    httpserver.expect_request("/v1/items/9/flags", method="PATCH").respond_with_handler(
        lambda r: (seen.append(r), Response("", status=204))[1]
    )
    items.set_flags(9)
    assert "Content-Type" not in seen[0].headers
