"""Markers: ``Query[int]`` is ``Annotated[int, Query()]``, and the lowercase factories name
the wire parameter."""

from __future__ import annotations

from typing import Annotated, get_args, get_origin

from typelink import Body, Form, Header, Part, Path, Query, form, header, part, path, query
from typelink.declare.annotations import split_annotated
from typelink.declare.markers import (
    BodyMarker,
    FormMarker,
    HeaderMarker,
    PartMarker,
    PathMarker,
    QueryMarker,
)


def test_subscripting_a_marker_gives_an_annotated_alias() -> None:
    for alias, marker in (
        (Query, QueryMarker),
        (Header, HeaderMarker),
        (Body, BodyMarker),
        (Form, FormMarker),
        (Part, PartMarker),
        (Path, PathMarker),
    ):
        annotated = alias[int]  # type: ignore[misc]
        assert get_origin(annotated) is Annotated
        base, meta = get_args(annotated)
        assert base is int and isinstance(meta, marker) and meta.name is None


def test_factories_carry_the_wire_name_and_read_back() -> None:
    tp, markers = split_annotated(Annotated[int, query("per-page")])
    assert tp is int and [m.name for m in markers] == ["per-page"]
    for factory, marker in (
        (path, PathMarker),
        (header, HeaderMarker),
        (form, FormMarker),
        (part, PartMarker),
    ):
        made = factory("wire")
        assert isinstance(made, marker) and made.name == "wire"
    assert repr(query("per-page")) == "QueryMarker('per-page')"
    assert repr(QueryMarker()) == "QueryMarker()"


def test_marker_classes_inside_annotated_count_as_markers() -> None:
    _, markers = split_annotated(Annotated[str, HeaderMarker])
    assert len(markers) == 1 and isinstance(markers[0], HeaderMarker)
