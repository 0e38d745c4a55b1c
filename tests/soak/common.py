"""What the blocking and the async fault soaks share: the calls, the server, the judging.

A run (:class:`SoakRunBase`) hands out call indexes in blocks, derives each call from its
index (:func:`plan_for`), judges each outcome (the expected payload, or a typed error whose
message holds no credential), and after the run checks the server's record of writes and
the captured DEBUG log. Only how calls are made concurrent (threads or asyncio tasks) and
how pooled sockets are counted differ, in :mod:`tests.soak.engine` and
:mod:`tests.soak.async_engine`.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import logging
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import traceback
import tracemalloc
import urllib.request
import uuid
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from tests.soak.fault_server import (
    CLIENT_SECRET_PREFIX,
    TOKEN_PREFIX,
    created_payload,
    item_payload,
    patched_payload,
)
from tests.soak.faults import FaultConfig
from tests.soak.report import SoakOptions, SoakReport, attempt_limit
from typelink import Model, RetryPolicy, TypelinkError
from typelink.declare.markers import header
from typelink.events import CredentialRefreshed, Event, RequestSent, RetryScheduled

ROOT = Path(__file__).resolve().parents[2]
CallId = Annotated[str, header("X-Call-Id")]


class Item(Model):
    id: int
    name: str
    tags: list[str]


class Created(Model):
    op_id: str
    value: int
    status: str


class Patched(Model):
    id: int
    op_id: str
    delta: int
    status: str


class NewItem(Model):
    op_id: str
    value: int


class ItemChange(Model):
    op_id: str
    delta: int


@dataclass(frozen=True)
class Plan:
    """One call, derived from its index alone (so nothing per call is kept in memory)."""

    index: int
    method: str
    item_id: int
    amount: int
    op_id: str
    call_id: str


_OP_ID_LENGTH = 72
"""Longer than the 64 characters pydantic-core's JSON string cache keeps: that cache is
bounded (about a megabyte), but while it fills, unique short ids would look like a leak."""


def plan_for(seed: int, index: int) -> Plan:
    rng = random.Random(seed * 1_000_003 + index)
    (method,) = rng.choices(["GET", "POST", "PATCH"], [5, 3, 2])
    return Plan(
        index=index,
        method=method,
        item_id=rng.randint(1, 500),
        amount=rng.randint(-1000, 1000),
        op_id=f"op-{seed}-{index}-".ljust(_OP_ID_LENGTH, "w"),
        call_id=f"call-{seed}-{index}",
    )


def expected_payload(plan: Plan) -> dict[str, Any]:
    if plan.method == "GET":
        return item_payload(plan.item_id)
    if plan.method == "POST":
        return created_payload(plan.op_id, plan.amount)
    return patched_payload(plan.item_id, plan.op_id, plan.amount)


class FaultServerProcess:
    """The fault server in a child process; it exits when we close its stdin."""

    def __init__(self, config: FaultConfig, client_secret: str) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path[1:]])}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "tests.soak.fault_server", config.to_json(), client_secret],
            cwd=ROOT,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
        )
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        if not line:
            self.stop()
            raise RuntimeError("the fault server did not start")
        ports = json.loads(line)
        self.api_url = f"http://127.0.0.1:{ports['api']}"
        self.admin_url = f"http://127.0.0.1:{ports['admin']}"

    def stats(self) -> dict[str, Any]:
        with urllib.request.urlopen(self.admin_url + "/stats", timeout=30) as response:
            data: dict[str, Any] = json.loads(response.read())
            return data

    def stop(self) -> None:
        if self.process.stdin is not None:
            self.process.stdin.close()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()


class _CallCounts:
    __slots__ = ("attempts", "retries")

    def __init__(self) -> None:
        self.attempts = 0
        self.retries = 0


class Observer:
    """Listens to the client's events; per-call counts live in a context variable, so they
    are per thread (blocking client) and per task (async client) alike."""

    def __init__(self, policy: RetryPolicy, largest_server_wait: float) -> None:
        self.policy = policy
        self.largest_server_wait = largest_server_wait
        self.current: contextvars.ContextVar[_CallCounts] = contextvars.ContextVar("soak_call")
        self.lock = threading.Lock()
        self.retry_reasons: Counter[str] = Counter()
        self.refreshes: Counter[str] = Counter()
        self.waits_outside_policy = 0
        self.longest_wait = 0.0

    def begin(self) -> None:
        self.current.set(_CallCounts())

    def end(self) -> tuple[int, int]:
        counts = self.current.get()
        return counts.attempts, counts.retries

    def wait_allowed(self, reason: str, wait: float) -> bool:
        if wait < 0:
            return False
        if reason.startswith("status 429"):
            return wait <= min(self.policy.max_server_wait, self.largest_server_wait)
        return wait <= self.policy.backoff_max

    def __call__(self, event: Event) -> None:
        if isinstance(event, RequestSent):
            counts = self.current.get()
            counts.attempts = max(counts.attempts, event.attempt)
        elif isinstance(event, RetryScheduled):
            self.current.get().retries += 1
            with self.lock:
                self.retry_reasons[event.reason] += 1
                self.longest_wait = max(self.longest_wait, event.wait)
                if not self.wait_allowed(event.reason, event.wait):
                    self.waits_outside_policy += 1
        elif isinstance(event, CredentialRefreshed):
            with self.lock:
                self.refreshes[event.reason] += 1


@contextlib.contextmanager
def captured_logs() -> Iterator[Path]:
    """typelink's records at DEBUG, into a temporary file (only there: a capturing handler
    upstream, pytest's, would keep every record in memory and pose as a leak)."""
    log_file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finally
        "w+", suffix=".log", prefix="typelink-soak-", delete=False
    )
    handler = logging.FileHandler(log_file.name)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
    logger = logging.getLogger("typelink")
    old_level, old_propagate = logger.level, logger.propagate
    logger.setLevel(logging.DEBUG)
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield Path(log_file.name)
    finally:
        logger.removeHandler(handler)
        logger.setLevel(old_level)
        logger.propagate = old_propagate
        handler.close()
        log_file.close()


