"""The fault soak: many calls, many threads, one typelink client, a server that misbehaves.

Why it exists: unit tests prove each behaviour once; a soak proves they hold together, under
concurrency, for thousands of calls: every call returns exactly the expected payload or
raises a typed typelink error; no write is applied twice (idempotency keys); retries stay
within the policy; sockets, threads and memory stay flat; no credential reaches the logs.

The calls run in blocks (a tenth of the run, at least 100 calls); between blocks every
worker waits, so sockets, threads and traced memory are sampled while nothing is in flight.
Backoff and Retry-After waits go through an injected sleep that sleeps a fraction of the
asked time, so the run is short while the decisions are the real ones.
"""

from __future__ import annotations

import contextlib
import gc
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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any

import requests

from tests.soak.fault_server import (
    CLIENT_ID,
    CLIENT_SECRET_PREFIX,
    TOKEN_PREFIX,
    created_payload,
    item_payload,
    patched_payload,
)
from tests.soak.faults import FaultConfig
from typelink import Body, Client, Consumer, Model, RetryPolicy, TypelinkError, get, patch, post
from typelink.auth import ClientCredentials, ExpiringTokenAuth
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


def default_policy() -> RetryPolicy:
    return RetryPolicy(max_retries=3, idempotency_header="Idempotency-Key", max_server_wait=30)


