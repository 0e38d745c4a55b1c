"""Turn the schemas used by selected operations into model definitions.

Rules, in the order a reader of the generated code will wonder about them:

* each component schema becomes one class (objects) or one ``TypeAlias`` (anything else);
  components that are identical apart from documentation and top-level ``nullable`` become
  *one* class, and a reference to the nullable twin reads ``Class | None``;
* inline objects get a class named after where they sit: ``Issue`` + ``pull_request`` ->
  ``IssuePullRequest``; request and response bodies defined inline in an operation get
  ``<OperationId>Request`` / ``<OperationId>Response``;
* a property the API may omit (not ``required``) is ``X | None = None``; a nullable one is
  ``X | None``; enums and consts are ``Literal``; ``oneOf``/``anyOf`` are unions; ``allOf`` is
  merged into one class; a map (``additionalProperties``) is ``dict[str, X]``;
* formats: ``date-time`` -> ``datetime``, ``date`` -> ``date``, ``binary`` -> ``bytes``; every
  other string (``uri`` included: some APIs send URI templates there) stays ``str``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from typelink.openapi.loader import SCHEMA_PREFIX, OpenAPIDocument
from typelink.openapi.naming import class_name, field_name, unique
from typelink.openapi.select import SelectedOperation, referenced_schemas
from typelink.openapi.types import (
    ANY,
    NONE,
    ClassDef,
    Definition,
    DictOf,
    FieldDef,
    ListOf,
    LiteralOf,
    Named,
    Prim,
    TypeAliasDef,
    TypeExpr,
    names_in,
    union,
)

__all__ = ["COMMON_MODULE", "ModelSet", "OperationTypes", "build_models"]

COMMON_MODULE = "common"
_DOC_KEYS = frozenset(
    {"title", "description", "example", "examples", "externalDocs", "deprecated", "x-github"}
)
_TYPE_KEYS = frozenset(
    {"type", "properties", "$ref", "items", "enum", "const", "allOf", "oneOf", "anyOf"}
    | {"additionalProperties", "format"}
)
_STRING_FORMATS = {"date-time": "datetime", "date": "date", "binary": "bytes"}
_NULLABLE_PREFIXES = ("nullable-", "nullable_", "Nullable")


@dataclass(frozen=True)
class OperationTypes:
    """What one operation sends and returns, as annotations, plus the module it belongs to."""

    operation_id: str
    method: str
    path: str
    group: str
    request: Mapping[str, TypeExpr]
    responses: Mapping[str, Mapping[str, TypeExpr]]

    def names(self) -> set[str]:
        """Generated names the operation's bodies use directly."""
        found: set[str] = set()
        for expr in self.request.values():
            found |= names_in(expr)
        for media in self.responses.values():
            for expr in media.values():
                found |= names_in(expr)
        return found


@dataclass
class ModelSet:
    """Everything the renderer needs: definitions, operations, and where each name lives."""

    definitions: dict[str, Definition]
    operations: list[OperationTypes]
    modules: dict[str, str] = field(default_factory=dict)


def build_models(doc: OpenAPIDocument, selected: Iterable[SelectedOperation]) -> ModelSet:
    """Definitions for every schema the selected operations' bodies reach."""
    chosen = list(selected)
    builder = _Builder(doc, referenced_schemas(doc, chosen))
    operations = [builder.operation(op) for op in chosen]
    model_set = ModelSet(definitions=builder.definitions, operations=operations)
    model_set.modules = _assign_modules(model_set)
    return model_set


