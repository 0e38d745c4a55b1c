"""The typelink exception tree.

Every failure of a typelink call is one of these; nothing from requests, urllib3, uplink or
pydantic escapes a call untyped::

    TypelinkError
    ├── DeclarationError                 a consumer method cannot work (raised at class definition)
    ├── ConfigurationError               a client option or environment variable is invalid
    ├── BlockingCallError                a blocking client was called inside a running event loop
    ├── InvalidArgumentError             an argument value cannot be encoded into a request
    ├── CredentialError                  a token endpoint failed or answered garbage
    ├── PaginationError                  a next-page link/cursor is unusable (loops, other host)
    │   └── LinkHeaderError                  a Link header breaks RFC 8288 (policies.links)
    ├── OpenAPIError                     an OpenAPI description cannot be used (openapi.loader)
    ├── CassetteError                    a cassette file is unreadable or unsafe (testing.files)
    └── APIError                         something went wrong talking to the API
        ├── APIStatusError               the API answered with a 4xx/5xx status
        │   ├── BadRequestError              400
        │   ├── AuthenticationError          401
        │   ├── PermissionDeniedError        403
        │   ├── NotFoundError                404
        │   ├── ConflictError                409
        │   ├── UnprocessableEntityError     422
        │   ├── RateLimitError               429 (and 403 with an exhausted quota)
        │   └── InternalServerError          >= 500
        ├── APIConnectionError           no usable response (DNS, refused, reset, TLS, ...)
        │   └── APITimeoutError              connect or read timeout
        └── ResponseValidationError      the body did not match the declared return type

Messages say the method, the URL (secrets redacted), the status and the API's own message.
The three errors defined elsewhere belong to their tools and are imported from there
(``tests/test_errors.py`` checks that this tree lists every subclass).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from typelink._internal.redact import redact_text, redact_url

__all__ = [
    "APIConnectionError",
    "APIError",
    "APIStatusError",
    "APITimeoutError",
    "AuthenticationError",
    "BadRequestError",
    "BlockingCallError",
    "ConfigurationError",
    "ConflictError",
    "CredentialError",
    "DeclarationError",
    "InternalServerError",
    "InvalidArgumentError",
    "NotFoundError",
    "PaginationError",
    "PermissionDeniedError",
    "RateLimitError",
    "ResponseValidationError",
    "TypelinkError",
    "UnprocessableEntityError",
    "redact_error",
    "status_error_class",
]

_BODY_PREVIEW = 500


class TypelinkError(Exception):
    """Root of every error typelink raises."""


class DeclarationError(TypelinkError, TypeError):
    """A consumer declaration cannot work; raised when the class is defined."""


class ConfigurationError(TypelinkError, ValueError):
    """A client option (or the environment variable behind it) is invalid."""


class BlockingCallError(TypelinkError, RuntimeError):
    """A blocking client was called from a running event loop, where it would stall every
    task; use an async client there (or run the call in a worker thread)."""


class InvalidArgumentError(TypelinkError, ValueError):
    """An argument value cannot be encoded into the request (nothing was sent)."""


class CredentialError(TypelinkError):
    """Obtaining or refreshing a credential failed (token endpoint error, bad answer)."""


class PaginationError(TypelinkError):
    """Pagination cannot continue safely (a looping cursor, a link to another host...)."""


class APIError(TypelinkError):
    """A call to the API failed. ``method`` and ``url`` (redacted) say which request."""

    def __init__(self, message: str, *, method: str = "", url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = url


class APIConnectionError(APIError):
    """No usable response arrived: refused, reset, DNS or TLS failure, broken body."""


class APITimeoutError(APIConnectionError):
    """The connect or read timeout expired."""


def _api_message(parsed: Any, body: bytes) -> str:
    """The API's own message, from the common error-body shapes, else a body preview."""
    if parsed is not None:
        for attr in ("message", "error_description", "detail", "error"):
            value = getattr(parsed, attr, None)
            if isinstance(value, str) and value:
                return value
    try:
        data = json.loads(body) if body else None
    except (ValueError, RecursionError):  # RecursionError: JSON nested too deeply
        data = None
    if isinstance(data, Mapping):
        for key in ("message", "error_description", "detail", "error", "title"):
            value = data.get(key)
            if isinstance(value, str) and value:
                return value
            if isinstance(value, Mapping):
                inner = value.get("message")
                if isinstance(inner, str) and inner:
                    return inner
    text = body[:_BODY_PREVIEW].decode("utf-8", "replace").strip()
    return text


