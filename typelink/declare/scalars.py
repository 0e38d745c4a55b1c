"""How one scalar value is written as text in a path, query string, header or form field.

The rules (the same everywhere, so a value looks alike in a path, a query and a form):

* ``str`` as is; ``int`` in decimal; ``bool`` as ``true``/``false``; an enum by its value;
  ``Decimal`` in plain notation (``100``, never ``1E+2``); ``UUID`` in its canonical form;
* a finite ``float`` as Python writes it (``0.5``); NaN and infinities are refused;
* a ``datetime`` in ISO 8601 with its offset, UTC written ``Z`` (``2024-05-01T12:00:00Z``,
  as GitHub and most APIs document); a ``datetime`` without a timezone is refused, since the
  server would have to guess one; a ``date`` as ``2024-05-01``; a ``time`` likewise;
* anything else (bytes, dicts, lists, models, arbitrary objects) is refused: nothing is ever
  sent as a Python repr.

Refusals raise :class:`Unrepresentable`, which the request encoder turns into an
:class:`~typelink.errors.InvalidArgumentError` naming the argument and the field.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
import uuid
from decimal import Decimal
from typing import Any

__all__ = ["Unrepresentable", "is_scalar", "scalar_text"]


class Unrepresentable(Exception):
    """A value the chosen encoding cannot write; ``field`` is its dotted place in the value."""

    def __init__(self, reason: str, field: str = "") -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field

    def at(self, field: str) -> Unrepresentable:
        """The same refusal, placed under ``field`` (outer levels prepend their name)."""
        joined = f"{field}.{self.field}" if self.field else field
        return Unrepresentable(self.reason, joined.replace(".[", "["))


_SCALAR_TYPES = (str, int, float, Decimal, uuid.UUID, enum.Enum, dt.date, dt.time)


def is_scalar(value: object) -> bool:
    """Whether ``value`` is written as one text value (None is not)."""
    return isinstance(value, _SCALAR_TYPES)


def scalar_text(value: Any) -> str:
    """``value`` as wire text, by the rules in this module's docstring."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, enum.Enum):
        return scalar_text(value.value)
    if isinstance(value, str):
        return value
    if isinstance(value, int):
        return int.__repr__(value)  # an int subclass (IntFlag...) writes its number
    if isinstance(value, float):
        if not math.isfinite(value):
            raise Unrepresentable(f"the float {value} has no text form an API accepts")
        return float.__repr__(value)
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise Unrepresentable(f"the Decimal {value} has no text form an API accepts")
        return format(value, "f")
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, dt.datetime):
        return _datetime_text(value)
    if isinstance(value, (dt.date, dt.time)):
        return _utc_z(value.isoformat())
    raise Unrepresentable(f"a {type(value).__name__} value cannot be written as text")


def _datetime_text(value: dt.datetime) -> str:
    offset = value.utcoffset()
    if offset is None:
        raise Unrepresentable(
            "a datetime without a timezone is ambiguous; pass an aware one "
            "(e.g. datetime.now(timezone.utc))"
        )
    return _utc_z(value.isoformat())


def _utc_z(text: str) -> str:
    """ISO 8601 text with a zero UTC offset written ``Z``."""
    return text[:-6] + "Z" if text.endswith("+00:00") else text
