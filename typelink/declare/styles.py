"""How structured values travel: query parameter styles and form body encodings.

A query argument holding a list or an object follows one of OpenAPI's parameter styles
(:class:`QueryStyle`); a form body holding nested objects or lists follows one
:class:`FormStyle`, chosen per client (``Client(form_style=...)``) or per endpoint
(``@post(..., form_style=...)``). Both are plain frozen values, checked when they are made,
so a declaration that names an unknown style fails at class definition.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from typelink.errors import ConfigurationError, DeclarationError

__all__ = [
    "FormLists",
    "FormObjects",
    "FormStyle",
    "QueryStyle",
    "QueryStyleName",
]

QueryStyleName = Literal["form", "deepObject", "spaceDelimited", "pipeDelimited"]
"""OpenAPI 3 query parameter styles."""

FormObjects = Literal["brackets", "dots"]
"""How a nested object's keys are written: ``address[city]`` or ``address.city``."""

FormLists = Literal["repeat", "brackets", "indexed"]
"""How a list of scalars is written: ``tag=a&tag=b``, ``tag[]=a&tag[]=b`` or
``tag[0]=a&tag[1]=b``."""

_STYLE_NAMES: dict[str, QueryStyleName] = {
    "form": "form",
    "deepObject": "deepObject",
    "spaceDelimited": "spaceDelimited",
    "pipeDelimited": "pipeDelimited",
}
_DELIMITERS = {"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}


@dataclass(frozen=True, slots=True)
class QueryStyle:
    """One query argument's OpenAPI style: ``name`` and whether lists/objects are exploded.

    ==================  ============================  ===============================
    style               list ``[1, 2]``               object ``{gte: 1, lt: 2}``
    ==================  ============================  ===============================
    form, explode       ``ids=1&ids=2``               ``gte=1&lt=2``
    form, no explode    ``ids=1,2``                   ``created=gte,1,lt,2``
    deepObject          (not allowed)                 ``created[gte]=1&created[lt]=2``
    spaceDelimited      ``ids=1 2`` (sent ``1+2``)    (not allowed)
    pipeDelimited       ``ids=1|2``                   (not allowed)
    ==================  ============================  ===============================
    """

    name: QueryStyleName = "form"
    explode: bool = True

    @classmethod
    def of(cls, name: str | None, explode: bool | None) -> QueryStyle:
        """The style a ``query(..., style=, explode=)`` marker asks for, checked.

        Defaults follow OpenAPI: ``form`` explodes, the other styles do not;
        ``deepObject`` only exists exploded, the delimited styles only unexploded.
        """
        chosen = _STYLE_NAMES.get(name or "form")
        if chosen is None:
            raise DeclarationError(
                f"unknown query style {name!r}; use one of {', '.join(_STYLE_NAMES)}"
            )
        default = chosen in ("form", "deepObject")
        exploded = default if explode is None else explode
        if chosen == "deepObject" and not exploded:
            raise DeclarationError("style='deepObject' is always exploded (explode=False)")
        if chosen in ("spaceDelimited", "pipeDelimited") and exploded:
            raise DeclarationError(
                f"style={chosen!r} joins list items into one value; explode=True would "
                "repeat the key (that is style='form')"
            )
        return cls(chosen, exploded)

    @property
    def delimiter(self) -> str:
        """What joins list items in one value (unexploded styles)."""
        return _DELIMITERS.get(self.name, ",")

    @property
    def takes_objects(self) -> bool:
        """Whether a model or mapping may be sent with this style."""
        return self.name in ("form", "deepObject")

    @property
    def needs_object(self) -> bool:
        """Whether only a model or mapping may be sent with this style."""
        return self.name == "deepObject"

    @property
    def needs_list(self) -> bool:
        """Whether only a list may be sent with this style."""
        return self.name in ("spaceDelimited", "pipeDelimited")


@dataclass(frozen=True, slots=True)
class FormStyle:
    """How a form body writes nested objects and lists.

    ``objects``: ``"brackets"`` (``address[city]=Paris``: Stripe, Rails, PHP), ``"dots"``
    (``address.city=Paris``: Spring), or None (the default): nested objects are refused
    with :class:`~typelink.errors.InvalidArgumentError`, since no encoding is universal.
    ``lists``: ``"repeat"`` (``tag=a&tag=b``, the default), ``"brackets"``
    (``tag[]=a&tag[]=b``) or ``"indexed"`` (``tag[0]=a&tag[1]=b``). A list of objects is
    always indexed (``items[0][price]=p_1`` or ``items[0].price=p_1``), so each object's
    fields stay together.

    ``FormStyle(objects="brackets", lists="brackets")`` is the Stripe/Rails/PHP encoding.
    """

    objects: FormObjects | None = None
    lists: FormLists = "repeat"

    def __post_init__(self) -> None:
        if self.objects not in (None, *get_args(FormObjects)):
            raise ConfigurationError(
                f"FormStyle: objects must be 'brackets', 'dots' or None, not {self.objects!r}"
            )
        if self.lists not in get_args(FormLists):
            raise ConfigurationError(
                f"FormStyle: lists must be 'repeat', 'brackets' or 'indexed', not {self.lists!r}"
            )

    def child_key(self, parent: str, key: str) -> str:
        """The key of field ``key`` of the object at ``parent``."""
        if not parent:
            return key
        return f"{parent}.{key}" if self.objects == "dots" else f"{parent}[{key}]"

    def item_key(self, parent: str, index: int, scalar: bool) -> str:
        """The key of item ``index`` of the list at ``parent`` (a scalar item or not)."""
        if scalar and self.lists == "repeat":
            return parent
        if scalar and self.lists == "brackets":
            return f"{parent}[]"
        return f"{parent}[{index}]"

    @property
    def reserved(self) -> str:
        """Characters a nested key may not contain (they would change the structure)."""
        return "[]." if self.objects == "dots" else "[]"


DEFAULT_FORM_STYLE = FormStyle()
"""Scalars and repeated keys for lists; nested objects need an explicit style."""
