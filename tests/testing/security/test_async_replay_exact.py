"""Replay is exact for async clients too, and one cassette serves both kinds of client.

The cases of ``test_replay_exact`` (requests differing only in a redactable value, JSON
``true`` against ``1``, a scrubbed session id sent back in a path) plus multipart uploads
differing only in a field, recorded by one kind of client and replayed, in another order,
by the other (blocking -> async and async -> blocking) and by the same kind: every request
gets its own recording, and the server is never hit.
"""

from __future__ import annotations

import pytest

from tests.testing.security.conftest import write_test
from tests.testing.security.hostile_server import HostileServer

pytest_plugins = ("pytester",)

DECLARATIONS = """
import asyncio
from typelink import AsyncConsumer, Body, Consumer, Part, Query, get, post

class Api(Consumer):
    @get("country")
    def country(self, code: Query[str]) -> dict:
        raise NotImplementedError

    @post("flags")
    def flags(self, body: Body[dict]) -> dict:
        raise NotImplementedError

    @post("upload")
    def upload(self, note: Part[str], avatar: Part[bytes]) -> dict:
        raise NotImplementedError

    @get("sessions")
    def create(self) -> dict:
        raise NotImplementedError

    @get("sessions/{sid}")
    def fetch(self, sid: str) -> dict:
        raise NotImplementedError

class AsyncApi(AsyncConsumer):
    @get("country")
    async def country(self, code: Query[str]) -> dict:
        raise NotImplementedError

    @post("flags")
    async def flags(self, body: Body[dict]) -> dict:
        raise NotImplementedError

    @post("upload")
    async def upload(self, note: Part[str], avatar: Part[bytes]) -> dict:
        raise NotImplementedError

    @get("sessions")
    async def create(self) -> dict:
        raise NotImplementedError

    @get("sessions/{sid}")
    async def fetch(self, sid: str) -> dict:
        raise NotImplementedError

def echoed(answer):
    # the multipart boundary is random: compare the fields the server saw
    return [line for line in answer["body"].split("\\r\\n") if not line.startswith("--")]
"""

BLOCKING = """
@pytest.mark.typelink_cassette("countries")
def test_countries():
    with Api(base_url=URL) as api:
        for code in ORDER:
            assert api.country(code) == {"country": code}

@pytest.mark.typelink_cassette("flags")
def test_flags():
    with Api(base_url=URL) as api:
        for value in VALUES:
            sent = api.flags({"enabled": value})["body"]
            assert sent.replace(" ", "") == '{"enabled":' + ("true" if value is True else str(value)) + '}'

@pytest.mark.typelink_cassette("uploads")
def test_uploads():
    with Api(base_url=URL) as api:
        for note in NOTES:
            assert "note-" + note in echoed(api.upload("note-" + note, b"same-bytes"))

@pytest.mark.typelink_cassette("sessions")
def test_sessions():
    with Api(base_url=URL) as api:
        sid = api.create()["session_id"]
        assert api.fetch(sid)["open"] is True
"""

ASYNC = """
@pytest.mark.typelink_cassette("countries")
def test_countries():
    async def run():
        async with AsyncApi(base_url=URL) as api:
            for code in ORDER:
                assert await api.country(code) == {"country": code}
    asyncio.run(run())

@pytest.mark.typelink_cassette("flags")
def test_flags():
    async def run():
        async with AsyncApi(base_url=URL) as api:
            for value in VALUES:
                sent = (await api.flags({"enabled": value}))["body"]
                assert sent.replace(" ", "") == '{"enabled":' + ("true" if value is True else str(value)) + '}'
    asyncio.run(run())

@pytest.mark.typelink_cassette("uploads")
def test_uploads():
    async def run():
        async with AsyncApi(base_url=URL) as api:
            for note in NOTES:
                assert "note-" + note in echoed(await api.upload("note-" + note, b"same-bytes"))
    asyncio.run(run())

@pytest.mark.typelink_cassette("sessions")
def test_sessions():
    async def run():
        async with AsyncApi(base_url=URL) as api:
            sid = (await api.create())["session_id"]
            assert (await api.fetch(sid))["open"] is True
    asyncio.run(run())
"""

CLIENTS = {"blocking": BLOCKING, "async": ASYNC}


def _write(inner: pytest.Pytester, server: HostileServer, client: str, *, reordered: bool) -> None:
    order, values, notes = (["US", "FR"], [True, 1], ["a", "b"])
    if reordered:
        order, values, notes = order[::-1], values[::-1], notes[::-1]
    write_test(
        inner,
        DECLARATIONS + CLIENTS[client],
        URL=server.url,
        ORDER=order,
        VALUES=values,
        NOTES=notes,
    )


@pytest.mark.parametrize(
    ("recorded_by", "replayed_by"),
    [("blocking", "async"), ("async", "blocking"), ("async", "async")],
)
def test_each_request_replays_its_own_recording_whichever_client_recorded_it(
    inner: pytest.Pytester, hostile_server: HostileServer, recorded_by: str, replayed_by: str
) -> None:
    _write(inner, hostile_server, recorded_by, reordered=False)
    inner.runpytest("--record-mode=once").assert_outcomes(passed=4)
    recorded = (inner.path / "cassettes" / "test_inner" / "sessions.yaml").read_text()
    assert "9f8e7d6c5b4a39281706f5e4d3c2b1a0" not in recorded  # the session id was scrubbed

    _write(inner, hostile_server, replayed_by, reordered=True)
    hostile_server.hits.clear()
    result = inner.runpytest("-o", "typelink_strict=true")  # every recording played
    result.assert_outcomes(passed=4)
    assert hostile_server.hits == []
