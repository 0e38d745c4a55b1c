"""Argument markers: where a method argument goes in the request.

``Query[int]`` is ``Annotated[int, Query()]``; ``Annotated[int, Query("per-page")]`` names the
wire parameter. For type checkers the aliases are transparent (``Query[int]`` *is* ``int``),
so calls on declared methods check against the real parameter types.

pyright cannot call a generic ``Annotated`` alias, so with pyright spell the wire-name form
with the lowercase factories: ``Annotated[int, query("per-page")]`` (mypy accepts both).

:data:`NOT_GIVEN` is the default of an optional argument that must not be sent at all
(``limit: Query[int] | NotGiven = NOT_GIVEN``): nothing goes on the wire for it, and ``None``
stays free to mean something (a JSON ``null`` body).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Final, Literal, TypeVar, final

from typelink.declare.styles import QueryStyle, QueryStyleName

T = TypeVar("T")


@final
class NotGiven:
    """The type of :data:`NOT_GIVEN`: "the caller did not pass this argument".

    Declare ``param: Query[int] | NotGiven = NOT_GIVEN``; an argument left at ``NOT_GIVEN``
    is never sent (query, header, form field, part or body). It is falsy and a singleton
    (copies and pickles stay the same object), so ``value is NOT_GIVEN`` always works.
    """

    _instance: ClassVar[NotGiven | None] = None

    def __new__(cls) -> NotGiven:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __bool__(self) -> Literal[False]:
        return False

    def __repr__(self) -> str:
        return "NOT_GIVEN"

    def __copy__(self) -> NotGiven:
        return self

    def __deepcopy__(self, memo: object) -> NotGiven:
        return self

    def __reduce__(self) -> str:
        return "NOT_GIVEN"


NOT_GIVEN: Final = NotGiven()
"""The default of an argument that is sent only when the caller passes it."""


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
    """A query-string parameter; ``None`` values are left out. ``style`` is how a list or
    an object is written (:class:`~typelink.declare.styles.QueryStyle`; by default lists
    repeat the key and an object's fields are parameters of their own)."""

    kind = "query"
    __slots__ = ("style",)

    def __init__(
        self,
        name: str | None = None,
        style: QueryStyleName | None = None,
        explode: bool | None = None,
    ) -> None:
        super().__init__(name)
        self.style = QueryStyle.of(style, explode)

    def __repr__(self) -> str:
        if self.style == QueryStyle():
            return super().__repr__()
        style = self.style
        return f"QueryMarker({self.name!r}, style={style.name!r}, explode={style.explode})"


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


def query(
    name: str | None = None,
    *,
    style: QueryStyleName | None = None,
    explode: bool | None = None,
) -> QueryMarker:
    """``Annotated[int, query("per-page")]``: the argument is the query parameter ``per-page``.

    ``Annotated[Range, query("created", style="deepObject")]`` sends a model's set fields as
    ``created[gte]=1&created[lt]=2``; ``style="form", explode=False`` sends a list as
    ``ids=1,2``; ``"spaceDelimited"`` and ``"pipeDelimited"`` join with a space or ``|``.
    An unknown style, or one the argument's type cannot use, fails at class definition.
    """
    return QueryMarker(name, style, explode)


def header(name: str | None = None) -> HeaderMarker:
    """``Annotated[str, header("If-Match")]``: the argument is that request header."""
    return HeaderMarker(name)


def form(name: str | None = None) -> FormMarker:
    """``Annotated[str, form("grant_type")]``: one field of a form-encoded body."""
    return FormMarker(name)


def part(name: str | None = None) -> PartMarker:
    """``Annotated[bytes, part("file")]``: one part of a multipart body."""
    return PartMarker(name)
