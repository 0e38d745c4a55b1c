"""Turn wire names into Python names that read naturally and never clash.

Schemas become ``CamelCase`` classes. A property keeps its wire name whenever Python allows
it (``last4``, ``line1``, ``p24``, ``htmlUrl``): a reader who knows the API finds the field
under the name the documentation uses. Only a name that is not an identifier, is a keyword,
starts with ``_`` (pydantic treats those as private) or would shadow something the model
needs (``json``, ``model_dump``, the ``datetime`` the module imports) is renamed, in
``snake_case``, and the model keeps the wire name as an alias.
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Iterable

from pydantic import BaseModel

__all__ = ["class_name", "field_name", "python_identifier", "snake_case", "unique"]

_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_SIGN_WORDS = {"+": "plus", "-": "minus"}
# Field names that would shadow what a pydantic model needs, or names the generated module
# itself uses in annotations (a field called ``datetime`` would hide the type of the same name).
_RESERVED_FIELDS = frozenset(
    {
        *(name for name in dir(BaseModel) if not name.startswith("_")),
        *("Any", "Field", "Literal", "Model", "TypeAlias", "UnknownValue", "date", "datetime"),
        *("bool", "bytes", "dict", "float", "int", "list", "str"),
    }
)


def _words(raw: str) -> list[str]:
    return _WORD.findall(raw)


def class_name(raw: str) -> str:
    """``"nullable-simple-user"`` -> ``"NullableSimpleUser"``; keeps existing capitals."""
    words = _words(raw)
    name = "".join(word[:1].upper() + word[1:] for word in words) or "Model"
    return f"Model{name}" if name[0].isdigit() else name


def field_name(wire: str) -> str:
    """The Python name of a property: the wire name itself when it is usable (``"last4"``),
    otherwise a ``snake_case`` identifier: ``"_links"`` -> ``"links"``, ``"+1"`` ->
    ``"plus_1"``, ``"class"`` -> ``"class_"``, ``"json"`` -> ``"json_"``.
    """
    if _usable(wire):
        return wire
    return python_identifier(wire)


def _usable(name: str) -> bool:
    return (
        name.isidentifier()
        and name.isascii()
        and not name.startswith("_")
        and not keyword.iskeyword(name)
        and name not in _RESERVED_FIELDS
        and not name.startswith("model_")
    )


def python_identifier(wire: str) -> str:
    """A ``snake_case`` identifier for any text, e.g. a module name from a tag or a path
    segment: ``"Uploads (Chunked)"`` -> ``"uploads_chunked"``, ``"class"`` -> ``"class_"``.
    """
    prefix = _SIGN_WORDS.get(wire[:1], "")
    words = [word.lower() for word in _words(wire)]
    name = "_".join([prefix, *words] if prefix else words) or "field"
    if name[0].isdigit():
        name = f"field_{name}"
    if keyword.iskeyword(name) or name in _RESERVED_FIELDS or name.startswith("model_"):
        name = f"{name}_"
    return name


def snake_case(raw: str) -> str:
    """``"list-for-repo"`` -> ``"list_for_repo"``, ``"GetCustomersSearch"`` ->
    ``"get_customers_search"``: lower-case words joined by ``_``, with no reserved names
    (the caller decides what its names may not be); empty or digit-first text gets a prefix."""
    name = "_".join(word.lower() for word in _words(raw)) or "operation"
    return f"op_{name}" if name[0].isdigit() else name


def unique(name: str, taken: Iterable[str]) -> str:
    """``name``, or ``name2``, ``name3``... whichever is not taken yet."""
    used = set(taken)
    if name not in used:
        return name
    counter = 2
    while f"{name}{counter}" in used:
        counter += 1
    return f"{name}{counter}"