@contextlib.contextmanager
def traced_memory() -> Iterator[None]:
    """tracemalloc on for the run (left as it was found)."""
    was_tracing = tracemalloc.is_tracing()
    if not was_tracing:
        tracemalloc.start(1)
    try:
        yield
    finally:
        if not was_tracing:
            tracemalloc.stop()


class SoakRunBase:
    """One run's shared state: the call counter, outcomes, judging and the final checks."""

    def __init__(self, options: SoakOptions) -> None:
        self.options = options
        self.report = SoakReport(options)
        self.client_secret = CLIENT_SECRET_PREFIX + uuid.uuid4().hex
        self.lock = threading.Lock()
        self.outcomes = bytearray(options.calls)  # 1 ok, 2 typed error, 3 wrong, 4 untyped
        self.next_index = 0
        self.block_end = 0
        self.started = 0.0
        self.finished = False
        # The longest wait the fault server asks for within the policy (Retry-After: 2 or
        # an HTTP date about 2 s ahead, rounded to whole seconds).
        self.observer = Observer(options.policy, largest_server_wait=3.0)

    def count_sleep(self, seconds: float) -> float:
        """Record an asked wait; returns how long to really sleep."""
        with self.lock:
            self.report.asked_sleep += seconds
        return seconds * self.options.sleep_scale

    def take_index(self) -> int | None:
        with self.lock:
            if self.next_index >= self.block_end:
                return None
            if time.monotonic() - self.started > self.options.deadline:
                return None
            index = self.next_index
            self.next_index += 1
            return index

    def judge(self, plan: Plan, result: Model | None, error: BaseException | None) -> None:
        """Record one call's outcome: ``result`` (compared with what the server must have
        answered) or ``error`` (typed, and naming no credential)."""
        outcome = 1
        report = self.report
        if error is None:
            assert result is not None
            got = {k: v for k, v in result.model_dump().items() if k != "padding"}
            if got != expected_payload(plan):
                outcome = 3
                with self.lock:
                    report.wrong_payloads += 1
                    if len(report.wrong_samples) < 5:
                        report.wrong_samples.append(f"{plan}: {got!r}")
        elif isinstance(error, TypelinkError):
            outcome = 2
            text = str(error)
            leaked = TOKEN_PREFIX in text or self.client_secret in text
            with self.lock:
                report.errors[type(error).__name__] += 1
                report.secrets_in_errors += leaked
        else:
            outcome = 4
            with self.lock:
                report.untyped[type(error).__name__] += 1
                if len(report.untyped_samples) < 5:
                    report.untyped_samples.append("".join(traceback.format_exception(error)))
        attempts, retries = self.observer.end()
        limit = self.options.policy.max_retries
        with self.lock:
            report.by_method[plan.method] += 1
            if outcome == 1:
                report.ok_by_method[plan.method] += 1
            report.attempts_histogram[attempts] += 1
            if retries > limit or attempts > attempt_limit(limit):
                report.calls_over_policy += 1
            report.calls_done += 1
        self.outcomes[plan.index] = outcome

    def conclude(self, server: dict[str, Any], log: Path) -> SoakReport:
        """The checks after the run: the server's record of writes, and the log."""
        self.report.server = server
        self._check_writes()
        self._check_logs(log)
        with contextlib.suppress(OSError):
            os.unlink(log)
        self.report.retry_reasons = self.observer.retry_reasons
        self.report.refreshes = self.observer.refreshes
        self.report.waits_outside_policy = self.observer.waits_outside_policy
        self.report.longest_wait = self.observer.longest_wait
        return self.report

    def _check_writes(self) -> None:
        applied: dict[str, int] = self.report.server.get("applied", {})
        report = self.report
        report.duplicates = sum(1 for count in applied.values() if count > 1)
        for index in range(self.options.calls):
            plan = plan_for(self.options.seed, index)
            if plan.method == "GET":
                continue
            count = applied.get(plan.op_id, 0)
            if self.outcomes[index] == 1 and count == 0:
                report.lost += 1
            elif self.outcomes[index] != 1 and count > 0:
                report.ambiguous += 1

    def _check_logs(self, path: Path) -> None:
        text = path.read_text(errors="replace")
        self.report.log_lines = text.count("\n")
        secrets = [self.client_secret, *self.report.server.get("issued_tokens", [])]
        found = sum(1 for secret in secrets if secret in text)
        found += text.count(TOKEN_PREFIX) if not found else 0
        self.report.secrets_in_logs = found
