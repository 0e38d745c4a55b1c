"""Query arguments: one value written as query parameters in its OpenAPI style.

A scalar is one parameter. A list or an object follows the argument's
:class:`~typelink.declare.styles.QueryStyle` (see its table). Fields of an object that were
never set, or are ``None``, are left out; an empty list sends nothing (RFC 6570 treats it
as undefined). What a style cannot say unambiguously is refused (:class:`Unrepresentable`):
an item containing the delimiter of an unexploded style (``a,b`` in ``ids=a,b``), objects
nested inside a list or an object, and any value :func:`scalar_text` refuses. A
``deepObject`` argument whose type also admits a scalar sends a scalar as the plain
``name=value``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from typelink.declare.forms import object_items
from typelink.declare.scalars import Unrepresentable, is_scalar, scalar_text
from typelink.declare.styles import QueryStyle

__all__ = ["query_pairs"]

Pair = tuple[str, str]


def query_pairs(
    name: str, value: Any, style: QueryStyle, *, scalar_ok: bool = False
) -> Iterator[Pair]:
    """The parameters that send ``value`` as the query argument ``name``.

    ``scalar_ok``: the argument's type admits a scalar although its style is ``deepObject``
    (``created: Range | int``); a scalar is then the plain ``name=value``, which is what
    such APIs take (OpenAPI leaves a scalar in ``deepObject`` undefined).
    """
    if isinstance(value, (list, tuple, set, frozenset)):
        if style.needs_object:
            raise Unrepresentable(f"style={style.name!r} sends objects, not lists")
        yield from _list_pairs(name, list(value), style)
        return
    fields = object_items(value)
    if fields is not None:
        if not style.takes_objects:
            raise Unrepresentable(f"style={style.name!r} sends lists, not objects")
        yield from _object_pairs(name, fields, style)
        return
    if (style.needs_object and not scalar_ok) or style.needs_list:
        kind = "an object" if style.needs_object else "a list"
        raise Unrepresentable(f"style={style.name!r} needs {kind}, not a {type(value).__name__}")
    yield (name, _text(value))


def _list_pairs(name: str, items: list[Any], style: QueryStyle) -> Iterator[Pair]:
    texts = [_item_text(item, index, style) for index, item in enumerate(items)]
    if not texts:
        return
    if style.explode:
        for text in texts:
            yield (name, text)
    else:
        yield (name, style.delimiter.join(texts))


def _object_pairs(name: str, fields: Mapping[Any, Any], style: QueryStyle) -> Iterator[Pair]:
    present: list[tuple[str, Any]] = []
    for key, item in fields.items():
        if item is None:
            continue
        if not isinstance(key, str) or (style.needs_object and ("[" in key or "]" in key)):
            raise Unrepresentable(f"the key {key!r} cannot be written in style={style.name!r}")
        present.append((key, item))
    if style.name == "deepObject":
        for key, item in present:
            yield (f"{name}[{key}]", _field_text(item, key))
    elif style.explode:
        for key, item in present:
            yield from _exploded_field(key, item, style)
    elif present:
        parts: list[str] = []
        for key, item in present:
            parts += [_unexploded(key, key, style), _unexploded(_field_text(item, key), key, style)]
        yield (name, ",".join(parts))


def _exploded_field(key: str, item: Any, style: QueryStyle) -> Iterator[Pair]:
    """One field of an exploded form object: its own parameter (a list repeats it)."""
    if isinstance(item, (list, tuple, set, frozenset)):
        try:
            yield from _list_pairs(key, list(item), style)
        except Unrepresentable as exc:
            raise exc.at(key) from None
    else:
        yield (key, _field_text(item, key))


def _field_text(item: Any, key: str) -> str:
    try:
        return _text(item)
    except Unrepresentable as exc:
        raise exc.at(key) from None


def _item_text(item: Any, index: int, style: QueryStyle) -> str:
    try:
        text = _text(item)
    except Unrepresentable as exc:
        raise exc.at(f"[{index}]") from None
    if not style.explode:
        return _unexploded(text, f"[{index}]", style)
    return text


def _unexploded(text: str, where: str, style: QueryStyle) -> str:
    if style.delimiter in text:
        raise Unrepresentable(
            f"{text!r} contains {style.delimiter!r}, which style={style.name!r} uses to "
            "separate values",
            where,
        )
    return text


def _text(value: Any) -> str:
    if is_scalar(value):
        return scalar_text(value)
    if value is None:
        raise Unrepresentable("None cannot be sent inside a list")
    if isinstance(value, (bytes, bytearray)):
        raise Unrepresentable("bytes cannot be sent in a query parameter")
    if isinstance(value, (list, tuple, set, frozenset)) or object_items(value) is not None:
        raise Unrepresentable("a nested object or list cannot be sent in a query parameter")
    return scalar_text(value)  # refuses anything else, naming its type
