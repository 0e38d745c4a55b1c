"""Every declared GitHub endpoint replays its cassette through the typed client.

The cassettes (``cassettes/github/endpoints/<operation>.yaml``) are built from GitHub's
published examples by ``make github-cassettes``; each test replays one with the network
blocked and strict mode on (every interaction must be played), and checks that the typed
result equals the example parsed into the declared return type.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from tests.github.example_calls import Call, bound_method, calls, declared_operations
from typelink import Page, RawResponse
from typelink.github import GitHub
from typelink.pagination import page_item_type
from typelink.testing.files import read_cassette

CASSETTES = Path(__file__).resolve().parents[2] / "cassettes" / "github" / "endpoints"
CALLS: dict[str, list[Call]] = defaultdict(list)


_NOT_WHEN_RECORDING = pytest.mark.skipif(
    "config.getoption('--record-mode', default=None) not in (None, 'none') "
    "and not __import__('os').environ.get('CI')",
    reason="live re-recording covers reads only: writes would change octocat's repositories",
)


def _writes(operation: str) -> bool:
    """Operations that change something on GitHub (they are not re-recorded live)."""
    return OPERATIONS[operation][1].http_method not in ("GET", "HEAD")


for _call in calls():
    CALLS[_call.operation].append(_call)
OPERATIONS = declared_operations()


def test_every_declared_operation_has_a_cassette_test() -> None:
    assert set(CALLS) == set(OPERATIONS)


def _stored_body(interaction: dict[str, Any]) -> Any:
    """The body the cassette replays (scrubbed like a recording), as JSON data or bytes."""
    response = interaction["response"]
    raw = response["body"]["string"]
    data = raw.encode() if isinstance(raw, str) else bytes(raw)
    content_type = next(
        (v[0] for k, v in response["headers"].items() if k.lower() == "content-type"), ""
    )
    if data and "json" in content_type:
        return json.loads(data)
    return data


def _expected(response_type: Any, body: Any) -> Any:
    item_type = page_item_type(response_type)
    if item_type is not None:
        return TypeAdapter(list[item_type]).validate_python(body or [])  # type: ignore[valid-type]
    if response_type is None or response_type is type(None) or body == b"":
        return None
    if response_type is bytes:
        return body if isinstance(body, bytes) else str(body).encode()
    if response_type is str:
        return body if isinstance(body, str) else body.decode()
    if isinstance(body, bytes):  # JSON under a vendor type (application/vnd.github.object)
        return TypeAdapter(response_type).validate_json(body)
    return TypeAdapter(response_type).validate_python(body)


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(
            op,
            marks=[
                # evaluated before the cassette fixture, which empties the file when recording
                *([_NOT_WHEN_RECORDING] if _writes(op) else []),
                pytest.mark.typelink_cassette(path=str(CASSETTES / f"{op}.yaml")),
            ],
        )
        for op in sorted(CALLS)
    ],
)
def test_endpoint_replays_with_typed_result(operation: str, typelink_cassette: Any) -> None:
    recording = typelink_cassette.recording
    if recording and _writes(operation):
        pytest.skip(
            "live re-recording covers reads only: writes would change octocat's repositories"
        )
    token = os.environ.get("GITHUB_TOKEN", "") if recording else ""
    position = 0
    with GitHub(token=token or "ghp_" + "0" * 36) as gh:
        for call in CALLS[operation]:
            method = bound_method(gh, call.attributes)
            spec = method.spec
            result = method(**call.args)
            if recording:
                continue  # the recorded answers are checked when the cassette is replayed
            stored = read_cassette(CASSETTES / f"{operation}.yaml")
            position += len(call.exchanges)
            final = stored.interactions[position - 1]
            if "source" in stored.typelink_metadata:  # built from examples, not recorded live
                assert "not recorded from a live server" in stored.typelink_metadata["source"]
            assert final["response"]["typelink"]["endpoint"] == spec.info.ref
            if isinstance(result, Page):
                assert result.to_list() == _expected(spec.response_type, _stored_body(final))
            elif isinstance(result, RawResponse):
                assert result.status_code == final["response"]["status"]["code"]
            else:
                assert result == _expected(spec.response_type, _stored_body(final))
