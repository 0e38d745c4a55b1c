"""Find every example a description publishes and the generated type it must fit.

Examples sit at three levels: on a request or response media type (GitHub), on a schema or
one of its properties (Box writes one on almost every property), or in a separate fixtures
file keyed by component name (Stripe). :func:`example_cases` walks the description next to
the generated types (from the package's ``_index``), so each example is checked against
the exact annotation generated for the place it documents.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import pydantic
from pydantic import TypeAdapter

from typelink.openapi.loader import OpenAPIDocument
from typelink.openapi.schemas import merge_all_of
from typelink.openapi.select import select_operations


@dataclass(frozen=True)
class ExampleCase:
    location: str
    example: Any
    type: Any


def example_cases(doc: OpenAPIDocument, index: Any) -> list[ExampleCase]:
    """Every example reachable from the generated operations and components, with its type."""
    walker = _Walker(doc)
    for op in select_operations(doc, sorted(index.ENDPOINTS)):
        for shape in op.request:
            body = index.REQUEST_BODIES.get(op.operation_id, {}).get(shape.content_type)
            walker.media(f"{op.operation_id} request", shape, body)
        for status, shape in op.responses:
            if shape is not None:
                body = index.RESPONSE_BODIES[op.operation_id][int(status)].get(shape.content_type)
                walker.media(f"{op.operation_id} {status}", shape, body)
    for name, generated in index.COMPONENTS.items():
        walker.descend(doc.schemas[name], generated, name)
    return walker.cases


def validate(case: ExampleCase) -> str | None:
    """``None`` when the example validates and every field in it is a documented one."""
    try:
        value = TypeAdapter(case.type).validate_python(case.example)
    except pydantic.ValidationError as exc:
        return f"{case.location}: {exc.errors()[0]}"
    extra = list(_undocumented(value, case.location))
    return f"undocumented fields {extra}" if extra else None


def _undocumented(value: Any, location: str) -> Iterator[str]:
    if isinstance(value, pydantic.BaseModel):
        for key in value.model_extra or {}:
            yield f"{location}.{key}"
        for name in type(value).model_fields:
            yield from _undocumented(getattr(value, name), f"{location}.{name}")
    elif isinstance(value, list):
        for position, item in enumerate(value):
            yield from _undocumented(item, f"{location}[{position}]")
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _undocumented(item, f"{location}[{key!r}]")


class _Walker:
    def __init__(self, doc: OpenAPIDocument) -> None:
        self.doc = doc
        self.cases: list[ExampleCase] = []
        self._seen: set[tuple[int, str]] = set()

    def media(self, location: str, shape: Any, body: Any) -> None:
        if body is None or shape.schema is None:
            return
        for name, example in shape.examples.items():
            self.cases.append(ExampleCase(f"{location} example {name}", example, body))
        self.descend(shape.schema, body, location)

    def descend(self, node: Any, generated: Any, location: str) -> None:
        node = self.doc.deref(node)
        if not isinstance(node, Mapping):
            return
        key = (id(node), repr(generated))
        if key in self._seen:
            return
        self._seen.add(key)
        if "example" in node:
            self.cases.append(ExampleCase(location, node["example"], generated))
        if "allOf" in node:
            node = merge_all_of(self.doc, node)
        target = _without_none(generated)
        if isinstance(target, type) and issubclass(target, pydantic.BaseModel):
            fields = {info.alias or name: info for name, info in target.model_fields.items()}
            for wire, sub in (node.get("properties") or {}).items():
                if wire in fields:
                    self.descend(sub, fields[wire].annotation, f"{location}.{wire}")
        elif typing.get_origin(target) is list and isinstance(node.get("items"), Mapping):
            self.descend(node["items"], typing.get_args(target)[0], f"{location}[]")
        elif typing.get_origin(target) is dict and isinstance(
            node.get("additionalProperties"), Mapping
        ):
            self.descend(node["additionalProperties"], typing.get_args(target)[1], location)


def _without_none(annotation: Any) -> Any:
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        members = [a for a in typing.get_args(annotation) if a is not type(None)]
        return members[0] if len(members) == 1 else annotation
    return annotation
