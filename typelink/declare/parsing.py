"""Turning a response into the declared return type.

The return annotation of a consumer method is the response contract. A parser is built once
per endpoint, when the declaration is compiled, so a call only runs the prepared function:
bytes go straight through pydantic (``model_validate_json`` or a cached ``TypeAdapter``),
never through ``response.json()`` first.

Building a ``TypeAdapter`` builds a pydantic schema, which is most of the cost of declaring a
consumer; it waits for the first response when the type is made only of parts pydantic
certainly supports (see :func:`builds_later_safely`), and is built right away otherwise, so
a type pydantic rejects still fails when the consumer class is created.
"""

from __future__ import annotations

import datetime
import decimal
import enum
import types
import typing
import uuid
from collections import abc
from collections.abc import Callable, Mapping
from typing import Any, Generic, TypeVar, get_args, get_origin

import pydantic

from typelink._internal.redact import redact_url
from typelink.declare.annotations import is_none_type
from typelink.declare.spec import Parser
from typelink.errors import ResponseValidationError, TypelinkError, redact_error
from typelink.policies.paginators import PageData
from typelink.transport.response import HTTPResponse

T = TypeVar("T")


def _type_name(tp: Any) -> str:
    if isinstance(tp, type):
        return tp.__name__
    return repr(tp).replace("typing.", "")


def validation_error(
    response: HTTPResponse, expected: str, exc: pydantic.ValidationError
) -> ResponseValidationError:
    """The typed error for a body that does not match ``expected`` (pydantic's errors
    without the offending input, which may be large or sensitive)."""
    errors = [
        {
            "loc": tuple("<items>" if part == _ITEMS_FIELD else part for part in err["loc"]),
            "msg": err["msg"],
            "type": err["type"],
        }
        for err in exc.errors(include_url=False, include_input=False)
    ]
    return response_mismatch(response, expected, errors)


def response_mismatch(
    response: HTTPResponse, expected: str, errors: list[dict[str, Any]]
) -> ResponseValidationError:
    """The typed error for a response that is not the ``expected`` one, for ``errors``."""
    request: Any = response.request
    return ResponseValidationError(
        method=(request.method or "") if request is not None else "",
        url=redact_url(response.url or ""),
        status_code=response.status_code,
        body=response.content,
        expected=expected,
        errors=errors,
    )


class RawResponse(Generic[T]):
    """A response kept as received, with :meth:`parse` into the declared type ``T``.

    Declare ``-> RawResponse[Issue]`` to see status, headers and timing yourself. Error
    statuses still raise typed errors; the body is only validated when you call ``parse()``.
    """

    __slots__ = ("_parser", "_response", "_secrets")

    def __init__(self, response: HTTPResponse, parser: Parser) -> None:
        self._response = response
        self._parser = parser
        self._secrets: tuple[str, ...] = ()

    def hide_secrets(self, secrets: tuple[str, ...]) -> None:
        """Exact credential values to keep out of ``url``, ``repr`` and ``parse()`` errors."""
        self._secrets = tuple(secrets)

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        return self._response.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        """Response headers (case-insensitive mapping)."""
        return self._response.headers

    @property
    def elapsed(self) -> datetime.timedelta:
        """Time between sending the request and the arrival of the response headers."""
        return self._response.elapsed

    @property
    def content(self) -> bytes:
        """The raw body bytes."""
        return self._response.content

    @property
    def text(self) -> str:
        """The body decoded as text."""
        return self._response.text

    @property
    def url(self) -> str:
        """The final URL (after redirects), with secrets redacted."""
        return redact_url(self._response.url or "", self._secrets)

    def parse(self) -> T:
        """Validate the body into the declared type (raises ``ResponseValidationError``)."""
        try:
            result: T = self._parser(self._response)
        except TypelinkError as exc:
            raise redact_error(exc, self._secrets) from None
        return result

    def __repr__(self) -> str:
        return f"<RawResponse {self.status_code} {self.url}>"


def _none_parser(response: HTTPResponse) -> None:
    return None


_ANY_JSON = frozenset({"application/json", "*/*", "application/*"})


