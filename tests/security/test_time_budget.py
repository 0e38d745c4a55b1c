"""Time: ``total_budget`` bounds the whole call, a body the server drips slowly included.

Each socket read is bounded by the read timeout, but a server that sends one byte every
50 ms never trips it: without a deadline the call lasts as long as the server likes. The
server here drips for 20 s (plain bytes, or a gzip stream of empty blocks that decodes to
nothing), or waits 20 s before its headers; with a 1 s budget, the call must end with
:class:`APITimeoutError` while the server is still dripping, through the blocking
transport and the async one alike.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

from typelink import AsyncConsumer, Consumer, RetryPolicy, get
from typelink.errors import APITimeoutError

DRIP_SECONDS = 20.0


def gzip_of_empty_blocks(count: int) -> bytes:
    """A gzip stream of ``count`` empty stored blocks: bytes arrive, nothing decodes."""
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + b"\x00\x00\x00\xff\xff" * count


class DrippingServer:
    """Answers every request by sending ``body`` one small piece at a time."""

    def __init__(self, body: bytes, headers: dict[str, str], delay_headers: float = 0.0):
        self.body = body
        self.headers = headers
        self.delay_headers = delay_headers
        self.stop = threading.Event()
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.listener.getsockname()[1]}"

    def _serve(self) -> None:
        while not self.stop.is_set():
            try:
                conn, _ = self.listener.accept()
            except OSError:
                return
            threading.Thread(target=self._answer, args=(conn,), daemon=True).start()

    def _answer(self, conn: socket.socket) -> None:
        with conn:
            try:
                conn.recv(65536)
                if self.stop.wait(self.delay_headers):
                    return
                head = "HTTP/1.1 200 OK\r\n" + "".join(
                    f"{k}: {v}\r\n"
                    for k, v in {**self.headers, "Content-Length": len(self.body)}.items()
                )
                conn.sendall(head.encode() + b"\r\n")
                piece = max(1, len(self.body) // int(DRIP_SECONDS / 0.05))
                for start in range(0, len(self.body), piece):
                    if self.stop.wait(0.05):
                        return
                    conn.sendall(self.body[start : start + piece])
            except OSError:
                return

    def close(self) -> None:
        self.stop.set()
        self.listener.close()


class Slow(Consumer):
    @get("data", timeout=(5.0, 30.0))
    def read(self) -> Any:
        raise NotImplementedError


def bounded(server: DrippingServer) -> BaseException | Any:
    api = Slow(base_url=server.url, retry=RetryPolicy(max_retries=0, total_budget=1.0))
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(api.read())
        except BaseException as exc:
            outcome.append(exc)

    started = time.monotonic()
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(DRIP_SECONDS / 2)  # a safety net only: the budget is 1 s
    assert not worker.is_alive(), "the call outlived its total_budget"
    assert time.monotonic() - started < DRIP_SECONDS  # the server was still dripping
    return outcome[0]


@pytest.fixture
def drip(request: pytest.FixtureRequest) -> Iterator[DrippingServer]:
    kind = request.param
    if kind == "plain":
        server = DrippingServer(
            b'{"padding": "' + b"x" * 400 + b'"}', {"Content-Type": "application/json"}
        )
    elif kind == "gzip-empty-blocks":
        server = DrippingServer(gzip_of_empty_blocks(400), {"Content-Encoding": "gzip"})
    else:
        server = DrippingServer(b"{}", {"Content-Type": "application/json"}, DRIP_SECONDS)
    try:
        yield server
    finally:
        server.close()


@pytest.mark.parametrize("drip", ["plain", "gzip-empty-blocks", "slow-headers"], indirect=True)
def test_the_total_budget_bounds_a_dripping_response(drip):
    outcome = bounded(drip)
    assert isinstance(outcome, APITimeoutError), repr(outcome)
    assert "total_budget" in str(outcome) or "timed out" in str(outcome)


class AsyncSlow(AsyncConsumer):
    @get("data", timeout=(5.0, 30.0))
    async def read(self) -> Any:
        raise NotImplementedError


def bounded_async(server: DrippingServer) -> BaseException | Any:
    """One async call with a 1 s budget; what it returned or raised."""

    async def call() -> Any:
        budget = RetryPolicy(max_retries=0, total_budget=1.0)
        async with AsyncSlow(base_url=server.url, retry=budget) as api:
            return await api.read()

    async def guarded() -> Any:
        try:  # a safety net only: the budget is 1 s
            return await asyncio.wait_for(call(), DRIP_SECONDS / 2)
        except BaseException as exc:
            return exc

    started = time.monotonic()
    outcome = asyncio.run(guarded())
    assert time.monotonic() - started < DRIP_SECONDS / 2, "the call outlived its total_budget"
    return outcome


@pytest.mark.parametrize("drip", ["plain", "gzip-empty-blocks", "slow-headers"], indirect=True)
def test_the_total_budget_bounds_a_dripping_response_under_asyncio(drip):
    outcome = bounded_async(drip)
    assert isinstance(outcome, APITimeoutError), repr(outcome)
    assert "total_budget" in str(outcome)
