"""Open enums at run time: the string type for values an API adds later, and a finder.

Generated response models type an enum as ``Literal["open", "closed"] | UnknownValue``.
The validator keeps a documented value as the plain ``str`` the ``Literal`` names, and turns
any other string into an :class:`UnknownValue` (still a ``str``: code that only passes it on
keeps working). :func:`find_unknown_values` walks a parsed value and lists where such
values sit, so a test or ``typelink cassettes check`` can report that the API moved on::

    issue = Issue.model_validate_json(body)
    for found in find_unknown_values(issue):
        print(f"{found.location}: {found.value!r} is not documented")
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import core_schema

__all__ = ["UnknownEnumValue", "UnknownValue", "find_unknown_values"]


class UnknownValue(str):
    """A string the API sent where its description lists fixed values, and not one of them."""

    __slots__ = ()

    def __repr__(self) -> str:
        return f"UnknownValue({str.__repr__(self)})"

    @classmethod
    def __get_pydantic_core_schema__(
        cls, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        """Any string validates, as an ``UnknownValue``; it serialises as a plain string.

        In ``Literal[...] | UnknownValue`` pydantic's smart union prefers the exact
        ``Literal`` match, so only values outside the ``Literal`` end up here.
        """
        return core_schema.no_info_after_validator_function(
            cls,
            core_schema.str_schema(strict=True),
            serialization=core_schema.plain_serializer_function_ser_schema(str, when_used="always"),
        )


@dataclass(frozen=True)
class UnknownEnumValue:
    """Where an undocumented enum value was found: ``items[3].state`` and the value."""

    location: str
    value: str


def find_unknown_values(value: Any, location: str = "") -> list[UnknownEnumValue]:
    """Every :class:`UnknownValue` inside a parsed value (models, lists, dicts), in order.

    Locations use the wire names (aliases), as they appear in the JSON body.
    """
    found: list[UnknownEnumValue] = []
    _walk(value, location, found)
    return found


def _walk(value: Any, location: str, found: list[UnknownEnumValue]) -> None:
    if isinstance(value, UnknownValue):
        found.append(UnknownEnumValue(location or "<root>", str(value)))
    elif isinstance(value, BaseModel):
        for name, info in type(value).model_fields.items():
            wire = info.alias or name
            _walk(getattr(value, name), f"{location}.{wire}" if location else wire, found)
    elif isinstance(value, list | tuple):
        for index, item in enumerate(value):
            _walk(item, f"{location}[{index}]", found)
    elif isinstance(value, Mapping):
        for key, item in value.items():
            _walk(item, f"{location}[{key!r}]", found)
