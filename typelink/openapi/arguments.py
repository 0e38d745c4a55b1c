"""Arguments for an operation's parameters: names, types, wire names and styles.

A parameter keeps its wire name as its argument name when Python allows it (see
:func:`typelink.openapi.callnames.argument_name`). Its type is the model generator's, without
``None`` (a parameter left out is simply not sent) and with ``Any`` made ``str``. Wire
styles follow the description: ``deepObject`` objects (``created[gte]=1``), unexploded
lists (``ids=1,2``), delimited lists; a ``deepObject`` *list* is written
``expand[]=a&expand[]=b`` (OpenAPI leaves it undefined; this is the Rails/PHP/Stripe
convention). A value no OpenAPI style can write in its place (a list of objects in a query,
an object in a header) is typed ``str``: the caller sends it written as the API expects
(the description does not say how), and the docstring says so. ``Accept``,
``Content-Type`` and ``Authorization`` header parameters are ignored, as OpenAPI says;
cookie parameters cannot be sent per call and are left out (reported).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from typelink.openapi.callnames import argument_name
from typelink.openapi.loader import OpenAPIDocument, OpenAPIError
from typelink.openapi.select import SelectedOperation
from typelink.openapi.types import (
    ANY,
    NONE,
    ClassDef,
    Definition,
    DictOf,
    ListOf,
    LiteralOf,
    Named,
    OperationTypes,
    ParameterDef,
    Prim,
    TypeAliasDef,
    TypeExpr,
    UnionOf,
    render,
    union,
)

__all__ = ["ArgumentPlan", "parameter_arguments", "sendable"]

_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_SCALARS = frozenset({"str", "int", "float", "bool", "datetime", "date", "UnknownValue"})


@dataclass(frozen=True)
class ArgumentPlan:
    """One argument of a generated method.

    ``kind``: ``path``, ``query``, ``header``, ``body`` (JSON or raw), ``form`` (a whole
    form-encoded body) or ``part`` (one multipart part). ``style``/``explode``: a query
    parameter's style, only where it differs from the default (``form``, exploded).
    """

    name: str
    wire: str
    kind: str
    type: TypeExpr
    required: bool
    style: str | None = None
    explode: bool | None = None
    default: str | None = None


def _without_none(expr: TypeExpr) -> TypeExpr:
    if isinstance(expr, UnionOf):
        return union(*(m for m in expr.members if m != NONE))
    return NONE if expr == NONE else expr


def sendable(expr: TypeExpr) -> TypeExpr:
    """A parameter type that can travel as text: ``Any`` becomes ``str``."""
    expr = _without_none(expr)
    if expr in (ANY, NONE):
        return Prim("str")
    if isinstance(expr, ListOf):
        return ListOf(sendable(expr.item))
    if isinstance(expr, DictOf):
        return DictOf(sendable(expr.value))
    return expr


def _resolved(expr: TypeExpr, definitions: Mapping[str, Definition]) -> TypeExpr:
    while isinstance(expr, Named) and isinstance(definitions.get(expr.name), TypeAliasDef):
        alias = definitions[expr.name]
        assert isinstance(alias, TypeAliasDef)
        expr = alias.type
    return expr


def _is_scalar(expr: TypeExpr, definitions: Mapping[str, Definition]) -> bool:
    expr = _resolved(expr, definitions)
    if isinstance(expr, UnionOf):
        return all(_is_scalar(m, definitions) for m in expr.members if m != NONE)
    return isinstance(expr, LiteralOf) or (isinstance(expr, Prim) and expr.name in _SCALARS)


def _is_object(expr: TypeExpr, definitions: Mapping[str, Definition]) -> bool:
    expr = _resolved(expr, definitions)
    if isinstance(expr, Named):
        return isinstance(definitions.get(expr.name), ClassDef)
    return isinstance(expr, DictOf) and _is_scalar(expr.value, definitions)


def _writable(expr: TypeExpr, location: str, definitions: Mapping[str, Definition]) -> bool:
    """Whether a typelink declaration can send ``expr`` as a ``location`` parameter."""
    resolved = _resolved(expr, definitions)
    members = (
        [m for m in resolved.members if m != NONE] if isinstance(resolved, UnionOf) else [resolved]
    )
    texts = [m for m in members if _is_text(m, definitions)]
    if len(texts) == len(members):
        return True  # scalars and lists of scalars (``str | list[str]``)
    if location != "query":
        return False
    objects = [m for m in members if _is_object(m, definitions)]
    return bool(objects) and all(m in objects or _is_scalar(m, definitions) for m in members)


def _is_text(expr: TypeExpr, definitions: Mapping[str, Definition]) -> bool:
    """A scalar, or a list of scalars: what travels as text (or repeated text)."""
    resolved = _resolved(expr, definitions)
    if isinstance(resolved, ListOf):
        return _is_scalar(resolved.item, definitions)
    return _is_scalar(resolved, definitions)


def _default(param: Mapping[str, Any], doc: OpenAPIDocument) -> str | None:
    schema = doc.deref(param.get("schema") or {})
    if isinstance(schema, Mapping) and "default" in schema:
        return json.dumps(schema["default"], ensure_ascii=False)
    return None


def _query_wire(param: ParameterDef, expr: TypeExpr) -> tuple[str, str | None, bool | None]:
    """``(wire name, style, explode)`` of a query parameter as the declaration spells it."""
    if param.style == "deepObject":
        if isinstance(expr, ListOf):
            return f"{param.name}[]", None, None
        return param.name, "deepObject", None
    if param.style in ("spaceDelimited", "pipeDelimited") and not param.explode:
        return param.name, param.style, None
    if param.style == "form" and not param.explode:
        return param.name, None, False
    return param.name, None, None


def parameter_arguments(
    op: SelectedOperation,
    types: OperationTypes,
    doc: OpenAPIDocument,
    definitions: Mapping[str, Definition],
    notes: list[str],
) -> list[ArgumentPlan]:
    """The arguments for ``op``'s parameters, path variables first (in path order);
    ``notes`` collects what was left out or typed ``str`` for want of a wire format."""
    raw = {(str(p.get("name")), str(p.get("in"))): p for p in op.operation.parameters}
    ordered = sorted(
        types.parameters,
        key=lambda p: (p.location != "path", _path_position(op.operation.path, p.name)),
    )
    arguments: list[ArgumentPlan] = []
    for param in ordered:
        expr = sendable(param.type)
        default = None if param.required else _default(raw[(param.name, param.location)], doc)
        if param.location == "cookie":
            if param.required:
                raise OpenAPIError(
                    f"{op.operation_id}: the required cookie parameter {param.name!r} cannot "
                    "be sent per call; leave the operation out"
                )
            notes.append(f"the cookie parameter {param.name} is left out (no cookies per call)")
            continue
        if param.location == "header" and param.name.lower() in _IGNORED_HEADERS:
            continue
        if not _writable(expr, param.location, definitions):
            notes.append(
                f"{param.name} is typed str: OpenAPI has no wire format for {render(expr)} "
                "(send it written as the API expects)"
            )
            expr = Prim("str")
        wire, style, explode = param.name, None, None
        if param.location == "query":
            wire, style, explode = _query_wire(param, expr)
        taken = [a.name for a in arguments]
        arguments.append(
            ArgumentPlan(
                name=argument_name(param.name, taken),
                wire=wire,
                kind=param.location,
                type=expr,
                required=param.required,
                style=style,
                explode=explode,
                default=default,
            )
        )
    return arguments


def _path_position(path: str, name: str) -> int:
    position = path.find("{" + name + "}")
    return position if position >= 0 else len(path)
