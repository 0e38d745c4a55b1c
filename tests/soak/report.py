"""What a fault soak promises and measures: its options, resource samples and report.

Shared by the blocking soak (:mod:`tests.soak.engine`, threads) and the async one
(:mod:`tests.soak.async_engine`, asyncio tasks): both check the same promises with the
same code, so a verdict means the same for either client.
"""

from __future__ import annotations

import gc
import os
import threading
import tracemalloc
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from tests.soak.faults import FaultConfig
from typelink import RetryPolicy
from typelink.auth.expiring import REFRESHES_PER_CALL


def attempt_limit(max_retries: int) -> int:
    """How many times one call may reach the server: its first attempt and retries, plus a
    replay after each 401 the auth may answer with a refresh (its bound per call)."""
    return max_retries + 1 + REFRESHES_PER_CALL


def default_policy() -> RetryPolicy:
    return RetryPolicy(max_retries=3, idempotency_header="Idempotency-Key", max_server_wait=30)


@dataclass
class SoakOptions:
    """How big and how hostile one run is."""

    calls: int = 1000
    threads: int = 8
    """Concurrent callers: threads (the blocking client) or asyncio tasks (the async one)."""
    driver: str = "sync"
    """"sync" (a ``Client`` on threads) or "async" (an ``AsyncClient`` on asyncio tasks)."""
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


def take_sample(calls: int, pooled: int) -> Sample:
    """Resources now; ``pooled``: open connections resting in the client's pools (not
    leaks), counted by the caller, who knows its transport."""
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
        pooled=pooled,
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
    threads_before: int = 0
    """Threads alive when the first call started (the async soak's must never exceed it)."""

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

    def workers(self) -> str:
        return "asyncio tasks" if self.options.driver == "async" else "threads"

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
        limit = attempt_limit(opts.policy.max_retries)
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
        most_threads = max((sample.threads for sample in self.samples), default=0)
        if opts.driver == "async" and most_threads > self.threads_before:
            out.append(f"threads grew from {self.threads_before} to {most_threads} during the run")
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
            "driver": self.options.driver,
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
            f"on {self.options.threads} {self.workers()} in {self.elapsed:.1f} s",
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
