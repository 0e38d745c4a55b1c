"""Turning a response into the declared return type.

The return annotation of a consumer method is the response contract. A parser is built once
per endpoint, when the declaration is compiled, so a call only runs the prepared function:
bytes go straight through pydantic (``model_validate_json`` or a cached ``TypeAdapter``),
never through ``response.json()`` first.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from datetime import timedelta
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
    request: Any = response.request
    method = (request.method or "") if request is not None else ""
    errors = [
        {
            "loc": tuple("<items>" if part == _ITEMS_FIELD else part for part in err["loc"]),
            "msg": err["msg"],
            "type": err["type"],
        }
        for err in exc.errors(include_url=False, include_input=False)
    ]
    return ResponseValidationError(
        method=method,
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
    def elapsed(self) -> timedelta:
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


def _adapter_parser(tp: Any, allow_empty: bool) -> Parser:
    adapter: pydantic.TypeAdapter[Any] = pydantic.TypeAdapter(tp)
    validate = adapter.validate_json

    def parse(response: HTTPResponse) -> Any:
        content = response.content
        if allow_empty and not content.strip():
            return None
        try:
            return validate(content)
        except pydantic.ValidationError as exc:
            raise validation_error(response, _type_name(tp), exc) from None

    return parse


def _is_optional(tp: Any) -> bool:
    origin = get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return any(is_none_type(arg) for arg in get_args(tp))
    return False


def build_parser(tp: Any) -> Parser:
    """A parser for the return annotation ``tp`` (called once per endpoint)."""
    if is_none_type(tp):
        return _none_parser
    if tp is bytes:
        return _bytes_parser
    if tp is str:
        return _text_parser
    origin = get_origin(tp)
    if origin is RawResponse:
        (inner,) = get_args(tp) or (Any,)
        inner_parser = build_parser(inner)

        def raw(response: HTTPResponse) -> RawResponse[Any]:
            return RawResponse(response, inner_parser)

        return raw
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return _model_parser(tp)
    return _adapter_parser(tp, allow_empty=_is_optional(tp))


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
