"""Argument markers: where a method argument goes in the request.

``Query[int]`` is ``Annotated[int, Query()]``; ``Annotated[int, Query("per-page")]`` names the
wire parameter. For type checkers the aliases are transparent (``Query[int]`` *is* ``int``),
so calls on declared methods check against the real parameter types.

pyright cannot call a generic ``Annotated`` alias, so with pyright spell the wire-name form
with the lowercase factories: ``Annotated[int, query("per-page")]`` (mypy accepts both).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar, TypeVar

T = TypeVar("T")


class Marker:
    """Base of the argument markers; ``name`` is the wire name (default: the argument's)."""

    kind: ClassVar[str] = ""
    __slots__ = ("name",)

    def __init__(self, name: str | None = None) -> None:
        self.name = name

    def __class_getitem__(cls, item: Any) -> Any:
        return Annotated[item, cls()]

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.name!r})" if self.name else f"{type(self).__name__}()"


class PathMarker(Marker):
    """A URI-template variable (``{name}`` or ``{+name}`` to keep slashes)."""

    kind = "path"


class QueryMarker(Marker):
    """A query-string parameter; ``None`` values are left out; lists repeat the key."""

    kind = "query"


class HeaderMarker(Marker):
    """A request header; ``None`` values are left out."""

    kind = "header"


class BodyMarker(Marker):
    """The whole request body: a model or any JSON-able value is sent as JSON, bytes as is."""

    kind = "body"


class FormMarker(Marker):
    """A form-encoded body: a model/dict is the whole form, a scalar is one field."""

    kind = "form"


class PartMarker(Marker):
    """One part of a multipart body: bytes, str, a file object or (filename, data, type)."""

    kind = "part"


if TYPE_CHECKING:
    from typing import TypeAlias

    Path: TypeAlias = Annotated[T, PathMarker]
    Query: TypeAlias = Annotated[T, QueryMarker]
    Header: TypeAlias = Annotated[T, HeaderMarker]
    Body: TypeAlias = Annotated[T, BodyMarker]
    Form: TypeAlias = Annotated[T, FormMarker]
    Part: TypeAlias = Annotated[T, PartMarker]
else:
    Path = PathMarker
    Query = QueryMarker
    Header = HeaderMarker
    Body = BodyMarker
    Form = FormMarker
    Part = PartMarker


def path(name: str | None = None) -> PathMarker:
    """``Annotated[str, path("id")]``: the argument fills the URI variable ``{id}``."""
    return PathMarker(name)


def query(name: str | None = None) -> QueryMarker:
    """``Annotated[int, query("per-page")]``: the argument is the query parameter ``per-page``."""
    return QueryMarker(name)


def header(name: str | None = None) -> HeaderMarker:
    """``Annotated[str, header("If-Match")]``: the argument is that request header."""
    return HeaderMarker(name)


def form(name: str | None = None) -> FormMarker:
    """``Annotated[str, form("grant_type")]``: one field of a form-encoded body."""
    return FormMarker(name)


def part(name: str | None = None) -> PartMarker:
    """``Annotated[bytes, part("file")]``: one part of a multipart body."""
    return PartMarker(name)
