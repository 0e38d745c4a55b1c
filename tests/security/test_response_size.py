"""Size: a maximum response size, enforced while reading and on the decompressed size.

A server (or anything between it and the client) can answer with a body that never ends, or
a small compressed body that expands a thousandfold: gzip, deflate and brotli bombs. Reading
stops at the limit (64 MiB by default; per client and per endpoint), for error bodies too,
with a typed :class:`ResponseTooLargeError`, and memory stays bounded by the limit, not by
what the server sends: through the blocking transport and the async one alike.
"""

from __future__ import annotations

import asyncio
import gzip
import socket
import threading
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from tests.fixtures.servers import Reply, ScriptedServer
from tests.security.bombs import bomb, peak_memory
from typelink import AsyncConsumer, Consumer, get
from typelink import errors as tl_errors

MiB = 1024 * 1024


class Files(Consumer):
    @get("blob")
    def blob(self) -> bytes:
        raise NotImplementedError


def serve(server: ScriptedServer, body: bytes, encoding: str | None = None, status: int = 200):
    headers = {"Content-Type": "application/octet-stream"}
    if encoding:
        headers["Content-Encoding"] = encoding
    server.handler = lambda seen: Reply(status=status, body=body, headers=headers)


def too_large(error: BaseException | None) -> bool:
    return type(error).__name__ == "ResponseTooLargeError" and isinstance(error, tl_errors.APIError)


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_a_decompression_bomb_stops_at_the_limit_with_flat_memory(good, encoding):
    pytest.importorskip("brotli") if encoding == "br" else None
    serve(good, bomb(encoding, 32 * MiB), encoding)
    api = Files(base_url=good.url, max_response_size=1 * MiB)
    peak, error = peak_memory(api.blob)
    assert too_large(error), repr(error)
    assert peak < 8 * MiB, f"peak {peak / MiB:.1f} MiB for a 1 MiB limit"


def test_the_default_limit_stops_a_bomb(good):
    serve(good, bomb("gzip", 80 * MiB), "gzip")
    api = Files(base_url=good.url)
    peak, error = peak_memory(api.blob)
    assert too_large(error), repr(error)
    assert "67108864" in str(error)
    assert peak < 80 * MiB


def test_an_error_body_is_limited_too(good):
    serve(good, bomb("gzip", 80 * MiB), "gzip", status=500)
    api = Files(base_url=good.url)
    peak, error = peak_memory(api.blob)
    assert too_large(error), repr(error)
    assert "-> 500" in str(error)
    assert peak < 80 * MiB


def test_a_declared_length_over_the_limit_is_refused_before_reading(good):
    serve(good, b"0" * (2 * MiB))
    api = Files(base_url=good.url, max_response_size=1 * MiB)
    with pytest.raises(tl_errors.APIError) as caught:
        api.blob()
    assert too_large(caught.value)
    assert "declares" in str(caught.value)


def test_an_endpoints_limit_wins_over_the_clients(good):
    class Sized(Consumer):
        @get("small", max_response_size=256 * 1024)
        def small(self) -> bytes:
            raise NotImplementedError

        @get("big", max_response_size=8 * MiB)
        def big(self) -> bytes:
            raise NotImplementedError

    serve(good, b"0" * (512 * 1024))
    api = Sized(base_url=good.url, max_response_size=1 * MiB)
    with pytest.raises(tl_errors.APIError) as caught:
        api.small()
    assert too_large(caught.value)
    serve(good, b"0" * (2 * MiB))
    assert len(api.big()) == 2 * MiB


class EndlessChunks:
    """A server whose chunked body never ends (until the client goes away)."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _serve(self) -> None:
        try:
            conn, _ = self.listener.accept()
        except OSError:
            return
        chunk = b"%x\r\n%s\r\n" % (64 * 1024, b"0" * 64 * 1024)
        with conn:
            try:
                conn.recv(65536)
                conn.sendall(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                for _ in range(16 * 1024):  # 1 GiB at most
                    conn.sendall(chunk)
            except OSError:
                return

    def close(self) -> None:
        self.listener.close()


@pytest.fixture
def endless() -> Iterator[EndlessChunks]:
    server = EndlessChunks()
    try:
        yield server
    finally:
        server.close()


def test_an_endless_chunked_body_stops_at_the_limit(endless: Any):
    api = Files(base_url=endless.url, max_response_size=2 * MiB)
    peak, error = peak_memory(api.blob)
    assert too_large(error), repr(error)
    assert peak < 16 * MiB


# -- the same limits under asyncio (aiohttp) ---------------------------------------------


class AsyncFiles(AsyncConsumer):
    @get("blob")
    async def blob(self) -> bytes:
        raise NotImplementedError


def async_blob(url: str, **options: Any) -> Callable[[], bytes]:
    """A blocking callable that makes one async call (for :func:`peak_memory`)."""

    async def call() -> bytes:
        async with AsyncFiles(base_url=url, **options) as api:
            return await api.blob()

    return lambda: asyncio.run(call())


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "br"])
def test_an_async_decompression_bomb_stops_at_the_limit_with_flat_memory(good, encoding):
    pytest.importorskip("brotli") if encoding == "br" else None
    serve(good, bomb(encoding, 32 * MiB), encoding)
    peak, error = peak_memory(async_blob(good.url, max_response_size=1 * MiB))
    assert too_large(error), repr(error)
    assert peak < 8 * MiB, f"peak {peak / MiB:.1f} MiB for a 1 MiB limit"


def test_an_async_error_body_is_limited_too(good):
    serve(good, bomb("gzip", 80 * MiB), "gzip", status=500)
    peak, error = peak_memory(async_blob(good.url))
    assert too_large(error), repr(error)
    assert "-> 500" in str(error) and "67108864" in str(error)
    assert peak < 80 * MiB


def test_an_async_declared_length_over_the_limit_is_refused_before_reading(good):
    serve(good, b"0" * (2 * MiB))
    with pytest.raises(tl_errors.APIError) as caught:
        async_blob(good.url, max_response_size=1 * MiB)()
    assert too_large(caught.value)
    assert "declares" in str(caught.value)


def test_an_async_endless_chunked_body_stops_at_the_limit(endless: Any):
    peak, error = peak_memory(async_blob(endless.url, max_response_size=2 * MiB))
    assert too_large(error), repr(error)
    assert peak < 16 * MiB


def test_an_async_body_within_the_limit_is_decoded_by_typelink(good):
    body = b"0123456789" * 100_000
    serve(good, gzip.compress(body), "gzip")
    assert async_blob(good.url, max_response_size=1 * MiB)() == body
    assert good.seen[-1].headers["Accept-Encoding"] in ("gzip, deflate", "gzip, deflate, br")
