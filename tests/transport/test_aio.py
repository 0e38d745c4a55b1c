"""The aiohttp transport: the same bytes on the wire as the blocking transport, the same trust
rules, typed failures, proxies and timeouts; against real servers on 127.0.0.1."""

from __future__ import annotations

import asyncio
import io
import ssl
from collections.abc import Callable
from typing import Any

import aiohttp
import certifi
import pytest
from multidict import CIMultiDict

from tests.fixtures.asyncio_server import AsyncServer, Seen, replies
from tests.fixtures.servers import Reply, ScriptedServer
from typelink import (
    APIConnectionError,
    APITimeoutError,
    AsyncConsumer,
    BearerToken,
    Body,
    Consumer,
    Form,
    Header,
    InvalidArgumentError,
    Model,
    Part,
    Query,
    RetryPolicy,
    get,
    post,
)
from typelink._internal.connection_settings import proxy_for, ssl_setting
from typelink.transport.aio_options import encoded_url
from typelink.transport.response import JoinedHeaders


class Note(Model):
    title: str
    tags: list[str] | None = None


class Wire(Consumer):
    @get("search/{term}")
    def search(self, term: str, sort: Query[str], ids: Query[list[int]], h: Header[str]) -> None:
        raise NotImplementedError

    @post("json")
    def json(self, note: Body[Note]) -> None:
        raise NotImplementedError

    @post("form")
    def form(self, title: Form[str], count: Form[int], note: Form[str | None] = None) -> None:
        raise NotImplementedError

    @post("form-model")
    def form_model(self, note: Form[Note]) -> None:
        raise NotImplementedError

    @post("raw")
    def raw(self, data: Body[bytes]) -> None:
        raise NotImplementedError

    @post("parts")
    def parts(self, caption: Part[str], blob: Part[bytes], meta: Part[Note]) -> None:
        raise NotImplementedError


class AsyncWire(AsyncConsumer):
    @get("search/{term}")
    async def search(
        self, term: str, sort: Query[str], ids: Query[list[int]], h: Header[str]
    ) -> None:
        raise NotImplementedError

    @post("json")
    async def json(self, note: Body[Note]) -> None:
        raise NotImplementedError

    @post("form")
    async def form(self, title: Form[str], count: Form[int], note: Form[str | None] = None) -> None:
        raise NotImplementedError

    @post("form-model")
    async def form_model(self, note: Form[Note]) -> None:
        raise NotImplementedError

    @post("raw")
    async def raw(self, data: Body[bytes]) -> None:
        raise NotImplementedError

    @post("parts")
    async def parts(self, caption: Part[str], blob: Part[bytes], meta: Part[Note]) -> None:
        raise NotImplementedError


CALLS: list[tuple[str, tuple[Any, ...]]] = [
    ("search", ("a b/é", "new & old", [1, 2], "x")),
    ("json", (Note(title="t", tags=["a"]),)),
    ("form", ("hello world", 3)),
    ("form_model", (Note(title="q&a", tags=["x", "y"]),)),
    ("raw", (b"\x00\x01raw",)),
]


def _shape(seen: Seen) -> tuple[str, str, bytes, str | None]:
    return seen.method, seen.path, seen.body, seen.headers.get("Content-Type")


def test_the_async_transport_sends_what_the_blocking_one_sends() -> None:
    async def scenario() -> None:
        async with AsyncServer(replies(Reply(status=204, body=b""))) as server:
            blocking, awaited = Wire(server.url), AsyncWire(server.url)
            for name, args in CALLS:
                await asyncio.to_thread(getattr(blocking, name), *args)
                await getattr(awaited, name)(*args)
                sync_seen, async_seen = server.seen[-2:]
                assert _shape(async_seen) == _shape(sync_seen), name
                assert async_seen.headers.get("h") == sync_seen.headers.get("h")
            await asyncio.to_thread(blocking.parts, "cap", b"\x00bin", Note(title="m"))
            await awaited.parts("cap", b"\x00bin", Note(title="m"))
            for seen in server.seen[-2:]:
                assert seen.headers["Content-Type"].startswith("multipart/form-data; boundary=")
                assert b'name="caption"' in seen.body and b"cap" in seen.body
                assert b"\x00bin" in seen.body and b'{"title":"m"}' in seen.body
            blocking.close()
            await awaited.aclose()

    asyncio.run(scenario())


def test_streams_and_files_are_sent_as_bodies() -> None:
    async def scenario() -> None:
        async with AsyncServer(replies(Reply(status=204, body=b""))) as server:
            async with AsyncWire(server.url) as wire:
                await wire.raw(io.BytesIO(b"from a file"))  # type: ignore[arg-type]
                await wire.raw(iter([b"chunk-1,", b"chunk-2"]))  # type: ignore[arg-type]
            assert [seen.body for seen in server.seen] == [b"from a file", b"chunk-1,chunk-2"]

    asyncio.run(scenario())


