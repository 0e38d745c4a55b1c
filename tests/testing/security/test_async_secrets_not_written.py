"""Nothing secret is written when an async client's aiohttp traffic is recorded.

The same hostile answers as ``test_secrets_not_written`` (tokens in ``Location``,
``Content-Location`` and ``Link``, JSON served as ``text/plain``, secret fields holding lists
and objects, a registered secret in a path and a query, webhook tokens in paths), reached
through a typelink ``AsyncConsumer``; a multipart field and a ``json=`` body sent by a raw
``aiohttp.ClientSession`` (aiohttp builds those bodies itself, so vcrpy alone recorded no
body to scrub). Then the scrubbed cassette replays with the server never hit.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import unquote, unquote_plus

import pytest

from tests.testing.security.conftest import write_test
from tests.testing.security.hostile_server import (
    CONTENT_LOCATION_SIG,
    FRAGMENT_TOKEN,
    LINK_TOKEN,
    LISTED_LIST,
    LISTED_OBJECT,
    LOCATION_TOKEN,
    TEXT_JSON_TOKEN,
    HostileServer,
)

pytest_plugins = ("pytester",)

MULTIPART_PASSWORD = "multipart-pw-hunter2-xyz"
JSON_PASSWORD = "json-body-pw-0c0ffee-42"
SPACED_SECRET = "open sesame! ~42 door"
SLACK_TOKEN = "abcdEFGH1234ijklMNOP5678"
DISCORD_TOKEN = "Xy9_" + "kLmN0pQrStUvWxYz-" * 3 + "AbCd"

INNER = """
import asyncio
import aiohttp
import typelink.testing
from typelink import AsyncConsumer, Body, Query, get, post

class Leaky(AsyncConsumer):
    @get("redirect")
    async def redirect(self) -> dict:
        raise NotImplementedError

    @get("text-json")
    async def text_json(self) -> dict:
        raise NotImplementedError

    @get("listed")
    async def listed(self) -> dict:
        raise NotImplementedError

    @get("search/{term}")
    async def search(self, term: str) -> dict:
        raise NotImplementedError

    @get("find")
    async def find(self, q: Query[str]) -> dict:
        raise NotImplementedError

    @post("services/T0123ABCD/B0456EFGH/{token}")
    async def slack(self, token: str, body: Body[dict]) -> dict:
        raise NotImplementedError

    @post("api/webhooks/123456789012345678/{token}")
    async def discord(self, token: str, body: Body[dict]) -> dict:
        raise NotImplementedError

async def leak():
    async with Leaky(base_url=URL) as api:
        assert await api.redirect() == {"page": 2}
        assert (await api.text_json())["token_type"] == "bearer"
        assert (await api.listed())["token"]["ok"] is True
        assert (await api.search(SPACED_SECRET))["method"] == "GET"
        assert (await api.find(SPACED_SECRET))["method"] == "GET"
        assert (await api.slack(SLACK_TOKEN, {"text": "hi"}))["method"] == "POST"
        assert (await api.discord(DISCORD_TOKEN, {}))["method"] == "POST"
    async with aiohttp.ClientSession() as raw:
        form = aiohttp.FormData()
        form.add_field("password", MULTIPART_PASSWORD)
        form.add_field("note", "hello")
        form.add_field("avatar", b"PNG-bytes", filename="me.png")  # a file: multipart
        async with raw.post(URL + "/upload", data=form) as answer:
            assert (await answer.json())["method"] == "POST"
        async with raw.post(URL + "/login", json={"password": JSON_PASSWORD}) as answer:
            assert (await answer.json())["method"] == "POST"

@pytest.mark.typelink_cassette
def test_leaky():
    typelink.testing.register_secret(SPACED_SECRET)
    asyncio.run(leak())
"""

SECRETS = {
    "Location query": LOCATION_TOKEN,
    "Content-Location query": CONTENT_LOCATION_SIG,
    "Link query": LINK_TOKEN,
    "Link fragment": FRAGMENT_TOKEN,
    "JSON served as text/plain": TEXT_JSON_TOKEN,
    "secret field holding a list (1)": LISTED_LIST[0],
    "secret field holding a list (2)": LISTED_LIST[1],
    "secret field holding an object": LISTED_OBJECT,
    "multipart form field": MULTIPART_PASSWORD,
    "json= body field": JSON_PASSWORD,
    "registered secret": SPACED_SECRET,
    "Slack webhook token": SLACK_TOKEN,
    "Discord webhook token": DISCORD_TOKEN,
}


def _leaks(text: str) -> list[str]:
    """Secrets in ``text`` in any spelling a URL or form encoder gives them."""
    spellings = (text, unquote(text), unquote_plus(text))
    return [where for where, value in SECRETS.items() if any(value in s for s in spellings)]


def _cassette(inner: pytest.Pytester) -> Path:
    return inner.path / "cassettes" / "test_inner" / "test_leaky.yaml"


def test_async_recording_writes_no_secret_and_replays(
    inner: pytest.Pytester, hostile_server: HostileServer
) -> None:
    write_test(
        inner,
        INNER,
        URL=hostile_server.url,
        SPACED_SECRET=SPACED_SECRET,
        MULTIPART_PASSWORD=MULTIPART_PASSWORD,
        JSON_PASSWORD=JSON_PASSWORD,
        SLACK_TOKEN=SLACK_TOKEN,
        DISCORD_TOKEN=DISCORD_TOKEN,
    )
    inner.runpytest("--record-mode=once").assert_outcomes(passed=1)
    recorded = _cassette(inner).read_text()
    assert _leaks(recorded) == []
    # the bodies aiohttp built itself were recorded (scrubbed), not left out
    assert "multipart/form-data; boundary=" in recorded
    assert "me.png" in recorded and "PNG-bytes" in recorded

    hostile_server.hits.clear()
    inner.runpytest().assert_outcomes(passed=1)  # replay after scrubbing, network blocked
    assert hostile_server.hits == []
