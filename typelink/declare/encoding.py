"""Encoding argument values into the request, as uplink converters chosen at declaration time.

uplink routes every annotated argument through its converter registry. typelink registers
:class:`WireConverterFactory` first and tags each argument's declared type with a
:class:`Wire` that says how its value is converted, so the conversion is chosen once, at
declaration time. Path variables and JSON or raw bodies are written by their converters.
Query parameters, headers, form fields and parts pass through unchanged and are written
afterwards by :class:`typelink.declare.request_encoder.RequestEncoder`, which knows each
argument's style and the form style of the client or endpoint.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import quote, unquote

import pydantic
import pydantic_core

from typelink.declare.markers import NOT_GIVEN
from typelink.declare.models import dump_request_json
from typelink.declare.scalars import Unrepresentable, is_scalar, scalar_text
from typelink.errors import InvalidArgumentError

__all__ = [
    "LINE_BREAKS",
    "Wire",
    "WireConverterFactory",
    "header_text",
    "invalid_argument",
    "json_body_encoder",
    "list_text",
    "passthrough",
    "path_encoder",
    "raw_body_encoder",
    "segments_text",
]


class Wire:
    """A declared type tagged with how its value is converted."""

    __slots__ = ("convert", "tp")

    def __init__(self, tp: Any, convert: Callable[[Any], Any]) -> None:
        self.tp = tp
        self.convert = convert

    def __repr__(self) -> str:
        return f"Wire({self.tp!r})"


def invalid_argument(qualname: str, argument: str, exc: Unrepresentable) -> InvalidArgumentError:
    """The typed error for a value of ``argument`` that its encoding cannot write."""
    where = f"argument {argument!r}" + (f", field {exc.field!r}" if exc.field else "")
    return InvalidArgumentError(
        f"{qualname}(): {where}: {exc.reason}", argument=argument, field=exc.field or None
    )


def passthrough(value: Any) -> Any:
    """Converter of the values the request encoder writes after the build."""
    return value


# -- converters chosen at declaration time ----------------------------------------------------


_MAX_DECODING_ROUNDS = 4


def _fully_decoded(text: str) -> str | None:
    """``text`` percent-decoded until it stops changing (``%252e`` -> ``%2e`` -> ``.``); None
    when it is still changing after a few rounds (nobody encodes a path value that deep)."""
    for _ in range(_MAX_DECODING_ROUNDS):
        decoded = unquote(text)
        if decoded == text:
            return text
        text = decoded
    return None


def _changes_the_path(text: str) -> str | None:
    """Why ``text`` could move the request to another path, or None.

    URL normalisation (urllib3 and most servers) resolves dot segments, and servers differ in
    how often they decode and whether ``\\`` separates segments, so a dot segment in any
    spelling (``..``, ``%2e%2E``, ``%252e%252e``, ``..\\``, Tomcat's ``..;``) is refused.
    """
    decoded = _fully_decoded(text)
    if decoded is None:
        return "is percent-encoded over and over"
    if any(ord(ch) < 0x20 or ord(ch) == 0x7F for ch in decoded):
        return "contains a control character"
    for segment in decoded.replace("\\", "/").split("/"):
        if segment.split(";", 1)[0] in (".", ".."):
            return "contains a '.' or '..' segment"
    return None


def segments_text(text: str) -> str:
    """``text`` with ``/`` kept as the separator and every other character of each segment
    that is not unreserved percent-encoded (``feature/c++`` -> ``feature/c%2B%2B``).

    A ``{+var}`` value is a value, not a piece of URL: RFC 6570's reserved expansion would
    pass ``%41`` through (the server reads ``A``), send ``+`` (which servers such as GitHub
    read as a space in a ref), and leave ``?``, ``#`` and ``;`` to start a query, a fragment
    or a path parameter. Only ``/`` keeps its meaning.
    """
    return "/".join(quote(segment, safe="") for segment in text.split("/"))


def path_encoder(qualname: str, argument: str, reserved: bool = False) -> Callable[[Any], str]:
    """The converter of a path variable: scalar text; a dot segment in any spelling refused.

    A user-supplied ``..`` would otherwise reach another endpoint of the API with the
    client's credential. ``reserved`` is a ``{+var}`` expansion: ``/`` stays a separator and
    each segment is percent-encoded whole (:func:`segments_text`); a plain ``{var}`` is one
    segment (its ``/`` is sent as ``%2F``).
    """

    def encode(value: Any) -> str:
        try:
            text = list_text(value)
        except Unrepresentable as exc:
            raise invalid_argument(qualname, argument, exc) from None
        problem = _changes_the_path(text)
        if problem is not None:
            raise InvalidArgumentError(
                f"{qualname}(): path value {text!r} {problem}, which would change the path",
                argument=argument,
            )
        return segments_text(text) if reserved else text

    return encode


def json_body_encoder(
    tp: Any, null_is_value: bool = False, qualname: str = "", argument: str = ""
) -> Callable[[Any], Any]:
    """Encoder for a JSON body of declared type ``tp`` (models by alias, unset left out).

    ``NOT_GIVEN`` sends no body. ``None`` sends no body either, unless the argument declares
    ``NotGiven`` (``null_is_value``): then ``None`` is a real value, the JSON ``null``.
    """
    adapter: pydantic.TypeAdapter[Any] | None = None

    def encode(value: Any) -> Any:
        nonlocal adapter
        if value is NOT_GIVEN:
            return None
        if value is None:
            return b"null" if null_is_value else None
        if isinstance(value, pydantic.BaseModel):
            return dump_request_json(value)
        if isinstance(value, (bytes, bytearray)):
            return bytes(value)
        if adapter is None:
            adapter = pydantic.TypeAdapter(tp)
        try:
            return adapter.dump_json(value, by_alias=True, exclude_unset=True)
        except (pydantic_core.PydanticSerializationError, TypeError, ValueError) as exc:
            where = f"{qualname}(): argument {argument!r}: " if qualname else ""
            raise InvalidArgumentError(
                f"{where}cannot encode the JSON body: {exc}", argument=argument or None
            ) from None

    return encode


def raw_body_encoder(value: Any) -> Any:
    """Raw bodies (bytes, str, file objects, iterators) are sent as given."""
    return None if value is NOT_GIVEN else value


class WireConverterFactory:
    """uplink converter factory that understands :class:`Wire` tags (uplink duck-types it)."""

    def create_request_body_converter(
        self, cls: Any, *args: Any, **kwargs: Any
    ) -> Callable[[Any], Any] | None:
        """Body, field and part values: the conversion chosen at declaration time."""
        if isinstance(cls, Wire):
            return cls.convert
        return None

    def create_string_converter(self, cls: Any, *args: Any, **kwargs: Any) -> Callable[[Any], Any]:
        """Path, query and header values."""
        if isinstance(cls, Wire):
            return cls.convert
        return _scalar_converter

    def create_response_body_converter(self, cls: Any, *args: Any, **kwargs: Any) -> None:
        """Responses are parsed by typelink itself, never by uplink converters."""
        return None


def _scalar_converter(value: Any) -> str:
    try:
        return list_text(value)
    except Unrepresentable as exc:
        raise InvalidArgumentError(exc.reason) from None


# -- text of path and header values --------------------------------------------------------


LINE_BREAKS = frozenset("\r\n\0")


def list_text(value: Any) -> str:
    """A path or header value: scalar text; a list is comma-separated (``a, b``)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(_plain_text(item) for item in value)
    return _plain_text(value)


def header_text(value: Any) -> str:
    """A header value (see :func:`list_text`); line breaks and NUL are refused: they would
    end the header and start another one."""
    text = list_text(value)
    if LINE_BREAKS.intersection(text):
        raise Unrepresentable("a line break or NUL would split the header")
    return text


def _plain_text(value: Any) -> str:
    if not is_scalar(value):
        raise Unrepresentable(f"a {type(value).__name__} value cannot be written as text")
    return scalar_text(value)
