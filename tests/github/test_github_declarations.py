"""The GitHub consumers declare exactly the operations the models were generated for.

Static checks only (no network): every operation in ``typelink/github/operations.txt`` is
declared by a method whose HTTP method and path match GitHub's description, and each
method's return annotation accepts the published example responses.
"""

from __future__ import annotations

import json
import re
import typing
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from tests.github.example_calls import declared_media, example_media
from typelink import Consumer
from typelink.declare.compiler import DeclaredMethod
from typelink.github import GitHub
from typelink.github.models import _index as index
from typelink.pagination import page_item_type

DATA = Path(__file__).parent / "data"
_OPERATION = re.compile(r"\(operation ``([^`]+)``\)")


def _groups(owner: type) -> list[type]:
    """The resource groups under ``owner``, nested ones included (uploads)."""
    found = []
    for group in typing.get_type_hints(owner).values():
        if isinstance(group, type) and issubclass(group, Consumer):
            found += [group, *_groups(group)]
    return found


def _declared() -> list[tuple[str, DeclaredMethod]]:
    found = []
    for group in dict.fromkeys(_groups(GitHub)):
        for name, value in vars(group).items():
            if isinstance(value, DeclaredMethod):
                found.append((f"{group.__name__}.{name}", value))
    return found


DECLARED = _declared()


def _operation_id(endpoint: DeclaredMethod) -> str:
    match = _OPERATION.search(endpoint.__doc__ or "")
    assert match, f"{endpoint!r}: the docstring names no operation"
    return match.group(1)


def _spec_path(endpoint: DeclaredMethod) -> str:
    return "/" + endpoint.path.lstrip("/").replace("{+", "{")


@pytest.mark.parametrize(("name", "endpoint"), DECLARED, ids=[n for n, _ in DECLARED])
def test_method_and_path_match_the_description(name, endpoint):
    method, path = index.ENDPOINTS[_operation_id(endpoint)]
    assert (endpoint.http_method, _spec_path(endpoint)) == (method, path)


def test_every_declaration_compiles_though_compiling_waits_for_first_use():
    """The groups compile on first use (``defer_compile``, so importing typelink.github loads
    no model): nothing checks them at import, so every one is compiled here."""
    assert {group.defer_compile for group in _groups(GitHub)} == {True}
    for name, endpoint in DECLARED:
        assert endpoint.spec.info.qualname == name


def test_every_generated_operation_is_declared():
    declared = {_operation_id(endpoint) for _, endpoint in DECLARED}
    assert declared == set(index.ENDPOINTS)


def _examples(op_id: str) -> list[dict[str, Any]]:
    exchanges = []
    for folder in ("examples", "extra"):
        path = DATA / folder / f"{op_id}.json"
        if path.exists():
            exchanges += json.loads(path.read_text())["exchanges"]
    return exchanges


@pytest.mark.parametrize(("name", "endpoint"), DECLARED, ids=[n for n, _ in DECLARED])
def test_return_annotation_accepts_the_examples(name, endpoint):
    declared = endpoint.spec.response_type
    if declared in (bytes, str):
        return  # archives, downloads and rendered HTML: raw bodies
    item = page_item_type(declared)
    adapter = TypeAdapter(list[item] if item is not None else declared)
    checked = 0
    for exchange in _examples(_operation_id(endpoint)):
        if example_media(exchange) != declared_media(endpoint):
            continue  # another representation (star timestamps, a diff...): another method's
        response = exchange["response"]
        body = response.get("body", {})
        if "json" in body:
            adapter.validate_python(body["json"])
            checked += 1
        elif "body" not in response and response["status"] in (204, 205):
            if item is not None:
                # repos/list-contributors answers 204 for an empty repository: for a Page
                # declaration that must read as an empty page (pagination's contract).
                checked += 1
                continue
            assert declared in (None, type(None)) or type(None) in typing.get_args(declared)
            checked += 1
    assert checked, f"{name}: no example exercised its return annotation"
