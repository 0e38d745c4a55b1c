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
    ├── NetworkBlockedError              a test reached the network during replay (testing.network)
    ├── UnsafeURLError                   a URL two parsers could read differently (refused)
    ├── StoreError                       a token, rate-limit or cache store failed or hung
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
        │   └── APITimeoutError              connect or read timeout, or the call's total budget
        ├── ResponseTooLargeError        the body (decompressed) is over max_response_size
        └── ResponseValidationError      the body did not match the declared return type

Messages say the method, the URL (secrets redacted), the status and the API's own message
(redacted before it is shortened, so a secret is never cut in half and missed). Every error
survives a ``pickle`` round trip (multiprocessing, Celery, ``concurrent.futures``) with its
attributes, subclasses' extra ones included. The errors defined elsewhere belong to their
tools and are imported from there (``tests/test_errors.py`` checks that this tree lists every
subclass).

An API's own error classes extend the tree: ``class CardError(APIStatusError[StripeError])``
with ``status_codes = {402}`` and ``when = {"error.type": "card_error"}``, declared on the
client, a consumer or one endpoint, is raised instead of the built-in class when the answer
matches, and its ``parsed`` is typed (:class:`StripeError` here). Every status error also has
``problem``: the RFC 9457 :class:`ProblemDetails` of an ``application/problem+json`` answer.
"""

from __future__ import annotations

import typing
from collections.abc import Collection, Iterable, Mapping
from types import MappingProxyType
from typing import Any, ClassVar, Generic, get_args, get_origin

import pydantic
from typing_extensions import TypeVar

from typelink._internal.error_bodies import BODY_PREVIEW, ProblemDetails, read_api_message
from typelink._internal.pickling import picklable, restore
from typelink._internal.redact import redact_and_shorten, redact_text, redact_url

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
    "ProblemDetails",
    "RateLimitError",
    "ResponseTooLargeError",
    "ResponseValidationError",
    "StoreError",
    "TypelinkError",
    "UnprocessableEntityError",
    "UnsafeURLError",
    "check_error_classes",
    "redact_error",
    "status_error_class",
]


class TypelinkError(Exception):
    """Root of every error typelink raises."""

    def __reduce__(self) -> tuple[Any, ...]:
        # Exception's own reduce calls ``cls(*args)``, which keyword-only constructors (and
        # subclasses with extra fields) cannot take; rebuild from args + attributes instead.
        # A field that cannot be pickled (rare: a locally defined error model) is left out.
        state = {k: v for k, v in self.__dict__.items() if picklable(v)}
        return (restore, (type(self), self.args), state)


class DeclarationError(TypelinkError, TypeError):
    """A consumer declaration cannot work; raised when the class is defined."""


class ConfigurationError(TypelinkError, ValueError):
    """A client option (or the environment variable behind it) is invalid."""


class BlockingCallError(TypelinkError, RuntimeError):
    """A blocking client was called from a running event loop, where it would stall every
    task; use an async client there (or run the call in a worker thread)."""


class InvalidArgumentError(TypelinkError, ValueError):
    """An argument value cannot be encoded into the request (nothing was sent).

    ``argument`` names the method argument and ``field`` the place inside its value
    (``"address.city"``, ``"items[0].price"``) when they are known.
    """

    def __init__(
        self, message: str, *, argument: str | None = None, field: str | None = None
    ) -> None:
        super().__init__(message)
        self.argument = argument
        self.field = field


class CredentialError(TypelinkError):
    """Obtaining or refreshing a credential failed (token endpoint error, bad answer)."""


class PaginationError(TypelinkError):
    """Pagination cannot continue safely (a looping cursor, a link to another host...)."""


class UnsafeURLError(TypelinkError, ValueError):
    """A URL typelink will not use: two parsers could read its host differently
    (backslashes, user info, whitespace or control characters, odd ports...), so a credential
    could reach a host other than the one it appears to name. ``reason`` is a short tag."""

    def __init__(self, message: str, *, reason: str = "") -> None:
        super().__init__(message)
        self.reason = reason


class StoreError(TypelinkError):
    """A token, rate-limit or cache store failed: unreachable, too slow (past the call's
    timeout or total budget), a full or read-only disk. ``store`` names which one. (A cache
    store failure never fails a call: it is a miss and a warning.)"""

    def __init__(self, message: str, *, store: str = "") -> None:
        super().__init__(message)
        self.store = store


class APIError(TypelinkError):
    """A call to the API failed. ``method`` and ``url`` (redacted) say which request."""

    def __init__(self, message: str, *, method: str = "", url: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.method = method
        self.url = redact_url(url) if url else url


class APIConnectionError(APIError):
    """No usable response arrived: refused, reset, DNS or TLS failure, broken body."""


class APITimeoutError(APIConnectionError):
    """The connect or read timeout expired."""


E = TypeVar("E", default=Any)
"""The type of a status error's parsed body (``APIStatusError[StripeError]``)."""


