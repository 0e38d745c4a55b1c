"""Which operations are paginated, and how: the pagination conventions a description shows.

A GET operation returns ``Page[T]`` when its 2xx response and its query parameters follow
one of these conventions (tried in this order):

=================================  =========================================================
convention                          recognised by
=================================  =========================================================
``Link`` header (GitHub, GitLab)    the 2xx response documents a ``Link`` header
cursor from the last item (Stripe)  a ``has_more`` boolean, an item list, ``starting_after``
offset and limit (Box)              ``offset`` and ``limit`` query parameters, an item list
cursor in the body                  a ``next_<x>`` / ``next<X>`` body field and an ``<x>``
                                    query parameter (``next_page``/``page``,
                                    ``next_marker``/``marker``, ``nextPageToken``/``pageToken``)
page number                         ``page`` plus ``per_page``, ``page_size`` or ``limit``
next URL in the body                a ``next`` (or ``next_url``, ``nextLink``) string field
=================================  =========================================================

The item list is the body itself when it is an array, else its one array field (or, among
several, the first of ``data``, ``items``, ``entries``, ``results``, ``values``). Offset
pagination wins over a marker cursor because it is what the API does by default (Box's
markers need ``usemarker=true``), so a walk never stops early because a flag was missing.
A ``next_stream_position`` is an event stream's position, not a page cursor (the stream
never ends). An operation that looks like a list (an item list plus parameters such as
``page`` or ``cursor``) but follows none of these is reported, not guessed.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from typelink.openapi.loader import OpenAPIDocument
from typelink.openapi.schemas import merge_all_of
from typelink.openapi.select import SelectedOperation
from typelink.openapi.types import (
    NONE,
    ClassDef,
    Definition,
    ListOf,
    Named,
    TypeAliasDef,
    TypeExpr,
    UnionOf,
)

__all__ = ["LIST_LIKE_PARAMETERS", "Pagination", "detect_pagination"]

_ITEM_KEYS = ("data", "items", "entries", "results", "values")
_NEXT_URL_KEYS = ("next", "next_url", "nextLink", "next_link")
_SIZE_PARAMETERS = ("per_page", "page_size", "pageSize", "limit", "size")
LIST_LIKE_PARAMETERS = frozenset(
    {"page", "per_page", "page_size", "pageSize", "cursor", "offset", "limit", "marker"}
    | {"starting_after", "ending_before", "page_token", "pageToken", "after", "before"}
)
"""Query parameters that suggest a list walked in pages."""


@dataclass(frozen=True)
class Pagination:
    """A recognised convention: its name (for the report), the strategy class and the
    source of its construction, and the type of one item."""

    convention: str
    strategy: str
    source: str
    item: TypeExpr


@dataclass(frozen=True)
class _Body:
    """What the convention rules look at in a 2xx response body."""

    is_list: bool
    properties: Mapping[str, Mapping[str, Any]]
    items_key: str | None


def _quoted(**options: str | None) -> str:
    return ", ".join(f"{k}={json.dumps(v)}" for k, v in options.items() if v is not None)


def _kind(doc: OpenAPIDocument, schema: Any) -> str:
    node = doc.deref(schema) if isinstance(schema, Mapping) else {}
    if "allOf" in node:
        node = merge_all_of(doc, node)
    kind = node.get("type")
    if isinstance(kind, list):
        kind = next((k for k in kind if k != "null"), None)
    if kind is None and "items" in node:
        return "array"
    return str(kind or "")


def _body(doc: OpenAPIDocument, schema: Any) -> _Body | None:
    if not isinstance(schema, Mapping):
        return None
    node = doc.deref(schema)
    if _kind(doc, node) == "array":
        return _Body(True, {}, None)
    if "allOf" in node:
        node = merge_all_of(doc, node)
    properties = {
        str(name): doc.deref(value)
        for name, value in (node.get("properties") or {}).items()
        if isinstance(value, Mapping)
    }
    arrays = [name for name, value in properties.items() if _kind(doc, value) == "array"]
    if len(arrays) == 1:
        return _Body(False, properties, arrays[0])
    preferred = [key for key in _ITEM_KEYS if key in arrays]
    return _Body(False, properties, preferred[0] if preferred else None)


def _strip_none(expr: TypeExpr) -> TypeExpr:
    if isinstance(expr, UnionOf):
        members = [m for m in expr.members if m != NONE]
        return members[0] if len(members) == 1 else UnionOf(tuple(members))
    return expr


def _field(definitions: Mapping[str, Definition], name: str, wire: str) -> TypeExpr | None:
    definition = definitions.get(name)
    while isinstance(definition, ClassDef):
        for item in definition.fields:
            if item.wire == wire:
                return item.type
        definition = definitions.get(definition.base) if definition.base else None
    return None


def _items(
    expr: TypeExpr, items_key: str | None, definitions: Mapping[str, Definition]
) -> TypeExpr | None:
    """The item type of the page body ``expr`` (a list, or a class with ``items_key``)."""
    expr = _strip_none(expr)
    while isinstance(expr, Named) and isinstance(definitions.get(expr.name), TypeAliasDef):
        alias = definitions[expr.name]
        assert isinstance(alias, TypeAliasDef)
        expr = _strip_none(alias.type)
    if items_key is not None and isinstance(expr, Named):
        found = _field(definitions, expr.name, items_key)
        expr = _strip_none(found) if found is not None else expr
    return expr.item if isinstance(expr, ListOf) else None


def _has_link_header(doc: OpenAPIDocument, op: SelectedOperation, status: str) -> bool:
    raw = (op.operation.spec.get("responses") or {}).get(status)
    headers = doc.deref(raw).get("headers") if isinstance(raw, Mapping) else None
    return isinstance(headers, Mapping) and any(str(h).lower() == "link" for h in headers)


def _next_cursor(body: _Body, query: set[str]) -> tuple[str, str] | None:
    """``(body field, query parameter)`` of a cursor handed back in the body."""
    for name, value in body.properties.items():
        if value.get("type") not in ("string", "integer", None) or not name.startswith("next"):
            continue
        if "stream" in name.lower():
            continue  # an event stream's position: the stream never ends, it is not a page
        rest = name[4:].lstrip("_")
        candidates = [rest, rest[:1].lower() + rest[1:]]
        for param in candidates:
            if param and param in query:
                return name, param
    return None


def _strategy(
    doc: OpenAPIDocument, op: SelectedOperation, status: str, body: _Body, query: set[str]
) -> tuple[str, str, str] | None:
    """``(convention, strategy, options)`` of the first convention that fits."""
    items = _quoted(items_key=body.items_key)
    if _has_link_header(doc, op, status):
        return "Link header", "LinkHeader", items
    has_more = "has_more" in body.properties
    if has_more and "starting_after" in query and body.items_key:
        options = _quoted(
            param="starting_after",
            last_item_key="id",
            has_more_key="has_more",
            items_key=body.items_key,
        )
        return "cursor from the last item's id", "Cursor", options
    if {"offset", "limit"} <= query:
        total = next((k for k in ("total_count", "total") if k in body.properties), None)
        options = _quoted(offset_param="offset", limit_param="limit")
        options = ", ".join(filter(None, [options, items, _quoted(total_key=total)]))
        return "offset and limit", "OffsetLimit", options
    cursor = _next_cursor(body, query)
    if cursor is not None and not body.is_list:
        field, param = cursor
        more = "has_more" if has_more else None
        options = _quoted(param=param, next_key=field, has_more_key=more)
        return f"cursor in the body ({field})", "Cursor", ", ".join(filter(None, [options, items]))
    size = next((p for p in _SIZE_PARAMETERS if p in query), None)
    if "page" in query and size is not None:
        options = ", ".join(filter(None, [_quoted(page_param="page", size_param=size), items]))
        return "page number", "PageNumber", options
    next_url = next((k for k in _NEXT_URL_KEYS if k in body.properties), None)
    if next_url is not None and not body.is_list:
        options = ", ".join(filter(None, [_quoted(key=next_url), items]))
        return f"next URL in the body ({next_url})", "NextUrl", options
    return None


def detect_pagination(
    doc: OpenAPIDocument,
    op: SelectedOperation,
    status: str,
    schema: Any,
    body_type: TypeExpr,
    definitions: Mapping[str, Definition],
) -> Pagination | str | None:
    """The pagination of a GET operation whose ``status`` response has ``schema`` (parsed as
    ``body_type``): a :class:`Pagination`, a reason when it looks like a list walked in
    pages but follows no known convention, or None when it is not a list at all."""
    body = _body(doc, schema)
    if body is None or not (body.is_list or body.items_key):
        return None
    query = {str(p.get("name")) for p in op.operation.parameters if p.get("in") == "query"}
    found = _strategy(doc, op, status, body, query)
    item = _items(body_type, body.items_key, definitions)
    if found is not None and item is not None:
        convention, strategy, options = found
        return Pagination(convention, strategy, f"{strategy}({options})", item)
    hints = sorted(query & LIST_LIKE_PARAMETERS)
    if hints:
        return f"returns a list and takes {', '.join(hints)}, but follows no known convention"
    return None
