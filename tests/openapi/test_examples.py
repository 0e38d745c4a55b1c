from __future__ import annotations

import json

from typelink.openapi.examples import example_document, example_file_name, write_examples
from typelink.openapi.loader import OpenAPIDocument
from typelink.openapi.select import select_operations

from .conftest import SPEC

SOURCE = "examples from petshop.json; not recorded from a live server"


def _doc(op_id, values=None, skip=()):
    doc = OpenAPIDocument(SPEC)
    [op] = select_operations(doc, [op_id])
    return example_document(doc, op, values or {}, SOURCE, skip)


def test_json_exchange_with_filled_url():
    document = _doc("pets/get", {"pet_id": 7})
    assert document["source"] == SOURCE
    assert (document["method"], document["path"]) == ("GET", "/pets/{pet_id}")
    [exchange] = document["exchanges"]
    assert exchange["request"] == {
        "method": "GET",
        "url": "https://pets.example/pets/7",
        "headers": {},
    }
    response = exchange["response"]
    assert response["status"] == 200
    assert response["headers"] == {"Content-Type": "application/json"}
    assert response["body"]["json"]["name"] == "Rex"


def test_request_body_and_no_content_response():
    [exchange] = _doc("pets/update", {"pet_id": 7})["exchanges"]
    assert exchange["request"]["body"] == {"json": {"name": "Rex"}}
    assert exchange["request"]["headers"] == {"Content-Type": "application/json"}
    assert exchange["response"] == {"status": 204, "headers": {}}


def test_text_bodies_and_required_query_parameters():
    [exchange] = _doc("render")["exchanges"]
    assert exchange["request"]["body"] == {"text": "*hi*"}
    assert exchange["response"]["body"] == {"text": "<p>hi</p>"}
    listing = _doc("owners/list-pets", {"login": "ann"})
    assert listing["exchanges"][0]["request"]["url"] == "https://pets.example/owners/ann/pets?q=x"
    specific = _doc("owners/list-pets", {"login": "ann", "owners/list-pets:login": "bob"})
    assert specific["exchanges"][0]["request"]["url"].startswith("https://pets.example/owners/bob/")


def test_unfilled_parameters_and_skips_are_reported():
    document = _doc("pets/get")
    assert document["unfilled_parameters"] == ["pet_id"]
    skipped = _doc("pets/get", {"pet_id": 1}, skip={("pets/get", "default")})
    assert skipped["exchanges"] == []
    assert "note" in skipped


def test_write_examples_one_file_per_operation(tmp_path):
    doc = OpenAPIDocument(SPEC)
    selected = select_operations(doc, ["pets/get", "owners/me"])
    written = write_examples(doc, selected, tmp_path, {"pet_id": 1}, SOURCE)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "pets/get.json",
        "owners/me.json",
    ]
    assert json.loads(written[1].read_text())["operation_id"] == "owners/me"
    assert example_file_name("../x/./y") == "x/y.json"