@dataclass
class SoakOptions:
    """How big and how hostile one run is."""

    calls: int = 1000
    threads: int = 8
    block: int | None = None
    """Calls between two samples (default: a tenth of the run, at least 100)."""
    seed: int = 7
    faults: FaultConfig = field(default_factory=FaultConfig)
    policy: RetryPolicy = field(default_factory=default_policy)
    sleep_scale: float = 0.02
    """Fraction of each asked wait that is really slept."""
    connect_timeout: float = 1.0
    read_timeout: float = 0.3
    deadline: float = 900.0
    """Seconds after which no new call starts (the run then reports the shortfall)."""
    memory_budget: int | None = None
    """Allowed growth of traced memory from the first sample to the last (bytes)."""

    def block_size(self) -> int:
        return self.block or max(100, self.calls // 10)


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


class Observer:
    """Listens to the client's events; per-call counts live in thread-locals."""

    def __init__(self, policy: RetryPolicy, largest_server_wait: float) -> None:
        self.policy = policy
        self.largest_server_wait = largest_server_wait
        self.local = threading.local()
        self.lock = threading.Lock()
        self.retry_reasons: Counter[str] = Counter()
        self.refreshes: Counter[str] = Counter()
        self.waits_outside_policy = 0
        self.longest_wait = 0.0

    def begin(self) -> None:
        self.local.attempts = 0
        self.local.retries = 0

    def end(self) -> tuple[int, int]:
        return self.local.attempts, self.local.retries

    def wait_allowed(self, reason: str, wait: float) -> bool:
        if wait < 0:
            return False
        if reason.startswith("status 429"):
            return wait <= min(self.policy.max_server_wait, self.largest_server_wait)
        return wait <= self.policy.backoff_max

    def __call__(self, event: Event) -> None:
        if isinstance(event, RequestSent):
            self.local.attempts = max(getattr(self.local, "attempts", 0), event.attempt)
        elif isinstance(event, RetryScheduled):
            self.local.retries = getattr(self.local, "retries", 0) + 1
            with self.lock:
                self.retry_reasons[event.reason] += 1
                self.longest_wait = max(self.longest_wait, event.wait)
                if not self.wait_allowed(event.reason, event.wait):
                    self.waits_outside_policy += 1
        elif isinstance(event, CredentialRefreshed):
            with self.lock:
                self.refreshes[event.reason] += 1


@dataclass
class Sample:
    """Resources after ``calls`` calls, with nothing in flight."""

    calls: int
    fds: int
    sockets: int
    pooled: int
    threads: int
    traced_bytes: int
    rss_bytes: int

    @property
    def unpooled_sockets(self) -> int:
        return self.sockets - self.pooled


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


def take_sample(calls: int, sessions: list[requests.Session]) -> Sample:
    gc.collect()
    fds = 0
    sockets = 0
    for name in os.listdir("/proc/self/fd"):
        fds += 1
        try:
            if os.readlink(f"/proc/self/fd/{name}").startswith("socket:"):
                sockets += 1
        except OSError:
            pass
    with open("/proc/self/statm") as fh:
        rss_pages = int(fh.read().split()[1])
    return Sample(
        calls=calls,
        fds=fds,
        sockets=sockets,
        pooled=_pooled_sockets(sessions),
        threads=threading.active_count(),
        traced_bytes=tracemalloc.get_traced_memory()[0] if tracemalloc.is_tracing() else 0,
        rss_bytes=rss_pages * os.sysconf("SC_PAGE_SIZE"),
    )


@dataclass
class SoakReport:
    """Figures and verdicts of one run."""

    options: SoakOptions
    calls_done: int = 0
    elapsed: float = 0.0
    by_method: Counter[str] = field(default_factory=Counter)
    ok_by_method: Counter[str] = field(default_factory=Counter)
    errors: Counter[str] = field(default_factory=Counter)
    untyped: Counter[str] = field(default_factory=Counter)
    untyped_samples: list[str] = field(default_factory=list)
    wrong_payloads: int = 0
    wrong_samples: list[str] = field(default_factory=list)
    secrets_in_errors: int = 0
    calls_over_policy: int = 0
    attempts_histogram: Counter[int] = field(default_factory=Counter)
    retry_reasons: Counter[str] = field(default_factory=Counter)
    refreshes: Counter[str] = field(default_factory=Counter)
    waits_outside_policy: int = 0
    longest_wait: float = 0.0
    asked_sleep: float = 0.0
    server: dict[str, Any] = field(default_factory=dict)
    duplicates: int = 0
    lost: int = 0
    ambiguous: int = 0
    samples: list[Sample] = field(default_factory=list)
    log_lines: int = 0
    secrets_in_logs: int = 0
    transport_failures: Counter[str] = field(default_factory=Counter)

    @property
    def retries(self) -> int:
        return sum(self.retry_reasons.values())

    @property
    def ok(self) -> int:
        return sum(self.ok_by_method.values())

    def leak_figures(self) -> dict[str, int]:
        if len(self.samples) < 2:
            return {}
        first, last = self.samples[0], self.samples[-1]
        return {
            "unpooled_sockets": last.unpooled_sockets - first.unpooled_sockets,
            "fds": last.fds - first.fds,
            "threads": last.threads - first.threads,
            "traced_bytes": last.traced_bytes - first.traced_bytes,
            "rss_bytes": last.rss_bytes - first.rss_bytes,
        }

    def memory_budget(self) -> int:
        if self.options.memory_budget is not None:
            return self.options.memory_budget
        return 512_000

    def problems(self) -> list[str]:
        """Every broken promise, in words (empty: the run passed)."""
        out: list[str] = []
        opts = self.options
        if self.calls_done != opts.calls:
            out.append(f"only {self.calls_done} of {opts.calls} calls ran before the deadline")
        if self.untyped:
            out.append(f"untyped exceptions escaped: {dict(self.untyped)}")
        if self.wrong_payloads:
            out.append(f"{self.wrong_payloads} calls returned a wrong payload")
        if self.duplicates:
            out.append(f"{self.duplicates} writes were applied more than once")
        if self.lost:
            out.append(f"{self.lost} writes reported success but were never applied")
        for name in ("missing_key", "key_changes", "key_conflicts"):
            if self.server.get(name):
                out.append(f"server saw {name} = {self.server[name]}")
        limit = opts.policy.max_retries + 2  # one 401 replay on top of the retries
        if self.server.get("max_attempts", 0) > limit:
            out.append(f"a call reached the server {self.server['max_attempts']} times (> {limit})")
        if self.calls_over_policy:
            out.append(f"{self.calls_over_policy} calls retried beyond the policy")
        if self.waits_outside_policy:
            out.append(f"{self.waits_outside_policy} waits were outside the policy")
        if self.secrets_in_logs:
            out.append(f"{self.secrets_in_logs} credentials appeared in the captured logs")
        if self.secrets_in_errors:
            out.append(f"{self.secrets_in_errors} error messages contained a credential")
        if self.log_lines == 0:
            out.append("no log lines were captured (the log check proved nothing)")
        leaks = self.leak_figures()
        if leaks:
            if leaks["unpooled_sockets"] > 0:
                out.append(f"sockets outside the pool grew by {leaks['unpooled_sockets']}")
            if leaks["threads"] > 0:
                out.append(f"threads grew by {leaks['threads']}")
            if leaks["traced_bytes"] > self.memory_budget():
                out.append(
                    f"traced memory grew by {leaks['traced_bytes']} bytes "
                    f"(budget {self.memory_budget()})"
                )
        return out

    def to_json(self) -> dict[str, Any]:
        server = {k: v for k, v in self.server.items() if k not in ("applied", "issued_tokens")}
        return {
            "calls": self.options.calls,
            "calls_done": self.calls_done,
            "threads": self.options.threads,
            "elapsed_seconds": round(self.elapsed, 2),
            "by_method": dict(self.by_method),
            "ok": self.ok,
            "errors_by_type": dict(self.errors),
            "untyped": dict(self.untyped),
            "wrong_payloads": self.wrong_payloads,
            "transport_failures_seen_by_client": dict(self.transport_failures),
            "retries": self.retries,
            "retry_reasons": dict(self.retry_reasons),
            "credential_refreshes": dict(self.refreshes),
            "client_attempts_histogram": {
                str(k): v for k, v in sorted(self.attempts_histogram.items())
            },
            "duplicates": self.duplicates,
            "lost": self.lost,
            "applied_but_caller_saw_error": self.ambiguous,
            "server": server,
            "leaks": self.leak_figures(),
            "samples": [vars(s) for s in self.samples],
            "log_lines": self.log_lines,
            "secrets_in_logs": self.secrets_in_logs,
            "problems": self.problems(),
        }

    def render(self) -> str:
        s = self.server
        faults = s.get("faults", {})
        lines = [
            f"fault soak: {self.calls_done}/{self.options.calls} calls "
            f"({', '.join(f'{k} {v}' for k, v in sorted(self.by_method.items()))}) "
            f"on {self.options.threads} threads in {self.elapsed:.1f} s",
            f"  server requests: {s.get('requests', 0)}; 401s (expired tokens): "
            f"{s.get('unauthorized', 0)}; tokens issued: {len(s.get('issued_tokens', []))} "
            f"(token endpoint faults {s.get('token_faults', 0)})",
            "  faults injected:",
        ]
        for kind, count in sorted(faults.items()):
            lines.append(f"    {kind:28} {count}")
        lines.append(f"    {'5xx answers within bursts':28} {s.get('burst_5xx_responses', 0)}")
        lines.append(
            "  transport failures seen by the client: "
            + ", ".join(f"{k} {v}" for k, v in self.transport_failures.most_common())
        )
        lines += [
            f"  retries: {self.retries} "
            f"({', '.join(f'{k}: {v}' for k, v in self.retry_reasons.most_common())})",
            f"  credential refreshes: {dict(self.refreshes)}",
            f"  attempts per call (client): {dict(sorted(self.attempts_histogram.items()))}; "
            f"server max {s.get('max_attempts', 0)}; longest wait asked {self.longest_wait:.2f} s",
            f"  ok: {self.ok} ({dict(self.ok_by_method)})",
            f"  typed errors: {sum(self.errors.values())} "
            f"({', '.join(f'{k}: {v}' for k, v in self.errors.most_common())})",
            f"  untyped exceptions: {sum(self.untyped.values())}; wrong payloads: "
            f"{self.wrong_payloads}",
            f"  writes: applied twice {self.duplicates}; lost {self.lost}; "
            f"deduplicated repeats {s.get('deduped', 0)}; applied but the caller saw an error "
            f"{self.ambiguous}",
            f"  logs: {self.log_lines} lines captured at DEBUG, credentials found "
            f"{self.secrets_in_logs}",
        ]
        leaks = self.leak_figures()
        if leaks:
            first, last = self.samples[0], self.samples[-1]
            lines.append(
                f"  resources after {first.calls} -> {last.calls} calls: fds {first.fds} -> "
                f"{last.fds}, sockets outside pools {first.unpooled_sockets} -> "
                f"{last.unpooled_sockets}, threads {first.threads} -> {last.threads}, traced "
                f"memory {first.traced_bytes / 1e6:.2f} -> {last.traced_bytes / 1e6:.2f} MB, "
                f"RSS {first.rss_bytes / 1e6:.1f} -> {last.rss_bytes / 1e6:.1f} MB"
            )
        problems = self.problems()
        lines.append("  verdict: " + ("PASS" if not problems else "FAIL"))
        lines += [f"    - {p}" for p in problems]
        return "\n".join(lines)


class SoakRun:
    """One soak run; :meth:`run` returns the report."""

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

    # -- the client side ---------------------------------------------------------------

    def sleep(self, seconds: float) -> None:
        with self.lock:
            self.report.asked_sleep += seconds
        time.sleep(seconds * self.options.sleep_scale)

    def take_index(self) -> int | None:
        with self.lock:
            if self.next_index >= self.block_end:
                return None
            if time.monotonic() - self.started > self.options.deadline:
                return None
            index = self.next_index
            self.next_index += 1
            return index

    def call(self, api: SoakAPI, index: int) -> None:
        plan = plan_for(self.options.seed, index)
        observer = self.observer
        observer.begin()
        outcome = 1
        try:
            result: Model
            if plan.method == "GET":
                result = api.items.fetch(plan.item_id, plan.call_id)
            elif plan.method == "POST":
                result = api.items.create(
                    NewItem(op_id=plan.op_id, value=plan.amount), plan.call_id
                )
            else:
                result = api.items.change(
                    plan.item_id, ItemChange(op_id=plan.op_id, delta=plan.amount), plan.call_id
                )
            got = {k: v for k, v in result.model_dump().items() if k != "padding"}
            del result
            if got != expected_payload(plan):
                outcome = 3
                with self.lock:
                    self.report.wrong_payloads += 1
                    if len(self.report.wrong_samples) < 5:
                        self.report.wrong_samples.append(f"{plan}: {got!r}")
        except TypelinkError as exc:
            outcome = 2
            text = str(exc)
            leaked = TOKEN_PREFIX in text or self.client_secret in text
            with self.lock:
                self.report.errors[type(exc).__name__] += 1
                self.report.secrets_in_errors += leaked
        except Exception as exc:
            outcome = 4
            with self.lock:
                self.report.untyped[type(exc).__name__] += 1
                if len(self.report.untyped_samples) < 5:
                    self.report.untyped_samples.append(traceback.format_exc())
        attempts, retries = observer.end()
        with self.lock:
            report = self.report
            report.by_method[plan.method] += 1
            if outcome == 1:
                report.ok_by_method[plan.method] += 1
            report.attempts_histogram[attempts] += 1
            if retries > self.options.policy.max_retries or attempts > (
                self.options.policy.max_retries + 2
            ):
                report.calls_over_policy += 1
            report.calls_done += 1
        self.outcomes[index] = outcome

    def worker(self, api: SoakAPI, start: threading.Barrier, end: threading.Barrier) -> None:
        while True:
            start.wait()
            if self.finished:
                return
            while (index := self.take_index()) is not None:
                self.call(api, index)
            end.wait()

    # -- the run -----------------------------------------------------------------------

    def run(self) -> SoakReport:
        options = self.options
        server = FaultServerProcess(options.faults, self.client_secret)
        log_file = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed in finally
            "w+", suffix=".log", prefix="typelink-soak-", delete=False
        )
        handler = logging.FileHandler(log_file.name)
        handler.setFormatter(logging.Formatter("%(levelname)s %(name)s %(message)s"))
        logger = logging.getLogger("typelink")
        old_level, old_propagate = logger.level, logger.propagate
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
        # Only our file sees the records: a capturing handler upstream (pytest's) would keep
        # every record in memory and pose as a leak.
        logger.propagate = False
        was_tracing = tracemalloc.is_tracing()
        if not was_tracing:
            tracemalloc.start(1)
        provider = ClientCredentials(
            server.admin_url + "/token", CLIENT_ID, self.client_secret, timeout=5
        )
        session = CountingSession()
        api = SoakAPI(
            server.api_url,
            session=session,
            auth=ExpiringTokenAuth(provider),
            retry=options.policy,
            timeout=(options.connect_timeout, options.read_timeout),
            listeners=[self.observer],
            sleep=self.sleep,
        )
        threads: list[threading.Thread] = []
        try:
            start = threading.Barrier(options.threads + 1)
            end = threading.Barrier(options.threads + 1)
            threads = [
                threading.Thread(target=self.worker, args=(api, start, end), daemon=True)
                for _ in range(options.threads)
            ]
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
                self.report.samples.append(take_sample(self.next_index, sessions))
                if self.next_index < self.block_end:
                    break  # the deadline passed
            self.report.elapsed = time.monotonic() - self.started
        finally:
            self.finished = True
            with contextlib.suppress(threading.BrokenBarrierError):
                start.wait(timeout=30)
            for thread in threads:
                thread.join(30)
            api.close()
            session.close()
            provider.close()
            self.report.transport_failures = session.failures
            logger.removeHandler(handler)
            logger.setLevel(old_level)
            logger.propagate = old_propagate
            handler.close()
            if not was_tracing:
                tracemalloc.stop()
            try:
                self.report.server = server.stats()
            finally:
                server.stop()
        self._check_writes()
        self._check_logs(Path(log_file.name))
        log_file.close()
        os.unlink(log_file.name)
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


def run_soak(options: SoakOptions | None = None) -> SoakReport:
    """Run one soak with ``options`` (defaults: the short run) and return its report."""
    return SoakRun(options or SoakOptions()).run()
