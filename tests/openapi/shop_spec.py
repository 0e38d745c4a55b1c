"""A small hand-written description exercising every rule of the client generator.

Each operation is there for one rule (named in its summary): argument styles, bodies,
return types, pagination conventions, error responses and method names. The real
descriptions (Stripe, Box, GitHub) are checked in ``tests/interop/openapi_clients``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ITEM = {
    "type": "object",
    "properties": {"id": {"type": "string"}, "name": {"type": "string"}},
    "required": ["id"],
}
ITEMS = {"type": "array", "items": {"$ref": "#/components/schemas/item"}}
PROBLEM = {"application/json": {"schema": {"$ref": "#/components/schemas/problem"}}}


def _ok(schema: dict[str, Any], headers: dict[str, Any] | None = None) -> dict[str, Any]:
    response: dict[str, Any] = {
        "description": "ok",
        "content": {"application/json": {"schema": schema}},
    }
    if headers:
        response["headers"] = headers
    return response


def _query(name: str, schema: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"name": name, "in": "query", "schema": schema, **extra}


def _op(operation_id: str, summary: str, responses: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return {"operationId": operation_id, "summary": summary, "responses": responses, **extra}


LIST_ITEMS = {"$ref": "#/components/schemas/item-list"}

SHOP: dict[str, Any] = {
    "openapi": "3.0.3",
    "info": {"title": "Shop API", "version": "2.1", "description": "Sells things."},
    "servers": [
        {"url": "https://{region}.shop.example", "variables": {"region": {"default": "eu"}}}
    ],
    "tags": [{"name": "items", "description": "Things for sale."}],
    "paths": {
        "/items": {
            "get": _op(
                "items/list",
                "Link header pagination, styles of query arguments.",
                {"200": _ok(ITEMS, {"Link": {"schema": {"type": "string"}}})},
                tags=["items"],
                parameters=[
                    _query("ids", {"type": "array", "items": {"type": "integer"}}, explode=False),
                    _query(
                        "filter",
                        {"type": "object", "properties": {"color": {"type": "string"}}},
                        style="deepObject",
                        explode=True,
                    ),
                    _query(
                        "expand", {"type": "array", "items": {"type": "string"}}, style="deepObject"
                    ),
                    _query(
                        "tags",
                        {"type": "array", "items": {"type": "string"}},
                        style="pipeDelimited",
                    ),
                    _query("per_page", {"type": "integer", "default": 30}),
                    _query("page", {"type": "integer", "default": 1}),
                    {"name": "X-Trace-Id", "in": "header", "schema": {"type": "string"}},
                    {"name": "Accept", "in": "header", "schema": {"type": "string"}},
                    {"name": "session", "in": "cookie", "schema": {"type": "string"}},
                ],
            ),
            "post": _op(
                "items/create",
                "A required JSON body.",
                {
                    "201": _ok({"$ref": "#/components/schemas/item"}),
                    "422": {"description": "bad", "content": PROBLEM},
                },
                tags=["items"],
                requestBody={
                    "required": True,
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/item"}}
                    },
                },
            ),
        },
        "/items/{item-id}": {
            "parameters": [
                {"name": "item-id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "get": _op(
                "items/get",
                "A path variable that is not an identifier.",
                {
                    "200": _ok({"$ref": "#/components/schemas/item"}),
                    "404": {"$ref": "#/components/responses/not_found"},
                },
                tags=["items"],
                externalDocs={"url": "https://docs.shop.example/items#get"},
            ),
            "delete": _op(
                "items/delete",
                "No content.",
                {"204": {"description": "gone"}},
                tags=["items"],
                deprecated=True,
            ),
            "put": _op(
                "items/replace",
                "200 with a body or 204 without.",
                {
                    "200": _ok({"$ref": "#/components/schemas/item"}),
                    "204": {"description": "unchanged"},
                },
                tags=["items"],
                parameters=[{"name": "class", "in": "query", "schema": {"type": "string"}}],
            ),
        },
        "/items/{item-id}/photo": {
            "parameters": [
                {"name": "item-id", "in": "path", "required": True, "schema": {"type": "string"}}
            ],
            "get": _op(
                "items/get-photo",
                "A binary response, from another host.",
                {
                    "200": {
                        "description": "jpeg",
                        "content": {
                            "image/jpeg": {"schema": {"type": "string", "format": "binary"}}
                        },
                    }
                },
                tags=["items"],
                servers=[{"url": "https://media.shop.example"}],
            ),
            "put": _op(
                "items/upload-photo",
                "A raw body.",
                {"204": {"description": "stored"}},
                tags=["items"],
                requestBody={
                    "required": True,
                    "content": {"image/jpeg": {"schema": {"type": "string", "format": "binary"}}},
                },
            ),
        },
        "/v2/orders": {
            "get": _op(
                "GetOrders",
                "Stripe-like list: has_more and starting_after.",
                {"200": _ok(LIST_ITEMS), "default": {"description": "error", "content": PROBLEM}},
                parameters=[
                    _query("starting_after", {"type": "string"}),
                    _query("limit", {"type": "integer"}),
                ],
            ),
            "post": _op(
                "PostOrders",
                "A form body with bracketed fields.",
                {
                    "200": _ok({"$ref": "#/components/schemas/item"}),
                    "default": {"description": "error", "content": PROBLEM},
                },
                requestBody={
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "note": {"type": "string"},
                                    "address": {
                                        "type": "object",
                                        "properties": {"city": {"type": "string"}},
                                    },
                                },
                            },
                            "encoding": {"address": {"style": "deepObject", "explode": True}},
                        }
                    }
                },
            ),
        },
        "/v2/orders/{order}": {
            "get": _op(
                "GetOrdersOrder",
                "An item of a mechanically named collection.",
                {
                    "200": _ok({"$ref": "#/components/schemas/item"}),
                    "default": {"description": "error", "content": PROBLEM},
                },
                parameters=[
                    {"name": "order", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
                requestBody={
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {"type": "object", "properties": {}}
                        }
                    }
                },
            ),
        },
        "/v2/orders/{order}/cancel": {
            "post": _op(
                "PostOrdersOrderCancel",
                "An action on an item.",
                {"200": _ok({"$ref": "#/components/schemas/item"})},
                parameters=[
                    {"name": "order", "in": "path", "required": True, "schema": {"type": "string"}}
                ],
            ),
        },
        "/v2/orders/search": {
            "get": _op(
                "GetOrdersSearch",
                "Cursor in the body.",
                {
                    "200": _ok(
                        {
                            "type": "object",
                            "properties": {"data": ITEMS, "next_page": {"type": "string"}},
                        }
                    )
                },
                parameters=[
                    _query("query", {"type": "string"}, required=True),
                    _query("page", {"type": "string"}),
                ],
            ),
        },
        "/shelves": {
            "get": _op(
                "listShelves",
                "Offset and limit, and a hand-picked operationId.",
                {
                    "200": _ok(
                        {
                            "type": "object",
                            "properties": {"total_count": {"type": "integer"}, "entries": ITEMS},
                        }
                    )
                },
                parameters=[
                    _query("offset", {"type": "integer"}),
                    _query("limit", {"type": "integer"}),
                ],
            ),
        },
        "/shelves/pages": {
            "get": _op(
                "listShelfPages",
                "A next URL.",
                {
                    "200": _ok(
                        {
                            "type": "object",
                            "properties": {"next": {"type": "string"}, "results": ITEMS},
                        }
                    )
                },
            ),
        },
        "/shelves/odd": {
            "get": _op(
                "listOddShelves",
                "Looks like a list, follows no convention.",
                {"200": _ok(ITEMS)},
                parameters=[_query("cursor", {"type": "string"})],
            ),
        },
        "/shelves/page": {
            "get": _op(
                "getPage",
                "A model called Page, next to typelink's Page.",
                {"200": _ok({"$ref": "#/components/schemas/page"})},
            ),
        },
        "/shelves/close": {
            "post": _op(
                "close",
                "A name the consumer class already has.",
                {"204": {"description": "closed"}},
                parameters=[_query("self", {"type": "boolean"})],
            ),
        },
        "/shelves/import": {
            "post": _op(
                "import",
                "A keyword, and a multipart body.",
                {
                    "200": {
                        "description": "report",
                        "content": {"text/plain": {"schema": {"type": "string"}}},
                    }
                },
                requestBody={
                    "required": True,
                    "content": {
                        "multipart/form-data": {
                            "schema": {
                                "type": "object",
                                "properties": {
                                    "file": {"type": "string", "format": "binary"},
                                    "label": {"type": "string"},
                                },
                                "required": ["file"],
                            }
                        }
                    },
                },
            ),
        },
    },
    "components": {
        "schemas": {
            "item": ITEM,
            "item-list": {
                "type": "object",
                "properties": {
                    "data": ITEMS,
                    "has_more": {"type": "boolean"},
                    "object": {"enum": ["list"]},
                },
                "required": ["data", "has_more"],
            },
            "problem": {
                "type": "object",
                "properties": {
                    "message": {"type": "string"},
                    "code": {"type": "string", "enum": ["invalid", "missing"]},
                },
                "required": ["message"],
            },
            "page": {"type": "object", "properties": {"number": {"type": "integer"}}},
        },
        "responses": {
            "not_found": {"description": "Resource not found. Really.", "content": PROBLEM}
        },
    },
}

OPERATIONS = [
    op["operationId"]
    for item in SHOP["paths"].values()
    for method, op in item.items()
    if method != "parameters"
]


def write_spec(folder: Path) -> Path:
    """The description as a JSON file in ``folder``."""
    path = folder / "shop.json"
    path.write_text(json.dumps(SHOP), encoding="utf-8")
    return path
