from __future__ import annotations

import multiprocessing
import threading

import pytest

from tests.fixtures.ratelimit_workers import take_slots
from typelink.declare.spec import ANONYMOUS_ENDPOINT as EP
from typelink.errors import ConfigurationError
from typelink.policies.protocols import RateLimiter
from typelink.policies.ratelimit import MemoryQuotaStore, QuotaLimiter, QuotaStore, RedisBucket

NOW = 1_700_000_000.0
URL = "https://api.test/repos"


class Clock:
    def __init__(self, now: float = 100.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def limiter(calls: int | None = 3, period: float = 10.0, **options) -> tuple[QuotaLimiter, Clock]:
    clock = Clock()
    return QuotaLimiter(calls, period, clock=clock, wall_clock=lambda: NOW, **options), clock


def test_quota_is_a_sliding_window():
    quota, clock = limiter(3, 10.0)
    assert isinstance(quota, RateLimiter)
    assert [quota.acquire(EP, URL) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert quota.acquire(EP, URL) == 10.0  # nothing taken while waiting
    clock.now += 4
    assert quota.acquire(EP, URL) == 6.0
    clock.now += 6
    assert quota.acquire(EP, URL) == 0.0
    assert quota.acquire(EP, URL) == 0.0
    assert quota.acquire(EP, URL) == 0.0
    assert quota.acquire(EP, URL) == 10.0


def test_per_host_quotas_are_separate():
    quota, _ = limiter(1, 10.0, per="host")
    assert quota.acquire(EP, "https://a.test/x") == 0.0
    assert quota.acquire(EP, "https://B.test/y") == 0.0
    assert quota.acquire(EP, "https://a.test/z") == 10.0
    shared, _ = limiter(1, 10.0)
    assert shared.acquire(EP, "https://a.test/x") == 0.0
    assert shared.acquire(EP, "https://b.test/y") == 10.0


def test_exhausted_quota_headers_make_later_calls_wait_for_the_reset():
    quota, clock = limiter(None)
    assert quota.acquire(EP, URL) == 0.0
    headers = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(NOW) + 30)}
    quota.observe(EP, URL, 200, headers)
    assert quota.acquire(EP, URL) == 30.0
    clock.now += 30
    assert quota.acquire(EP, URL) == 0.0


def test_retry_after_on_429_blocks_but_not_on_success():
    quota, _ = limiter(None)
    quota.observe(EP, URL, 200, {"Retry-After": "5"})
    assert quota.acquire(EP, URL) == 0.0
    quota.observe(EP, URL, 429, {"Retry-After": "5"})
    assert quota.acquire(EP, URL) == 5.0
    quota.observe(EP, URL, 429, {"Retry-After": "1"})  # never shortens a longer wait
    assert quota.acquire(EP, URL) == 5.0


def test_retry_after_on_403_blocks_a_secondary_rate_limit():
    quota, _ = limiter(None)
    quota.observe(EP, URL, 403, {"Retry-After": "7"})
    assert quota.acquire(EP, URL) == 7.0


def test_remaining_quota_and_malformed_headers_do_not_block():
    quota, _ = limiter(None)
    quota.observe(EP, URL, 200, {"X-RateLimit-Remaining": "10", "X-RateLimit-Reset": "99"})
    quota.observe(EP, URL, 429, {"Retry-After": "whenever"})
    quota.observe(EP, URL, 403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "soon"})
    assert quota.acquire(EP, URL) == 0.0


def test_header_names_are_configurable():
    quota, _ = limiter(None, remaining_header="RateLimit-Remaining", reset_header="RateLimit-Reset")
    quota.observe(EP, URL, 200, {"ratelimit-remaining": "0", "ratelimit-reset": "8"})
    assert quota.acquire(EP, URL) == 8.0


def test_threads_never_exceed_the_quota():
    quota, _ = limiter(10, 60.0)
    granted: list[float] = []
    lock = threading.Lock()

    def worker() -> None:
        for _ in range(5):
            wait = quota.acquire(EP, URL)
            with lock:
                granted.append(wait)

    threads = [threading.Thread(target=worker) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert granted.count(0.0) == 10 and len(granted) == 100


@pytest.mark.parametrize(
    "options", [{"calls": 0}, {"calls": 1, "period": 0}, {"calls": 1, "per": "planet"}]
)
def test_invalid_options(options):
    with pytest.raises(ConfigurationError):
        QuotaLimiter(**options)


def test_repr():
    assert repr(QuotaLimiter(5, 2.0)).startswith("QuotaLimiter(5/2s, per='client'")
    assert "adaptive" in repr(QuotaLimiter(None))


# --- Redis --------------------------------------------------------------------------------


def test_redis_bucket_is_a_shared_sliding_window(redis_client):
    bucket = RedisBucket(redis_client)
    assert isinstance(bucket, QuotaStore) and isinstance(MemoryQuotaStore(), QuotaStore)
    first = QuotaLimiter(3, 60.0, store=bucket, name="api")
    second = QuotaLimiter(3, 60.0, store=RedisBucket(redis_client), name="api")
    assert [first.acquire(EP, URL), second.acquire(EP, URL), first.acquire(EP, URL)] == [0.0] * 3
    wait = second.acquire(EP, URL)
    assert 59.0 < wait <= 60.0
    other = QuotaLimiter(3, 60.0, store=bucket, name="other-api")
    assert other.acquire(EP, URL) == 0.0


def test_redis_bucket_shares_server_driven_waits(redis_client):
    first = QuotaLimiter(None, store=RedisBucket(redis_client), wall_clock=lambda: NOW)
    second = QuotaLimiter(None, store=RedisBucket(redis_client))
    assert second.acquire(EP, URL) == 0.0
    first.observe(EP, URL, 429, {"Retry-After": "30"})
    assert 29.0 < second.acquire(EP, URL) <= 30.0
    first.observe(EP, URL, 429, {"Retry-After": "2"})
    assert second.acquire(EP, URL) > 2.0


def test_one_redis_bucket_for_four_processes(redis_url, redis_client):
    context = multiprocessing.get_context("spawn")
    barrier = context.Barrier(4)
    out = context.Queue()
    processes = [
        context.Process(target=take_slots, args=(redis_url, 5, barrier, out)) for _ in range(4)
    ]
    for process in processes:
        process.start()
    granted = [out.get(timeout=60) for _ in processes]
    for process in processes:
        process.join(30)
    assert sum(granted) == 10  # 20 attempts, a quota of 10 per minute across all workers
