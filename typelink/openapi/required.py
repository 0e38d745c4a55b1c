"""Required only where every described server requires it.

One client often talks to several deployments of an API: GitHub's api.github.com and each
GitHub Enterprise Server release. A field that api.github.com added in 2025 is ``required``
in its description, yet an Enterprise server from 2024 never sends it; a model that requires
it rejects every response from that server. :func:`intersect_required` keeps a property in
``required`` only if each other description requires it at the same place too.

This is about what servers *send*: inline request bodies keep their ``required`` lists
(a field one server requires must be sent to all of them).

"The same place" is the same JSON pointer: component schemas have stable names and paths
have stable templates across GitHub's descriptions. Where another description has no node
at that pointer (the whole schema or operation is new), it says nothing about the field and
the first description decides.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from typelink.openapi.loader import OpenAPIDocument

__all__ = ["RequiredChange", "intersect_required"]

_SKIPPED_KEYS = frozenset(
    {"example", "examples", "description", "enum", "default", "requestBody", "parameters"}
)
"""Not walked: documentation, and what a client sends (a request field one server requires
must still be sent to every server, so request bodies keep their own ``required``)."""


@dataclass
class RequiredChange:
    """The properties made optional, by JSON pointer of the schema that listed them."""

    optional: dict[str, list[str]] = field(default_factory=dict)

    def count(self) -> int:
        """How many ``required`` entries were dropped in all."""
        return sum(len(names) for names in self.optional.values())


def intersect_required(
    doc: OpenAPIDocument, others: Sequence[OpenAPIDocument]
) -> tuple[OpenAPIDocument, RequiredChange]:
    """A copy of ``doc`` whose ``required`` lists keep only what every other description
    requires at the same pointer, and a record of what was dropped."""
    change = RequiredChange()
    data = _walk(doc.data, [other.data for other in others], "#", change)
    return OpenAPIDocument(data, source=doc.source), change


def _walk(node: Any, twins: list[Any], pointer: str, change: RequiredChange) -> Any:
    if isinstance(node, list):
        return [
            _walk(item, [_index(t, i) for t in twins], f"{pointer}/{i}", change)
            for i, item in enumerate(node)
        ]
    if not isinstance(node, Mapping):
        return node
    present = [t for t in twins if isinstance(t, Mapping)]
    copied: dict[str, Any] = {}
    for key, value in node.items():
        if key in _SKIPPED_KEYS:
            copied[key] = value
        elif key == "required" and isinstance(value, list) and "properties" in node:
            copied[key] = _intersection(value, present, pointer, change)
        else:
            escaped = key.replace("~", "~0").replace("/", "~1")
            inner = f"{pointer}/{escaped}"
            copied[key] = _walk(value, [t.get(key) for t in present], inner, change)
    return copied


def _index(node: Any, index: int) -> Any:
    return node[index] if isinstance(node, list) and index < len(node) else None


def _intersection(
    required: list[Any], twins: list[Mapping[str, Any]], pointer: str, change: RequiredChange
) -> list[Any]:
    kept = list(required)
    for twin in twins:
        if not isinstance(twin.get("properties"), Mapping):
            continue  # not an object there: no evidence either way
        theirs = twin.get("required")
        allowed = set(theirs) if isinstance(theirs, list) else set()
        kept = [name for name in kept if name in allowed]
    dropped = [name for name in required if name not in kept]
    if dropped:
        change.optional[pointer] = [str(name) for name in dropped]
    return kept