class _Builder:
    def __init__(self, doc: OpenAPIDocument, components: list[str]) -> None:
        self.doc = doc
        self.definitions: dict[str, Definition] = {}
        self._canonical = _deduplicate(doc, components)
        self._nullable = {name: _is_nullable(doc.schemas[name]) for name in components}
        self._python_names = self._plan_names(sorted(set(self._canonical.values())))
        self._inline: dict[int, TypeExpr] = {}

    # -- names -------------------------------------------------------------------------------

    def _plan_names(self, canonical: list[str]) -> dict[str, str]:
        planned: dict[str, str] = {}
        plain_names = {class_name(name) for name in canonical}
        for name in canonical:
            python = class_name(name)
            if self._nullable[name]:
                for prefix in _NULLABLE_PREFIXES:
                    stripped = class_name(name[len(prefix) :]) if name.startswith(prefix) else ""
                    if stripped and stripped not in plain_names:
                        python = stripped
                        break
            planned[name] = unique(python, planned.values())
        return planned

    def _taken(self) -> set[str]:
        return set(self._python_names.values()) | set(self.definitions)

    # -- operations --------------------------------------------------------------------------

    def operation(self, op: SelectedOperation) -> OperationTypes:
        base = class_name(op.operation_id)
        request: dict[str, TypeExpr] = {}
        for shape in op.request:
            request[shape.content_type] = self._body_type(
                shape.schema, f"{base}Request", f"request body of {op.operation_id}"
            )
        responses: dict[str, dict[str, TypeExpr]] = {}
        for status, response in op.responses:
            media = responses.setdefault(status, {})
            if response is not None:
                media[response.content_type] = self._body_type(
                    response.schema, f"{base}Response", f"{status} response of {op.operation_id}"
                )
        tags = op.operation.tags
        return OperationTypes(
            operation_id=op.operation_id,
            method=op.operation.method,
            path=op.operation.path,
            group=field_name(tags[0]) if tags else "operations",
            request=request,
            responses=responses,
        )

    def _body_type(self, schema: Mapping[str, Any] | None, hint: str, origin: str) -> TypeExpr:
        if schema is None:
            return Prim("bytes")
        return self.type_for(schema, hint, origin=origin)

    # -- schemas -----------------------------------------------------------------------------

    def component(self, name: str) -> TypeExpr:
        """The annotation for a reference to ``#/components/schemas/<name>``."""
        canonical = self._canonical[name]
        python = self._python_names[canonical]
        if python not in self.definitions:
            self._build_component(canonical, python)
        named = Named(python)
        return union(named, NONE) if self._nullable[name] else named

    def _build_component(self, name: str, python: str) -> None:
        schema = self.doc.schemas[name]
        origin = f"components/schemas/{name}"
        doc = _docstring(schema)
        if "allOf" in schema and _merges_into_object(self.doc, schema):
            schema = _merge_all_of(self.doc, schema)
        if _is_class_like(schema):
            definition = ClassDef(name=python, origin=origin, doc=doc)
            self.definitions[python] = definition
            definition.fields = self._fields(schema, python)
            return
        placeholder = TypeAliasDef(name=python, origin=origin, type=ANY, doc=doc)
        self.definitions[python] = placeholder
        bare = {k: v for k, v in schema.items() if k != "nullable"}
        placeholder.type = self.type_for(bare, python, origin=origin, strip_null=True)

    def type_for(
        self, schema: Mapping[str, Any], hint: str, origin: str, strip_null: bool = False
    ) -> TypeExpr:
        """The annotation for ``schema``; inline objects become classes named ``hint``."""
        ref = schema.get("$ref")
        if isinstance(ref, str):
            if ref.startswith(SCHEMA_PREFIX):
                referenced = self.component(ref[len(SCHEMA_PREFIX) :])
                return union(referenced, NONE) if schema.get("nullable") is True else referenced
            return self.type_for(self.doc.deref(schema), hint, origin)
        expr = self._type_without_null(schema, hint, origin)
        if not strip_null and _is_nullable(schema):
            return union(expr, NONE)
        return expr

    def _type_without_null(self, schema: Mapping[str, Any], hint: str, origin: str) -> TypeExpr:
        if "allOf" in schema:
            return self._all_of(schema, hint, origin)
        for key in ("oneOf", "anyOf"):
            if key in schema and not all(_constraint_only(m) for m in schema[key]):
                return self._one_of(schema[key], hint, origin)
        if "const" in schema:
            return LiteralOf((schema["const"],))
        if "enum" in schema:
            return self._enum(schema)
        kinds = schema.get("type")
        if isinstance(kinds, list):
            options = [k for k in kinds if k != "null"]
            return union(*(self._single_type({**schema, "type": k}, hint, origin) for k in options))
        return self._single_type(schema, hint, origin)

    def _single_type(self, schema: Mapping[str, Any], hint: str, origin: str) -> TypeExpr:
        kind = schema.get("type")
        if kind == "string":
            return Prim(_STRING_FORMATS.get(str(schema.get("format", "")), "str"))
        if kind == "integer":
            return Prim("int")
        if kind == "number":
            return Prim("float")
        if kind == "boolean":
            return Prim("bool")
        if kind == "null":
            return NONE
        if kind == "array" or "items" in schema:
            items = schema.get("items")
            if not isinstance(items, Mapping) or not items:
                return ListOf(ANY)
            return ListOf(self.type_for(items, f"{hint}Item", origin))
        if kind == "object" or "properties" in schema or "additionalProperties" in schema:
            return self._object(schema, hint, origin)
        return ANY

    def _object(self, schema: Mapping[str, Any], hint: str, origin: str) -> TypeExpr:
        if schema.get("properties"):
            return self._inline_class(schema, hint, origin)
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping) and extra:
            return DictOf(self.type_for(extra, f"{hint}Value", origin))
        return DictOf(ANY)

    def _inline_class(self, schema: Mapping[str, Any], hint: str, origin: str) -> TypeExpr:
        key = id(schema)
        if key in self._inline:
            return self._inline[key]
        name = unique(hint, self._taken())
        definition = ClassDef(name=name, origin=origin, doc=_docstring(schema))
        self.definitions[name] = definition
        self._inline[key] = Named(name)
        definition.fields = self._fields(schema, name)
        return Named(name)

    def _fields(self, schema: Mapping[str, Any], owner: str) -> list[FieldDef]:
        required = set(schema.get("required") or [])
        fields: list[FieldDef] = []
        taken: set[str] = set()
        for wire, raw in (schema.get("properties") or {}).items():
            prop: Mapping[str, Any] = raw if isinstance(raw, Mapping) else {}
            python = unique(field_name(wire), taken)
            taken.add(python)
            expr = self.type_for(prop, f"{owner}{class_name(wire)}", f"inline in {owner}.{wire}")
            is_required = wire in required
            fields.append(
                FieldDef(
                    name=python,
                    wire=wire,
                    type=expr if is_required else union(expr, NONE),
                    required=is_required,
                    doc=_field_doc(prop),
                )
            )
        return fields

    def _all_of(self, schema: Mapping[str, Any], hint: str, origin: str) -> TypeExpr:
        parts = schema["allOf"]
        own_shape = {k for k in schema if k in _TYPE_KEYS and k not in ("allOf", "type")}
        if len(parts) == 1 and not own_shape:
            return self.type_for(parts[0], hint, origin)
        subclass = self._subclass(schema, hint, origin)
        if subclass is not None:
            return subclass
        merged = _merge_all_of(self.doc, schema)
        if _is_class_like(merged):
            return self._inline_class_from_merged(schema, merged, hint, origin)
        return self._type_without_null(merged, hint, origin)

    def _subclass(self, schema: Mapping[str, Any], hint: str, origin: str) -> TypeExpr | None:
        """``allOf: [{$ref: Base}, {properties: ...}]`` reads best as ``class X(Base)``.

        Only when the extra parts add new properties and do not re-declare the base's.
        """
        refs = [p for p in schema["allOf"] if "$ref" in p]
        if len(refs) != 1 or not str(refs[0]["$ref"]).startswith(SCHEMA_PREFIX):
            return None
        base_schema = self.doc.deref(refs[0])
        own = {k: v for k, v in schema.items() if k != "allOf"}
        extra = _merge_all_of(
            self.doc, {**own, "allOf": [p for p in schema["allOf"] if p is not refs[0]]}
        )
        base_props = set(_merge_all_of(self.doc, base_schema).get("properties") or {})
        extra_names = set(extra.get("properties") or {}) | set(extra.get("required") or [])
        if (
            not _is_class_like(base_schema)
            or not extra.get("properties")
            or base_props & extra_names
        ):
            return None
        key = id(schema)
        if key not in self._inline:
            base = self.component(str(refs[0]["$ref"])[len(SCHEMA_PREFIX) :])
            base_name = next(iter(names_in(base)))
            name = unique(hint, self._taken())
            definition = ClassDef(name=name, origin=origin, doc=_docstring(extra), base=base_name)
            self.definitions[name] = definition
            self._inline[key] = Named(name)
            definition.fields = self._fields(extra, name)
        return self._inline[key]

    def _inline_class_from_merged(
        self, original: Mapping[str, Any], merged: Mapping[str, Any], hint: str, origin: str
    ) -> TypeExpr:
        key = id(original)
        if key not in self._inline:
            name = unique(hint, self._taken())
            definition = ClassDef(name=name, origin=origin, doc=_docstring(merged))
            self.definitions[name] = definition
            self._inline[key] = Named(name)
            definition.fields = self._fields(merged, name)
        return self._inline[key]

    def _one_of(self, members: list[Any], hint: str, origin: str) -> TypeExpr:
        needs_name = [m for m in members if "$ref" not in m and _needs_class(m)]
        types: list[TypeExpr] = []
        for index, member in enumerate(members, start=1):
            member_hint = hint
            if len(needs_name) > 1:
                title = member.get("title")
                member_hint = f"{hint}{class_name(title)}" if title else f"{hint}{index}"
            types.append(self.type_for(member, member_hint, origin))
        return union(*types)

    def _enum(self, schema: Mapping[str, Any]) -> TypeExpr:
        values = list(schema["enum"])
        literal = [v for v in values if isinstance(v, str | int) and not isinstance(v, float)]
        if len(literal) != len([v for v in values if v is not None]):
            kind = schema.get("type")
            return Prim("float") if kind == "number" else ANY
        members: list[TypeExpr] = [LiteralOf(tuple(literal))] if literal else []
        if None in values:
            members.append(NONE)
        return union(*members)


