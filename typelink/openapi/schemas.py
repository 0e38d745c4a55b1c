"""Questions asked of one schema object: is it nullable, an object, a constraint only...

Small predicates shared by the model builder, the de-duplication and the parameter models,
kept apart so each of those reads as the rule it implements.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from typelink.openapi.loader import OpenAPIDocument

__all__ = [
    "DOC_KEYS",
    "TYPE_KEYS",
    "constraint_only",
    "docstring",
    "field_doc",
    "is_class_like",
    "is_nullable",
    "merge_all_of",
    "needs_class",
]

DOC_KEYS = frozenset(
    {"title", "description", "example", "examples", "externalDocs", "deprecated", "x-github"}
)
"""Keys that document a schema without changing what it accepts."""

TYPE_KEYS = frozenset(
    {"type", "properties", "$ref", "items", "enum", "const", "allOf", "oneOf", "anyOf"}
    | {"additionalProperties", "format"}
)
"""Keys that change what a schema accepts (the ones a union member must have)."""


def is_nullable(schema: Mapping[str, Any]) -> bool:
    """``nullable: true`` (OpenAPI 3.0) or ``type: [..., "null"]`` (3.1)."""
    kinds = schema.get("type")
    return schema.get("nullable") is True or (isinstance(kinds, list) and "null" in kinds)


def constraint_only(member: Any) -> bool:
    """``oneOf: [{required: [a]}, {required: [b]}]`` says "send one of these", not a type."""
    return isinstance(member, Mapping) and not (set(member) & TYPE_KEYS)


def needs_class(schema: Mapping[str, Any]) -> bool:
    """Would this union member become a generated class (so it needs a name)?"""
    return bool(schema.get("properties")) or "allOf" in schema


def is_class_like(schema: Mapping[str, Any]) -> bool:
    """An object with named properties, or an object that allows none at all."""
    if "properties" in schema:
        return True
    extra = schema.get("additionalProperties")
    has_map_values = isinstance(extra, Mapping) and bool(extra)
    return schema.get("type") == "object" and extra is False and not has_map_values


def merge_all_of(doc: OpenAPIDocument, schema: Mapping[str, Any]) -> dict[str, Any]:
    """One object schema with the properties and ``required`` of every ``allOf`` part."""
    merged: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    required: list[str] = []
    own = {k: v for k, v in schema.items() if k != "allOf"}
    for part in [*(doc.deref(p) for p in schema.get("allOf", [])), own]:
        flat = merge_all_of(doc, part) if "allOf" in part else part
        for key, value in flat.items():
            if key == "properties":
                properties.update(value)
            elif key == "required":
                required.extend(r for r in value if r not in required)
            elif key not in merged:
                merged[key] = value
    if properties:
        merged["properties"] = properties
        merged.setdefault("type", "object")
    if required:
        merged["required"] = required
    return merged


def docstring(schema: Mapping[str, Any]) -> str:
    """A class docstring: the description, else the title."""
    description = str(schema.get("description") or "").strip()
    title = str(schema.get("title") or "").strip()
    return description or title


def field_doc(schema: Mapping[str, Any]) -> str:
    """A field docstring: the description, flagged when the field is deprecated."""
    text = str(schema.get("description") or "").strip()
    if schema.get("deprecated") is True:
        text = f"Deprecated. {text}".strip()
    return text
