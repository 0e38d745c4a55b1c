"""During replay asyncio code cannot reach the network either.

Each inner test replays (record mode ``none``) and tries one way out from inside an event
loop: an async typelink client asking for something the cassette does not hold, a raw
aiohttp session, the loop's resolver (``loop.getaddrinfo`` runs in a worker thread), a
stream connection, a UDP endpoint, and a host that merely starts like an allowed one.
"""

from __future__ import annotations

import pytest

from tests.testing.security.conftest import write_test
from tests.testing.security.hostile_server import HostileServer

pytest_plugins = ("pytester",)

INNER = """
import asyncio
import socket

import aiohttp
from vcr.errors import CannotOverwriteExistingCassetteException

from typelink import AsyncConsumer, get

class Api(AsyncConsumer):
    @get("country")
    async def country(self) -> dict:
        raise NotImplementedError

def blocked():
    return pytest.raises(RuntimeError, match="Network is disabled")

def run(coroutine):
    return asyncio.run(coroutine)

@pytest.mark.typelink_cassette
def test_clients_get_no_answer_the_cassette_does_not_hold():
    async def typed():
        async with Api(base_url=f"http://127.0.0.1:{PORT}") as api:
            await api.country()
    async def raw():
        async with aiohttp.ClientSession() as session:
            await session.get(f"http://localhost:{PORT}/country")
    with pytest.raises(CannotOverwriteExistingCassetteException):
        run(typed())
    with pytest.raises(CannotOverwriteExistingCassetteException):
        run(raw())

@pytest.mark.typelink_cassette
def test_the_loops_resolver():
    async def resolve():
        await asyncio.get_running_loop().getaddrinfo("localhost", PORT)
    with blocked():
        run(resolve())

@pytest.mark.typelink_cassette
def test_stream_connections():
    with blocked():
        run(asyncio.open_connection("127.0.0.1", PORT))

@pytest.mark.typelink_cassette
def test_udp_endpoints():
    async def datagram():
        loop = asyncio.get_running_loop()
        transport, _ = await loop.create_datagram_endpoint(
            asyncio.DatagramProtocol, local_addr=("127.0.0.1", 0)
        )
        try:
            transport.sendto(b"ping", ("127.0.0.1", PORT))
            await asyncio.sleep(0.05)
        finally:
            transport.close()
    async def connected():
        await asyncio.get_running_loop().create_datagram_endpoint(
            asyncio.DatagramProtocol, remote_addr=("127.0.0.1", PORT)
        )
    with blocked():
        run(connected())
    errors = []
    def handler(loop, context):
        errors.append(context.get("exception"))
    async def watched():
        asyncio.get_running_loop().set_exception_handler(handler)
        await datagram()
    try:
        run(watched())
    except RuntimeError as exc:  # raised by sendto itself
        errors.append(exc)
    assert any("Network is disabled" in str(e) for e in errors), errors

@pytest.mark.typelink_cassette(allowed_hosts=["127.0.0.1"])
def test_allowed_hosts_match_whole_names():
    async def reach(host):
        reader, writer = await asyncio.open_connection(host, PORT)
        writer.close()
        await writer.wait_closed()
    run(reach("127.0.0.1"))  # allowed
    with blocked():
        run(reach("127.0.0.10"))
"""


def test_async_replay_blocks_every_way_out(
    inner: pytest.Pytester, hostile_server: HostileServer
) -> None:
    write_test(inner, INNER, PORT=int(hostile_server.url.rsplit(":", 1)[1]))
    result = inner.runpytest()
    result.assert_outcomes(passed=5)
    assert hostile_server.hits == []
