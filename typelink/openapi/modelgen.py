"""Turn the schemas used by selected operations into model definitions.

Rules, in the order a reader of the generated code will wonder about them:

* each component schema becomes one class (objects) or one ``TypeAlias`` (anything else);
  only twins (``user`` and ``nullable-user``, identical apart from a top-level ``nullable``)
  share a class (see :mod:`.dedup`), and a reference to the nullable twin reads
  ``User | None``;
* inline objects get a class named after where they sit: ``Issue`` + ``pull_request`` ->
  ``IssuePullRequest``; bodies defined inline in an operation get ``<OperationId>Request`` /
  ``<OperationId>Response``; an inline object that several places repeat with the same
  title and content (Stripe's ``range_query_specs``) is one class, named after that title;
* parameters are typed too; an object parameter (a ``deepObject`` filter such as
  ``created[gte]``) gets a class like any inline object;
* a property the API may omit (not ``required``) is ``X | None = None``; a nullable one is
  ``X | None``; enums and consts are ``Literal``; ``oneOf``/``anyOf`` are unions; ``allOf`` is
  merged into one class; a map (``additionalProperties``) is ``dict[str, X]``;
* formats: ``date-time`` -> ``datetime``, ``date`` -> ``date``, ``binary`` -> ``bytes``; every
  other string (``uri`` included: some APIs send URI templates there) stays ``str``.

Whether response enums are open is decided afterwards, by :mod:`.opening`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from typelink.openapi.dedup import NULLABLE_PREFIXES, deduplicate
from typelink.openapi.inline import shared_inline_names
from typelink.openapi.loader import SCHEMA_PREFIX, OpenAPIDocument
from typelink.openapi.modules import assign_modules, group_for
from typelink.openapi.naming import class_name, field_name, unique
from typelink.openapi.params import parameter_defaults
from typelink.openapi.schemas import (
    TYPE_KEYS,
    constraint_only,
    docstring,
    field_doc,
    is_class_like,
    is_nullable,
    merge_all_of,
    needs_class,
)
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
    ModelSet,
    Named,
    OperationTypes,
    ParameterDef,
    Prim,
    TypeAliasDef,
    TypeExpr,
    names_in,
    union,
)

__all__ = ["build_models"]

_STRING_FORMATS = {"date-time": "datetime", "date": "date", "binary": "bytes"}


def build_models(doc: OpenAPIDocument, selected: Iterable[SelectedOperation]) -> ModelSet:
    """Definitions for every schema the selected operations' bodies and parameters reach."""
    chosen = list(selected)
    builder = _Builder(doc, referenced_schemas(doc, chosen), chosen)
    operations = [builder.operation(op) for op in chosen]
    model_set = ModelSet(definitions=builder.definitions, operations=operations)
    model_set.modules = assign_modules(
        model_set.definitions, [(op.group, op.annotations()) for op in operations]
    )
    model_set.components = {
        name: builder.python_name(name)
        for name in sorted(builder.built_components)
        if builder.python_name(name) in model_set.definitions
    }
    return model_set