def _media_types(value: str) -> set[str]:
    return {part.split(";")[0].strip().lower() for part in value.split(",") if part.strip()}


def representation_checked(parser: Parser, expected: str, accept: str | None) -> Parser:
    """``parser``, refusing a JSON answer when the endpoint asked for another representation.

    A ``bytes`` or ``str`` endpoint whose own ``Accept`` names only non-JSON media types
    (``application/vnd.github.raw+json``, ``application/octet-stream``) expects those bytes.
    A server that ignores the request answers its default JSON instead (GitHub lists a
    directory for a raw-contents request, or returns an asset's metadata), and handing that
    back as the file would be silently wrong: it raises :class:`ResponseValidationError`.
    An endpoint that takes JSON too says so: ``Accept: application/vnd.x+json, application/json``.
    """
    wanted = _media_types(accept or "")
    if not wanted or wanted & _ANY_JSON:
        return parser

    def parse(response: HTTPResponse) -> Any:
        answered = response.headers.get("Content-Type", "").split(";")[0].strip().lower()
        if answered == "application/json":
            error = {
                "loc": ("Content-Type",),
                "msg": f"the server answered {answered} (its default), not the {accept} asked for",
                "type": "media_type",
            }
            raise response_mismatch(response, f"{expected} ({accept})", [error])
        return parser(response)

    return parse


def _bytes_parser(response: HTTPResponse) -> bytes:
    return response.content


def _text_parser(response: HTTPResponse) -> str:
    if response.encoding is None:
        return response.content.decode("utf-8", "replace")
    return response.text


def _model_parser(model: type[pydantic.BaseModel]) -> Parser:
    validate = model.model_validate_json

    def parse(response: HTTPResponse) -> Any:
        try:
            return validate(response.content)
        except pydantic.ValidationError as exc:
            raise validation_error(response, _type_name(model), exc) from None

    return parse


class AdapterParser:
    """Parses a body into ``tp`` with a ``TypeAdapter``, built on the first response when
    :func:`builds_later_safely` allows it (else right away, so pydantic's own objection to
    the type is raised while the consumer class is created)."""

    __slots__ = ("_adapter", "allow_empty", "tp")

    def __init__(self, tp: Any, allow_empty: bool) -> None:
        self.tp = tp
        self.allow_empty = allow_empty
        self._adapter: pydantic.TypeAdapter[Any] | None = (
            None if builds_later_safely(tp) else pydantic.TypeAdapter(tp)
        )

    @property
    def built(self) -> bool:
        """Whether the adapter (and so the pydantic schema) exists yet."""
        return self._adapter is not None

    def __call__(self, response: HTTPResponse) -> Any:
        content = response.content
        if self.allow_empty and not content.strip():
            return None
        adapter = self._adapter
        if adapter is None:  # threads racing here build equal adapters; any one is kept
            adapter = self._adapter = pydantic.TypeAdapter(self.tp)
        try:
            return adapter.validate_json(content)
        except pydantic.ValidationError as exc:
            raise validation_error(response, _type_name(self.tp), exc) from None


_SCALARS: frozenset[type] = frozenset(
    {str, bytes, int, float, bool, type(None), object, decimal.Decimal, uuid.UUID}
    | {datetime.datetime, datetime.date, datetime.time, datetime.timedelta}
)
_CONTAINERS: frozenset[Any] = frozenset(
    {list, tuple, set, frozenset, dict, typing.Union, types.UnionType}
    | {abc.Sequence, abc.MutableSequence, abc.Set, abc.Mapping, abc.MutableMapping}
)


def builds_later_safely(tp: Any) -> bool:
    """Whether a ``TypeAdapter`` for ``tp`` may wait for first use: ``tp`` is made only of
    scalars, enums, complete pydantic models and standard containers, unions and literals,
    which pydantic always supports, so building it later cannot fail where building it now
    would have passed (anything else, ``Annotated`` metadata included, is built at once)."""
    origin = get_origin(tp)
    if origin is typing.Literal:
        return True
    if origin is not None:
        args = get_args(tp)
        return origin in _CONTAINERS and all(a is ... or builds_later_safely(a) for a in args)
    if tp is Any or tp is None:
        return True
    if not isinstance(tp, type):
        return False
    if issubclass(tp, pydantic.BaseModel):
        return bool(tp.__pydantic_complete__)
    return tp in _SCALARS or issubclass(tp, enum.Enum)


