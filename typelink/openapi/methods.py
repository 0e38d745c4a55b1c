"""One operation as one declared method: its arguments, return type, pagination and docs.

Arguments come in this order: path variables (in path order), the body when it is
required, required query and header parameters; then, keyword-only, the body when it is
optional and every optional parameter, each defaulting to ``NOT_GIVEN`` (not sent: the
server applies its own default, which the docstring quotes). Parameters are planned by
:mod:`typelink.openapi.arguments`. The body is the first of the request's media types
that is JSON, a form (``Form[Model]``, with ``form_style=`` brackets when the description
encodes fields as ``deepObject``), multipart (one ``Part`` per field) or anything else (raw
``bytes``, or ``str`` for ``text/*``); a media type typelink would not send by itself is
declared with ``@headers({"Content-Type": ...})``. GET and HEAD send no body, and an empty
object schema (Stripe writes one on every GET) is no body at all.

The return type is the first 2xx response with a body (JSON -> its model, ``text/*`` ->
``str``, anything else -> ``bytes``), ``X | None`` when another 2xx answer has no body
(``bytes`` and ``str`` stay as they are: an empty answer is empty),
``None`` when none has one, and ``Page[T]`` for a recognised pagination convention
(:mod:`typelink.openapi.paging`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from typelink.openapi.arguments import ArgumentPlan, parameter_arguments, sendable
from typelink.openapi.callnames import argument_name
from typelink.openapi.errorclasses import ErrorPlan
from typelink.openapi.loader import OpenAPIDocument, OpenAPIError
from typelink.openapi.paging import Pagination, detect_pagination
from typelink.openapi.prose import first_sentence, paragraphs
from typelink.openapi.select import MediaShape, SelectedOperation
from typelink.openapi.types import (
    ANY,
    NONE,
    ClassDef,
    Definition,
    DictOf,
    ListOf,
    Named,
    OperationTypes,
    Prim,
    TypeExpr,
    UnionOf,
    union,
)

__all__ = ["ArgumentPlan", "MethodPlan", "ordered", "plan_method"]

_NO_BODY_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})
_BODY_PREFERENCE = ("json", "x-www-form-urlencoded", "multipart/form-data")
_SENT_BY_DEFAULT = frozenset({"application/json", "application/x-www-form-urlencoded"})


@dataclass
class MethodPlan:
    """Everything the renderer writes for one operation."""

    operation_id: str
    name: str
    http_method: str
    path: str
    """The declaration's path: relative, each variable spelt as its argument."""
    spec_path: str
    """The path as the description writes it (for the docstring)."""
    arguments: list[ArgumentPlan]
    returns: TypeExpr
    page: Pagination | None = None
    not_paginated: str | None = None
    errors: list[str] = field(default_factory=list)
    form_brackets: bool = False
    content_type: str | None = None
    """A request media type typelink would not send by itself (``image/jpeg``,
    ``application/merge-patch+json``): declared with ``@headers``."""
    summary: str = ""
    description: list[str] = field(default_factory=list)
    docs_url: str | None = None
    deprecated: bool = False
    notes: list[str] = field(default_factory=list)
    """What the declaration leaves out or types loosely, and why (docstring and report)."""


def _media_rank(content_type: str) -> tuple[int, str]:
    for rank, marker in enumerate(_BODY_PREFERENCE):
        if marker in content_type:
            return rank, content_type
    return len(_BODY_PREFERENCE), content_type


def _is_empty_object(schema: Any, doc: OpenAPIDocument) -> bool:
    node = doc.deref(schema) if isinstance(schema, Mapping) else {}
    extra = node.get("additionalProperties")
    return (
        node.get("type") == "object"
        and not node.get("properties")
        and not (isinstance(extra, Mapping) and extra)
        and not any(k in node for k in ("allOf", "oneOf", "anyOf"))
    )


def _body_arguments(
    op: SelectedOperation,
    types: OperationTypes,
    doc: OpenAPIDocument,
    definitions: Mapping[str, Definition],
    plan: MethodPlan,
) -> list[ArgumentPlan]:
    shapes = {shape.content_type: shape for shape in op.request}
    if not shapes:
        return []
    content_type = min(shapes, key=_media_rank)
    shape = shapes[content_type]
    if _is_empty_object(shape.schema, doc):
        return []
    if op.operation.method in _NO_BODY_METHODS:
        plan.notes.append(f"the request body is left out ({op.operation.method} sends none)")
        return []
    expr = types.request[content_type]
    required = op.request_required
    taken = [a.name for a in plan.arguments]
    name = argument_name("body", taken) if "body" in taken else "body"
    if content_type not in _SENT_BY_DEFAULT and "multipart/form-data" not in content_type:
        plan.content_type = content_type
    if "json" in content_type:
        return [ArgumentPlan(name, "body", "body", expr, required)]
    if "x-www-form-urlencoded" in content_type:
        plan.form_brackets = _uses_deep_objects(op, content_type, doc)
        return [ArgumentPlan(name, "body", "form", _model(expr, op, content_type), required)]
    if "multipart/form-data" in content_type:
        return _parts(_model(expr, op, content_type), definitions, taken)
    raw = Prim("str") if content_type.startswith("text/") else Prim("bytes")
    return [ArgumentPlan(name, "body", "body", raw, required)]


def _model(expr: TypeExpr, op: SelectedOperation, content_type: str) -> Named:
    if isinstance(expr, Named):
        return expr
    raise OpenAPIError(
        f"{op.operation_id}: a {content_type} body must be an object with properties "
        "(it has no model class); leave the operation out"
    )


