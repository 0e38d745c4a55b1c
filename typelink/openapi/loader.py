"""Load an OpenAPI 3.0/3.1 description and follow its local ``$ref`` pointers.

References are *followed on demand* rather than inlined up front: the model generator needs
to know that a property points at ``#/components/schemas/issue`` so it can emit one ``Issue``
class and refer to it by name, instead of copying the schema into every place that uses it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from typelink.errors import TypelinkError

__all__ = [
    "HTTP_METHODS",
    "SCHEMA_PREFIX",
    "OpenAPIDocument",
    "OpenAPIError",
    "Operation",
    "load_document",
]

HTTP_METHODS: tuple[str, ...] = (
    "get",
    "put",
    "post",
    "delete",
    "options",
    "head",
    "patch",
    "trace",
)
SCHEMA_PREFIX = "#/components/schemas/"
_MAX_REF_HOPS = 64


class OpenAPIError(TypelinkError, ValueError):
    """The description cannot be read, or uses something the generator does not support."""


@dataclass(frozen=True)
class Operation:
    """One operation of the description, with its path-level parameters merged in."""

    operation_id: str
    method: str
    path: str
    tags: tuple[str, ...]
    summary: str
    spec: Mapping[str, Any]
    parameters: tuple[Mapping[str, Any], ...]


class OpenAPIDocument:
    """A parsed description plus helpers to follow local references."""

    def __init__(self, data: Any, source: str = "<memory>") -> None:
        if not isinstance(data, Mapping):
            raise OpenAPIError(f"{source}: an OpenAPI description must be a mapping at top level")
        version = str(data.get("openapi", ""))
        if not version.startswith("3."):
            raise OpenAPIError(f"{source}: only OpenAPI 3.x is supported (found {version!r})")
        self.data: Mapping[str, Any] = data
        self.source = source
        self.openapi_version = version

    @property
    def title(self) -> str:
        """``info.title``, or an empty string."""
        return str(self.data.get("info", {}).get("title", ""))

    @property
    def version(self) -> str:
        """``info.version``: the version of the API description itself."""
        return str(self.data.get("info", {}).get("version", ""))

    @property
    def schemas(self) -> Mapping[str, Any]:
        """``components.schemas`` (empty when absent)."""
        components: Mapping[str, Any] = self.data.get("components", {}) or {}
        schemas: Mapping[str, Any] = components.get("schemas", {}) or {}
        return schemas

    def resolve_pointer(self, ref: str) -> Any:
        """The node a local JSON pointer (``#/a/b``) designates."""
        if not ref.startswith("#"):
            raise OpenAPIError(f"{self.source}: only local references are supported, got {ref!r}")
        node: Any = self.data
        for raw in ref[1:].split("/")[1:] if ref != "#" else []:
            part = raw.replace("~1", "/").replace("~0", "~")
            if isinstance(node, Mapping) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                raise OpenAPIError(f"{self.source}: unresolvable reference {ref!r}")
        return node

    def deref(self, node: Any) -> Any:
        """Follow ``$ref`` hops until a node that is not a bare reference."""
        for _ in range(_MAX_REF_HOPS):
            if isinstance(node, Mapping) and "$ref" in node:
                node = self.resolve_pointer(str(node["$ref"]))
            else:
                return node
        raise OpenAPIError(f"{self.source}: reference chain too long (cycle of bare $refs?)")

    def operations(self) -> Iterator[Operation]:
        """Every operation, in document order."""
        paths: Mapping[str, Any] = self.data.get("paths", {}) or {}
        for path, raw_item in paths.items():
            item = self.deref(raw_item)
            shared = [self.deref(p) for p in item.get("parameters", [])]
            for method in HTTP_METHODS:
                if method not in item:
                    continue
                spec = item[method]
                own = [self.deref(p) for p in spec.get("parameters", [])]
                yield Operation(
                    operation_id=str(spec.get("operationId") or f"{method} {path}"),
                    method=method.upper(),
                    path=path,
                    tags=tuple(str(t) for t in spec.get("tags", [])),
                    summary=str(spec.get("summary", "")),
                    spec=spec,
                    parameters=tuple(_merge_parameters(shared, own)),
                )


def _merge_parameters(
    shared: list[Mapping[str, Any]], own: list[Mapping[str, Any]]
) -> list[Mapping[str, Any]]:
    """Path-item parameters, overridden by operation parameters with the same name and place."""
    merged: dict[tuple[str, str], Mapping[str, Any]] = {}
    for param in [*shared, *own]:
        merged[(str(param.get("name")), str(param.get("in")))] = param
    return list(merged.values())


def load_document(path: str | Path) -> OpenAPIDocument:
    """Read a JSON or YAML description from disk.

    YAML needs PyYAML (the ``testing`` extra); JSON needs nothing beyond the standard library.
    """
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise OpenAPIError(f"cannot read {file}: {exc.strerror or exc}") from exc
    data: Any
    if file.suffix.lower() == ".json" or text.lstrip().startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise OpenAPIError(f"{file}: invalid JSON: {exc}") from exc
    else:
        data = _load_yaml(text, file)
    return OpenAPIDocument(data, source=str(file))


def _load_yaml(text: str, file: Path) -> Any:
    try:
        import yaml
    except ImportError as exc:  # pragma: no cover - depends on the environment
        raise OpenAPIError(f"{file}: reading YAML needs PyYAML (pip install PyYAML)") from exc
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(text, Loader=loader)
    except yaml.YAMLError as exc:
        raise OpenAPIError(f"{file}: invalid YAML: {exc}") from exc