class APIStatusError(APIError):
    """The API answered with an error status.

    Attributes: ``status_code``, ``headers``, ``body`` (raw bytes), ``parsed`` (the client's
    declared error model, or None), ``request_id``, ``method``, ``url`` (redacted) and
    ``retry_after`` (seconds the server asked to wait, when it said so).
    """

    def __init__(
        self,
        *,
        status_code: int,
        method: str,
        url: str,
        headers: Mapping[str, str],
        body: bytes,
        parsed: Any = None,
        request_id: str | None = None,
        retry_after: float | None = None,
        secrets: tuple[str, ...] = (),
        message: str | None = None,
    ) -> None:
        api_message = redact_text(
            message if message is not None else _api_message(parsed, body), secrets
        )
        message = f"{method} {url} -> {status_code}"
        if api_message:
            message += f": {api_message}"
        if request_id:
            message += f" (request id {request_id})"
        super().__init__(message, method=method, url=url)
        self.status_code = status_code
        self.headers = dict(headers)
        self.body = body
        self.parsed = parsed
        self.request_id = request_id
        self.retry_after = retry_after
        self.api_message = api_message


class BadRequestError(APIStatusError):
    """400 Bad Request."""


class AuthenticationError(APIStatusError):
    """401 Unauthorized (after at most one credential refresh and replay)."""


class PermissionDeniedError(APIStatusError):
    """403 Forbidden."""


class NotFoundError(APIStatusError):
    """404 Not Found."""


class ConflictError(APIStatusError):
    """409 Conflict."""


class UnprocessableEntityError(APIStatusError):
    """422 Unprocessable Entity (validation failed on the server)."""


class RateLimitError(APIStatusError):
    """429 Too Many Requests, or a 403 whose headers say the quota is exhausted."""


class InternalServerError(APIStatusError):
    """Any 5xx status."""


class ResponseValidationError(APIError):
    """The response body did not match the declared return type.

    Keeps the raw ``body``, the ``status_code`` and pydantic's ``errors`` (a list of dicts).
    """

    def __init__(
        self,
        *,
        method: str,
        url: str,
        status_code: int,
        body: bytes,
        expected: str,
        errors: list[dict[str, Any]],
    ) -> None:
        first = errors[0] if errors else {}
        location = ".".join(str(p) for p in first.get("loc", ())) or "<body>"
        detail = first.get("msg", "invalid body")
        count = len(errors)
        message = (
            f"{method} {url} -> {status_code}: response does not match {expected}: "
            f"{location}: {detail}" + (f" (and {count - 1} more errors)" if count > 1 else "")
        )
        super().__init__(message, method=method, url=url)
        self.status_code = status_code
        self.body = body
        self.expected = expected
        self.errors = errors


_STATUS_CLASSES: dict[int, type[APIStatusError]] = {
    400: BadRequestError,
    401: AuthenticationError,
    403: PermissionDeniedError,
    404: NotFoundError,
    409: ConflictError,
    422: UnprocessableEntityError,
    429: RateLimitError,
}


def redact_error(error: TypelinkError, secrets: tuple[str, ...]) -> TypelinkError:
    """Hide exact secret values in an error's message and URL (in place; returns it).

    Parsers are built once per endpoint and know no credentials; the pipeline passes each
    error through here so a key in a query string never reaches a message.
    """
    if not secrets:
        return error
    if isinstance(error, APIError):
        error.url = redact_url(error.url, secrets)
        error.message = redact_text(error.message, secrets)
    error.args = tuple(redact_text(a, secrets) if isinstance(a, str) else a for a in error.args)
    return error


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The most specific error class for ``status_code``."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_CLASSES.get(status_code, APIStatusError)
