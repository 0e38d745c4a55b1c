"""Inline objects that a description repeats verbatim under one title share one class.

Stripe writes the same ``range_query_specs`` filter (``created[gt]``, ``created[gte]``...)
inline in every list operation, and the same ``optional_fields_address`` in every request
that takes an address. Each copy has the same title and the same content, so it is the same
schema and gets one class, named after the title when the title says what it is (two words
or more: ``RangeQuerySpecs``; a bare ``param`` does not name anything, so that class keeps
the name of the first place it appears). Copies that differ in anything, documentation
included, stay separate classes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from typelink.openapi.loader import SCHEMA_PREFIX, OpenAPIDocument
from typelink.openapi.naming import class_name
from typelink.openapi.select import SelectedOperation, subschemas

__all__ = ["SharedInline", "shared_inline_names"]

_TITLE_WORDS = re.compile(r"[A-Za-z][a-z]*|[0-9]+")


@dataclass(frozen=True)
class SharedInline:
    """What the copies of one repeated inline object share: content and, maybe, a name."""

    signature: str
    name: str | None


def shared_inline_names(
    doc: OpenAPIDocument,
    selected: Iterable[SelectedOperation],
    canonical: Mapping[str, str],
    python_names: Mapping[str, str],
) -> dict[int, SharedInline]:
    """``id(schema node)`` -> its shared identity, for titled inline objects seen twice or more.

    A title that is already a component's Python name is not reused for an inline class.
    """
    copies: dict[str, list[int]] = {}
    for node in _inline_nodes(doc, selected, canonical):
        title = node.get("title")
        if isinstance(title, str) and title and node.get("properties"):
            key = json.dumps(node, sort_keys=True, default=str)
            copies.setdefault(key, []).append(id(node))
    taken = set(python_names.values())
    repeated = {key: ids for key, ids in copies.items() if len(set(ids)) >= 2}
    variants: dict[str, int] = {}
    for key in repeated:
        title = str(json.loads(key)["title"])
        variants[title] = variants.get(title, 0) + 1
    shared: dict[int, SharedInline] = {}
    for key, ids in repeated.items():
        title = str(json.loads(key)["title"])
        name: str | None = class_name(title)
        if len(_TITLE_WORDS.findall(title)) < 2 or variants[title] > 1 or name in taken:
            name = None
        entry = SharedInline(key, name)
        shared.update((node_id, entry) for node_id in ids)
    return shared


def _inline_nodes(
    doc: OpenAPIDocument, selected: Iterable[SelectedOperation], canonical: Mapping[str, str]
) -> Iterator[Mapping[str, Any]]:
    """Every schema node written inline in the selected operations and in the components
    they use (component roots excluded: those have their own names), without following
    references."""
    stack: list[Any] = []
    for op in selected:
        stack.extend(shape.schema for shape in op.shapes())
        stack.extend(p.get("schema") for p in op.operation.parameters)
    for name in sorted(set(canonical.values())):
        stack.extend(subschemas(doc.schemas[name]))
    seen: set[int] = set()
    while stack:
        node = stack.pop()
        if not isinstance(node, Mapping) or id(node) in seen:
            continue
        seen.add(id(node))
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith(SCHEMA_PREFIX):
            continue
        yield node
        stack.extend(subschemas(node))
