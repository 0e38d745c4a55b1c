"""Encoding argument values into the request: uplink converters, then one encoding pass.

uplink routes every annotated argument through its converter registry. typelink registers
:class:`WireConverterFactory` first and tags each argument's declared type with a
:class:`Wire` that says how its value is converted, so the conversion is chosen once, at
declaration time. Path variables and JSON or raw bodies are written by their converters.
Query parameters, headers, form fields and parts pass through unchanged and are written
afterwards by :func:`encode_request`, which knows each argument's style and the form style of
the client or endpoint: one place where every value becomes wire text, where arguments left
at :data:`~typelink.declare.markers.NOT_GIVEN` are dropped, and where a value that cannot be
written raises :class:`~typelink.errors.InvalidArgumentError` naming the argument and field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from typing import Any

import pydantic
import pydantic_core

from typelink.declare.annotations import takes_object
from typelink.declare.forms import form_pairs, object_items
from typelink.declare.markers import NOT_GIVEN
from typelink.declare.models import dump_request_json
from typelink.declare.queries import query_pairs
from typelink.declare.scalars import Unrepresentable, is_scalar, scalar_text
from typelink.declare.spec import Argument, ArgumentKind, EndpointSpec
from typelink.declare.styles import FormStyle, QueryStyle
from typelink.errors import InvalidArgumentError

__all__ = [
    "RequestEncoder",
    "Wire",
    "WireConverterFactory",
    "encode_request",
    "header_text",
    "invalid_argument",
    "json_body_encoder",
    "list_text",
    "part_value",
    "passthrough",
    "path_encoder",
    "raw_body_encoder",
]

Pair = tuple[str, str]


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
    """Converter of the values :func:`encode_request` writes after the build."""
    return value


# -- converters chosen at declaration time ----------------------------------------------------


def path_encoder(qualname: str, argument: str) -> Callable[[Any], str]:
    """The converter of a path variable: scalar text; ``.`` and ``..`` segments refused.

    URL normalisation (urllib3 and most servers) resolves dot segments, so a user-supplied
    ``..`` would reach another endpoint of the API with the client's credential.
    """

    def encode(value: Any) -> str:
        try:
            text = list_text(value)
        except Unrepresentable as exc:
            raise invalid_argument(qualname, argument, exc) from None
        if any(segment in (".", "..") for segment in text.split("/")):
            raise InvalidArgumentError(
                f"{qualname}(): path value {text!r} contains a '.' or '..' segment, "
                "which would change the path",
                argument=argument,
            )
        return text

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


# -- the encoding pass after the build ---------------------------------------------------------


_LINE_BREAKS = frozenset("\r\n\0")


def list_text(value: Any) -> str:
    """A path or header value: scalar text; a list is comma-separated (``a, b``)."""
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(_plain_text(item) for item in value)
    return _plain_text(value)


def header_text(value: Any) -> str:
    """A header value (see :func:`list_text`); line breaks and NUL are refused: they would
    end the header and start another one."""
    text = list_text(value)
    if _LINE_BREAKS.intersection(text):
        raise Unrepresentable("a line break or NUL would split the header")
    return text


def _plain_text(value: Any) -> str:
    if not is_scalar(value):
        raise Unrepresentable(f"a {type(value).__name__} value cannot be written as text")
    return scalar_text(value)


def encode_request(
    spec: EndpointSpec, info: Mapping[str, Any], form_style: FormStyle
) -> dict[str, Any]:
    """uplink's request options with the query, headers, form and parts written for the wire
    (builds a :class:`RequestEncoder` each time: bound endpoints keep one instead)."""
    return RequestEncoder(spec, form_style).encode(info)


class RequestEncoder:
    """Writes one endpoint's argument values; built once per bound endpoint."""

    __slots__ = (
        "by_wire",
        "form_arguments",
        "objects_allowed",
        "plain_query",
        "qualname",
        "spec",
        "style",
    )

    def __init__(self, spec: EndpointSpec, style: FormStyle) -> None:
        self.spec = spec
        self.style = style
        self.qualname = spec.info.qualname
        self.by_wire = {(a.kind, _wire_key(a.kind, a.wire_name)): a for a in spec.arguments}
        self.form_arguments = [
            a for a in spec.arguments if a.kind in (ArgumentKind.FORM_BODY, ArgumentKind.FORM_FIELD)
        ]
        self.objects_allowed = frozenset(
            a.wire_name
            for a in spec.arguments
            if a.kind is ArgumentKind.QUERY and takes_object(a.annotation)
        )
        # Query parameters whose style takes a plain scalar as is (the common case, sent
        # without going through the style machinery when the value is a str or an int).
        self.plain_query = frozenset(
            a.wire_name
            for a in spec.arguments
            if a.kind is ArgumentKind.QUERY
            and not (a.style is not None and (a.style.needs_object or a.style.needs_list))
        )

    def encode(self, info: Mapping[str, Any]) -> dict[str, Any]:
        """uplink's request options with every argument value written for the wire."""
        out = dict(info)
        if out.get("params"):
            out["params"] = self.params(out["params"])
        if out.get("headers"):
            out["headers"] = self.headers(out["headers"])
        if out.get("files"):
            out["files"] = self.parts(out["files"])
        if "data" in out and self.form_arguments:
            data = self.form(out["data"])
            if data is None:
                del out["data"]
            else:
                out["data"] = data
        return out

    def _argument(self, kind: ArgumentKind, wire: str) -> Argument | None:
        return self.by_wire.get((kind, _wire_key(kind, wire)))

    def _name(self, argument: Argument | None, wire: str) -> str:
        return argument.name if argument is not None else wire

    def params(self, params: Mapping[str, Any]) -> dict[str, Any]:
        """Query parameters: each argument in its style; a key written twice is refused."""
        result: dict[str, Any] = {}
        for wire, value in params.items():
            if value is NOT_GIVEN or value is None:
                continue
            kind = type(value)
            if (kind is str or kind is int) and wire in self.plain_query and wire not in result:
                result[wire] = value if kind is str else int.__repr__(value)
                continue
            argument = self._argument(ArgumentKind.QUERY, wire)
            style = argument.style if argument is not None and argument.style else QueryStyle()
            name = self._name(argument, wire)
            try:
                if wire not in self.objects_allowed and object_items(value) is not None:
                    raise Unrepresentable(
                        f"a {type(value).__name__} value cannot be written as text"
                    )
                pairs = list(query_pairs(wire, value, style))
            except Unrepresentable as exc:
                raise invalid_argument(self.qualname, name, exc) from None
            self._merge(result, pairs, name)
        return result

    def _merge(self, result: dict[str, Any], pairs: list[Pair], name: str) -> None:
        mine: set[str] = set()
        for key, text in pairs:
            if key in result and key not in mine:
                raise InvalidArgumentError(
                    f"{self.qualname}(): argument {name!r} writes the query parameter {key!r}, "
                    "which another argument already wrote",
                    argument=name,
                )
            mine.add(key)
            current = result.get(key)
            if current is None:
                result[key] = text
            elif isinstance(current, list):
                current.append(text)
            else:
                result[key] = [current, text]

    def headers(self, headers: Mapping[str, Any]) -> dict[str, str]:
        """Header arguments as text (lists comma-separated)."""
        result: dict[str, str] = {}
        for wire, value in headers.items():
            if value is NOT_GIVEN or value is None:
                continue
            if type(value) is str and not _LINE_BREAKS.intersection(value):
                result[wire] = value
                continue
            argument = self._argument(ArgumentKind.HEADER, wire)
            try:
                result[wire] = header_text(value)
            except Unrepresentable as exc:
                raise invalid_argument(self.qualname, self._name(argument, wire), exc) from None
        return result

    def form(self, data: Any) -> list[Pair] | None:
        """The form body (a whole-form argument, or the form fields) as ordered pairs."""
        whole = [a for a in self.form_arguments if a.kind is ArgumentKind.FORM_BODY]
        if whole:
            if data is NOT_GIVEN or data is None:
                return None
            return list(self._whole_form(whole[0], data))
        if not isinstance(data, Mapping):
            return None
        pairs: list[Pair] = []
        for wire, value in data.items():
            if value is NOT_GIVEN or value is None:
                continue
            argument = self._argument(ArgumentKind.FORM_FIELD, wire)
            pairs += self._pairs(self._name(argument, wire), wire, value)
        return pairs

    def _whole_form(self, argument: Argument, value: Any) -> Iterator[Pair]:
        fields = object_items(value)
        if fields is None:
            raise InvalidArgumentError(
                f"{self.qualname}(): argument {argument.name!r}: a form body must be a model "
                f"or a mapping, not {type(value).__name__}",
                argument=argument.name,
            )
        for key, item in fields.items():
            yield from self._pairs(argument.name, str(key), item, field=str(key))

    def _pairs(self, name: str, key: str, value: Any, field: str = "") -> list[Pair]:
        try:
            return list(form_pairs(key, value, self.style))
        except Unrepresentable as exc:
            raise invalid_argument(self.qualname, name, exc.at(field) if field else exc) from None

    def parts(self, files: Mapping[str, Any]) -> dict[str, Any]:
        """Multipart parts: bytes, text, files and file tuples as given; models and JSON
        data as ``application/json`` parts; scalars as text."""
        result: dict[str, Any] = {}
        for wire, value in files.items():
            if value is NOT_GIVEN or value is None:
                continue
            argument = self._argument(ArgumentKind.PART, wire)
            try:
                result[wire] = part_value(value)
            except Unrepresentable as exc:
                raise invalid_argument(self.qualname, self._name(argument, wire), exc) from None
        return result