def _is_optional(tp: Any) -> bool:
    origin = get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return any(is_none_type(arg) for arg in get_args(tp))
    return False


def build_parser(tp: Any, accept: str | None = None) -> Parser:
    """A parser for the return annotation ``tp`` (called once per endpoint).

    ``accept`` is the endpoint's own ``Accept`` header, if it declares one: a ``bytes`` or
    ``str`` endpoint asking for a non-JSON representation refuses a JSON answer
    (:func:`representation_checked`).
    """
    if is_none_type(tp):
        return _none_parser
    if tp is bytes:
        return representation_checked(_bytes_parser, "bytes", accept)
    if tp is str:
        return representation_checked(_text_parser, "str", accept)
    origin = get_origin(tp)
    if origin is RawResponse:
        (inner,) = get_args(tp) or (Any,)
        inner_parser = build_parser(inner, accept)

        def raw(response: HTTPResponse) -> RawResponse[Any]:
            return RawResponse(response, inner_parser)

        return raw
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return _model_parser(tp)
    return AdapterParser(tp, allow_empty=_is_optional(tp))


# -- pages -------------------------------------------------------------------------------------

_ITEMS_FIELD = "typelink_items_"
_INNER_FIELD = "typelink_inner_"


def page_parser(item_type: Any, items_key: str | None) -> Callable[[HTTPResponse], PageData]:
    """Parse a page body straight from bytes: a JSON list, or an object holding the list
    under ``items_key`` (dotted for nesting); the object's other fields are kept."""
    if items_key is None:
        list_type: Any = list[item_type]
        adapter: pydantic.TypeAdapter[list[Any]] = pydantic.TypeAdapter(list_type)
        validate_list = adapter.validate_json
        expected_list = f"list[{_type_name(item_type)}]"

        def parse_list(response: HTTPResponse) -> PageData:
            content = response.content
            if not content.strip():
                return PageData([], {}, response.headers)
            try:
                items = validate_list(content)
            except pydantic.ValidationError as exc:
                raise validation_error(response, expected_list, exc) from None
            return PageData(items, {}, response.headers)

        return parse_list
    path = items_key.split(".")
    validate = _wrapper_model(item_type, path).model_validate_json
    expected = f"{{{items_key!r}: list[{_type_name(item_type)}], ...}}"

    def parse_wrapped(response: HTTPResponse) -> PageData:
        content = response.content
        if not content.strip():
            return PageData([], {}, response.headers)
        try:
            body = validate(content)
        except pydantic.ValidationError as exc:
            raise validation_error(response, expected, exc) from None
        items, fields = _unwrap(body, path)
        return PageData(items, fields, response.headers)

    return parse_wrapped


def _wrapper_model(item_type: Any, path: list[str]) -> type[pydantic.BaseModel]:
    config = pydantic.ConfigDict(extra="allow")
    if len(path) == 1:
        items_type: Any = list[item_type]
        field: Any = (items_type, pydantic.Field(alias=path[0]))
        return pydantic.create_model("PageBody", __config__=config, **{_ITEMS_FIELD: field})
    inner = _wrapper_model(item_type, path[1:])
    field = (inner, pydantic.Field(alias=path[0]))
    return pydantic.create_model("PageBody", __config__=config, **{_INNER_FIELD: field})


def _unwrap(body: pydantic.BaseModel, path: list[str]) -> tuple[list[Any], dict[str, Any]]:
    """The items and the other fields (nested objects on the path keep their own extras)."""
    fields: dict[str, Any] = dict(body.model_extra or {})
    if len(path) == 1:
        items: list[Any] = getattr(body, _ITEMS_FIELD)
        return items, fields
    inner_items, inner_fields = _unwrap(getattr(body, _INNER_FIELD), path[1:])
    fields[path[0]] = inner_fields
    return inner_items, fields
