"""Form bodies: a model, a mapping or a field value flattened into ``key=value`` pairs.

The :class:`~typelink.declare.styles.FormStyle` decides how nested objects and lists are
keyed. What a form cannot say is refused (:class:`Unrepresentable`) instead of guessed:

* a nested object when the style has no object encoding (the default);
* an empty list or object that was explicitly set (there is no pair to send; APIs that can
  clear a field take an empty string, which you can send yourself);
* a nested key holding the style's own delimiters (``[``, ``]``, and ``.`` for dots): a
  metadata key ``"x][admin"`` would otherwise change the structure the server sees;
* bytes and any value :func:`~typelink.declare.scalars.scalar_text` refuses.

A field explicitly set to ``None`` is sent as an empty value (``key=``), which is how
Stripe, Rails and PHP clear a field; fields never set are left out, as in JSON bodies.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

import pydantic

from typelink.declare.scalars import Unrepresentable, is_scalar, scalar_text
from typelink.declare.styles import FormStyle

__all__ = ["form_pairs", "object_items"]

Pair = tuple[str, str]


def object_items(value: Any) -> Mapping[Any, Any] | None:
    """A model's set fields by alias (unset ones left out), a mapping as is, else None."""
    if isinstance(value, pydantic.BaseModel):
        items: Mapping[Any, Any] = value.model_dump(by_alias=True, exclude_unset=True)
        return items
    if isinstance(value, Mapping):
        return value
    return None


def form_pairs(key: str, value: Any, style: FormStyle) -> Iterator[Pair]:
    """The pairs that send ``value`` under ``key`` (a top-level field name)."""
    if value is None:
        yield (key, "")
        return
    fields = object_items(value)
    if fields is not None:
        yield from _object_pairs(key, fields, style)
    elif isinstance(value, (list, tuple, set, frozenset)):
        yield from _list_pairs(key, list(value), style)
    elif isinstance(value, (bytes, bytearray)):
        raise Unrepresentable("bytes cannot be sent in a form (send them as a Part)")
    else:
        yield (key, scalar_text(value))


def _object_pairs(key: str, fields: Mapping[Any, Any], style: FormStyle) -> Iterator[Pair]:
    if style.objects is None:
        raise Unrepresentable(
            "a nested object needs a form style that can write it: "
            "form_style=FormStyle(objects='brackets') (address[city]=...) or objects='dots'"
        )
    if not fields:
        raise Unrepresentable("an empty object has no form encoding")
    for name, item in fields.items():
        text = _nested_key(name, style)
        try:
            yield from form_pairs(style.child_key(key, text), item, style)
        except Unrepresentable as exc:
            raise exc.at(text) from None


def _list_pairs(key: str, items: list[Any], style: FormStyle) -> Iterator[Pair]:
    if not items:
        raise Unrepresentable("an empty list has no form encoding")
    for index, item in enumerate(items):
        scalar = item is None or is_scalar(item)
        if not scalar and style.objects is None:
            raise Unrepresentable(
                "a list of objects or lists needs a form style that can write it: "
                "form_style=FormStyle(objects='brackets') (items[0][price]=...)"
            ).at(f"[{index}]")
        try:
            yield from form_pairs(style.item_key(key, index, scalar), item, style)
        except Unrepresentable as exc:
            raise exc.at(f"[{index}]") from None


def _nested_key(name: Any, style: FormStyle) -> str:
    """A nested key as text, refused when it holds the style's delimiters."""
    if isinstance(name, bool) or not isinstance(name, (str, int)):
        raise Unrepresentable(f"a {type(name).__name__} key cannot be a form key")
    text = str(name)
    if not text:
        raise Unrepresentable("an empty key cannot be a nested form key")
    bad = [ch for ch in style.reserved if ch in text]
    if bad:
        raise Unrepresentable(
            f"the key {text!r} contains {bad[0]!r}, which this form style uses to nest keys"
        )
    return text
