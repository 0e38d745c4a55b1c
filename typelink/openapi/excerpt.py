"""Cut a description down to the named operations and everything they reference.

A published description is often megabytes (Stripe's is 4 MB); a project that tests its
generated code against it needs only the part its operations reach. The excerpt keeps the
document's ``openapi``, ``info`` and ``servers``, the selected operations (with their path
item's shared parameters) and, transitively, every ``#/components/...`` node they refer to,
so it is itself a valid description that generates the same models.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from typelink.openapi.loader import HTTP_METHODS, OpenAPIDocument
from typelink.openapi.select import select_operations

__all__ = ["excerpt"]


def excerpt(
    doc: OpenAPIDocument, operation_ids: Iterable[str], about: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """The excerpt as plain data; ``about`` (source, version, licence...) is stored first,
    under ``x-excerpt``, so whoever opens the file reads where it came from."""
    wanted = {op.operation_id: op for op in select_operations(doc, operation_ids)}
    paths: dict[str, dict[str, Any]] = {}
    for path, raw_item in (doc.data.get("paths") or {}).items():
        item = doc.deref(raw_item)
        kept = {
            method: spec
            for method, spec in item.items()
            if method in HTTP_METHODS and spec.get("operationId") in wanted
        }
        if kept:
            shared = {k: v for k, v in item.items() if k not in HTTP_METHODS}
            paths[path] = {**shared, **kept}
    components = _referenced_components(doc, paths)
    result: dict[str, Any] = {}
    if about:
        result["x-excerpt"] = dict(about)
    for key in ("openapi", "info", "servers"):
        if key in doc.data:
            result[key] = doc.data[key]
    result["paths"] = paths
    if components:
        result["components"] = components
    return result


def _referenced_components(doc: OpenAPIDocument, root: Any) -> dict[str, dict[str, Any]]:
    """``components`` holding every ``#/components/<kind>/<name>`` reachable from ``root``."""
    found: dict[str, dict[str, Any]] = {}
    stack: list[Any] = [root]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
            continue
        if not isinstance(node, Mapping):
            continue
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/components/"):
            kind, _, name = ref[len("#/components/") :].partition("/")
            name = name.split("/", 1)[0].replace("~1", "/").replace("~0", "~")
            section = found.setdefault(kind, {})
            if name not in section:
                section[name] = doc.data["components"][kind][name]
                stack.append(section[name])
        stack.extend(node.values())
    return {kind: dict(sorted(entries.items())) for kind, entries in sorted(found.items())}
