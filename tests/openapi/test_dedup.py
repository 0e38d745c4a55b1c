"""Only twins share a class; look-alikes with different names keep their own."""

from __future__ import annotations

from typing import Any

from typelink.openapi.dedup import deduplicate, twin_key
from typelink.openapi.loader import OpenAPIDocument

EMPTY: dict[str, Any] = {"type": "object", "properties": {}}
AUTO = {"type": "object", "properties": {"enabled": {"type": "boolean"}}, "required": ["enabled"]}


def _doc(schemas: dict[str, Any]) -> OpenAPIDocument:
    return OpenAPIDocument({"openapi": "3.0.0", "components": {"schemas": schemas}})


def test_same_shape_under_different_names_stays_apart():
    doc = _doc(
        {
            "mandate_multi_use": {**EMPTY, "title": "mandate_multi_use"},
            "mandate_single_use": {**EMPTY, "title": "mandate_single_use"},
            "automatic_tax": {**AUTO, "description": "Automatic tax settings."},
            "automatic_payment_methods": {**AUTO, "description": "Payment methods."},
        }
    )
    mapping = deduplicate(doc, list(doc.schemas))
    assert mapping == {name: name for name in doc.schemas}


def test_nullable_twin_merges_into_the_plain_one():
    doc = _doc({"simple-user": dict(AUTO), "nullable-simple-user": {**AUTO, "nullable": True}})
    assert deduplicate(doc, list(doc.schemas)) == {
        "simple-user": "simple-user",
        "nullable-simple-user": "simple-user",
    }


def test_twins_that_differ_in_content_stay_apart():
    other = {**AUTO, "properties": {"enabled": {"type": "string"}}, "nullable": True}
    doc = _doc({"user": dict(AUTO), "nullable-user": other})
    assert deduplicate(doc, list(doc.schemas)) == {"user": "user", "nullable-user": "nullable-user"}


def test_references_to_a_nullable_twin_are_not_the_same_as_to_the_plain_one():
    ref = {"$ref": "#/components/schemas/user"}
    nullable_ref = {"$ref": "#/components/schemas/nullable-user"}
    doc = _doc(
        {
            "user": dict(AUTO),
            "nullable-user": {**AUTO, "nullable": True},
            "repo": {"type": "object", "properties": {"owner": ref}},
            "nullable-repo": {"type": "object", "properties": {"owner": nullable_ref}},
        }
    )
    mapping = deduplicate(doc, list(doc.schemas))
    assert mapping["nullable-user"] == "user"
    assert mapping["nullable-repo"] == "nullable-repo"  # its owner may be null, repo's not


def test_twin_key():
    assert twin_key("nullable-simple-user") == twin_key("simple-user") == "SimpleUser"
    assert twin_key("NullableThing") == "Thing"
    assert twin_key("nullable-") == "Nullable"
