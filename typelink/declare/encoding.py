"""Encoding argument values into the request, as an uplink converter factory.

uplink routes every annotated argument through its converter registry. typelink registers
this factory first and tags each argument's declared type with a small wrapper that says how
the value travels (JSON body, raw body, form, multipart part, or a string in the path, query
or a header), so the conversion is chosen once, at declaration time.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Callable
from typing import Any
from urllib.parse import unquote

import pydantic
import pydantic_core

from typelink.declare.models import dump_request_dict, dump_request_json
from typelink.errors import InvalidArgumentError


class Wire:
    """A declared type tagged with how its value is encoded."""

    __slots__ = ("convert", "tp")

    def __init__(self, tp: Any, convert: Callable[[Any], Any]) -> None:
        self.tp = tp
        self.convert = convert

    def __repr__(self) -> str:
        return f"Wire({self.tp!r})"


def to_wire_string(value: Any) -> str:
    """How a scalar appears in a path, query string or header (a list: comma-separated)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(to_wire_string(v) for v in value)
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, (str, int, float)):
        return str(value)
    if isinstance(value, pydantic.BaseModel):
        raise InvalidArgumentError(
            f"a {type(value).__name__} model cannot be sent as a string parameter"
        )
    return str(value)


PATH_VALUE = object()
"""The converter type uplink is given for path variables (see :func:`path_string`)."""

RESERVED_PATH_VALUE = object()
"""The converter type for ``{+var}`` (reserved expansion; see :func:`reserved_path_string`)."""

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


def path_string(value: Any) -> str:
    """A path variable's text; ``.`` and ``..`` segments (in any spelling) are refused.

    A user-supplied ``..`` would otherwise reach another endpoint of the API with the
    client's credential.
    """
    text = to_wire_string(value)
    problem = _changes_the_path(text)
    if problem is not None:
        raise InvalidArgumentError(f"path value {text!r} {problem}, which would change the path")
    return text


def reserved_path_string(value: Any) -> str:
    """A ``{+var}`` value: ``/`` stays a separator, ``?`` and ``#`` are percent-encoded (a
    reserved expansion would otherwise start a query or cut the rest of the path off), and
    dot segments are refused as in :func:`path_string`."""
    text = path_string(value)
    return text.replace("?", "%3F").replace("#", "%23")


def json_body_encoder(tp: Any) -> Callable[[Any], Any]:
    """Encoder for a JSON body of declared type ``tp`` (models by alias, unset left out)."""
    adapter: pydantic.TypeAdapter[Any] | None = None

    def encode(value: Any) -> Any:
        nonlocal adapter
        if value is None:
            return None  # an optional body left out: no body at all, not the JSON ``null``
        if isinstance(value, pydantic.BaseModel):
            return dump_request_json(value)
        if isinstance(value, (bytes, bytearray)):
            return bytes(value)
        if adapter is None:
            adapter = pydantic.TypeAdapter(tp)
        try:
            return adapter.dump_json(value, by_alias=True, exclude_unset=True)
        except (pydantic_core.PydanticSerializationError, TypeError, ValueError) as exc:
            raise InvalidArgumentError(f"cannot encode the JSON body: {exc}") from None

    return encode


def raw_body_encoder(value: Any) -> Any:
    """Raw bodies (bytes, str, file objects, iterators) are sent as given."""
    return value


def form_body_encoder(value: Any) -> Any:
    """A whole form: a model (by alias, unset left out) or a mapping of fields."""
    if isinstance(value, pydantic.BaseModel):
        return {k: _form_value(v) for k, v in dump_request_dict(value).items() if v is not None}
    if isinstance(value, dict):
        return {k: _form_value(v) for k, v in value.items() if v is not None}
    raise InvalidArgumentError(f"a form body must be a model or a dict, not {type(value).__name__}")


def _form_value(value: Any) -> Any:
    if isinstance(value, (list, tuple)):
        return [to_wire_string(v) for v in value]
    return to_wire_string(value)


def form_field_encoder(value: Any) -> Any:
    """One form field (``None`` stays None and is left out of the form)."""
    return None if value is None else _form_value(value)


def part_encoder(value: Any) -> Any:
    """One multipart part: models become JSON bytes; everything else goes as given."""
    if isinstance(value, pydantic.BaseModel):
        return dump_request_json(value)
    return value


def _string_converter(value: Any) -> str:
    return to_wire_string(value)


class WireConverterFactory:
    """uplink converter factory that understands :class:`Wire` tags (uplink duck-types it)."""

    def create_request_body_converter(
        self, cls: Any, *args: Any, **kwargs: Any
    ) -> Callable[[Any], Any] | None:
        """Body, field and part values: the conversion chosen at declaration time."""
        if isinstance(cls, Wire):
            return cls.convert
        return None

    def create_string_converter(self, cls: Any, *args: Any, **kwargs: Any) -> Callable[[Any], str]:
        """Path, query and header values."""
        if cls is PATH_VALUE:
            return path_string
        if cls is RESERVED_PATH_VALUE:
            return reserved_path_string
        return _string_converter

    def create_response_body_converter(self, cls: Any, *args: Any, **kwargs: Any) -> None:
        """Responses are parsed by typelink itself, never by uplink converters."""
        return None
