"""The spec-checking server has teeth: every way a client could get the wire format wrong is
refused, and a declaration edited to a wrong style is caught through a real call."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest
from requests.structures import CaseInsensitiveDict

from tests.openapi.shop_spec import OPERATIONS, SHOP, write_spec
from typelink import RetryPolicy
from typelink.openapi.clientgen import ClientOptions, generate_client

from .calls import run_call
from .expected import Expected, base_path, example_calls
from .samples import Sampler
from .spec_server import differences, spec_server

GOOD = Expected(
    method="POST",
    path="/v1/customers/cus%201",
    query=["expand%5B%5D=a", "expand%5B%5D=b", "ids=1%2C2", "active=true"],
    headers={"x-trace-id": "t-1"},
    forbidden_headers={"x-debug"},
    content_type="application/x-www-form-urlencoded",
    form=["address%5Bcity%5D=Paris", "note=hi"],
)
TARGET = "/v1/customers/cus%201?ids=1%2C2&expand%5B%5D=a&expand%5B%5D=b&active=true"
HEADERS = {"X-Trace-Id": "t-1", "Content-Type": "application/x-www-form-urlencoded"}
BODY = b"note=hi&address%5Bcity%5D=Paris"


def _diff(
    method: str = "POST", target: str = TARGET, body: bytes = BODY, **headers: str
) -> list[str]:
    return differences(GOOD, method, target, CaseInsensitiveDict({**HEADERS, **headers}), body)


def test_the_expected_request_passes_whatever_the_order_of_different_names():
    assert _diff() == []


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"method": "PUT"}, "method PUT"),
        ({"target": TARGET.replace("cus%201", "cus+1")}, "path"),
        ({"target": TARGET.replace("%5B%5D=a", "%5B0%5D=a")}, "query"),  # expand[0]=a
        ({"target": TARGET.replace("ids=1%2C2", "ids=1&ids=2")}, "query"),  # exploded
        ({"target": TARGET.replace("active=true", "active=True")}, "query"),  # a Python bool
        ({"target": TARGET.replace("=a&expand%5B%5D=b", "=b&expand%5B%5D=a")}, "query"),
        ({"target": TARGET + "&limit=10"}, "query"),  # a default sent although not asked
        ({"X-Trace-Id": "t-2"}, "header x-trace-id"),
        ({"X-Debug": "1"}, "header x-debug was not asked for"),
        ({"Content-Type": "application/json"}, "content type"),
        ({"body": b"note=hi&address=%7B%27city%27%3A+%27Paris%27%7D"}, "form"),  # a repr
        ({"body": b"note=hi&address.city=Paris"}, "form"),
    ],
)
def test_every_difference_is_refused(change: dict[str, Any], problem: str):
    found = _diff(**change)
    assert found and any(problem in item for item in found), found


def test_json_bodies_are_compared_as_typed_values():
    expected = Expected("POST", "/x", [], {}, set(), content_type="application/json")
    expected.json = {"count": 1, "on": True, "tags": ["a"]}
    headers = CaseInsensitiveDict({"Content-Type": "application/json"})

    def diff(body: bytes) -> list[str]:
        return differences(expected, "POST", "/x", headers, body)

    assert diff(b'{"tags":["a"],"on":true,"count":1}') == []
    assert diff(b'{"tags":["a"],"on":true,"count":1.0}') == []  # the same JSON number
    assert diff(b'{"tags":["a"],"on":1,"count":1}')  # 1 is not true
    assert diff(b'{"tags":["a"],"on":true,"count":"1"}')
    assert diff(b'{"tags":["a"],"on":true,"count":1,"extra":null}')
    assert diff(b"count=1")
    none = Expected("GET", "/x", [], {}, set())
    assert differences(none, "GET", "/x", CaseInsensitiveDict(), b"{}") != []


def test_a_declaration_edited_to_a_wrong_style_is_caught_on_a_real_call(tmp_path: Path):
    generate_client(
        write_spec(tmp_path), OPERATIONS, tmp_path / "edited_shop", ClientOptions(command="x")
    )
    items = tmp_path / "edited_shop" / "items.py"
    items.write_text(
        items.read_text()
        .replace("query(explode=False)", "query()")  # ids=1&ids=2 instead of ids=1,2
        .replace('query("expand[]")', 'query("expand")')
    )
    sys.path.insert(0, str(tmp_path))
    try:
        package = importlib.import_module("edited_shop")
        operations = importlib.import_module("edited_shop._operations").OPERATIONS
    finally:
        sys.path.remove(str(tmp_path))
    calls, _ = example_calls(SHOP, ["items/list"], Sampler(SHOP), base_path(SHOP))
    full = next(call for call in calls if call.label == "all")
    with spec_server() as server:
        api = package.Shop(server.url, retry=RetryPolicy(max_retries=0))
        outcome = run_call(server, api, operations, full, "/items")
    assert len(outcome.problems) == 1 and outcome.problems[0].startswith("query [")
    assert "ids=1&ids=2" in outcome.problems[0].replace("'", "").replace(", ", "&")