def test_query_encoding_matches_requests() -> None:
    import requests

    for url, params in [
        ("http://h/a b/é", {"q": "x y+z&w=1/é", "l": ["1", "2"], "n": None}),
        ("http://h/p%2Fq?x=1", {"t": "a%b"}),
        ("http://h/x#frag", {"s": "~!*'()", "e": ""}),
    ]:
        prepared = requests.models.PreparedRequest()
        prepared.prepare_url(url, params)
        assert encoded_url(url, params) == prepared.url


def test_joined_headers_read_like_requests_headers() -> None:
    headers = JoinedHeaders(CIMultiDict([("Link", "<a>"), ("link", "<b>"), ("X-One", "1")]))
    assert headers["LINK"] == "<a>, <b>" and headers.get("x-one") == "1"
    assert list(headers) == ["Link", "X-One"] and len(headers) == 2
    assert "x-ONE" in headers and headers.get("missing") is None


class Secrets(AsyncConsumer):
    @get("start")
    async def start(self) -> None:
        raise NotImplementedError


def test_no_credential_follows_a_redirect_to_another_origin() -> None:
    """The request's own credential and every credential of a passed-in session stay home."""

    async def scenario() -> None:
        async with AsyncServer(replies(Reply(status=204, body=b""))) as other:
            to_other = Reply(status=302, headers={"Location": other.url + "/landing"})
            async with AsyncServer(replies(to_other)) as home:
                session = aiohttp.ClientSession(
                    headers={"X-Api-Key": "session-key-123", "X-Trace": "kept"}
                )
                async with (
                    session,
                    Secrets(
                        home.url, auth=BearerToken("bearer-secret-456"), aiohttp_session=session
                    ) as api,
                ):
                    await api.start()
            home_seen, landed = home.seen[0], other.seen[0]
            assert home_seen.headers["Authorization"] == "Bearer bearer-secret-456"
            assert home_seen.headers["X-Api-Key"] == "session-key-123"
            assert landed.path == "/landing"
            assert "Authorization" not in landed.headers
            assert "X-Api-Key" not in landed.headers
            assert landed.headers.get("X-Trace") is None  # a bare session: none of its headers

    asyncio.run(scenario())


class Slow(AsyncConsumer):
    @get("slow")
    async def slow(self) -> None:
        raise NotImplementedError

    @get("bad")
    async def bad(self, token: Header[str]) -> None:
        raise NotImplementedError


NO_RETRY = RetryPolicy(max_retries=0)


def test_failures_are_typed_and_redacted() -> None:
    async def scenario() -> None:
        handle = replies(Reply(status=204, body=b"", delay=1.0))
        async with (
            AsyncServer(handle) as server,
            Slow(server.url, timeout=(1, 0.05), retry=NO_RETRY) as api,
        ):
            with pytest.raises(APITimeoutError, match="timed out"):
                await api.slow()
            # refused by the declaration's encoding, before either transport sees it
            with pytest.raises(InvalidArgumentError, match="line break") as caught:
                await api.bad("line\nbreak-secret")
            assert "break-secret" not in str(caught.value)
        async with Slow("http://127.0.0.1:9", retry=NO_RETRY) as closed:
            with pytest.raises(APIConnectionError, match="connection failed"):
                await closed.slow()

    asyncio.run(scenario())


def test_the_clients_proxy_receives_the_request(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(status=204, body=b"")]

    async def scenario() -> None:
        proxies = {"http": scripted.url}
        async with Slow("http://api.example.invalid", proxies=proxies, retry=NO_RETRY) as api:
            await api.slow()

    asyncio.run(scenario())
    assert scripted.seen[0].path == "http://api.example.invalid/slow"


def test_proxy_choice_follows_requests(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HTTPS_PROXY", "http://env-proxy:3128")
    monkeypatch.setenv("NO_PROXY", "internal.example")
    assert proxy_for("https://api.example.com/x", None, True) == "http://env-proxy:3128"
    assert proxy_for("https://internal.example/x", None, True) is None
    assert proxy_for("https://api.example.com/x", None, False) is None
    mine = {"https://api.example.com": "http://mine:1"}
    assert proxy_for("https://api.example.com/x", mine, True) == "http://mine:1"


def test_tls_settings_follow_verify_and_cert() -> None:
    assert ssl_setting(False, None) is False
    context = ssl_setting(certifi.where(), None)
    assert isinstance(context, ssl.SSLContext) and context.verify_mode == ssl.CERT_REQUIRED
    default: Callable[[], object] = lambda: ssl_setting(True, None)  # noqa: E731
    assert isinstance(default(), ssl.SSLContext)


def test_typelink_imports_aiohttp_only_for_async_clients() -> None:
    """uplink imports aiohttp eagerly when it is installed; typelink's own modules do not."""
    import subprocess
    import sys

    script = """
import sys
sys.modules["uplink.clients.aiohttp_"] = None  # keep uplink's eager import out of the way
from typelink import AsyncClient, Client
class Blocking(Client):
    pass
Blocking("http://127.0.0.1:1").close()
assert "aiohttp" not in sys.modules, "a blocking client imported aiohttp"
class Async(AsyncClient):
    pass
Async("http://127.0.0.1:1")
assert "aiohttp" in sys.modules
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
