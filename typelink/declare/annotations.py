"""Reading argument annotations: which marker an argument carries and what its type allows.

``Annotated[T, Query()]`` gives ``(T, [Query()])``; a type is *simple* when its value can
travel as a string (path, query string, header); a *model* type is a pydantic model or a
sequence of them (a JSON body).
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import typing
import uuid
from collections.abc import Mapping
from decimal import Decimal
from typing import Annotated, Any, Literal, get_args, get_origin

import pydantic

from typelink.declare.markers import Marker

__all__ = [
    "admits_scalar",
    "is_model",
    "is_model_class",
    "is_none_type",
    "is_simple",
    "is_stream_type",
    "split_annotated",
    "strip_optional",
    "takes_object",
]

_SCALARS: tuple[type, ...] = (
    str,
    int,
    float,
    bool,
    Decimal,
    uuid.UUID,
    enum.Enum,
    dt.datetime,
    dt.date,
    dt.time,
)


def is_none_type(tp: Any) -> bool:
    """True for ``None`` and ``NoneType``."""
    return tp is None or tp is type(None)


def split_annotated(tp: Any) -> tuple[Any, list[Marker]]:
    """``Annotated[T, Query()]`` -> ``(T, [Query()])``; marker classes count as markers too."""
    markers: list[Marker] = []
    while get_origin(tp) is Annotated:
        base, *meta = get_args(tp)
        for item in meta:
            if isinstance(item, Marker):
                markers.append(item)
            elif isinstance(item, type) and issubclass(item, Marker):
                markers.append(item())
        tp = base
    return tp, markers


def strip_optional(tp: Any) -> Any:
    """``T`` for ``T | None``; anything else unchanged."""
    origin = get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in get_args(tp) if not is_none_type(a)]
        if len(args) == 1:
            return args[0]
    return tp


def is_model(tp: Any) -> bool:
    """A pydantic model, or a list/tuple/sequence of them (optionally ``| None``)."""
    tp = strip_optional(tp)
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return True
    origin = get_origin(tp)
    if origin in (list, tuple, typing.Sequence) or (
        isinstance(origin, type) and issubclass(origin, (list, tuple))
    ):
        return any(is_model(arg) for arg in get_args(tp))
    return False


def is_simple(tp: Any) -> bool:
    """Types that can travel as a string in a path, query string or header."""
    tp = strip_optional(tp)
    if tp is Any or tp is object:
        return False
    if isinstance(tp, type) and issubclass(tp, _SCALARS):
        return True
    origin = get_origin(tp)
    if origin is Literal:
        return True
    if origin is typing.Union or origin is types.UnionType:
        return all(is_simple(a) or is_none_type(a) for a in get_args(tp))
    if origin in (list, tuple, set, frozenset) or origin is typing.Sequence:
        args = [a for a in get_args(tp) if a is not Ellipsis]
        return bool(args) and all(is_simple(a) for a in args)
    return False


def is_stream_type(tp: Any) -> bool:
    """``typing.IO``/``io`` stream types (a raw body read once)."""
    origin = get_origin(tp) or tp
    return (
        isinstance(origin, type)
        and origin.__module__ in ("io", "typing")
        and "IO" in origin.__name__
    )


def is_model_class(tp: Any) -> bool:
    """A pydantic model class (optionally ``| None``), not a list of them."""
    bare = strip_optional(tp)
    return isinstance(bare, type) and issubclass(bare, pydantic.BaseModel)


def takes_object(tp: Any) -> bool:
    """A model, or a mapping with string keys and scalar values: one value that a query style
    can spread over several parameters. A union qualifies when one member does and the
    others are scalars (Stripe's ``created``: a range object or a timestamp)."""
    if is_model_class(tp):
        return True
    tp = strip_optional(tp)
    origin = get_origin(tp)
    if isinstance(origin, type) and issubclass(origin, Mapping):
        args = get_args(tp)
        return len(args) == 2 and args[0] is str and is_simple(args[1])
    if origin is typing.Union or origin is types.UnionType:
        members = [a for a in get_args(tp) if not is_none_type(a)]
        objects = [m for m in members if takes_object(m)]
        return bool(objects) and all(m in objects or is_simple(m) for m in members)
    return False


def admits_scalar(tp: Any) -> bool:
    """Whether a value of type ``tp`` may be a scalar (``Range | int`` may, ``Range`` not)."""
    tp = strip_optional(tp)
    origin = get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        return any(admits_scalar(a) for a in get_args(tp) if not is_none_type(a))
    return is_simple(tp) and not _is_sequence(tp)


def _is_sequence(tp: Any) -> bool:
    origin = get_origin(tp)
    return origin in (list, tuple, set, frozenset) or origin is typing.Sequence
