"""The encoding pass after uplink's build: every query, header, form and part value written
for the wire.

uplink places these values in the request unchanged (see :mod:`typelink.declare.encoding`);
a :class:`RequestEncoder`, built once per bound endpoint, then writes them knowing each
argument's query style and the form style of the client or endpoint. It is the one place
where values become wire text, where arguments left at
:data:`~typelink.declare.markers.NOT_GIVEN` are dropped, and where a value that cannot be
written raises :class:`~typelink.errors.InvalidArgumentError` naming the argument and field.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pydantic
import pydantic_core

from typelink.declare.annotations import admits_scalar, takes_object
from typelink.declare.encoding import LINE_BREAKS, header_text, invalid_argument
from typelink.declare.forms import form_pairs, object_items
from typelink.declare.markers import NOT_GIVEN
from typelink.declare.models import dump_request_json
from typelink.declare.queries import query_pairs
from typelink.declare.scalars import Unrepresentable, scalar_text
from typelink.declare.spec import Argument, ArgumentKind, EndpointSpec
from typelink.declare.styles import FormStyle, QueryStyle
from typelink.errors import InvalidArgumentError

__all__ = ["RequestEncoder", "part_value"]

Pair = tuple[str, str]


class RequestEncoder:
    """Writes one endpoint's argument values; built once per bound endpoint."""

    __slots__ = (
        "by_wire",
        "form_arguments",
        "objects_allowed",
        "plain_query",
        "qualname",
        "scalars_allowed",
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
        # deepObject arguments whose type also admits a scalar (``created: Range | int``).
        self.scalars_allowed = frozenset(
            a.wire_name
            for a in spec.arguments
            if a.kind is ArgumentKind.QUERY
            and a.style is not None
            and a.style.needs_object
            and admits_scalar(a.annotation)
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
                pairs = list(
                    query_pairs(wire, value, style, scalar_ok=wire in self.scalars_allowed)
                )
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
            if type(value) is str and not LINE_BREAKS.intersection(value):
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