class APIStatusError(APIError, Generic[E]):
    """The API answered with an error status.

    Attributes: ``status_code``, ``headers``, ``body`` (raw bytes), ``parsed`` (the body
    parsed into the class's declared model, or the client's ``error_model``, or None),
    ``problem`` (an RFC 9457 body, or None), ``request_id``, ``method``, ``url`` (redacted)
    and ``retry_after`` (seconds the server asked to wait, when it said so).

    An API's own subclass declares what it matches (class attributes, all optional):
    ``status_codes`` (e.g. ``{402}``; empty: any error status), ``when`` (dotted fields of
    the JSON body and the value each must have: ``{"error.type": "card_error"}``), and its
    body type as the type argument: ``class CardError(APIStatusError[StripeError])`` is raised
    only when the body validates as ``StripeError``, and its ``parsed`` is one.
    """

    status_codes: ClassVar[Collection[int]] = ()
    when: ClassVar[Mapping[str, object]] = MappingProxyType({})
    body_type: ClassVar[Any] = None
    """The declared body type (from ``APIStatusError[T]``), or None."""
    _body_adapter: ClassVar[pydantic.TypeAdapter[Any] | None] = None

    parsed: E

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for base in getattr(cls, "__orig_bases__", ()):
            if get_origin(base) is not None and issubclass(get_origin(base), APIStatusError):
                args = get_args(base)
                if args and not isinstance(args[0], typing.TypeVar) and args[0] is not Any:
                    cls.body_type = args[0]
                    cls._body_adapter = None

    @classmethod
    def parse_body(cls, body: bytes) -> tuple[bool, Any]:
        """``(True, value)`` when ``body`` validates as the declared body type (or there is
        none: ``(True, None)``), else ``(False, None)``."""
        if cls.body_type is None:
            return True, None
        adapter = cls.__dict__.get("_body_adapter")
        if adapter is None:
            adapter = pydantic.TypeAdapter(cls.body_type)
            cls._body_adapter = adapter
        try:
            return True, adapter.validate_json(body)
        except (pydantic.ValidationError, ValueError):
            return False, None

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
        problem: ProblemDetails | None = None,
    ) -> None:
        url = redact_url(url, secrets)
        # Redacted before it is shortened: a secret cut in half would not be recognised.
        window = BODY_PREVIEW + max((len(s) for s in secrets), default=0)
        raw_message = message if message is not None else read_api_message(parsed, body, window)
        api_message = redact_and_shorten(raw_message, secrets, BODY_PREVIEW)
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
        self.problem = problem
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


class ResponseTooLargeError(APIError):
    """The response body (after decompression) is larger than ``limit`` bytes, the client's or
    the endpoint's ``max_response_size``; reading stopped there, so memory stays bounded."""

    def __init__(
        self, message: str, *, method: str = "", url: str = "", limit: int = 0, status_code: int = 0
    ) -> None:
        super().__init__(message, method=method, url=url)
        self.limit = limit
        self.status_code = status_code


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
        url = redact_url(url)
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


def check_error_classes(
    classes: Iterable[object], where: str
) -> tuple[type[APIStatusError[Any]], ...]:
    """``classes`` as a tuple, after checking each can be raised for an answer.

    Raises :class:`ConfigurationError` naming ``where`` for anything that is not a subclass
    of :class:`APIStatusError`, or one that declares nothing to match (it would take every
    error of the API: declare ``status_codes``, ``when`` or a body type).
    """
    checked: list[type[APIStatusError[Any]]] = []
    for cls in classes:
        if not (isinstance(cls, type) and issubclass(cls, APIStatusError)):
            raise ConfigurationError(f"{where}: {cls!r} is not an APIStatusError subclass")
        if not (cls.status_codes or cls.when or cls.body_type is not None):
            raise ConfigurationError(
                f"{where}: {cls.__name__} declares nothing to match; give it status_codes, "
                "when, or a body type (APIStatusError[Model])"
            )
        bad = [code for code in cls.status_codes if not 300 <= code <= 599]
        if bad:
            raise ConfigurationError(f"{where}: {cls.__name__}.status_codes has {bad[0]!r}")
        checked.append(cls)
    return tuple(checked)


def status_error_class(status_code: int) -> type[APIStatusError]:
    """The most specific error class for ``status_code``."""
    if status_code >= 500:
        return InternalServerError
    return _STATUS_CLASSES.get(status_code, APIStatusError)