def _assign_modules(model_set: ModelSet) -> dict[str, str]:
    """A name used (transitively) by one group's operations lives in that group's module;
    a name several groups use lives in :data:`COMMON_MODULE`. Common models therefore only
    use common models, so modules never import each other in a circle.
    """
    owners: dict[str, set[str]] = {}
    for op in model_set.operations:
        stack = sorted(op.names())
        while stack:
            name = stack.pop()
            groups = owners.setdefault(name, set())
            if op.group in groups:
                continue
            groups.add(op.group)
            stack.extend(sorted(model_set.definitions[name].depends_on()))
    modules: dict[str, str] = {}
    for name in model_set.definitions:
        groups = owners.get(name, set())
        modules[name] = next(iter(groups)) if len(groups) == 1 else COMMON_MODULE
    return modules


def _is_nullable(schema: Mapping[str, Any]) -> bool:
    kinds = schema.get("type")
    return schema.get("nullable") is True or (isinstance(kinds, list) and "null" in kinds)


def _constraint_only(member: Any) -> bool:
    """``oneOf: [{required: [a]}, {required: [b]}]`` says "send one of these", not a type."""
    return isinstance(member, Mapping) and not (set(member) & _TYPE_KEYS)


def _needs_class(schema: Mapping[str, Any]) -> bool:
    return bool(schema.get("properties")) or "allOf" in schema


