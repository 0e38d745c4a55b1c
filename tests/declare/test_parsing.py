"""The return annotation is the response contract."""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal, Optional

import pydantic
import pytest
from pytest_httpserver import HTTPServer

from typelink import (
    Consumer,
    DeclarationError,
    Model,
    RawResponse,
    ResponseValidationError,
    get,
    headers,
)
from typelink.declare.parsing import AdapterParser, builds_later_safely


class User(Model):
    login: str
    id: int


class Bot(Model):
    login: str
    bot: bool


class Api(Consumer):
    @get("user")
    def user(self) -> User:
        raise NotImplementedError

    @get("users")
    def users(self) -> list[User]:
        raise NotImplementedError

    @get("counts")
    def counts(self) -> dict[str, int]:
        raise NotImplementedError

    @get("actor")
    def actor(self) -> Bot | User:
        raise NotImplementedError

    @get("maybe")
    def maybe(self) -> User | None:
        raise NotImplementedError

    @get("nothing")
    def nothing(self) -> None:
        raise NotImplementedError

    @get("blob")
    def blob(self) -> bytes:
        raise NotImplementedError

    @get("text")
    def text(self) -> str:
        raise NotImplementedError

    @get("user")
    def raw_user(self) -> RawResponse[User]:
        raise NotImplementedError


@pytest.fixture
def api(httpserver: HTTPServer) -> Api:
    return Api(base_url=httpserver.url_for("/"))


def test_model_tolerates_fields_added_later(httpserver: HTTPServer, api: Api) -> None:
    httpserver.expect_request("/user").respond_with_json({"login": "a", "id": 1, "new": [1]})
    user = api.user()
    assert user == User(login="a", id=1, new=[1])  # type: ignore[call-arg]
    assert user.model_extra == {"new": [1]}


def test_list_dict_and_union(httpserver: HTTPServer, api: Api) -> None:
    httpserver.expect_request("/users").respond_with_json([{"login": "a", "id": 1}])
    httpserver.expect_request("/counts").respond_with_json({"a": 1})
    httpserver.expect_request("/actor").respond_with_json({"login": "b", "bot": True})
    assert api.users() == [User(login="a", id=1)]
    assert api.counts() == {"a": 1}
    assert api.actor() == Bot(login="b", bot=True)


def test_optional_accepts_empty_body_and_null(httpserver: HTTPServer, api: Api) -> None:
    httpserver.expect_ordered_request("/maybe").respond_with_data("", status=200)
    httpserver.expect_ordered_request("/maybe").respond_with_data(
        "null", content_type="application/json"
    )
    httpserver.expect_ordered_request("/maybe").respond_with_json({"login": "a", "id": 2})
    assert api.maybe() is None
    assert api.maybe() is None
    assert api.maybe() == User(login="a", id=2)


def test_none_bytes_and_str(httpserver: HTTPServer, api: Api) -> None:
    httpserver.expect_request("/nothing").respond_with_data("", status=204)
    httpserver.expect_request("/blob").respond_with_data(b"\x00\xff")
    httpserver.expect_request("/text").respond_with_data(
        "héllo", content_type="text/plain; charset=utf-8"
    )
    assert api.nothing() is None
    assert api.blob() == b"\x00\xff"
    assert api.text() == "héllo"


def test_raw_response_gives_status_headers_elapsed_and_parse(
    httpserver: HTTPServer, api: Api
) -> None:
    httpserver.expect_request("/user").respond_with_json(
        {"login": "a", "id": 3}, status=201, headers={"X-Thing": "yes"}
    )
    raw = api.raw_user()
    assert raw.status_code == 201
    assert raw.headers["x-thing"] == "yes"
    assert isinstance(raw.elapsed, timedelta)
    assert raw.parse() == User(login="a", id=3)
    assert b'"login"' in raw.content


def test_body_that_does_not_match_raises_typed_error_with_raw_body(
    httpserver: HTTPServer, api: Api
) -> None:
    httpserver.expect_request("/user").respond_with_json({"login": "a", "id": "not-a-number"})
    with pytest.raises(ResponseValidationError) as info:
        api.user()
    err = info.value
    assert err.status_code == 200
    assert b"not-a-number" in err.body
    assert err.errors[0]["loc"] == ("id",)
    assert "GET" in str(err) and "/user" in str(err) and "User" in str(err)


def test_malformed_json_is_a_validation_error_not_a_json_error(
    httpserver: HTTPServer, api: Api
) -> None:
    httpserver.expect_request("/users").respond_with_data(
        "{not json", content_type="application/json"
    )
    with pytest.raises(ResponseValidationError, match="list"):
        api.users()


class Keyed(Consumer):
    @get("item")
    def item(self) -> User:
        raise NotImplementedError

    @get("item")
    def raw_item(self) -> RawResponse[User]:
        raise NotImplementedError


