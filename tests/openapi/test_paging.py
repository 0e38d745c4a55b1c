"""Pagination conventions recognised from a description, and the ones left alone."""

from __future__ import annotations

from typing import Any

import pytest

from typelink.openapi.clientplan import Names, plan_client
from typelink.openapi.loader import OpenAPIDocument
from typelink.openapi.methods import MethodPlan
from typelink.openapi.modelgen import build_models
from typelink.openapi.select import select_operations

ITEM = {"type": "object", "properties": {"id": {"type": "string"}}}
ARRAY = {"type": "array", "items": ITEM}


def _plan(body: dict[str, Any], *params: str, headers: dict[str, Any] | None = None) -> MethodPlan:
    response: dict[str, Any] = {
        "description": "ok",
        "content": {"application/json": {"schema": body}},
    }
    if headers:
        response["headers"] = headers
    operation = {
        "operationId": "listThings",
        "parameters": [{"name": n, "in": "query", "schema": {"type": "string"}} for n in params],
        "responses": {"200": response},
    }
    doc = OpenAPIDocument(
        {"openapi": "3.0.3", "info": {}, "paths": {"/things": {"get": operation}}}
    )
    selected = select_operations(doc, ["listThings"])
    plan = plan_client(doc, selected, build_models(doc, selected), Names("Api"))
    return plan.consumers[0].methods[0]


def _wrapped(**properties: Any) -> dict[str, Any]:
    return {"type": "object", "properties": properties}


@pytest.mark.parametrize(
    ("body", "params", "headers", "source"),
    [
        (ARRAY, ("per_page", "page"), {"Link": {"schema": {"type": "string"}}}, "LinkHeader()"),
        (
            _wrapped(total_count={"type": "integer"}, workflow_runs=ARRAY),
            ("per_page", "page"),
            {"link": {"schema": {"type": "string"}}},
            'LinkHeader(items_key="workflow_runs")',
        ),
        (
            _wrapped(data=ARRAY, has_more={"type": "boolean"}),
            ("starting_after", "limit"),
            None,
            'Cursor(param="starting_after", last_item_key="id", has_more_key="has_more", '
            'items_key="data")',
        ),
        (
            _wrapped(
                entries=ARRAY, total_count={"type": "integer"}, next_marker={"type": "string"}
            ),
            ("offset", "limit", "marker"),
            None,  # offset is what the API does by default: it wins over the marker
            'OffsetLimit(offset_param="offset", limit_param="limit", items_key="entries", '
            'total_key="total_count")',
        ),
        (
            _wrapped(entries=ARRAY, next_marker={"type": "string"}),
            ("marker", "limit"),
            None,
            'Cursor(param="marker", next_key="next_marker", items_key="entries")',
        ),
        (
            _wrapped(items=ARRAY, nextPageToken={"type": "string"}),
            ("pageToken",),
            None,
            'Cursor(param="pageToken", next_key="nextPageToken", items_key="items")',
        ),
        (
            ARRAY,
            ("page", "page_size"),
            None,
            'PageNumber(page_param="page", size_param="page_size")',
        ),
        (
            _wrapped(next={"type": "string"}, results=ARRAY),
            (),
            None,
            'NextUrl(key="next", items_key="results")',
        ),
    ],
)
def test_conventions(body, params, headers, source):
    plan = _plan(body, *params, headers=headers)
    assert plan.page is not None and plan.page.source == source
    assert plan.not_paginated is None


@pytest.mark.parametrize(
    ("body", "params", "reason"),
    [
        (ARRAY, ("cursor",), "returns a list and takes cursor, but follows no known convention"),
        (
            _wrapped(entries=ARRAY, next_stream_position={"type": "string"}),
            ("stream_position", "limit"),
            "returns a list and takes limit",  # an event stream never ends: not a page cursor
        ),
        (
            _wrapped(users=ARRAY, teams=ARRAY, next={"type": "string"}),
            ("page",),
            None,  # two item lists and no preferred name: not guessed, and not list-like
        ),
        (ARRAY, (), None),  # a plain list
        (ITEM, ("page",), None),  # not a list at all
    ],
)
def test_what_is_not_recognised_is_reported_not_guessed(body, params, reason):
    plan = _plan(body, *params)
    assert plan.page is None
    assert plan.not_paginated == reason or (reason and plan.not_paginated.startswith(reason))
