"""The committed GitHub models accept every example GitHub publishes for the declared endpoints.

The examples (``tests/github/data/examples``, generated; ``tests/github/data/extra``,
hand-written redirect/binary flows) are what the cassettes under ``cassettes/github/`` are
built from, so this also proves the cassettes will parse.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from tests.github.example_calls import method_for_example
from typelink.github.models import _index as index

DATA = Path(__file__).parent / "data"
OPERATIONS_FILE = Path(__file__).parents[2] / "typelink" / "github" / "operations.txt"
SPEC_VERSION = "23.0.2"


def _operation_ids() -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in OPERATIONS_FILE.read_text().splitlines())
    return [line for line in lines if line]


def _documents() -> list[tuple[str, dict[str, Any]]]:
    found = []
    for folder in ("examples", "extra"):
        for path in sorted((DATA / folder).rglob("*.json")):
            found.append(
                (f"{folder}/{path.relative_to(DATA / folder)}", json.loads(path.read_text()))
            )
    return found


DOCUMENTS = _documents()
EXCHANGES = [
    pytest.param(document, exchange, id=f"{name}:{exchange['name']}")
    for name, document in DOCUMENTS
    for exchange in document["exchanges"]
    # an example in a representation no method asks for (a commit as JSON) is not used
    if method_for_example(document["operation_id"], exchange) is not None
]


def _body(body: dict[str, Any]) -> Any:
    if "json" in body:
        return body["json"]
    if "base64" in body:
        return base64.b64decode(body["base64"])
    return body["text"]


def test_every_declared_operation_has_models_and_examples():
    ids = _operation_ids()
    assert len(ids) == len(set(ids))
    assert set(index.ENDPOINTS) == set(ids)
    with_exchanges = {doc["operation_id"] for _, doc in DOCUMENTS if doc["exchanges"]}
    assert set(ids) <= with_exchanges, sorted(set(ids) - with_exchanges)


@pytest.mark.parametrize(("name", "document"), DOCUMENTS, ids=[name for name, _ in DOCUMENTS])
def test_documents_match_the_index_and_say_where_they_come_from(name, document):
    method, path = index.ENDPOINTS[document["operation_id"]]
    assert (document["method"], document["path"]) == (method, path)
    assert "not recorded from a live server" in document["source"]
    assert SPEC_VERSION in document["source"]
    for exchange in document["exchanges"]:
        assert exchange["request"]["url"].startswith("https://")
        assert "{" not in exchange["request"]["url"]  # every path parameter is filled


@pytest.mark.parametrize(("document", "exchange"), EXCHANGES)
def test_example_bodies_validate_against_the_models(document, exchange):
    op_id = document["operation_id"]
    response = exchange["response"]
    if response["status"] in index.RESPONSE_BODIES[op_id] and "body" in response:
        media = index.RESPONSE_BODIES[op_id][response["status"]]
        content_type = response["headers"]["Content-Type"].split(";")[0]
        declared = media.get(content_type)
        if declared is not None:
            TypeAdapter(declared).validate_python(_body(response["body"]))
    request = exchange["request"]
    if "body" in request and "json" in request["body"]:
        declared = index.REQUEST_BODIES[op_id][request["headers"]["Content-Type"]]
        TypeAdapter(declared).validate_python(request["body"]["json"])


def test_models_header_names_the_spec_version():
    init = (Path(index.__file__).parent / "__init__.py").read_text()
    assert f"@octokit/openapi {SPEC_VERSION}" in init
    assert "# Regenerate: make github-models" in init


def test_request_models_serialise_by_wire_name_and_skip_unset():
    from typelink.github.models import IssuesCreateRequest, ReactionRollup

    body = IssuesCreateRequest(title="Crash", labels=["bug"])
    assert body.model_dump(by_alias=True, exclude_unset=True) == {
        "title": "Crash",
        "labels": ["bug"],
    }
    reactions = ReactionRollup.model_validate(
        {
            "url": "u",
            "total_count": 1,
            "+1": 1,
            "-1": 0,
            "laugh": 0,
            "confused": 0,
            "heart": 0,
            "hooray": 0,
            "eyes": 0,
            "rocket": 0,
        }
    )
    assert reactions.plus_1 == 1 and reactions.minus_1 == 0
    assert reactions.model_dump(by_alias=True)["+1"] == 1
