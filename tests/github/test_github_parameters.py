"""Every declared GitHub method's parameters and request body match GitHub's description.

``data/spec-parameters.json`` holds, for each operation in ``operations.txt``, the path,
query and header parameters (name, required, default) and the request body (required,
content types) from the OpenAPI description the models were generated from. The method
and path are checked by ``test_github_declarations``; here: names, required-ness, defaults
and body types. An optional query parameter defaults to None, so a call sends only what the
caller passed (a recorded session of another client replays under exact matching, and a
change of server default is not masked); the docstring names GitHub's default instead.
"""

from __future__ import annotations

import inspect
import json
import types
import typing
from pathlib import Path
from typing import Any

import pytest

from tests.github.example_calls import declared_media
from tests.github.test_github_declarations import DECLARED, _operation_id
from typelink.declare.compiler import DeclaredMethod
from typelink.github.models import _index as index

SPEC = json.loads((Path(__file__).parent / "data" / "spec-parameters.json").read_text())[
    "operations"
]
BODY_KINDS = {"json", "raw", "form", "multipart", "body"}
EMPTY = inspect.Parameter.empty

# Bodies GitHub marks optional that a method still requires: an update with no fields, an
# upload with no bytes or a render with no text would be a mistake, not a call.
REQUIRED_ON_PURPOSE = {
    "issues/update",
    "issues/update-label",
    "issues/add-labels",
    "issues/set-labels",
    "pulls/update",
    "repos/update",
    "repos/update-release",
    "repos/update-release-asset",
    "repos/upload-release-asset",
    "markdown/render-raw",
}


NO_PAGINATION = {"diff", "patch", "sha"}
"""Representations of a commit that GitHub sends whole (no ``page``/``per_page``)."""


def _parameters(endpoint: DeclaredMethod) -> dict[str, inspect.Parameter]:
    return dict(inspect.signature(endpoint.func).parameters)


def _spec(endpoint: DeclaredMethod) -> dict[str, Any]:
    entry: dict[str, Any] = SPEC[_operation_id(endpoint)]
    return entry


def _declared(endpoint: DeclaredMethod, kinds: set[str]) -> dict[str, Any]:
    return {a.wire_name: a for a in endpoint.spec.arguments if a.kind in kinds}


def _strip_none(tp: Any) -> Any:
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else typing.Union[tuple(args)]  # noqa: UP007
    return tp


def _python_literal(value: Any) -> str:
    """How a docstring writes GitHub's default as a Python argument."""
    return json.dumps(value) if isinstance(value, str) else repr(value)


def test_the_description_covers_every_declared_operation():
    assert {_operation_id(e) for _, e in DECLARED} == set(SPEC)


@pytest.mark.parametrize(("name", "endpoint"), DECLARED, ids=[n for n, _ in DECLARED])
def test_path_and_query_parameters_match(name, endpoint):
    spec = _spec(endpoint)
    by_place: dict[str, dict[str, dict[str, Any]]] = {"path": {}, "query": {}, "header": {}}
    for parameter in spec["parameters"]:
        by_place[parameter["in"]][parameter["name"]] = parameter
    assert set(_declared(endpoint, {"path"})) == set(by_place["path"])
    declared_query = _declared(endpoint, {"query"})
    if declared_media(endpoint) in NO_PAGINATION:
        # GitHub: "Pagination query parameters are not supported for these media types"
        assert set(declared_query) == set(by_place["query"]) - {"page", "per_page"}
    else:
        assert set(declared_query) == set(by_place["query"])
    assert by_place["header"] == {}
    python = _parameters(endpoint)
    doc = " ".join((endpoint.__doc__ or "").split())
    for wire, argument in declared_query.items():
        described = by_place["query"][wire]
        default = python[argument.name].default
        if described["required"]:
            assert default is EMPTY, f"{name}: {wire} is required by GitHub"
        else:
            # not passed, not sent: the server applies its own default (documented instead)
            assert default is None, f"{name}: optional {wire} must default to None (not sent)"
            assert _strip_none(argument.annotation) != argument.annotation, (
                f"{name}: optional {wire} defaults to None, so its type must admit None"
            )
            if "default" in described:
                named = f"``{argument.name}={_python_literal(described['default'])}``"
                assert named in doc, f"{name}: the docstring should say GitHub uses {named}"


@pytest.mark.parametrize(("name", "endpoint"), DECLARED, ids=[n for n, _ in DECLARED])
def test_request_body_matches(name, endpoint):
    op_id = _operation_id(endpoint)
    described = _spec(endpoint).get("body")
    bodies = list(_declared(endpoint, BODY_KINDS).values())
    if described is None:
        assert bodies == [], f"{name}: GitHub takes no body"
        return
    assert len(bodies) == 1, f"{name}: GitHub takes a body"
    (body,) = bodies
    default = _parameters(endpoint)[body.name].default
    if described["required"]:
        assert default is EMPTY, f"{name}: the body is required by GitHub"
    elif op_id not in REQUIRED_ON_PURPOSE:
        assert default is None, f"{name}: the body is optional for GitHub"
    types_by_content = index.REQUEST_BODIES[op_id]
    assert set(types_by_content) == set(described["content_types"])
    expected = {_strip_none(tp) for tp in types_by_content.values()}
    assert _strip_none(body.annotation) in expected
    if body.kind == "json":
        assert "application/json" in described["content_types"]