class _Builder:
    def __init__(
        self, doc: OpenAPIDocument, components: list[str], chosen: list[SelectedOperation]
    ) -> None:
        self.doc = doc
        self.definitions: dict[str, Definition] = {}
        self.built_components: set[str] = set()
        self._canonical = deduplicate(doc, components)
        self._nullable = {name: is_nullable(doc.schemas[name]) for name in components}
        self._python_names = self._plan_names(sorted(set(self._canonical.values())))
        self._inline: dict[int, TypeExpr] = {}
        self._shared = shared_inline_names(doc, chosen, self._canonical, self._python_names)
        self._by_signature: dict[str, TypeExpr] = {}

    # -- names -------------------------------------------------------------------------------

    def _plan_names(self, canonical: list[str]) -> dict[str, str]:
        planned: dict[str, str] = {}
        plain_names = {class_name(name) for name in canonical}
        for name in canonical:
            python = class_name(name)
            if self._nullable[name]:
                for prefix in NULLABLE_PREFIXES:
                    stripped = class_name(name[len(prefix) :]) if name.startswith(prefix) else ""
                    if stripped and stripped not in plain_names:
                        python = stripped
                        break
            planned[name] = unique(python, planned.values())
        return planned

    def python_name(self, component: str) -> str:
        """The Python name generated for a component schema."""
        return self._python_names[self._canonical[component]]

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
        parameters = tuple(self._parameter(base, op, p) for p in op.operation.parameters)
        errors: dict[str, dict[str, TypeExpr]] = {}
        for error in op.errors:
            media = errors.setdefault(error.status, {})
            if error.media is not None and error.media.schema is not None:
                media[error.media.content_type] = self._body_type(
                    error.media.schema,
                    f"{base}{_status_word(error.status)}Error",
                    f"{error.status} response of {op.operation_id}",
                )
        return OperationTypes(
            operation_id=op.operation_id,
            method=op.operation.method,
            path=op.operation.path,
            group=group_for(op.operation),
            request=request,
            responses=responses,
            parameters=parameters,
            errors=errors,
        )

    def _parameter(
        self, base: str, op: SelectedOperation, param: Mapping[str, Any]
    ) -> ParameterDef:
        name = str(param.get("name", ""))
        location = str(param.get("in", "query"))
        schema = param.get("schema")
        origin = f"{location} parameter {name} of {op.operation_id}"
        expr = (
            self.type_for(schema, f"{base}{class_name(name)}", origin)
            if isinstance(schema, Mapping)
            else Prim("str")
        )
        style, explode = parameter_defaults(param)
        required = location == "path" or param.get("required") is True
        return ParameterDef(
            name=name,
            location=location,
            python_name=field_name(name),
            type=expr,
            required=required,
            style=style,
            explode=explode,
            doc=field_doc(param),
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
        self.built_components.add(name)
        if python not in self.definitions:
            self.built_components.add(canonical)
            self._build_component(canonical, python)
        named = Named(python)
        return union(named, NONE) if self._nullable[name] else named

    def _build_component(self, name: str, python: str) -> None:
        schema = self.doc.schemas[name]
        origin = f"components/schemas/{name}"
        doc = docstring(schema)
        if "allOf" in schema and is_class_like(merge_all_of(self.doc, schema)):
            schema = merge_all_of(self.doc, schema)
        if is_class_like(schema):
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
        if not strip_null and is_nullable(schema):
            return union(expr, NONE)
        return expr

    def _type_without_null(self, schema: Mapping[str, Any], hint: str, origin: str) -> TypeExpr:
        if "allOf" in schema:
            return self._all_of(schema, hint, origin)
        for key in ("oneOf", "anyOf"):
            if key in schema and not all(constraint_only(m) for m in schema[key]):
                return self._one_of(schema[key], hint, origin)
        if "const" in schema:
            return LiteralOf((schema["const"],))
        if "enum" in schema:
            return _enum(schema)
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
            return self._class(schema, schema, hint, origin)
        extra = schema.get("additionalProperties")
        if isinstance(extra, Mapping) and extra:
            return DictOf(self.type_for(extra, f"{hint}Value", origin))
        return DictOf(ANY)

    def _class(
        self,
        original: Mapping[str, Any],
        merged: Mapping[str, Any],
        hint: str,
        origin: str,
        base: str | None = None,
    ) -> TypeExpr:
        """The class for an inline object, made once per schema node (and per shared shape)."""
        key = id(original)
        if key in self._inline:
            return self._inline[key]
        shared = self._shared.get(key)
        if shared is not None and shared.signature in self._by_signature:
            self._inline[key] = self._by_signature[shared.signature]
            return self._inline[key]
        name = unique(shared.name if shared and shared.name else hint, self._taken())
        definition = ClassDef(name=name, origin=origin, doc=docstring(merged), base=base)
        self.definitions[name] = definition
        self._inline[key] = Named(name)
        if shared is not None:
            self._by_signature[shared.signature] = Named(name)
        definition.fields = self._fields(merged, name)
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
                    doc=field_doc(prop),
                )
            )
        return fields

    def _all_of(self, schema: Mapping[str, Any], hint: str, origin: str) -> TypeExpr:
        parts = schema["allOf"]
        own_shape = {k for k in schema if k in TYPE_KEYS and k not in ("allOf", "type")}
        if len(parts) == 1 and not own_shape:
            return self.type_for(parts[0], hint, origin)
        subclass = self._subclass(schema, hint, origin)
        if subclass is not None:
            return subclass
        merged = merge_all_of(self.doc, schema)
        if is_class_like(merged):
            return self._class(schema, merged, hint, origin)
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
        extra = merge_all_of(
            self.doc, {**own, "allOf": [p for p in schema["allOf"] if p is not refs[0]]}
        )
        base_props = set(merge_all_of(self.doc, base_schema).get("properties") or {})
        extra_names = set(extra.get("properties") or {}) | set(extra.get("required") or [])
        if (
            not is_class_like(base_schema)
            or not extra.get("properties")
            or base_props & extra_names
        ):
            return None
        base = self.component(str(refs[0]["$ref"])[len(SCHEMA_PREFIX) :])
        base_name = next(iter(names_in(base)))
        return self._class(schema, extra, hint, origin, base=base_name)

    def _one_of(self, members: list[Any], hint: str, origin: str) -> TypeExpr:
        needs_name = [m for m in members if "$ref" not in m and needs_class(m)]
        types: list[TypeExpr] = []
        for index, member in enumerate(members, start=1):
            member_hint = hint
            if len(needs_name) > 1:
                title = member.get("title")
                member_hint = f"{hint}{class_name(title)}" if title else f"{hint}{index}"
            types.append(self.type_for(member, member_hint, origin))
        return union(*types)


def _status_word(status: str) -> str:
    """``"404"`` -> ``"Status404"``, ``"default"`` -> ``"Default"`` (for inline error bodies)."""
    return f"Status{status.upper()}" if status[:1].isdigit() else class_name(status)


def _enum(schema: Mapping[str, Any]) -> TypeExpr:
    values = list(schema["enum"])
    literal = [v for v in values if isinstance(v, str | int) and not isinstance(v, float)]
    if len(literal) != len([v for v in values if v is not None]):
        kind = schema.get("type")
        return Prim("float") if kind == "number" else ANY
    members: list[TypeExpr] = [LiteralOf(tuple(literal))] if literal else []
    if None in values:
        members.append(NONE)
    return union(*members)
