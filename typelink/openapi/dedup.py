"""Decide which component schemas are the same schema and so share one generated name.

A description often carries twins: ``simple-user`` and ``nullable-simple-user`` differ only
by a top-level ``nullable``. Those are one class, and a reference to the nullable twin reads
``SimpleUser | None``. Two schemas that merely have the same *shape* are not the same thing:
Stripe has 28 different empty objects (``mandate_multi_use``, ``mandate_single_use``...) and
a ``payment_intent``'s ``automatic_payment_methods`` happens to look like a subscription's
``automatic_tax``. Merging those would type one under the other's name and docstring, so
components merge only when their content is identical *and* their names say they are twins.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from typelink.openapi.loader import SCHEMA_PREFIX, OpenAPIDocument
from typelink.openapi.naming import class_name
from typelink.openapi.schemas import DOC_KEYS, is_nullable

__all__ = ["NULLABLE_PREFIXES", "deduplicate", "twin_key"]

NULLABLE_PREFIXES = ("nullable-", "nullable_", "Nullable")


def twin_key(name: str) -> str:
    """The name without a nullable prefix, as a class name: twins share it."""
    for prefix in NULLABLE_PREFIXES:
        if name.startswith(prefix) and len(name) > len(prefix):
            return class_name(name[len(prefix) :])
    return class_name(name)


def deduplicate(doc: OpenAPIDocument, names: Iterable[str]) -> dict[str, str]:
    """Map each component to its representative: itself, or the twin it is identical to.

    References inside the schemas are compared through the mapping, so two twins that refer
    to twins are recognised too (hence the loop until nothing changes).
    """
    ordered = sorted(names)
    mapping = {name: name for name in ordered}
    while True:
        groups: dict[tuple[str, str], list[str]] = {}
        for name in ordered:
            signature = json.dumps(_strip(doc, doc.schemas[name], mapping), sort_keys=True)
            groups.setdefault((twin_key(name), signature), []).append(name)
        updated: dict[str, str] = {}
        for members in groups.values():
            keep = min(members, key=lambda n: (n.startswith(NULLABLE_PREFIXES), len(n), n))
            updated.update((member, keep) for member in members)
        if updated == mapping:
            return mapping
        mapping = updated


def _strip(doc: OpenAPIDocument, node: Any, mapping: Mapping[str, str], top: bool = True) -> Any:
    """A schema without documentation keys, with references renamed to representatives.

    A renamed reference keeps whether its target was nullable: ``$ref: nullable-user`` and
    ``$ref: user`` stay different even once both targets are represented by ``user``.
    """
    if not isinstance(node, Mapping):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in DOC_KEYS or (top and key == "nullable"):
            continue
        if key == "$ref" and isinstance(value, str) and value.startswith(SCHEMA_PREFIX):
            target = value[len(SCHEMA_PREFIX) :]
            out[key] = mapping.get(target, target)
            if target in doc.schemas and is_nullable(doc.schemas[target]):
                out["$ref nullable"] = True
        elif key in ("properties", "patternProperties") and isinstance(value, Mapping):
            out[key] = {k: _strip(doc, v, mapping, top=False) for k, v in value.items()}
        elif key in ("allOf", "oneOf", "anyOf", "prefixItems") and isinstance(value, list):
            out[key] = [_strip(doc, v, mapping, top=False) for v in value]
        elif key in ("items", "additionalProperties", "not"):
            out[key] = _strip(doc, value, mapping, top=False)
        else:
            out[key] = value
    return out