def test_a_query_api_key_never_shows_in_validation_errors_or_raw_responses(
    httpserver: HTTPServer,
) -> None:
    from typelink.auth import APIKeyQuery

    key = "SUPERSECRETKEY123"
    httpserver.expect_request("/item").respond_with_json({"login": "a", "id": "nope"})
    api = Keyed(base_url=httpserver.url_for("/"), auth=APIKeyQuery(key, param="appid"))
    with pytest.raises(ResponseValidationError) as info:
        api.item()
    assert key not in str(info.value) and key not in info.value.url
    raw = api.raw_item()
    assert key not in raw.url and key not in repr(raw)
    with pytest.raises(ResponseValidationError) as parsed:
        raw.parse()
    assert key not in str(parsed.value)


class Files(Consumer):
    """Endpoints asking for a representation other than the API's default JSON."""

    @headers({"Accept": "application/vnd.example.raw+json"})
    @get("files/raw")
    def raw(self) -> bytes:
        raise NotImplementedError

    @headers({"Accept": "application/vnd.example.html+json"})
    @get("files/html")
    def html(self) -> str:
        raise NotImplementedError

    @headers({"Accept": "application/vnd.example.raw+json"})
    @get("files/raw")
    def raw_response(self) -> RawResponse[bytes]:
        raise NotImplementedError

    @headers({"Accept": "application/vnd.example.raw+json, application/json"})
    @get("files/raw")
    def raw_or_json(self) -> bytes:
        raise NotImplementedError

    @get("files/raw")
    def undeclared(self) -> bytes:
        raise NotImplementedError


LISTING = b'[{"name": "index.md", "type": "file"}]'


def test_a_json_answer_to_a_non_json_request_is_a_typed_error(httpserver: HTTPServer) -> None:
    # GitHub answers a raw-contents request for a directory with the directory's JSON listing
    httpserver.expect_request("/files/raw").respond_with_data(
        LISTING, content_type="application/json; charset=utf-8"
    )
    httpserver.expect_request("/files/html").respond_with_data(
        LISTING, content_type="application/json"
    )
    files = Files(base_url=httpserver.url_for("/"))
    with pytest.raises(
        ResponseValidationError, match=r"not the application/vnd\.example\.raw"
    ) as e:
        files.raw()
    assert e.value.body == LISTING
    assert e.value.errors[0]["type"] == "media_type"
    with pytest.raises(ResponseValidationError, match=r"str \(application/vnd.example.html"):
        files.html()
    raw = files.raw_response()
    assert raw.content == LISTING
    with pytest.raises(ResponseValidationError):
        raw.parse()
    # asking for JSON too, or not asking at all, takes what comes
    assert files.raw_or_json() == LISTING
    assert files.undeclared() == LISTING


def test_the_representation_asked_for_is_returned(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/files/raw").respond_with_data(
        b"\x89PNG\r\n", content_type="application/vnd.example.raw"
    )
    httpserver.expect_request("/files/html").respond_with_data(
        "<h1>Ünïcode</h1>".encode(), content_type="application/vnd.example.html; charset=utf-8"
    )
    files = Files(base_url=httpserver.url_for("/"))
    assert files.raw() == b"\x89PNG\r\n"
    assert files.html() == "<h1>Ünïcode</h1>"
    assert files.raw_response().parse() == b"\x89PNG\r\n"


# -- when the pydantic schema of a return type is built ------------------------------------


class Opaque:
    """A class pydantic has no schema for."""


def test_adapter_waits_for_the_first_response_and_is_kept(httpserver: HTTPServer) -> None:
    class Lazy(Consumer):
        @get("users")
        def users(self) -> list[User]:
            raise NotImplementedError

    parser = Lazy.users.spec.parser
    assert isinstance(parser, AdapterParser)
    assert not parser.built  # declaring the consumer built no schema
    httpserver.expect_request("/users").respond_with_json([{"login": "octocat", "id": 1}])
    api = Lazy(base_url=httpserver.url_for("/"))
    assert api.users() == [User(login="octocat", id=1)]
    assert parser.built
    assert api.users()[0].login == "octocat"


def test_a_type_pydantic_rejects_still_fails_when_the_class_is_created() -> None:
    with pytest.raises((DeclarationError, pydantic.PydanticSchemaGenerationError), match="Opaque"):

        class Broken(Consumer):
            @get("things")
            def things(self) -> list[Opaque]:
                raise NotImplementedError


class Color(enum.Enum):
    RED = "red"


class Incomplete(Model):
    child: Later  # noqa: F821 - defined nowhere: the model stays incomplete


@pytest.mark.parametrize(
    ("tp", "later"),
    [
        (list[User], True),
        (dict[str, int], True),
        (User | None, True),
        (Optional[list[User]], True),  # noqa: UP045 - the typing spelling on purpose
        (Literal["a", "b"], True),
        (tuple[int, ...], True),
        (list[Color], True),
        (dict[str, Any], True),
        (datetime | None, True),
        (list[Opaque], False),
        (Annotated[int, pydantic.Field(gt=0)], False),
        (list[Incomplete], False),
        (list, False),
    ],
    ids=repr,
)
def test_which_types_may_wait_for_first_use(tp: Any, later: bool) -> None:
    assert builds_later_safely(tp) is later
