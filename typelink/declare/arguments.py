"""Classifying a declared method's arguments: where each travels, under which name and style.

Markers may sit on the whole annotation (``Query[int | None]``) or on one member of a union
(``Query[int] | NotGiven``, ``Query[str] | None``); ``NotGiven`` is taken out of the type and
recorded on the :class:`~typelink.declare.spec.Argument`. Every rule that can be checked
without a value is checked here, at class definition: a query style the type cannot use, a
path variable that could be left out, two arguments sending the same parameter.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Callable, Mapping
from typing import Annotated, Any, get_args, get_origin

from typelink.declare.annotations import (
    is_model,
    is_model_class,
    is_simple,
    is_stream_type,
    split_annotated,
    strip_optional,
    takes_object,
)
from typelink.declare.markers import (
    NOT_GIVEN,
    BodyMarker,
    FormMarker,
    HeaderMarker,
    Marker,
    NotGiven,
    PartMarker,
    PathMarker,
    QueryMarker,
)
from typelink.declare.spec import Argument, ArgumentKind
from typelink.declare.styles import QueryStyle
from typelink.errors import DeclarationError

__all__ = ["check_wire_names", "classify", "split_markers", "strip_not_given"]

Fail = Callable[[str], DeclarationError]
_MODEL_BODY_METHODS = frozenset({"POST", "PUT", "PATCH"})


def _is_union(tp: Any) -> bool:
    origin = get_origin(tp)
    return origin is typing.Union or origin is types.UnionType


def _union(members: list[Any]) -> Any:
    if len(members) == 1:
        return members[0]
    return typing.Union[tuple(members)]  # noqa: UP007  # built from a runtime list


def strip_not_given(tp: Any) -> tuple[Any, bool]:
    """``T | NotGiven`` -> ``(T, True)``; any other type -> ``(tp, False)``."""
    if tp is NotGiven:
        return Any, True
    if not _is_union(tp):
        return tp, False
    members = list(get_args(tp))
    kept = [member for member in members if member is not NotGiven]
    if len(kept) == len(members):
        return tp, False
    return _union(kept), True


def split_markers(tp: Any) -> tuple[Any, list[Marker]]:
    """Markers of the annotation and of its union members, with the bare type."""
    tp, markers = split_annotated(tp)
    if not _is_union(tp):
        return tp, markers
    members: list[Any] = []
    for member in get_args(tp):
        bare, found = split_annotated(member) if get_origin(member) is Annotated else (member, [])
        members.append(bare)
        markers += found
    return (_union(members) if markers else tp), markers


def classify(
    name: str,
    annotation: Any,
    default: Any,
    path_vars: set[str],
    http_method: str,
    fail: Fail,
) -> Argument:
    """The :class:`Argument` a method parameter declares (or a :class:`DeclarationError`)."""
    tp, outer_not_given = strip_not_given(annotation)
    tp, markers = split_markers(tp)
    tp, inner_not_given = strip_not_given(tp)
    not_given = outer_not_given or inner_not_given
    if default is NOT_GIVEN and not not_given:
        raise fail(f"argument {name!r} defaults to NOT_GIVEN; declare its type as `... | NotGiven`")
    if len(markers) > 1:
        raise fail(f"argument {name!r} has more than one marker: {markers}")
    marker = markers[0] if markers else None
    wire = (marker.name if marker is not None else None) or name
    if isinstance(marker, PathMarker) or (marker is None and name in path_vars):
        if wire not in path_vars:
            raise fail(f"argument {name!r} names path variable {{{wire}}}, not in the path")
        if not is_simple(tp):
            raise fail(f"argument {name!r}: a path variable must be a scalar, not {tp!r}")
        if not_given:
            raise fail(f"argument {name!r}: a path variable is always sent; it cannot be NotGiven")
        return Argument(name, ArgumentKind.PATH, wire, tp)
    if isinstance(marker, QueryMarker):
        _check_query_type(name, tp, marker.style, fail)
        return Argument(name, ArgumentKind.QUERY, wire, tp, marker.style, not_given)
    if marker is not None:
        kind = _marked_kind(name, marker, tp, fail)
        return Argument(name, kind, wire, tp, not_given=not_given)
    if is_model(tp):
        if http_method not in _MODEL_BODY_METHODS:
            raise fail(
                f"argument {name!r} is a model, which would be a request body, "
                f"but {http_method} has no body (mark it Query/Header or use POST)"
            )
        return Argument(name, ArgumentKind.JSON_BODY, wire, tp, not_given=not_given)
    if is_simple(tp):
        return Argument(name, ArgumentKind.QUERY, wire, tp, QueryStyle(), not_given)
    raise fail(
        f"argument {name!r}: annotation {tp!r} has no usable meaning; mark it "
        "Query[...], Header[...], Body[...], Form[...] or Part[...]"
    )


def _is_list_type(tp: Any) -> bool:
    tp = strip_optional(tp)
    origin = get_origin(tp)
    return is_simple(tp) and (origin in (list, tuple, set, frozenset) or origin is typing.Sequence)


def _check_query_type(name: str, tp: Any, style: QueryStyle, fail: Fail) -> None:
    if style.needs_object and not takes_object(tp):
        raise fail(
            f"argument {name!r}: style='deepObject' sends a model or a dict[str, scalar], "
            f"not {tp!r}"
        )
    if style.needs_list and not _is_list_type(tp):
        raise fail(f"argument {name!r}: style={style.name!r} sends a list of scalars, not {tp!r}")
    if not (is_simple(tp) or takes_object(tp)):
        raise fail(f"argument {name!r}: {tp!r} cannot be sent as a query parameter")


def _marked_kind(name: str, marker: Marker, tp: Any, fail: Fail) -> ArgumentKind:
    """The kind an explicitly marked argument has (``Header[...]``, ``Body[...]``...)."""
    if isinstance(marker, HeaderMarker):
        if not is_simple(tp):
            raise fail(f"argument {name!r}: {tp!r} cannot be sent as a header")
        return ArgumentKind.HEADER
    if isinstance(marker, BodyMarker):
        bare = strip_optional(tp)
        if bare is bytes or bare is str or bare is typing.IO or is_stream_type(bare):
            return ArgumentKind.RAW_BODY
        return ArgumentKind.JSON_BODY
    if isinstance(marker, FormMarker):
        # A model or mapping is the whole form, unless the marker names it as one field.
        whole = marker.name is None and (is_model_class(tp) or _is_mapping(tp))
        return ArgumentKind.FORM_BODY if whole else ArgumentKind.FORM_FIELD
    if isinstance(marker, PartMarker):
        return ArgumentKind.PART
    raise fail(f"argument {name!r}: unknown marker {marker!r}")  # pragma: no cover


def _is_mapping(tp: Any) -> bool:
    tp = strip_optional(tp)
    if isinstance(tp, type) and issubclass(tp, Mapping):
        return True
    origin = get_origin(tp)
    return isinstance(origin, type) and issubclass(origin, Mapping)


def check_wire_names(arguments: list[Argument], fail: Fail) -> None:
    """Two arguments must not send the same query parameter, header, form field or part."""
    seen: dict[tuple[ArgumentKind, str], str] = {}
    for argument in arguments:
        if argument.kind in (ArgumentKind.PATH, *_WHOLE_BODIES):
            continue
        key = (
            argument.wire_name.lower()
            if argument.kind is ArgumentKind.HEADER
            else (argument.wire_name)
        )
        other = seen.setdefault((argument.kind, key), argument.name)
        if other != argument.name:
            raise fail(
                f"arguments {other!r} and {argument.name!r} both send the "
                f"{argument.kind.value.replace('_', ' ')} {argument.wire_name!r}"
            )


_WHOLE_BODIES = (ArgumentKind.JSON_BODY, ArgumentKind.RAW_BODY, ArgumentKind.FORM_BODY)