def _wire_key(kind: ArgumentKind, wire: str) -> str:
    """Header names compare case-insensitively; other wire names exactly."""
    return wire.lower() if kind is ArgumentKind.HEADER else wire


def part_value(value: Any) -> Any:
    """One multipart part's value, as requests sends it."""
    if isinstance(value, (bytes, bytearray, str)) or callable(getattr(value, "read", None)):
        return value
    if isinstance(value, tuple):
        return _file_tuple(value)
    if isinstance(value, pydantic.BaseModel):
        return (None, dump_request_json(value), "application/json")
    if isinstance(value, (dict, list)):
        try:
            data = pydantic_core.to_json(value, by_alias=True)
        except pydantic_core.PydanticSerializationError as exc:
            raise Unrepresentable(f"cannot encode the part as JSON: {exc}") from None
        return (None, data, "application/json")
    return scalar_text(value)


def _file_tuple(value: tuple[Any, ...]) -> tuple[Any, ...]:
    """``(filename, content[, content_type[, headers]])``, checked."""
    if not 2 <= len(value) <= 4:
        raise Unrepresentable("a file part is (filename, content[, content_type[, headers]])")
    filename, content, *rest = value
    if filename is not None and not isinstance(filename, str):
        raise Unrepresentable("a file part's filename must be a str or None")
    if not (isinstance(content, (bytes, bytearray, str)) or hasattr(content, "read")):
        raise Unrepresentable(
            f"a file part's content must be bytes, str or a file, not {type(content).__name__}"
        )
    if rest and rest[0] is not None and not isinstance(rest[0], str):
        raise Unrepresentable("a file part's content type must be a str")
    return value