def _uses_deep_objects(op: SelectedOperation, content_type: str, doc: OpenAPIDocument) -> bool:
    body = doc.deref(op.operation.spec.get("requestBody") or {})
    media = (body.get("content") or {}).get(content_type) or {}
    encodings = media.get("encoding") or {}
    return any(
        isinstance(rule, Mapping) and rule.get("style") == "deepObject"
        for rule in encodings.values()
    )


def _parts(
    model: Named, definitions: Mapping[str, Definition], taken: list[str]
) -> list[ArgumentPlan]:
    definition = definitions[model.name]
    assert isinstance(definition, ClassDef)
    parts: list[ArgumentPlan] = []
    for item in definition.fields:
        name = argument_name(item.wire, [*taken, *(p.name for p in parts)])
        parts.append(ArgumentPlan(name, item.wire, "part", sendable(item.type), item.required))
    return parts


def _success(
    op: SelectedOperation, types: OperationTypes
) -> tuple[str | None, MediaShape | None, TypeExpr]:
    """``(status, media shape, type)`` of the response the method returns."""
    statuses = sorted(types.responses)
    empty = any(not types.responses[status] for status in statuses)
    for status in statuses:
        media = types.responses[status]
        if not media:
            continue
        content_type = min(media, key=lambda ct: ("json" not in ct, ct != "application/json", ct))
        shape = next(
            s for st, s in op.responses if st == status and s and s.content_type == content_type
        )
        if "json" in content_type:
            expr = ANY if shape.schema is None else media[content_type]
        elif content_type.startswith("text/"):
            expr = Prim("str")
        else:
            expr = Prim("bytes")
        # ``bytes``/``str`` are read as they come: an empty answer is b"" / "", not None.
        nullable = empty and isinstance(expr, Named | ListOf | UnionOf | DictOf)
        return status, shape, union(expr, NONE) if nullable else expr
    return None, None, NONE


def ordered(arguments: list[ArgumentPlan]) -> tuple[list[ArgumentPlan], list[ArgumentPlan]]:
    """``(positional, keyword-only)``: path variables, the required body and required
    parameters first; the optional body and optional parameters after ``*``."""
    bodies = ("body", "form", "part")
    positional = [a for a in arguments if a.kind == "path"]
    positional += [a for a in arguments if a.kind in bodies and a.required]
    positional += [a for a in arguments if a.kind in ("query", "header") and a.required]
    optional = [a for a in arguments if a.kind in bodies and not a.required]
    optional += [a for a in arguments if a.kind in ("query", "header") and not a.required]
    return positional, optional


def plan_method(
    name: str,
    op: SelectedOperation,
    types: OperationTypes,
    doc: OpenAPIDocument,
    definitions: Mapping[str, Definition],
    errors: ErrorPlan,
) -> MethodPlan:
    """The declaration of one operation (its method ``name`` chosen by the consumer)."""
    spec = op.operation.spec
    description = str(spec.get("description") or "")
    summary = " ".join(str(spec.get("summary") or "").split())
    details = paragraphs(description)
    if not summary and details:
        summary = first_sentence(description)
        details[0] = details[0][len(summary) :].strip()
    docs = spec.get("externalDocs")
    plan = MethodPlan(
        operation_id=op.operation_id,
        name=name,
        http_method=op.operation.method,
        path=op.operation.path,
        spec_path=op.operation.path,
        arguments=[],
        returns=NONE,
        errors=list(errors.specific.get(op.operation_id, [])),
        summary=summary,
        description=[p for p in details if p and p != summary],
        docs_url=str(docs["url"]) if isinstance(docs, Mapping) and docs.get("url") else None,
        deprecated=spec.get("deprecated") is True,
    )
    own_server = _own_server(op, doc)
    if own_server is not None:
        plan.notes.append(
            f"the description serves this operation from {own_server}; it is declared on the "
            "client's base URL (move it to a consumer with base_url_name for that host)"
        )
    plan.arguments = parameter_arguments(op, types, doc, definitions, plan.notes)
    plan.arguments += _body_arguments(op, types, doc, definitions, plan)
    plan.path = _python_path(op.operation.path, plan.arguments)
    status, shape, plan.returns = _success(op, types)
    if status is not None and shape is not None and op.operation.method == "GET":
        found = detect_pagination(doc, op, status, shape.schema, plan.returns, definitions)
        if isinstance(found, Pagination):
            plan.page = found
        elif isinstance(found, str):
            plan.not_paginated = found
    return plan


def _own_server(op: SelectedOperation, doc: OpenAPIDocument) -> str | None:
    """The operation's own server URL when it differs from the description's."""
    servers = op.operation.spec.get("servers")
    default = (doc.data.get("servers") or [{}])[0].get("url")
    if isinstance(servers, list) and servers and isinstance(servers[0], Mapping):
        url = servers[0].get("url")
        return str(url) if url and url != default else None
    return None


def _python_path(path: str, arguments: list[ArgumentPlan]) -> str:
    """The path template with each variable spelt as its argument (``{team-id}`` ->
    ``{team_id}``), without the leading ``/`` (paths are relative to the base URL)."""
    for argument in arguments:
        if argument.kind == "path" and argument.name != argument.wire:
            path = path.replace("{" + argument.wire + "}", "{" + argument.name + "}")
    return path.lstrip("/")
