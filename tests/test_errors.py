"""Error mapping: statuses, transport failures, messages, error models."""

from __future__ import annotations

import pytest
from pytest_httpserver import HTTPServer

import typelink
from tests.fixtures.servers import Reply, ScriptedServer
from typelink import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    Consumer,
    Model,
    RetryPolicy,
    errors,
    get,
    post,
)
from typelink.errors import status_error_class


class ApiError(Model):
    message: str
    code: str | None = None


class Api(Consumer):
    @get("thing")
    def thing(self, api_key: str | None = None) -> dict[str, int]:
        raise NotImplementedError

    @post("thing")
    def make(self) -> dict[str, int]:
        raise NotImplementedError


NO_RETRY = RetryPolicy(max_retries=0)


@pytest.mark.parametrize(
    ("status", "cls"),
    [
        (400, errors.BadRequestError),
        (401, errors.AuthenticationError),
        (403, errors.PermissionDeniedError),
        (404, errors.NotFoundError),
        (409, errors.ConflictError),
        (422, errors.UnprocessableEntityError),
        (429, errors.RateLimitError),
        (500, errors.InternalServerError),
        (503, errors.InternalServerError),
        (418, errors.APIStatusError),
    ],
)
def test_status_maps_to_its_class(
    httpserver: HTTPServer, status: int, cls: type[APIStatusError]
) -> None:
    httpserver.expect_request("/thing").respond_with_json(
        {"message": "it broke", "code": "E1"}, status=status, headers={"X-Request-Id": "req-9"}
    )
    api = Api(base_url=httpserver.url_for("/"), retry=NO_RETRY, error_model=ApiError)
    with pytest.raises(cls) as info:
        api.thing(api_key="sekrit-value")
    err = info.value
    assert type(err) is cls
    assert status_error_class(status) is cls
    assert err.status_code == status
    assert err.request_id == "req-9"
    assert err.parsed == ApiError(message="it broke", code="E1")
    assert err.headers["X-Request-Id"] == "req-9"
    assert b"it broke" in err.body
    assert err.method == "GET"
    text = str(err)
    assert text.startswith("GET http://")
    assert f"-> {status}: it broke" in text
    assert "req-9" in text
    assert "sekrit-value" not in text and "sekrit-value" not in err.url
    assert "api_key=%5BREDACTED%5D" in err.url or "api_key=[REDACTED]" in err.url


def test_error_body_that_does_not_fit_the_model_keeps_raw_body(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/thing").respond_with_data("<html>oops</html>", status=502)
    api = Api(base_url=httpserver.url_for("/"), retry=NO_RETRY, error_model=ApiError)
    with pytest.raises(errors.InternalServerError) as info:
        api.thing()
    assert info.value.parsed is None
    assert info.value.body == b"<html>oops</html>"
    assert "<html>oops</html>" in str(info.value)


def test_403_with_exhausted_quota_is_a_rate_limit_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/thing").respond_with_json(
        {"message": "API rate limit exceeded"},
        status=403,
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "1"},
    )
    api = Api(base_url=httpserver.url_for("/"), retry=NO_RETRY)
    with pytest.raises(errors.RateLimitError):
        api.thing()


def test_403_asking_for_a_wait_is_a_rate_limit_error(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/thing", method="GET").respond_with_json(
        {"message": "You have exceeded a secondary rate limit"},
        status=403,
        headers={"Retry-After": "90", "X-RateLimit-Remaining": "4000"},
    )
    httpserver.expect_request("/thing", method="POST").respond_with_json(
        {"message": "Resource not accessible"},
        status=403,
        headers={"X-RateLimit-Remaining": "4000", "X-RateLimit-Reset": "1"},
    )
    api = Api(base_url=httpserver.url_for("/"), retry=NO_RETRY)
    with pytest.raises(errors.RateLimitError) as info:
        api.thing()
    assert info.value.retry_after == 90.0
    with pytest.raises(errors.PermissionDeniedError) as denied:
        api.make()
    assert not isinstance(denied.value, errors.RateLimitError)


def test_connection_refused_is_a_typed_connection_error() -> None:
    server = ScriptedServer()
    url = server.url
    server.close()
    api = Api(base_url=url, retry=NO_RETRY)
    with pytest.raises(APIConnectionError) as info:
        api.thing()
    assert not isinstance(info.value, APITimeoutError)
    assert "connection failed" in str(info.value)
    assert info.value.__cause__ is None and info.value.__suppress_context__  # no raw urllib3 text


def test_reset_connection_is_a_typed_connection_error(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(reset=True)]
    api = Api(base_url=scripted.url, retry=NO_RETRY)
    with pytest.raises(APIConnectionError):
        api.thing()


def test_read_timeout_is_a_typed_timeout(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(delay=0.5)]
    api = Api(base_url=scripted.url, retry=NO_RETRY, timeout=(1.0, 0.1))
    with pytest.raises(APITimeoutError) as info:
        api.thing()
    assert "timed out" in str(info.value)
    assert isinstance(info.value, APIConnectionError)


def test_error_tree_roots() -> None:
    for cls in (errors.APIStatusError, errors.APIConnectionError, errors.ResponseValidationError):
        assert issubclass(cls, errors.APIError)
        assert issubclass(cls, typelink.TypelinkError)
    assert issubclass(errors.APITimeoutError, errors.APIConnectionError)
    assert errors.__doc__ is not None and "APITimeoutError" in errors.__doc__


def test_the_tree_in_the_docstring_lists_every_error_class() -> None:
    import importlib
    import pkgutil
    import re

    import typelink
    import typelink.errors
    from typelink.errors import TypelinkError

    for module in pkgutil.walk_packages(typelink.__path__, "typelink."):
        if ".github.models" not in module.name:
            importlib.import_module(module.name)
    pending, classes = [TypelinkError], []
    while pending:
        cls = pending.pop()
        if cls.__module__.startswith("typelink."):
            classes.append(cls)
        pending.extend(cls.__subclasses__())
    tree = typelink.errors.__doc__ or ""
    missing = [cls.__name__ for cls in classes if not re.search(rf"\b{cls.__name__}\b", tree)]
    assert missing == []
