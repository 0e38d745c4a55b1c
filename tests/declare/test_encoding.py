"""The encoding pass: headers, multipart parts, and an audit that no value is ever sent as a
Python repr (a dict, model, bytes or arbitrary object in a query, header, path or part)."""

from __future__ import annotations

import io
import json
from typing import Annotated, Any

import pytest

from tests.fixtures.servers import ScriptedServer
from typelink import (
    Body,
    Consumer,
    DeclarationError,
    Header,
    InvalidArgumentError,
    Model,
    Part,
    Query,
    get,
    header,
    post,
)


class Meta(Model):
    kind: str
    size: int | None = None


class Api(Consumer):
    @get("items/{item_id}")
    def fetch(
        self, item_id: str, q: Query[str | None] = None, trace: Header[str | None] = None
    ) -> dict[str, Any]:
        raise NotImplementedError

    @get("tagged")
    def tagged(self, tags: Header[list[str]]) -> dict[str, Any]:
        raise NotImplementedError

    @post("upload")
    def upload(
        self,
        file: Part[Any],
        meta: Part[Meta | None] = None,
        extra: Part[dict[str, Any] | None] = None,
        count: Part[int | None] = None,
    ) -> dict[str, Any]:
        raise NotImplementedError


def test_header_lists_are_comma_separated(wire: ScriptedServer) -> None:
    Api(base_url=wire.url).tagged(["a", "b"])
    assert wire.seen[0].headers["tags"] == "a, b"


@pytest.mark.parametrize("value", ["a\r\nX-Injected: 1", "a\nb", "a\x00b"])
def test_a_header_value_cannot_start_another_header(wire: ScriptedServer, value: str) -> None:
    with pytest.raises(InvalidArgumentError, match="argument 'trace': a line break or NUL"):
        Api(base_url=wire.url).fetch("1", trace=value)
    assert wire.seen == []


@pytest.mark.parametrize(
    ("kwargs", "argument", "what"),
    [
        ({"q": {"a": 1}}, "q", "a dict value cannot be written as text"),
        ({"q": Meta(kind="x")}, "q", "a Meta value cannot be written as text"),
        ({"q": [{"a": 1}]}, "q", "a nested object or list cannot be sent"),
        ({"q": b"raw"}, "q", "bytes cannot be sent"),
        ({"q": object()}, "q", "a object value cannot be written as text"),
        ({"trace": {"a": 1}}, "trace", "a dict value cannot be written as text"),
        ({"trace": b"raw"}, "trace", "a bytes value cannot be written as text"),
        ({"trace": [Meta(kind="x")]}, "trace", "a Meta value cannot be written as text"),
        ({"item_id": {"a": 1}}, "item_id", "a dict value cannot be written as text"),
        ({"item_id": b"x"}, "item_id", "a bytes value cannot be written as text"),
    ],
)
def test_no_value_is_sent_as_a_python_repr(
    wire: ScriptedServer, kwargs: dict[str, Any], argument: str, what: str
) -> None:
    call = {"item_id": "1", **kwargs}
    with pytest.raises(
        InvalidArgumentError, match=rf"Api\.fetch\(\): argument '{argument}'.*{what}"
    ):
        Api(base_url=wire.url).fetch(**call)
    assert wire.seen == []


def _parts(body: bytes, content_type: str) -> dict[str, tuple[str, bytes]]:
    """name -> (part content type, data), read with the stdlib's MIME parser."""
    from email import message_from_bytes

    message = message_from_bytes(b"Content-Type: " + content_type.encode() + b"\r\n\r\n" + body)
    parts: dict[str, tuple[str, bytes]] = {}
    for part in message.walk():
        name = part.get_param("name", header="content-disposition")
        if isinstance(name, str):
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            parts[name] = (part.get_content_type(), payload)
    return parts


def test_parts_models_and_json_data_go_as_json(wire: ScriptedServer) -> None:
    Api(base_url=wire.url).upload(
        ("photo.png", b"\x89PNG", "image/png"),
        meta=Meta(kind="photo"),
        extra={"tags": ["a"], "n": 1},
        count=3,
    )
    (seen,) = wire.seen
    parts = _parts(seen.body, seen.headers["Content-Type"])
    assert parts["file"] == ("image/png", b"\x89PNG")
    assert parts["meta"] == ("application/json", b'{"kind":"photo"}')
    assert parts["extra"][0] == "application/json"
    assert json.loads(parts["extra"][1]) == {"tags": ["a"], "n": 1}
    assert parts["count"] == ("text/plain", b"3")