def _is_class_like(schema: Mapping[str, Any]) -> bool:
    if "properties" in schema:
        return True
    extra = schema.get("additionalProperties")
    has_map_values = isinstance(extra, Mapping) and bool(extra)
    return schema.get("type") == "object" and extra is False and not has_map_values


def _merges_into_object(doc: OpenAPIDocument, schema: Mapping[str, Any]) -> bool:
    return _is_class_like(_merge_all_of(doc, schema))


def _merge_all_of(doc: OpenAPIDocument, schema: Mapping[str, Any]) -> dict[str, Any]:
    """One object schema with the properties and ``required`` of every ``allOf`` part."""
    merged: dict[str, Any] = {}
    properties: dict[str, Any] = {}
    required: list[str] = []
    own = {k: v for k, v in schema.items() if k != "allOf"}
    for part in [*(doc.deref(p) for p in schema.get("allOf", [])), own]:
        flat = _merge_all_of(doc, part) if "allOf" in part else part
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


def _deduplicate(doc: OpenAPIDocument, names: list[str]) -> dict[str, str]:
    """Map each component to one representative among components identical to it."""
    mapping = {name: name for name in names}
    while True:
        groups: dict[str, list[str]] = {}
        for name in names:
            signature = json.dumps(_strip(doc.schemas[name], mapping), sort_keys=True)
            groups.setdefault(signature, []).append(name)
        updated: dict[str, str] = {}
        for members in groups.values():
            keep = min(members, key=lambda n: (n.startswith(_NULLABLE_PREFIXES), len(n), n))
            updated.update((member, keep) for member in members)
        if updated == mapping:
            return mapping
        mapping = updated


def _strip(node: Any, mapping: Mapping[str, str], top: bool = True) -> Any:
    """A schema without documentation keys, with references renamed to representatives."""
    if not isinstance(node, Mapping):
        return node
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in _DOC_KEYS or (top and key == "nullable"):
            continue
        if key == "$ref" and isinstance(value, str) and value.startswith(SCHEMA_PREFIX):
            target = value[len(SCHEMA_PREFIX) :]
            out[key] = mapping.get(target, target)
        elif key in ("properties", "patternProperties") and isinstance(value, Mapping):
            out[key] = {k: _strip(v, mapping, top=False) for k, v in value.items()}
        elif key in ("allOf", "oneOf", "anyOf", "prefixItems") and isinstance(value, list):
            out[key] = [_strip(v, mapping, top=False) for v in value]
        elif key in ("items", "additionalProperties", "not"):
            out[key] = _strip(value, mapping, top=False)
        else:
            out[key] = value
    return out


def _docstring(schema: Mapping[str, Any]) -> str:
    description = str(schema.get("description") or "").strip()
    title = str(schema.get("title") or "").strip()
    return description or title


def _field_doc(schema: Mapping[str, Any]) -> str:
    text = str(schema.get("description") or "").strip()
    if schema.get("deprecated") is True:
        text = f"Deprecated. {text}".strip()
    return text
