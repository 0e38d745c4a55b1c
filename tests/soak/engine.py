"""The fault soak: many calls, many threads, one typelink client, a server that misbehaves.

Why it exists: unit tests prove each behaviour once; a soak proves they hold together, under
concurrency, for thousands of calls: every call returns exactly the expected payload or
raises a typed typelink error; no write is applied twice (idempotency keys); retries stay
within the policy; sockets, threads and memory stay flat; no credential reaches the logs.

The calls run in blocks (a tenth of the run, at least 100 calls); between blocks every
worker waits, so sockets, threads and traced memory are sampled while nothing is in flight.
Backoff and Retry-After waits go through an injected sleep that sleeps a fraction of the
asked time, so the run is short while the decisions are the real ones. What this module
shares with the async soak (:mod:`tests.soak.async_engine`) is in :mod:`tests.soak.common`
and :mod:`tests.soak.report`.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections import Counter
from typing import Any

import requests

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
from typelink import Body, Client, Consumer, Model, get, patch, post
from typelink.auth import ClientCredentials, ExpiringTokenAuth

__all__ = ["SoakOptions", "SoakReport", "run_soak"]


class Items(Consumer):
    @get("items/{item_id}")
    def fetch(self, item_id: int, call_id: CallId) -> Item:
        raise NotImplementedError

    @post("items")
    def create(self, item: Body[NewItem], call_id: CallId) -> Created:
        raise NotImplementedError

    @patch("items/{item_id}")
    def change(self, item_id: int, change: Body[ItemChange], call_id: CallId) -> Patched:
        raise NotImplementedError


class SoakAPI(Client):
    items: Items


def transport_failure(exc: BaseException) -> str:
    """A short name for why ``requests`` failed, from the exception and its causes."""
    if isinstance(exc, requests.exceptions.ConnectTimeout):
        return "connect timeout"
    if isinstance(exc, requests.exceptions.ReadTimeout):
        return "read timeout"
    text = repr(exc)
    for needle, name in (
        ("Connection refused", "connection refused"),
        ("Connection reset", "connection reset"),
        ("RemoteDisconnected", "closed before the answer"),
        ("IncompleteRead", "body cut short"),
        ("InvalidChunkLength", "body cut short"),
        ("BadStatusLine", "garbled status line"),
    ):
        if needle in text:
            return name
    return type(exc).__name__


class CountingSession(requests.Session):
    """A plain ``requests`` session that counts transport failures by cause.

    Passed to the client as a user's own session would be; it only observes (every
    exception is re-raised unchanged), so the report can show that refused connections,
    resets and cut bodies really reached the client.
    """

    def __init__(self) -> None:
        super().__init__()
        self.failures: Counter[str] = Counter()
        self._failures_lock = threading.Lock()

    def send(self, request: requests.PreparedRequest, **kwargs: Any) -> requests.Response:
        try:
            return super().send(request, **kwargs)
        except Exception as exc:
            with self._failures_lock:
                self.failures[transport_failure(exc)] += 1
            raise


def _pooled_sockets(sessions: list[requests.Session]) -> int:
    """Open connections resting in the sessions' pools (they are not leaks)."""
    count = 0
    for session in sessions:
        for adapter in session.adapters.values():
            manager = getattr(adapter, "poolmanager", None)
            if manager is None:
                continue
            for key in list(manager.pools.keys()):
                pool = manager.pools.get(key)
                queue = getattr(pool, "pool", None)
                if queue is None:
                    continue
                for conn in list(queue.queue):
                    if conn is not None and getattr(conn, "sock", None) is not None:
                        count += 1
    return count


class SoakRun(SoakRunBase):
    """One soak run on threads; :meth:`run` returns the report."""

    def sleep(self, seconds: float) -> None:
        time.sleep(self.count_sleep(seconds))

    def call(self, api: SoakAPI, index: int) -> None:
        plan = plan_for(self.options.seed, index)
        self.observer.begin()
        result: Model | None = None
        error: BaseException | None = None
        try:
            if plan.method == "GET":
                result = api.items.fetch(plan.item_id, plan.call_id)
            elif plan.method == "POST":
                item = NewItem(op_id=plan.op_id, value=plan.amount)
                result = api.items.create(item, plan.call_id)
            else:
                change = ItemChange(op_id=plan.op_id, delta=plan.amount)
                result = api.items.change(plan.item_id, change, plan.call_id)
        except Exception as exc:
            error = exc
        self.judge(plan, result, error)

    def worker(self, api: SoakAPI, start: threading.Barrier, end: threading.Barrier) -> None:
        while True:
            start.wait()
            if self.finished:
                return
            while (index := self.take_index()) is not None:
                self.call(api, index)
            end.wait()

    def run(self) -> SoakReport:
        options = self.options
        server = FaultServerProcess(options.faults, self.client_secret)
        provider = ClientCredentials(
            server.admin_url + "/token", CLIENT_ID, self.client_secret, timeout=5
        )
        session = CountingSession()
        try:
            with captured_logs() as log, traced_memory():
                api = SoakAPI(
                    server.api_url,
                    session=session,
                    auth=ExpiringTokenAuth(provider),
                    retry=options.policy,
                    timeout=(options.connect_timeout, options.read_timeout),
                    listeners=[self.observer],
                    sleep=self.sleep,
                )
                try:
                    self._run_blocks(api, provider)
                finally:
                    api.close()
                    session.close()
                    provider.close()
                    self.report.transport_failures = session.failures
            stats = server.stats()
        finally:
            server.stop()
        return self.conclude(stats, log)

    def _run_blocks(self, api: SoakAPI, provider: ClientCredentials) -> None:
        options = self.options
        start = threading.Barrier(options.threads + 1)
        end = threading.Barrier(options.threads + 1)
        threads = [
            threading.Thread(target=self.worker, args=(api, start, end), daemon=True)
            for _ in range(options.threads)
        ]
        self.report.threads_before = threading.active_count()
        try:
            for thread in threads:
                thread.start()
            self.started = time.monotonic()
            sessions = [api.runtime.session]
            for block_start in range(0, options.calls, options.block_size()):
                with self.lock:
                    self.block_end = min(options.calls, block_start + options.block_size())
                start.wait()
                end.wait()
                if provider._session is not None:
                    sessions = [api.runtime.session, provider._session]
                pooled = _pooled_sockets(sessions)
                self.report.samples.append(take_sample(self.next_index, pooled))
                if self.next_index < self.block_end:
                    break  # the deadline passed
            self.report.elapsed = time.monotonic() - self.started
        finally:
            self.finished = True
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=30)
            for thread in threads:
                thread.join(30)


def run_soak(options: SoakOptions | None = None) -> SoakReport:
    """Run one soak with ``options`` (defaults: the short run) and return its report."""
    return SoakRun(options or SoakOptions()).run()
