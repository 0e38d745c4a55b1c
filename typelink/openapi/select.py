"""Pick operations by ``operationId`` and gather what their bodies are made of.

Request bodies, 2xx responses and parameters matter for models. Error bodies (4xx, 5xx and
``default`` responses) are gathered only when asked for (``error_bodies=True``): a client
generator declares an error class per status with a typed body, the model generator alone
leaves errors to the client's error mapping.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from typelink.openapi.loader import SCHEMA_PREFIX, OpenAPIDocument, OpenAPIError, Operation

__all__ = [
    "ErrorResponse",
    "MediaShape",
    "SelectedOperation",
    "is_error_status",
    "parse_operation_list",
    "referenced_schemas",
    "select_operations",
    "subschemas",
]


@dataclass(frozen=True)
class MediaShape:
    """One media type of a request body or response: its schema and named examples."""

    content_type: str
    schema: Mapping[str, Any] | None
    examples: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ErrorResponse:
    """One error response: its status (``"404"``, ``"4XX"``, ``"default"``), the name of the
    ``#/components/responses`` entry it refers to (if any), its description and body."""

    status: str
    component: str | None
    description: str
    media: MediaShape | None


@dataclass(frozen=True)
class SelectedOperation:
    """An operation with its request bodies, its successful (2xx) responses and, when
    selected with ``error_bodies=True``, its error responses."""

    operation: Operation
    request: tuple[MediaShape, ...]
    request_required: bool
    responses: tuple[tuple[str, MediaShape | None], ...]
    errors: tuple[ErrorResponse, ...] = ()

    def shapes(self) -> list[MediaShape]:
        """Every body shape: requests, 2xx responses, then error responses."""
        found = [*self.request, *(shape for _, shape in self.responses if shape is not None)]
        return found + [error.media for error in self.errors if error.media is not None]

    @property
    def operation_id(self) -> str:
        """Shortcut for ``operation.operation_id``."""
        return self.operation.operation_id


def parse_operation_list(value: str) -> list[str]:
    """Operation ids from a file (one per line, ``#`` comments) or a comma-separated list."""
    candidate = Path(value)
    if candidate.is_file():
        text = candidate.read_text(encoding="utf-8")
        lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
        return [line for line in lines if line]
    return [part.strip() for part in value.split(",") if part.strip()]


def select_operations(
    doc: OpenAPIDocument, operation_ids: Iterable[str], *, error_bodies: bool = False
) -> list[SelectedOperation]:
    """The named operations, in the order given; unknown ids fail with a suggestion.

    ``error_bodies``: gather the error responses too (see :class:`ErrorResponse`).
    """
    by_id = {op.operation_id: op for op in doc.operations()}
    selected: list[SelectedOperation] = []
    seen: set[str] = set()
    for wanted in operation_ids:
        if wanted in seen:
            continue
        seen.add(wanted)
        op = by_id.get(wanted)
        if op is None:
            close = difflib.get_close_matches(wanted, list(by_id), n=3)
            hint = f"; did you mean {', '.join(close)}?" if close else ""
            raise OpenAPIError(f"{doc.source}: no operation with operationId {wanted!r}{hint}")
        selected.append(_shape(doc, op, error_bodies))
    return selected


def _shape(doc: OpenAPIDocument, op: Operation, error_bodies: bool) -> SelectedOperation:
    body = doc.deref(op.spec.get("requestBody", {}))
    request = tuple(_media(doc, ct, mt) for ct, mt in (body.get("content") or {}).items())
    responses: list[tuple[str, MediaShape | None]] = []
    for status, raw in (op.spec.get("responses") or {}).items():
        if not str(status).startswith("2"):
            continue
        response = doc.deref(raw)
        content = response.get("content") or {}
        if not content:
            responses.append((str(status), None))
        for ct, mt in content.items():
            responses.append((str(status), _media(doc, ct, mt)))
    return SelectedOperation(
        operation=op,
        request=request,
        request_required=bool(body.get("required", False)),
        responses=tuple(responses),
        errors=tuple(_errors(doc, op)) if error_bodies else (),
    )


def is_error_status(status: str) -> bool:
    """``"404"``, ``"4XX"``, ``"5XX"`` and ``"default"`` are error responses."""
    return status == "default" or status[:1] in ("4", "5")


def _errors(doc: OpenAPIDocument, op: Operation) -> Iterator[ErrorResponse]:
    for status, raw in (op.spec.get("responses") or {}).items():
        if not is_error_status(str(status)):
            continue
        ref = raw.get("$ref") if isinstance(raw, Mapping) else None
        prefix = "#/components/responses/"
        component = ref[len(prefix) :] if isinstance(ref, str) and ref.startswith(prefix) else None
        response = doc.deref(raw)
        content = response.get("content") or {}
        description = str(response.get("description") or "")
        medias: list[MediaShape | None] = [_media(doc, ct, mt) for ct, mt in content.items()]
        for media in medias or [None]:
            yield ErrorResponse(str(status), component, description, media)


def _media(doc: OpenAPIDocument, content_type: str, media: Mapping[str, Any]) -> MediaShape:
    examples: dict[str, Any] = {}
    if "example" in media:
        examples["default"] = media["example"]
    for name, raw in (media.get("examples") or {}).items():
        example = doc.deref(raw)
        if isinstance(example, Mapping) and "value" in example:
            examples[str(name)] = _example_value(doc, example["value"])
    schema = media.get("schema")
    return MediaShape(content_type=str(content_type), schema=schema, examples=examples)


def _example_value(doc: OpenAPIDocument, value: Any) -> Any:
    """Some descriptions put ``{"$ref": "#/components/examples/x"}`` inside ``value``."""
    if isinstance(value, Mapping) and set(value) == {"$ref"}:
        target = doc.deref(value)
        if isinstance(target, Mapping) and "value" in target:
            return _example_value(doc, target["value"])
    return value


def referenced_schemas(doc: OpenAPIDocument, selected: Iterable[SelectedOperation]) -> list[str]:
    """Names of every component schema the selected bodies and parameters reach,
    transitively, sorted."""
    found: set[str] = set()
    stack: list[Any] = []
    for op in selected:
        stack.extend(shape.schema for shape in op.shapes())
        stack.extend(param.get("schema") for param in op.operation.parameters)
    while stack:
        node = stack.pop()
        if not isinstance(node, Mapping):
            continue
        ref = node.get("$ref")
        if isinstance(ref, str):
            if ref.startswith(SCHEMA_PREFIX):
                name = ref[len(SCHEMA_PREFIX) :]
                if name in found:
                    continue
                found.add(name)
            stack.append(doc.resolve_pointer(ref))
            continue
        stack.extend(subschemas(node))
    return sorted(found)


def subschemas(schema: Mapping[str, Any]) -> Iterator[Any]:
    """The schemas directly nested in ``schema`` (never examples, defaults or enum values)."""
    properties: Mapping[str, Any] = schema.get("properties") or {}
    yield from properties.values()
    for key in ("items", "additionalProperties", "not", "contains"):
        if isinstance(schema.get(key), Mapping):
            yield schema[key]
    for key in ("allOf", "oneOf", "anyOf", "prefixItems"):
        yield from schema.get(key) or []
    patterns: Mapping[str, Any] = schema.get("patternProperties") or {}
    yield from patterns.values()
