"""Every declared GitHub endpoint replays its cassette through the generated ``AsyncGitHub``.

The same cassettes as ``test_endpoints`` (``cassettes/github/endpoints/<operation>.yaml``,
recorded through the blocking client's ``requests`` traffic), replayed through aiohttp with
the network blocked and strict mode on: the same calls, the same typed results. One cassette
format serves both clients.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tests.github.example_calls import bound_method
from tests.github.test_endpoints import CALLS, CASSETTES, OPERATIONS, _expected, _stored_body
from typelink import AsyncPage, RawResponse
from typelink.github import AsyncGitHub
from typelink.pagination import page_item_type
from typelink.testing.files import read_cassette


def test_every_declared_operation_has_an_async_twin() -> None:
    gh = AsyncGitHub(token="t")
    for operation, (attributes, endpoint) in OPERATIONS.items():
        twin = bound_method(gh, attributes)
        assert twin.spec.info.qualname == "Async" + endpoint.spec.info.qualname, operation
        assert twin.spec.info.path == endpoint.spec.info.path
        assert twin.spec.info.http_method == endpoint.spec.info.http_method
        assert twin.spec.arguments == endpoint.spec.arguments
        assert twin.spec.method_headers == endpoint.spec.method_headers
        blocking_item, async_item = (
            page_item_type(s.response_type) for s in (endpoint.spec, twin.spec)
        )
        assert async_item == blocking_item
        if blocking_item is None:
            assert twin.spec.response_type == endpoint.spec.response_type


async def _replay(operation: str) -> None:
    stored = read_cassette(CASSETTES / f"{operation}.yaml")
    position = 0
    async with AsyncGitHub(token="ghp_" + "0" * 36) as gh:
        for call in CALLS[operation]:
            method = bound_method(gh, call.attributes)
            spec = method.spec
            result = await method(**call.args)
            position += len(call.exchanges)
            final = stored.interactions[position - 1]
            # the recording names the blocking method; the async twin made the same request
            recorded_by = final["response"]["typelink"]["method"]
            assert spec.info.qualname == "Async" + recorded_by
            if isinstance(result, AsyncPage):
                assert await result.to_list() == _expected(spec.response_type, _stored_body(final))
            elif isinstance(result, RawResponse):
                assert result.status_code == final["response"]["status"]["code"]
            else:
                assert result == _expected(spec.response_type, _stored_body(final))


@pytest.mark.parametrize(
    "operation",
    [
        pytest.param(op, marks=pytest.mark.typelink_cassette(path=str(CASSETTES / f"{op}.yaml")))
        for op in sorted(CALLS)
    ],
)
def test_endpoint_replays_through_the_async_client(operation: str, typelink_cassette: Any) -> None:
    if typelink_cassette.recording:
        pytest.skip("cassettes are recorded through the blocking client (test_endpoints)")
    asyncio.run(_replay(operation))
