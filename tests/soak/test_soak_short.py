"""The short fault soaks (1,000 calls each) that run with every ``make test``: the blocking
client on 8 threads, and the async client on 32 asyncio tasks, against the same server.

One run per client is shared by the tests below (the ``report`` fixture is parametrized by
driver); each test checks one promise, and on failure prints the whole report. ``make soak``
runs the long versions (10,000 calls each) through ``python -m tests.soak``.
"""

from __future__ import annotations

import pytest

from tests.soak.async_engine import run_async_soak
from tests.soak.engine import SoakOptions, SoakReport, run_soak
from tests.soak.faults import FAULT_KINDS
from tests.soak.report import attempt_limit

SHORT_CALLS = 1000
ASYNC_TASKS = 32


@pytest.fixture(scope="module", params=["sync", "async"])
def report(request: pytest.FixtureRequest) -> SoakReport:
    if request.param == "sync":
        result = run_soak(SoakOptions(calls=SHORT_CALLS, threads=8, memory_budget=256_000))
    else:
        options = SoakOptions(calls=SHORT_CALLS, threads=ASYNC_TASKS, memory_budget=256_000)
        result = run_async_soak(options)
    print(result.render())
    return result


def _why(report: SoakReport) -> str:
    return report.render() + "\n" + "\n".join(report.untyped_samples + report.wrong_samples)


def test_every_call_returns_the_payload_or_raises_a_typed_error(report: SoakReport) -> None:
    assert report.calls_done == SHORT_CALLS, _why(report)
    assert not report.untyped, _why(report)
    assert report.wrong_payloads == 0, _why(report)
    assert report.ok + sum(report.errors.values()) == SHORT_CALLS, _why(report)
    assert report.secrets_in_errors == 0, _why(report)


def test_every_fault_kind_was_injected(report: SoakReport) -> None:
    injected = report.server["faults"]
    missing = [kind for kind in FAULT_KINDS if not injected.get(kind)]
    assert not missing, _why(report)
    seen = report.transport_failures
    assert seen["connection refused"] and seen["connection reset"], _why(report)
    assert report.server["unauthorized"] > 0, "no token expired during the run"
    assert report.refreshes, "the client never refreshed its token"


def test_no_write_is_applied_twice_or_lost(report: SoakReport) -> None:
    assert report.duplicates == 0, _why(report)
    assert report.lost == 0, _why(report)
    assert report.server["missing_key"] == 0, _why(report)
    assert report.server["key_changes"] == 0, _why(report)
    assert report.server["key_conflicts"] == 0, _why(report)
    assert report.server["deduped"] > 0, "no retried write reached the dedup path"


def test_retries_stay_within_the_policy(report: SoakReport) -> None:
    limit = attempt_limit(report.options.policy.max_retries)
    assert report.retries > 0
    assert report.server["max_attempts"] <= limit, _why(report)
    assert max(report.attempts_histogram) <= limit, _why(report)
    assert report.calls_over_policy == 0, _why(report)
    assert report.waits_outside_policy == 0, _why(report)


def test_sockets_threads_and_memory_stay_flat(report: SoakReport) -> None:
    leaks = report.leak_figures()
    assert leaks, "fewer than two samples were taken"
    assert leaks["unpooled_sockets"] <= 0, _why(report)
    assert leaks["threads"] <= 0, _why(report)
    assert leaks["traced_bytes"] <= report.memory_budget(), _why(report)


def test_the_async_client_starts_no_thread(report: SoakReport) -> None:
    if report.options.driver != "async":
        pytest.skip("the blocking client calls from its own threads")
    assert report.threads_before > 0
    most = max(sample.threads for sample in report.samples)
    assert most <= report.threads_before, _why(report)


def test_no_credential_reaches_the_logs(report: SoakReport) -> None:
    assert report.log_lines > SHORT_CALLS, "DEBUG logging was not captured"
    assert report.secrets_in_logs == 0, _why(report)
