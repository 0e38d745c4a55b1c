"""Error classes from a description's error responses: one per status and body, named for
what the response means, extending typelink's class for that status."""

from __future__ import annotations

from typing import Any

from typelink.openapi.errorclasses import plan_errors
from typelink.openapi.loader import OpenAPIDocument
from typelink.openapi.modelgen import build_models
from typelink.openapi.select import select_operations

ERROR = {"type": "object", "properties": {"message": {"type": "string"}}}
OTHER = {"type": "object", "properties": {"reason": {"type": "string"}}}


def _json(schema: str) -> dict[str, Any]:
    return {"application/json": {"schema": {"$ref": f"#/components/schemas/{schema}"}}}


def _plan(responses: dict[str, dict[str, Any]]) -> Any:
    paths = {
        f"/{op}": {"get": {"operationId": op, "responses": {"200": {"description": "ok"}, **r}}}
        for op, r in responses.items()
    }
    doc = OpenAPIDocument(
        {
            "openapi": "3.0.3",
            "info": {},
            "paths": paths,
            "components": {
                "schemas": {"error": ERROR, "other": OTHER},
                "responses": {
                    "validation_failed": {
                        "description": "Validation failed.",
                        "content": _json("error"),
                    }
                },
            },
        }
    )
    selected = select_operations(doc, list(responses), error_bodies=True)
    model_set = build_models(doc, selected)
    return plan_errors(selected, {op.operation_id: op for op in model_set.operations}, "Api", [])


def test_one_class_per_status_and_body_with_typelink_s_class_as_base():
    plan = _plan(
        {
            "a": {
                "404": {"description": "This file is missing.", "content": _json("error")},
                "422": {"$ref": "#/components/responses/validation_failed"},
                "5XX": {"description": "down", "content": _json("error")},
                "default": {"description": "other", "content": _json("error")},
                "418": {"description": "no body"},
            },
            "b": {"404": {"description": "That folder is missing.", "content": _json("error")}},
        }
    )
    classes = {c.name: c for c in plan.classes}
    assert sorted(classes) == [
        "ApiError",
        "ApiNotFoundError",
        "ApiServerError",
        "ApiValidationFailedError",
    ]
    assert classes["ApiNotFoundError"].base == "NotFoundError"
    assert classes["ApiNotFoundError"].status_codes == "frozenset({404})"
    # a description written for one operation would mislead the others; a shared one says it
    assert classes["ApiNotFoundError"].doc == "Not found"
    assert classes["ApiValidationFailedError"].doc == "Validation failed."
    assert classes["ApiServerError"].status_codes == "frozenset(range(500, 600))"
    assert classes["ApiServerError"].base == "InternalServerError"
    assert classes["ApiError"].status_codes is None and classes["ApiError"].base is None
    assert plan.specific == {
        "a": ["ApiNotFoundError", "ApiValidationFailedError", "ApiServerError"],
        "b": ["ApiNotFoundError"],
    }
    assert plan.default == {"a": "ApiError"}


def test_two_bodies_for_one_status_are_named_by_their_body_not_numbered():
    plan = _plan(
        {
            "a": {"409": {"description": "x", "content": _json("error")}},
            "b": {"409": {"description": "y", "content": _json("other")}},
        }
    )
    assert [c.name for c in plan.classes] == ["ApiConflictError", "ApiConflictOtherError"]
