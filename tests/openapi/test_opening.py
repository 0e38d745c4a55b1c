"""Response enums are open (typed, kept, reported); request enums and type tags stay closed."""

from __future__ import annotations

import importlib.util
import json
import sys
import typing
from pathlib import Path
from typing import Any, Literal

import pytest
from pydantic import ValidationError

from typelink.openapi import UnknownEnumValue, UnknownValue, find_unknown_values
from typelink.openapi.generate import generate_models

STATE = {"type": "string", "enum": ["open", "closed"]}
SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {"title": "Tracker", "version": "1"},
    "paths": {
        "/issues": {
            "post": {
                "operationId": "issues/create",
                "requestBody": {
                    "content": {
                        "application/json": {
                            "schema": {
                                "type": "object",
                                "properties": {"state": STATE, "title": {"type": "string"}},
                            }
                        }
                    }
                },
                "responses": {
                    "201": {
                        "description": "created",
                        "content": {
                            "application/json": {"schema": {"$ref": "#/components/schemas/issue"}}
                        },
                    }
                },
            }
        }
    },
    "components": {
        "schemas": {
            "issue": {
                "type": "object",
                "properties": {
                    "state": STATE,
                    "object": {"type": "string", "enum": ["issue"]},
                    "priority": {"type": "integer", "enum": [1, 2, 3]},
                    "labels": {"type": "array", "items": STATE},
                    "class": {"type": ["string", "null"], "enum": ["bug", "idea", None]},
                },
                "required": ["state", "object"],
            }
        }
    },
}


@pytest.fixture
def models(tmp_path: Path, request: pytest.FixtureRequest) -> dict[str, Any]:
    spec = tmp_path / "tracker.json"
    spec.write_text(json.dumps(SPEC))
    out = tmp_path / "tracker_models.py"
    generate_models(spec, ["issues/create"], out, open_enums=getattr(request, "param", True))
    name = f"tracker_models_{request.node.name.replace('[', '_').replace(']', '')}"
    loader = importlib.util.spec_from_file_location(name, out)
    assert loader is not None and loader.loader is not None
    module = importlib.util.module_from_spec(loader)
    sys.modules[name] = module
    loader.loader.exec_module(module)
    namespace = dict(vars(module))
    namespace["__source__"] = out.read_text()
    return namespace


def test_response_enum_fields_are_open(models):
    hints = typing.get_type_hints(models["Issue"], models)
    assert hints["state"] == Literal["open", "closed"] | UnknownValue
    assert hints["labels"] == list[Literal["open", "closed"] | UnknownValue] | None
    assert hints["class_"] == Literal["bug", "idea"] | UnknownValue | None


def test_one_value_enums_and_integer_enums_stay_closed(models):
    hints = typing.get_type_hints(models["Issue"], models)
    assert hints["object"] == Literal["issue"]
    assert hints["priority"] == Literal[1, 2, 3] | None
    with pytest.raises(ValidationError):
        models["Issue"].model_validate({"state": "open", "object": "pull"})


def test_request_enums_stay_closed(models):
    request = models["IssuesCreateRequest"]
    assert typing.get_type_hints(request, models)["state"] == Literal["open", "closed"] | None
    with pytest.raises(ValidationError):
        request(state="reopened")


def test_unknown_values_are_kept_and_found_by_wire_name(models):
    issue = models["Issue"].model_validate(
        {"state": "locked", "object": "issue", "labels": ["open", "triage"], "class": "epic"}
    )
    assert issue.state == "locked" and isinstance(issue.state, UnknownValue)
    assert type(issue.labels[0]) is str
    assert repr(issue.state) == "UnknownValue('locked')"
    assert find_unknown_values(issue) == [
        UnknownEnumValue("state", "locked"),
        UnknownEnumValue("labels[1]", "triage"),
        UnknownEnumValue("class", "epic"),
    ]
    assert find_unknown_values([{"x": issue}], "body") == [
        UnknownEnumValue("body[0]['x'].state", "locked"),
        UnknownEnumValue("body[0]['x'].labels[1]", "triage"),
        UnknownEnumValue("body[0]['x'].class", "epic"),
    ]
    assert issue.model_dump_json(by_alias=True, exclude_unset=True) == (
        '{"state":"locked","object":"issue","labels":["open","triage"],"class":"epic"}'
    )
    assert find_unknown_values(UnknownValue("x")) == [UnknownEnumValue("<root>", "x")]


def test_unknown_value_accepts_strings_only(models):
    with pytest.raises(ValidationError):
        models["Issue"].model_validate({"state": 3, "object": "issue"})


@pytest.mark.parametrize("models", [False], indirect=True)
def test_closed_option_leaves_every_enum_closed(models):
    assert "UnknownValue" not in models["__source__"]
    with pytest.raises(ValidationError):
        models["Issue"].model_validate({"state": "locked", "object": "issue"})
