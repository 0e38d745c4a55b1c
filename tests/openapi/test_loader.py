from __future__ import annotations

import json

import pytest

from typelink.openapi.loader import OpenAPIDocument, OpenAPIError, load_document

from .conftest import SPEC

YAML = """
openapi: 3.1.0
info: {title: Tiny, version: '2'}
paths:
  /things/{id}:
    parameters: [{name: id, in: path, required: true}]
    get:
      operationId: getThing
      parameters: [{name: id, in: path, required: true, description: overridden}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
components:
  schemas:
    Thing:
      type: object
      properties: {a~b: {type: string}, "x/y": {$ref: '#/components/schemas/Alias'}}
    Alias: {$ref: '#/components/schemas/Leaf'}
    Leaf: {type: integer}
"""


def test_loads_yaml_and_merges_path_parameters(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(YAML)
    doc = load_document(path)
    assert (doc.title, doc.version, doc.openapi_version) == ("Tiny", "2", "3.1.0")
    [op] = list(doc.operations())
    assert (op.operation_id, op.method, op.path) == ("getThing", "GET", "/things/{id}")
    assert [p.get("description") for p in op.parameters] == ["overridden"]


def test_follows_refs_and_escaped_pointers(tmp_path):
    path = tmp_path / "tiny.yaml"
    path.write_text(YAML)
    doc = load_document(path)
    assert doc.deref({"$ref": "#/components/schemas/Alias"}) == {"type": "integer"}
    assert doc.resolve_pointer("#/components/schemas/Thing/properties/a~0b") == {"type": "string"}
    assert doc.resolve_pointer("#/components/schemas/Thing/properties/x~1y") == {
        "$ref": "#/components/schemas/Alias"
    }


def test_loads_json(tmp_path):
    path = tmp_path / "spec.json"
    path.write_text(json.dumps(SPEC))
    assert load_document(path).title == "Pet Shop"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"swagger": "2.0"}', "only OpenAPI 3.x"),
        ("{not json", "invalid JSON"),
        ("[1, 2]", "must be a mapping"),
    ],
)
def test_rejects_unsupported_documents(tmp_path, text, message):
    path = tmp_path / "bad.json"
    path.write_text(text)
    with pytest.raises(OpenAPIError, match=message):
        load_document(path)


def test_missing_file_and_bad_references():
    with pytest.raises(OpenAPIError, match="cannot read"):
        load_document("/nonexistent/spec.json")
    doc = OpenAPIDocument({"openapi": "3.0.0"})
    with pytest.raises(OpenAPIError, match="only local references"):
        doc.resolve_pointer("other.yaml#/x")
    with pytest.raises(OpenAPIError, match="unresolvable"):
        doc.resolve_pointer("#/components/schemas/nope")
    loop = OpenAPIDocument({"openapi": "3.0.0", "a": {"$ref": "#/a"}})
    with pytest.raises(OpenAPIError, match="too long"):
        loop.deref({"$ref": "#/a"})
