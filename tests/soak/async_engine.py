"""The async fault soak: an ``AsyncClient`` on many asyncio tasks against the same server.

The same misbehaving server (:mod:`tests.soak.fault_server`, in its own process), the same
calls, judging and promises as the blocking soak (:mod:`tests.soak.common`,
:mod:`tests.soak.report`): every call returns exactly the expected payload or raises a typed
error, no write is applied twice or lost, retries stay within the policy, no credential
reaches the log. Here the callers are asyncio tasks on one event loop (``threads`` in the
options is their number), the transport is aiohttp, token requests go through the token
provider's ``fetch_async`` and waits through ``async_sleep``.

Between blocks nothing is in flight: sockets outside the aiohttp connector's pool, threads
(no thread per call: the async client starts none) and traced memory are sampled there.
Transport failures are counted by an aiohttp trace on the client's own session (passed as
``aiohttp_session=``, as a user's would be): it observes and never changes a request.
"""

from __future__ import annotations

import asyncio
import errno
import threading
import time
from collections import Counter
from typing import Any

import aiohttp

from tests.soak.common import (
    CallId,
    Created,
    FaultServerProcess,
    Item,
    ItemChange,
    NewItem,
    Patched,
    SoakRunBase,
    captured_logs,
    plan_for,
    traced_memory,
)
from tests.soak.fault_server import CLIENT_ID
from tests.soak.report import SoakOptions, SoakReport, take_sample
from typelink import AsyncClient, AsyncConsumer, Body, Model, get, patch, post
from typelink.auth import ClientCredentials, ExpiringTokenAuth

__all__ = ["run_async_soak"]

_SETTLE_SECONDS = 0.05
"""Closed connections give their sockets back a loop iteration or two after they close."""


class AsyncItems(AsyncConsumer):
    @get("items/{item_id}")
    async def fetch(self, item_id: int, call_id: CallId) -> Item:
        raise NotImplementedError

    @post("items")
    async def create(self, item: Body[NewItem], call_id: CallId) -> Created:
        raise NotImplementedError

    @patch("items/{item_id}")
    async def change(self, item_id: int, change: Body[ItemChange], call_id: CallId) -> Patched:
        raise NotImplementedError


class AsyncSoakAPI(AsyncClient):
    items: AsyncItems


def aiohttp_failure(exc: BaseException) -> str:
    """A short name for why aiohttp failed to get an answer."""
    if isinstance(exc, aiohttp.ConnectionTimeoutError):
        return "connect timeout"
    if isinstance(exc, (aiohttp.ServerTimeoutError, asyncio.TimeoutError)):
        return "read timeout"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "closed before the answer"
    if isinstance(exc, aiohttp.ClientPayloadError):
        return "body cut short"
    if isinstance(exc, OSError) and exc.errno == errno.ECONNREFUSED:
        return "connection refused"
    if (isinstance(exc, OSError) and exc.errno == errno.ECONNRESET) or "reset by peer" in str(exc):
        return "connection reset"
    if "Can not write request" in str(exc):
        return "closed while sending"
    return type(exc).__name__


def counting_session(failures: Counter[str]) -> aiohttp.ClientSession:
    """A plain aiohttp session whose trace counts failed requests by cause."""

    async def failed(
        session: aiohttp.ClientSession, context: Any, params: aiohttp.TraceRequestExceptionParams
    ) -> None:
        failures[aiohttp_failure(params.exception)] += 1

    trace = aiohttp.TraceConfig()
    trace.on_request_exception.append(failed)
    return aiohttp.ClientSession(
        trust_env=False, timeout=aiohttp.ClientTimeout(total=None), trace_configs=[trace]
    )


def pooled_connections(session: aiohttp.ClientSession) -> int:
    """Open connections resting in the session's pool (they are not leaks)."""
    connector: Any = session.connector
    return sum(
        1
        for resting in connector._conns.values()
        for protocol, _ in resting
        if protocol.transport is not None and not protocol.transport.is_closing()
    )


class AsyncSoakRun(SoakRunBase):
    """One soak run on asyncio tasks; :meth:`run` returns the report."""

    async def sleep(self, seconds: float) -> None:
        await asyncio.sleep(self.count_sleep(seconds))

    async def call(self, api: AsyncSoakAPI, index: int) -> None:
        plan = plan_for(self.options.seed, index)
        self.observer.begin()
        result: Model | None = None
        error: BaseException | None = None
        try:
            if plan.method == "GET":
                result = await api.items.fetch(plan.item_id, plan.call_id)
            elif plan.method == "POST":
                item = NewItem(op_id=plan.op_id, value=plan.amount)
                result = await api.items.create(item, plan.call_id)
            else:
                change = ItemChange(op_id=plan.op_id, delta=plan.amount)
                result = await api.items.change(plan.item_id, change, plan.call_id)
        except Exception as exc:
            error = exc
        self.judge(plan, result, error)

    async def worker(self, api: AsyncSoakAPI) -> None:
        while (index := self.take_index()) is not None:
            await self.call(api, index)

    async def run(self) -> SoakReport:
        options = self.options
        server = FaultServerProcess(options.faults, self.client_secret)
        provider = ClientCredentials(
            server.admin_url + "/token", CLIENT_ID, self.client_secret, timeout=5
        )
        failures: Counter[str] = Counter()
        try:
            with captured_logs() as log, traced_memory():
                session = counting_session(failures)
                api = AsyncSoakAPI(
                    server.api_url,
                    aiohttp_session=session,
                    auth=ExpiringTokenAuth(provider),
                    retry=options.policy,
                    timeout=(options.connect_timeout, options.read_timeout),
                    listeners=[self.observer],
                    async_sleep=self.sleep,
                )
                try:
                    await self._run_blocks(api, session)
                finally:
                    await api.aclose()
                    await session.close()
                    provider.close()
                    self.report.transport_failures = failures
            stats = server.stats()
        finally:
            server.stop()
        return self.conclude(stats, log)

    async def _run_blocks(self, api: AsyncSoakAPI, session: aiohttp.ClientSession) -> None:
        options = self.options
        self.report.threads_before = threading.active_count()
        self.started = time.monotonic()
        for block_start in range(0, options.calls, options.block_size()):
            with self.lock:
                self.block_end = min(options.calls, block_start + options.block_size())
            await asyncio.gather(*(self.worker(api) for _ in range(options.threads)))
            await asyncio.sleep(_SETTLE_SECONDS)
            pooled = pooled_connections(session)
            self.report.samples.append(take_sample(self.next_index, pooled))
            if self.next_index < self.block_end:
                break  # the deadline passed
        self.report.elapsed = time.monotonic() - self.started
        self.finished = True


def run_async_soak(options: SoakOptions | None = None) -> SoakReport:
    """Run one async soak with ``options`` (``driver`` is set to "async") and return its
    report."""
    options = options or SoakOptions()
    options.driver = "async"
    return asyncio.run(AsyncSoakRun(options).run())
