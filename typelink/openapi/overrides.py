"""Known corrections to a description, applied before generating models.

Published descriptions are sometimes stricter than the API behind them (a property marked
``required`` that real or example responses omit; a value documented as deletable with
``null`` but not marked nullable). Rather than loosen every model, each known deviation is
written down once, with its reason, in an overrides file::

    {"patches": [
      {"schema": "#/components/schemas/team", "optional": ["type"],
       "reason": "the published examples omit it"},
      {"schema": "#/paths/~1gists~1{gist_id}/patch/requestBody/content/application~1json/...",
       "nullable": true, "reason": "a file is deleted by setting it to null"}
    ]}

``schema`` is a JSON pointer (a bare name means ``#/components/schemas/<name>``);
``optional`` removes names from ``required``; ``nullable`` sets ``nullable``; ``replace``
swaps the whole schema for the one given (local ``$ref`` allowed), for a widened union.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from typelink.openapi.loader import SCHEMA_PREFIX, OpenAPIDocument, OpenAPIError

__all__ = ["apply_overrides", "load_overrides"]

_KNOWN_KEYS = frozenset({"schema", "optional", "nullable", "replace", "reason"})


def load_overrides(path: str | Path) -> list[Mapping[str, Any]]:
    """The ``patches`` list of an overrides file, checked for unknown keys."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise OpenAPIError(f"cannot read overrides {path}: {exc}") from exc
    patches = data.get("patches") if isinstance(data, Mapping) else None
    if not isinstance(patches, list):
        raise OpenAPIError(f"{path}: expected an object with a 'patches' list")
    for patch in patches:
        unknown = set(patch) - _KNOWN_KEYS if isinstance(patch, Mapping) else {"?"}
        if unknown or "schema" not in patch:
            raise OpenAPIError(f"{path}: bad patch {patch!r} (keys: {sorted(_KNOWN_KEYS)})")
    return patches


def apply_overrides(doc: OpenAPIDocument, patches: list[Mapping[str, Any]]) -> OpenAPIDocument:
    """A new document with the patches applied; the original is left untouched."""
    data: Any = doc.data
    for patch in patches:
        pointer = str(patch["schema"])
        if not pointer.startswith("#"):
            pointer = SCHEMA_PREFIX + pointer
        doc.resolve_pointer(pointer)  # fails early, naming the pointer, if it does not exist
        parts = [p.replace("~1", "/").replace("~0", "~") for p in pointer[2:].split("/")]
        data = _replace(data, parts, functools.partial(_patched, patch=patch, pointer=pointer))
    return OpenAPIDocument(data, source=doc.source)


def _patched(schema: Any, *, patch: Mapping[str, Any], pointer: str) -> dict[str, Any]:
    if not isinstance(schema, Mapping):
        raise OpenAPIError(f"override target {pointer} is not a schema object")
    replacement = patch.get("replace")
    result = dict(replacement if isinstance(replacement, Mapping) else schema)
    optional = set(patch.get("optional") or [])
    if optional:
        required = list(result.get("required") or [])
        absent = optional - set(required)
        if absent:
            raise OpenAPIError(f"override {pointer}: {sorted(absent)} are not required there")
        result["required"] = [name for name in required if name not in optional]
    if "nullable" in patch:
        result["nullable"] = bool(patch["nullable"])
    return result


def _replace(node: Any, parts: list[str], change: Callable[[Any], Any]) -> Any:
    """Copy the containers along ``parts`` and replace the node at the end with ``change``."""
    if not parts:
        return change(node)
    head, rest = parts[0], parts[1:]
    if isinstance(node, list):
        index = int(head)
        copied_list = list(node)
        copied_list[index] = _replace(node[index], rest, change)
        return copied_list
    copied = dict(node)
    copied[head] = _replace(node[head], rest, change)
    return copied
