from __future__ import annotations

from typelink.openapi.loader import OpenAPIDocument
from typelink.openapi.select import parse_operation_list, referenced_schemas, select_operations

from .conftest import SPEC


def test_operation_list_from_file_or_commas(tmp_path):
    listing = tmp_path / "ops.txt"
    listing.write_text("# header\npets/get\n\n  owners/me  # trailing comment\n")
    assert parse_operation_list(str(listing)) == ["pets/get", "owners/me"]
    assert parse_operation_list("a, b,,c") == ["a", "b", "c"]


def test_selection_keeps_order_and_2xx_responses_only():
    doc = OpenAPIDocument(SPEC)
    selected = select_operations(doc, ["pets/update", "pets/get", "pets/get"])
    assert [op.operation_id for op in selected] == ["pets/update", "pets/get"]
    update, get = selected
    assert update.request_required and update.request[0].examples == {"default": {"name": "Rex"}}
    assert [status for status, _ in get.responses] == ["200"]  # 404 is left to error mapping
    assert get.responses[0][1] is not None
    assert get.responses[0][1].examples["default"]["name"] == "Rex"  # nested $ref example resolved


def test_referenced_schemas_are_transitive_and_ignore_examples():
    doc = OpenAPIDocument(SPEC)
    assert referenced_schemas(doc, select_operations(doc, ["owners/me"])) == ["user"]
    names = referenced_schemas(doc, select_operations(doc, ["pets/get"]))
    assert names == ["kind", "nullable-user", "pet"]


def test_error_responses_only_when_asked_for():
    doc = OpenAPIDocument(SPEC)
    [plain] = select_operations(doc, ["pets/get"])
    assert plain.errors == ()
    [with_errors] = select_operations(doc, ["pets/get"], error_bodies=True)
    [missing] = with_errors.errors
    assert (missing.status, missing.component, missing.description, missing.media) == (
        "404",
        None,
        "missing",
        None,
    )
