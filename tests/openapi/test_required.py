"""A property is required only where every description requires it."""

from __future__ import annotations

from typing import Any

from typelink.openapi.loader import OpenAPIDocument
from typelink.openapi.required import intersect_required


def _doc(schemas: dict[str, Any], paths: dict[str, Any] | None = None) -> OpenAPIDocument:
    return OpenAPIDocument(
        {"openapi": "3.0.0", "paths": paths or {}, "components": {"schemas": schemas}}
    )


def _asset(*required: str) -> dict[str, Any]:
    props = {name: {"type": "string"} for name in ("id", "name", "digest")}
    return {"type": "object", "properties": props, "required": list(required)}


def test_required_is_the_intersection_over_descriptions():
    dotcom = _doc({"release-asset": _asset("id", "name", "digest")})
    old = _doc({"release-asset": {**_asset("id", "name"), "properties": {"id": {}, "name": {}}}})
    newer = _doc({"release-asset": _asset("id", "name", "digest")})
    merged, change = intersect_required(dotcom, [old, newer])
    assert merged.schemas["release-asset"]["required"] == ["id", "name"]
    assert change.optional == {"#/components/schemas/release-asset": ["digest"]}
    assert change.count() == 1
    assert dotcom.schemas["release-asset"]["required"] == ["id", "name", "digest"]  # untouched


def test_nested_inline_objects_and_response_bodies_are_compared_by_pointer():
    body = {
        "type": "object",
        "properties": {"search_type": {"type": "string"}, "total": {"type": "integer"}},
        "required": ["search_type", "total"],
    }
    path = lambda schema: {  # noqa: E731
        "/search": {
            "get": {"responses": {"200": {"content": {"application/json": {"schema": schema}}}}}
        }
    }
    old_body = {**body, "properties": {"total": {"type": "integer"}}, "required": ["total"]}
    merged, change = intersect_required(_doc({}, path(body)), [_doc({}, path(old_body))])
    pointer = "#/paths/~1search/get/responses/200/content/application~1json/schema"
    assert change.optional == {pointer: ["search_type"]}
    assert merged.resolve_pointer(pointer)["required"] == ["total"]


def test_what_other_descriptions_do_not_describe_keeps_its_required():
    dotcom = _doc({"new-thing": _asset("id", "digest")})
    merged, change = intersect_required(dotcom, [_doc({})])
    assert merged.schemas["new-thing"]["required"] == ["id", "digest"]
    assert change.count() == 0


def test_request_bodies_keep_their_required():
    schema = {"type": "object", "properties": {"key_id": {}}, "required": ["key_id"]}
    body = {"content": {"application/json": {"schema": schema}}}
    old_schema = {"type": "object", "properties": {"key_id": {}}}
    old_body = {"content": {"application/json": {"schema": old_schema}}}
    dotcom = _doc({}, {"/secrets": {"put": {"requestBody": body}}})
    old = _doc({}, {"/secrets": {"put": {"requestBody": old_body}}})
    merged, change = intersect_required(dotcom, [old])
    assert change.count() == 0