def test_file_objects_are_sent_as_given(wire: ScriptedServer) -> None:
    Api(base_url=wire.url).upload(io.BytesIO(b"streamed"))
    (seen,) = wire.seen
    assert _parts(seen.body, seen.headers["Content-Type"])["file"][1] == b"streamed"


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (("a.txt",), r"a file part is \(filename, content"),
        (("a.txt", {"a": 1}), "a file part's content must be bytes, str or a file, not dict"),
        ((b"name", b"data"), "a file part's filename must be a str or None"),
        (("a.txt", b"data", 3), "a file part's content type must be a str"),
        (object(), "a object value cannot be written as text"),
        ({1, 2}, "a set value cannot be written as text"),
    ],
)
def test_parts_that_cannot_be_sent(wire: ScriptedServer, value: Any, message: str) -> None:
    with pytest.raises(InvalidArgumentError, match=rf"argument 'file': {message}"):
        Api(base_url=wire.url).upload(value)
    assert wire.seen == []


@pytest.mark.parametrize(
    "signature",
    [
        "a: Query[int], b: Annotated[int, query('a')]",
        "a: Annotated[str, header('X-Key')], b: Annotated[str, header('x-key')]",
        "a: Form[str], b: Annotated[str, form('a')]",
    ],
)
def test_two_arguments_sending_the_same_name_fail_at_class_definition(signature: str) -> None:
    source = (
        "from typing import Annotated\n"
        "from typelink import *\n"
        "class Broken(Consumer):\n"
        "    @post('x')\n"
        f"    def m(self, {signature}) -> None:\n"
        "        raise NotImplementedError\n"
    )
    with pytest.raises(DeclarationError, match=r"Broken\.m: arguments 'a' and 'b' both send"):
        exec(compile(source, "<declaration>", "exec"), {})


def test_named_header_factory_still_works(wire: ScriptedServer) -> None:
    class Raw(Consumer):
        @get("raw")
        def raw(self, kind: Annotated[str, header("Accept")]) -> bytes:
            raise NotImplementedError

    Raw(base_url=wire.url).raw("text/plain")
    assert wire.seen[0].headers["Accept"] == "text/plain"


def test_a_json_body_that_cannot_be_encoded_names_the_argument(wire: ScriptedServer) -> None:
    class Writes(Consumer):
        @post("write")
        def write(self, payload: Body[dict[str, Any]]) -> None:
            raise NotImplementedError

    with pytest.raises(
        InvalidArgumentError, match=r"Writes\.write\(\): argument 'payload'"
    ) as info:
        Writes(base_url=wire.url).write({"when": object()})
    assert info.value.argument == "payload"
    assert wire.seen == []


class Paths(Consumer):
    @get("files/{+path}")
    def file(self, path: str) -> dict[str, Any]:
        raise NotImplementedError

    @get("names/{name}/info")
    def name(self, name: str) -> dict[str, Any]:
        raise NotImplementedError


@pytest.mark.parametrize(
    ("value", "sent"),
    [
        ("feature/x", "feature/x"),
        ("heads/fix+1", "heads/fix%2B1"),  # a raw + reads as a space on some servers (GitHub)
        ("docs/100%.md", "docs/100%25.md"),
        ("a%41/b", "a%2541/b"),  # a value, not a URL: %41 is three characters, not "A"
        ("src/c++/x.h", "src/c%2B%2B/x.h"),
        ("é/ü.md", "%C3%A9/%C3%BC.md"),
        ("a;b=c/d", "a%3Bb%3Dc/d"),  # no path parameter
        ("notes/issue#12?.md", "notes/issue%2312%3F.md"),  # no fragment, no query
        ("v1.0/[x]@y:z,w", "v1.0/%5Bx%5D%40y%3Az%2Cw"),
        ("~user/a_b-c.d", "~user/a_b-c.d"),
    ],
)
def test_reserved_expansion_keeps_slashes_and_encodes_each_segment_whole(
    wire: ScriptedServer, value: str, sent: str
) -> None:
    Paths(base_url=wire.url).file(value)
    assert [seen.path for seen in wire.seen] == [f"/files/{sent}"]


@pytest.mark.parametrize(
    ("value", "sent"),
    [("feature/x", "feature%2Fx"), ("c++", "c%2B%2B"), ("100%", "100%25"), ("a b", "a%20b")],
)
def test_simple_expansion_is_one_segment(wire: ScriptedServer, value: str, sent: str) -> None:
    Paths(base_url=wire.url).name(value)
    assert [seen.path for seen in wire.seen] == [f"/names/{sent}/info"]
