"""Values for a schema: the description's own example when it has one, else a made-up one.

Written from the OpenAPI and JSON Schema rules, not from the generator: a documented
``example`` wins (on the parameter, the media type or the schema), then ``default``, an
``enum``'s first value, a ``const``; otherwise a value of the declared type within its
bounds. Objects get their required properties (and, for a "full" sample, the optional
ones); ``readOnly`` properties are left out of requests and ``writeOnly`` ones out of
responses, as OpenAPI says. Stripe publishes its examples in a separate fixtures file keyed
by component name: pass them as ``known``.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

__all__ = ["Sampler", "Unsampleable"]

_MAX_DEPTH = 8
_STRING_FORMATS = {
    "date-time": "2024-01-02T03:04:05Z",
    "date": "2024-01-02",
    "email": "octo@example.com",
    "uri": "https://example.com/resource",
    "url": "https://example.com/resource",
    "uuid": "6f1c2a52-9a4f-4d1b-9c8e-2b8e1f0a7c11",
}


class Unsampleable(Exception):
    """No value can be made for this schema (a required cycle, a binary body...)."""


class Sampler:
    """Samples for one description (``data``: the description as loaded JSON)."""

    def __init__(self, data: Mapping[str, Any], known: Mapping[str, Any] | None = None) -> None:
        self.data = data
        self.known = dict(known or {})

    def deref(self, node: Any) -> tuple[Any, str | None]:
        """The node a ``$ref`` points to, and the component schema name if it is one."""
        name = None
        for _ in range(32):
            if not (isinstance(node, Mapping) and "$ref" in node):
                return node, name
            ref = str(node["$ref"])
            parts = [p.replace("~1", "/").replace("~0", "~") for p in ref[2:].split("/")]
            if ref.startswith("#/components/schemas/"):
                name = parts[-1]
            target: Any = self.data
            for part in parts:
                target = target[part]
            node = target
        raise Unsampleable("a chain of $ref")

    def value(
        self,
        schema: Any,
        name: str = "value",
        *,
        full: bool = False,
        request: bool = True,
        depth: int = 0,
    ) -> Any:
        """A value for ``schema`` (see the module docstring)."""
        node, component = self.deref(schema)
        if component is not None and component in self.known:
            return copy.deepcopy(self.known[component])
        if not isinstance(node, Mapping) or depth > _MAX_DEPTH:
            raise Unsampleable(f"{name}: nothing to sample")
        for key in ("example", "default", "const"):
            if key in node and node[key] is not None:
                return copy.deepcopy(node[key])
        examples = node.get("examples")
        if isinstance(examples, list) and examples:
            return copy.deepcopy(examples[0])
        enum = [v for v in node.get("enum") or [] if v is not None]
        if enum:
            return enum[0]
        return self._by_type(node, name, full=full, request=request, depth=depth)

    def _by_type(
        self, node: Mapping[str, Any], name: str, *, full: bool, request: bool, depth: int
    ) -> Any:
        for key in ("oneOf", "anyOf"):
            members = [m for m in node.get(key) or [] if self._kind(m) != "null"]
            if members:
                return self.value(members[0], name, full=full, request=request, depth=depth + 1)
        if "allOf" in node:
            return self._object(self._merged(node), name, full, request, depth)
        kind = self._kind(node)
        if kind == "string":
            return self._string(node, name)
        if kind == "integer":
            return self._number(node, 1)
        if kind == "number":
            return self._number(node, 1.5)
        if kind == "boolean":
            return True
        if kind == "array":
            return self._array(node, name, full, request, depth)
        if kind == "object":
            return self._object(node, name, full, request, depth)
        raise Unsampleable(f"{name}: no type")

    def _kind(self, schema: Any) -> str:
        node, _ = self.deref(schema)
        if not isinstance(node, Mapping):
            return ""
        kind = node.get("type")
        if isinstance(kind, list):
            kind = next((k for k in kind if k != "null"), "null")
        if kind is None:
            if "properties" in node or "additionalProperties" in node or "allOf" in node:
                return "object"
            if "items" in node:
                return "array"
        return str(kind or "")

    def _merged(self, node: Mapping[str, Any]) -> dict[str, Any]:
        merged: dict[str, Any] = {"type": "object", "properties": {}, "required": []}
        for part in [*node.get("allOf", []), {k: v for k, v in node.items() if k != "allOf"}]:
            resolved, _ = self.deref(part)
            if "allOf" in resolved:
                resolved = self._merged(resolved)
            merged["properties"].update(resolved.get("properties") or {})
            merged["required"] += list(resolved.get("required") or [])
        return merged

    def _string(self, node: Mapping[str, Any], name: str) -> Any:
        fmt = str(node.get("format") or "")
        if fmt == "binary":
            return b"\x89binary"
        if fmt in _STRING_FORMATS:
            return _STRING_FORMATS[fmt]
        text = f"{name}-1"
        low, high = int(node.get("minLength") or 0), node.get("maxLength")
        text = text.ljust(low, "x")
        return text[: int(high)] if isinstance(high, int) and high > 0 else text

    def _number(self, node: Mapping[str, Any], preferred: float) -> Any:
        low, high = node.get("minimum"), node.get("maximum")
        value = preferred
        if isinstance(low, int | float) and value < low:
            value = low
        if isinstance(high, int | float) and value > high:
            value = high
        return int(value) if isinstance(preferred, int) else float(value)

    def _array(
        self, node: Mapping[str, Any], name: str, full: bool, request: bool, depth: int
    ) -> list[Any]:
        items = node.get("items") or {}
        item, _ = self.deref(items)
        enum = (
            [v for v in (item.get("enum") or []) if v is not None]
            if isinstance(item, Mapping)
            else []
        )
        count = 1 if node.get("maxItems") == 1 else 2
        if enum:
            return enum[:count]
        kind = self._kind(items)
        if kind in ("string", "integer", "number") and "example" not in item and count == 2:
            first = self.value(items, f"{name}-a", full=full, request=request, depth=depth + 1)
            second = self.value(items, f"{name}-b", full=full, request=request, depth=depth + 1)
            if kind != "string" and first == second and isinstance(first, int | float):
                second = first + 1 if not item.get("maximum") else first
            return [first, second] if first != second else [first]
        return [self.value(items, name, full=full, request=request, depth=depth + 1)]

    def _first_filled(
        self, properties: Mapping[str, Any], request: bool, depth: int
    ) -> dict[str, Any]:
        """Deep enough to stop adding optional fields, but an empty object says nothing:
        the first property whose sample is not empty."""
        for key, prop in properties.items():
            try:
                value = self.value(prop, key, request=request, depth=depth + 1)
            except Unsampleable:
                continue
            if value not in ({}, []):
                return {key: value}
        return {}

    def _object(
        self, node: Mapping[str, Any], name: str, full: bool, request: bool, depth: int
    ) -> dict[str, Any]:
        properties: Mapping[str, Any] = node.get("properties") or {}
        required = set(node.get("required") or [])
        result: dict[str, Any] = {}
        for key, prop in properties.items():
            resolved, _ = self.deref(prop)
            skip = "readOnly" if request else "writeOnly"
            if isinstance(resolved, Mapping) and resolved.get(skip) is True:
                continue
            if key not in required and not (full and depth < 3):
                continue
            try:
                value = self.value(prop, key, full=full, request=request, depth=depth + 1)
            except Unsampleable:
                if key in required:
                    raise
                continue
            if key in required or value not in ({}, []):  # an empty optional object says nothing
                result[key] = value
        if not result and properties and depth > 0:
            result = self._first_filled(properties, request, depth)
        extra = node.get("additionalProperties")
        if not properties and isinstance(extra, Mapping) and extra:
            result["key1"] = self.value(extra, "key1", full=full, request=request, depth=depth + 1)
        return result
