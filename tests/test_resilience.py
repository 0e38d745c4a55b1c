"""Reliability end to end, through real typelink clients against real local servers.

Every test drives a declared consumer (or a client with a resource group) against a server on
127.0.0.1 that injects faults, and asserts what the server saw (the exact number of attempts,
the idempotency keys, the bearer tokens) and what the client waited: ``sleep``, ``clock``,
``wall_clock`` and ``rand`` are injected, so nothing sleeps for real except the short read
timeouts that the hang faults trigger.
"""

from __future__ import annotations

import io
import logging
import multiprocessing
import re
import socket
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
import requests

from tests.auth.token_server import TokenServer
from tests.fixtures.fault_server import (
    Fault,
    FaultServer,
    hang,
    http_date,
    ok,
    reset,
    status,
    truncated,
)
from tests.fixtures.protected_api import (
    CLIENT_SECRET,
    Protected,
    call_with_shared_token,
    credentials,
)
from typelink import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    Body,
    Client,
    Consumer,
    CredentialError,
    InternalServerError,
    PermissionDeniedError,
    RateLimitError,
    RetryPolicy,
    events,
    get,
    post,
    put,
)
from typelink.auth import (
    APIKeyQuery,
    BearerToken,
    ExpiringTokenAuth,
    MemoryTokenStore,
    RedisTokenStore,
    Token,
)
from typelink.auth.expiring import REFRESHES_PER_CALL
from typelink.declare.encoding import InvalidArgumentError
from typelink.policies.ratelimit import QuotaLimiter

WALL_START = 1_700_000_000.0
HANG = 1.0
"""How long a hang fault stalls; calls that meet one use ``SHORT_READ`` as read timeout."""
SHORT_READ = (2.0, 0.3)


class FakeTime:
    """One injected time source: ``sleep`` records the wait and moves both clocks."""

    def __init__(self) -> None:
        self.now = 5_000.0
        self.wall = WALL_START
        self.sleeps: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def time(self) -> float:
        return self.wall

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds
        self.wall += seconds

    def options(self) -> dict[str, Any]:
        """The client keyword arguments that route all waiting through this object."""
        return {"sleep": self.sleep, "clock": self.monotonic, "wall_clock": self.time}


class Widgets(Consumer):
    @get("widgets/{widget_id}")
    def fetch(self, widget_id: int) -> dict[str, Any]:
        raise NotImplementedError

    @post("widgets")
    def create(self, payload: Body[dict[str, Any]]) -> dict[str, Any]:
        raise NotImplementedError

    @put("widgets/{widget_id}/blob")
    def upload(self, widget_id: int, data: Body[bytes]) -> dict[str, Any]:
        raise NotImplementedError

    @post("widgets/sync", idempotent=True)
    def sync(self, payload: Body[dict[str, Any]]) -> dict[str, Any]:
        raise NotImplementedError


class Shop(Client):
    widgets: Widgets


@pytest.fixture
def server() -> Iterator[FaultServer]:
    with closing(FaultServer()) as running:
        yield running


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def shop(
    server: FaultServer, fake: FakeTime, rand: float = 0.0, **options: Any
) -> tuple[Shop, list[events.Event]]:
    """A client on the fault server whose waits all go through ``fake``."""
    seen: list[events.Event] = []
    options.setdefault("timeout", (2.0, 2.0))
    client = Shop(
        base_url=server.url, listeners=[seen.append], rand=lambda: rand, **fake.options(), **options
    )
    return client, seen


def retries(seen: list[events.Event]) -> list[events.RetryScheduled]:
    return [e for e in seen if isinstance(e, events.RetryScheduled)]


# -- 1. faults on a GET: exact attempts and exact waits --------------------------------


def test_connection_resets_are_retried_with_backoff(server: FaultServer, fake: FakeTime) -> None:
    server.play(reset(), reset(), ok(b'{"id": 1}'))
    api, _ = shop(server, fake)
    assert api.widgets.fetch(1) == {"id": 1}
    assert server.attempts == 3
    assert fake.sleeps == [0.5, 1.0]


def test_resets_exhaust_the_retries(server: FaultServer, fake: FakeTime) -> None:
    server.play(reset())
    api, _ = shop(server, fake)
    with pytest.raises(APIConnectionError) as info:
        api.widgets.fetch(1)
    assert not isinstance(info.value, APITimeoutError)
    assert server.attempts == 3
    assert fake.sleeps == [0.5, 1.0]
    assert info.value.method == "GET" and info.value.url.endswith("/widgets/1")


def test_read_timeouts_are_retried_then_raised(server: FaultServer, fake: FakeTime) -> None:
    server.play(hang(HANG))
    api, _ = shop(server, fake, timeout=SHORT_READ)
    with pytest.raises(APITimeoutError, match="timed out"):
        api.widgets.fetch(1)
    assert server.attempts == 3
    assert fake.sleeps == [0.5, 1.0]


def test_a_body_cut_short_is_a_connection_error_and_retried(
    server: FaultServer, fake: FakeTime
) -> None:
    server.play(truncated(), ok(b'{"id": 2}'))
    api, seen = shop(server, fake)
    assert api.widgets.fetch(2) == {"id": 2}
    assert server.attempts == 2
    assert fake.sleeps == [0.5]
    assert [r.reason for r in retries(seen)] == ["connection error"]


def test_5xx_burst_with_jitter_from_the_injected_random(
    server: FaultServer, fake: FakeTime
) -> None:
    server.play(status(500), status(502), status(503), status(504), ok())
    api, seen = shop(server, fake, rand=0.5, retry=RetryPolicy(max_retries=4))
    assert api.widgets.fetch(1) == {"ok": True}
    assert server.attempts == 5
    # min(0.5 * 2**n, 8) * (1 - 0.25 * 0.5)
    assert fake.sleeps == [0.4375, 0.875, 1.75, 3.5]
    assert [(r.attempt, r.reason) for r in retries(seen)] == [
        (1, "status 500"),
        (2, "status 502"),
        (3, "status 503"),
        (4, "status 504"),
    ]


def test_backoff_is_capped_by_backoff_max(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(503))
    api, _ = shop(server, fake, retry=RetryPolicy(max_retries=6))
    with pytest.raises(InternalServerError):
        api.widgets.fetch(1)
    assert server.attempts == 7
    assert fake.sleeps == [0.5, 1.0, 2.0, 4.0, 8.0, 8.0]


@pytest.mark.parametrize(
    ("headers", "wait"),
    [
        ({"Retry-After": "7"}, 7.0),
        ({"Retry-After": "1.5"}, 1.5),
        ({"Retry-After": http_date(WALL_START + 12)}, 12.0),
        ({"retry-after-ms": "250"}, 0.25),
        ({"retry-after-ms": "250", "Retry-After": "9"}, 0.25),
        ({"retry-after-ms": "soon", "Retry-After": "9"}, 9.0),
        ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(WALL_START) + 20)}, 20.0),
        ({"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": "3"}, 3.0),
    ],
    ids=[
        "seconds",
        "fractional",
        "http-date",
        "ms",
        "ms-wins",
        "bad-ms-falls-back",
        "reset-epoch",
        "reset-delta",
    ],
)
def test_429_waits_what_the_server_asks(
    server: FaultServer, fake: FakeTime, headers: dict[str, str], wait: float
) -> None:
    server.play(status(429, headers), ok())
    api, seen = shop(server, fake)
    assert api.widgets.fetch(1) == {"ok": True}
    assert server.attempts == 2
    assert fake.sleeps == [wait]
    assert [(r.reason, r.wait) for r in retries(seen)] == [("status 429", wait)]


def test_503_retry_after_is_honoured_too(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(503, {"Retry-After": "4"}), status(503, {"Retry-After": "2"}), ok())
    api, _ = shop(server, fake)
    assert api.widgets.fetch(1) == {"ok": True}
    assert server.attempts == 3
    assert fake.sleeps == [4.0, 2.0]


@pytest.mark.parametrize(
    "value",
    ["soon", "", "Fri, 99 Xyz 2025 25:61:00 GMT", "nan", "inf", "1e999", "12 seconds"],
)
def test_malformed_retry_after_falls_back_to_backoff(
    server: FaultServer, fake: FakeTime, value: str
) -> None:
    server.play(status(429, {"Retry-After": value}))
    api, _ = shop(server, fake)
    with pytest.raises(RateLimitError) as info:
        api.widgets.fetch(1)
    assert server.attempts == 3
    assert fake.sleeps == [0.5, 1.0]
    assert info.value.retry_after is None


def test_retry_after_zero_retries_at_once(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(429, {"Retry-After": "0"}), ok())
    api, seen = shop(server, fake)
    assert api.widgets.fetch(1) == {"ok": True}
    assert server.attempts == 2
    assert fake.sleeps == []
    assert [r.wait for r in retries(seen)] == [0.0]


@pytest.mark.parametrize(
    "headers",
    [
        {"Retry-After": "61"},
        {"retry-after-ms": "90000"},
        {"Retry-After": http_date(WALL_START + 3600)},
        {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(WALL_START) + 900)},
    ],
    ids=["seconds", "ms", "http-date", "reset"],
)
def test_a_wait_beyond_the_cap_is_not_slept(
    server: FaultServer, fake: FakeTime, headers: dict[str, str]
) -> None:
    server.play(status(429, headers), ok())
    api, seen = shop(server, fake)
    with pytest.raises(RateLimitError) as info:
        api.widgets.fetch(1)
    assert server.attempts == 1
    assert fake.sleeps == []
    assert retries(seen) == []
    assert info.value.retry_after is not None and info.value.retry_after > 60
    assert info.value.status_code == 429


def test_a_raised_cap_sleeps_the_long_wait(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(429, {"Retry-After": "61"}), ok())
    api, _ = shop(server, fake, retry=RetryPolicy(max_server_wait=120))
    assert api.widgets.fetch(1) == {"ok": True}
    assert (server.attempts, fake.sleeps) == (2, [61.0])


def test_last_429_keeps_retry_after_on_the_error(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(429, {"Retry-After": "3"}))
    api, _ = shop(server, fake)
    with pytest.raises(RateLimitError) as info:
        api.widgets.fetch(1)
    assert server.attempts == 3
    assert fake.sleeps == [3.0, 3.0]
    assert info.value.retry_after == 3.0


def test_403_with_exhausted_quota_is_a_rate_limit_error_at_once(
    server: FaultServer, fake: FakeTime
) -> None:
    reset_at = str(int(WALL_START) + 20)
    server.play(status(403, {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset_at}))
    api, _ = shop(server, fake)
    with pytest.raises(RateLimitError) as info:
        api.widgets.fetch(1)
    assert (server.attempts, fake.sleeps) == (1, [])
    assert info.value.status_code == 403
    assert info.value.retry_after == 20.0


def test_total_budget_stops_backoff(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(503))
    api, seen = shop(server, fake, retry=RetryPolicy(max_retries=10, total_budget=2.0))
    with pytest.raises(InternalServerError):
        api.widgets.fetch(1)
    # waits 0.5 (t=0.5) and 1.0 (t=1.5); the next 2.0 s wait would end past the 2 s budget
    assert server.attempts == 3
    assert fake.sleeps == [0.5, 1.0]
    assert len(retries(seen)) == 2


def test_total_budget_stops_a_server_wait(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(503, {"Retry-After": "4"}), status(429, {"Retry-After": "7"}), ok())
    api, _ = shop(server, fake, retry=RetryPolicy(total_budget=10.0))
    with pytest.raises(RateLimitError) as info:
        api.widgets.fetch(1)
    assert server.attempts == 2
    assert fake.sleeps == [4.0]
    assert info.value.retry_after == 7.0


def test_budget_is_per_call(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(503), ok(), status(503), ok())
    api, _ = shop(server, fake, retry=RetryPolicy(total_budget=1.0))
    api.widgets.fetch(1)
    fake.sleep(100.0)  # time passes between calls; the next call has its own budget
    api.widgets.fetch(1)
    assert server.attempts == 4
    assert fake.sleeps == [0.5, 100.0, 0.5]


def test_x_should_retry_false_is_honoured(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(503, {"x-should-retry": "false"}), ok())
    api, seen = shop(server, fake)
    with pytest.raises(InternalServerError):
        api.widgets.fetch(1)
    assert (server.attempts, fake.sleeps, retries(seen)) == (1, [], [])


def test_x_should_retry_true_retries_a_400(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(400, {"x-should-retry": "true"}), ok())
    api, _ = shop(server, fake)
    assert api.widgets.fetch(1) == {"ok": True}
    assert (server.attempts, fake.sleeps) == (2, [0.5])


def test_a_plain_400_is_not_retried(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(400), ok())
    api, _ = shop(server, fake)
    with pytest.raises(BadRequestError):
        api.widgets.fetch(1)
    assert (server.attempts, fake.sleeps) == (1, [])


# -- 2. no POST is sent twice without a key -------------------------------------------------


@pytest.mark.parametrize(
    ("fault", "error"),
    [
        (status(503), InternalServerError),
        (status(429, {"Retry-After": "1"}), RateLimitError),
        (reset(), APIConnectionError),
        (hang(HANG), APITimeoutError),
        (truncated(), APIConnectionError),
    ],
    ids=["503", "429", "reset", "timeout", "truncated"],
)
def test_post_is_sent_once_without_a_key(
    server: FaultServer, fake: FakeTime, fault: Any, error: type[Exception]
) -> None:
    server.play(fault, ok())
    api, seen = shop(server, fake, timeout=SHORT_READ if error is APITimeoutError else 2.0)
    with pytest.raises(error):
        api.widgets.create({"n": 1})
    assert server.attempts == 1
    assert fake.sleeps == []
    assert retries(seen) == []
    assert server.header_values("Idempotency-Key") == [None]


def test_x_should_retry_true_does_not_resend_a_post(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(503, {"x-should-retry": "true"}), ok())
    api, _ = shop(server, fake)
    with pytest.raises(InternalServerError):
        api.widgets.create({"n": 1})
    assert server.attempts == 1


def test_idempotency_key_is_one_per_call_across_every_fault(
    server: FaultServer, fake: FakeTime
) -> None:
    server.play(status(500), reset(), hang(HANG), truncated(), ok(b'{"n": 1}'), ok(b'{"n": 2}'))
    policy = RetryPolicy(max_retries=4, idempotency_header="Idempotency-Key")
    api, _ = shop(server, fake, timeout=SHORT_READ, retry=policy)
    assert api.widgets.create({"n": 1}) == {"n": 1}
    assert api.widgets.create({"n": 2}) == {"n": 2}
    keys = server.header_values("Idempotency-Key")
    assert len(keys) == 6 and None not in keys
    assert len(set(keys[:5])) == 1
    assert keys[5] != keys[0]
    assert [s.body for s in server.seen[:5]] == [b'{"n":1}'] * 5
    assert fake.sleeps == [0.5, 1.0, 2.0, 4.0]


def test_gets_carry_no_idempotency_key(server: FaultServer, fake: FakeTime) -> None:
    api, _ = shop(server, fake, retry=RetryPolicy(idempotency_header="Idempotency-Key"))
    api.widgets.fetch(1)
    assert server.header_values("Idempotency-Key") == [None]


def test_idempotent_post_is_retried(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(503), reset(), ok(b'{"synced": 1}'))
    api, _ = shop(server, fake)
    assert api.widgets.sync({"n": 1}) == {"synced": 1}
    assert server.attempts == 3
    assert fake.sleeps == [0.5, 1.0]
    assert {s.body for s in server.seen} == {b'{"n":1}'}


def test_a_put_is_retried_with_its_whole_body(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(503), reset(), ok())
    api, _ = shop(server, fake)
    api.widgets.upload(1, b"blob bytes")
    assert [(s.method, s.body) for s in server.seen] == [("PUT", b"blob bytes")] * 3


def chunks() -> Iterator[bytes]:
    yield b"streamed "
    yield b"body"


@pytest.mark.parametrize(
    ("fault", "error"),
    [(status(503), InternalServerError), (reset(), APIConnectionError)],
    ids=["503", "reset"],
)
@pytest.mark.parametrize(
    ("make_body", "sent"),
    [(chunks, b"streamed body"), (lambda: io.BytesIO(b"file body"), b"file body")],
    ids=["generator", "file"],
)
def test_a_stream_body_is_never_resent(
    server: FaultServer,
    fake: FakeTime,
    fault: Any,
    error: type[Exception],
    make_body: Callable[[], Any],
    sent: bytes,
) -> None:
    """A retry would send an empty body (the stream is used up) and could succeed with it."""
    server.play(fault, ok())
    api, seen = shop(server, fake)
    with pytest.raises(error):
        api.widgets.upload(1, make_body())
    assert server.attempts == 1
    if fault.status == 503:
        assert server.seen[0].body == sent
    assert (fake.sleeps, retries(seen)) == ([], [])


# -- 3. policy layering, events and log lines ---------------------------------------------


class Layered(Consumer):
    retry_policy = RetryPolicy(max_retries=2, backoff_initial=0.25)

    @get("plain")
    def plain(self) -> dict[str, Any]:
        raise NotImplementedError

    @get("tuned", retry=RetryPolicy(max_retries=3, backoff_initial=0.125))
    def tuned(self) -> dict[str, Any]:
        raise NotImplementedError


class Unlayered(Consumer):
    @get("plain")
    def plain(self) -> dict[str, Any]:
        raise NotImplementedError


class Layers(Client):
    layered: Layered
    unlayered: Unlayered


def failing_layers(
    server: FaultServer, fake: FakeTime
) -> tuple[Layers, Callable[[Callable[[], object]], tuple[int, list[float]]]]:
    server.play(status(503))
    client = Layers(
        base_url=server.url,
        retry=RetryPolicy(max_retries=1, backoff_initial=1.0),
        rand=lambda: 0.0,
        **fake.options(),
    )

    def attempts(call: Callable[[], object]) -> tuple[int, list[float]]:
        before, slept = server.attempts, len(fake.sleeps)
        with pytest.raises(InternalServerError):
            call()
        return server.attempts - before, fake.sleeps[slept:]

    return client, attempts


def test_client_policy_applies_where_nothing_overrides_it(
    server: FaultServer, fake: FakeTime
) -> None:
    client, attempts = failing_layers(server, fake)
    assert attempts(client.unlayered.plain) == (2, [1.0])


def test_consumer_policy_beats_the_client_policy(server: FaultServer, fake: FakeTime) -> None:
    client, attempts = failing_layers(server, fake)
    assert attempts(client.layered.plain) == (3, [0.25, 0.5])


def test_endpoint_policy_beats_the_consumer_policy(server: FaultServer, fake: FakeTime) -> None:
    client, attempts = failing_layers(server, fake)
    assert attempts(client.layered.tuned) == (4, [0.125, 0.25, 0.5])


def test_with_options_retries_beats_everything(server: FaultServer, fake: FakeTime) -> None:
    client, attempts = failing_layers(server, fake)
    assert attempts(client.layered.with_options(retries=0).tuned) == (1, [])
    assert attempts(client.layered.with_options(retries=0).plain) == (1, [])
    assert attempts(client.unlayered.with_options(retries=0).plain) == (1, [])
    assert attempts(client.with_options(retries=0).layered.tuned) == (1, [])
    # keeps the rest of the winning policy (the endpoint's backoff)
    assert attempts(client.layered.with_options(retries=1).tuned) == (2, [0.125])
    # and the original views are untouched
    assert attempts(client.layered.tuned) == (4, [0.125, 0.25, 0.5])


def test_with_options_retry_policy_beats_endpoint_and_consumer(
    server: FaultServer, fake: FakeTime
) -> None:
    client, attempts = failing_layers(server, fake)
    view = client.layered.with_options(retry=RetryPolicy(max_retries=1, backoff_initial=2.0))
    assert attempts(view.tuned) == (2, [2.0])
    assert attempts(view.plain) == (2, [2.0])


class Patient(Layered):
    retry_policy = RetryPolicy(max_retries=5, backoff_initial=0.0625)


class Wrapper(Client):
    patient: Patient
    layered: Layered


def test_subclass_policy_applies_to_inherited_endpoints(
    server: FaultServer, fake: FakeTime
) -> None:
    server.play(status(503))
    client = Wrapper(base_url=server.url, rand=lambda: 0.0, **fake.options())
    with pytest.raises(InternalServerError):
        client.patient.plain()
    assert server.attempts == 6
    assert fake.sleeps == [0.0625, 0.125, 0.25, 0.5, 1.0]
    # the base class used as a sibling group keeps its own policy
    with pytest.raises(InternalServerError):
        client.layered.plain()
    assert server.attempts == 9
    assert fake.sleeps[5:] == [0.25, 0.5]


def test_every_retry_emits_an_event_and_an_info_line(
    server: FaultServer, fake: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    server.play(status(503), reset(), status(429, {"Retry-After": "3"}), ok())
    api, seen = shop(server, fake, retry=RetryPolicy(max_retries=3))
    with caplog.at_level(logging.INFO, logger="typelink"):
        assert api.widgets.fetch(7) == {"ok": True}
    scheduled = retries(seen)
    assert [(e.endpoint.qualname, e.attempt, e.reason, e.wait) for e in scheduled] == [
        ("Widgets.fetch", 1, "status 503", 0.5),
        ("Widgets.fetch", 2, "connection error", 1.0),
        ("Widgets.fetch", 3, "status 429", 3.0),
    ]
    lines = [
        r.getMessage() for r in caplog.records if r.name == "typelink" and r.levelno == logging.INFO
    ]
    assert lines == [
        "retrying Widgets.fetch after status 503 in 0.500 s (attempt 1 failed)",
        "retrying Widgets.fetch after connection error in 1.000 s (attempt 2 failed)",
        "retrying Widgets.fetch after status 429 in 3.000 s (attempt 3 failed)",
    ]
    assert fake.sleeps == [0.5, 1.0, 3.0]
    sent = [e.attempt for e in seen if isinstance(e, events.RequestSent)]
    assert sent == [1, 2, 3, 4]


def test_threads_keep_their_own_backoff(server: FaultServer) -> None:
    """Concurrent calls through one client each see 0.5, 1.0 (never a shared sequence)."""
    server.play(status(503))
    lock = threading.Lock()
    per_thread: dict[int, list[float]] = {}

    def sleep(seconds: float) -> None:
        with lock:
            per_thread.setdefault(threading.get_ident(), []).append(seconds)

    api = Shop(base_url=server.url, sleep=sleep, rand=lambda: 0.0)
    barrier = threading.Barrier(8)
    errors: list[BaseException] = []

    def call() -> None:
        barrier.wait(10)
        try:
            api.widgets.fetch(1)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert [type(e) for e in errors] == [InternalServerError] * 8
    assert server.attempts == 24
    assert sorted(per_thread.values()) == [[0.5, 1.0]] * 8


def test_total_budget_counts_from_the_start_of_the_call(
    server: FaultServer, fake: FakeTime
) -> None:
    """Each attempt takes 2 s (the server moves the clock); waits are 0.1 s; budget 3 s."""

    def slow(_: object) -> None:
        fake.now += 2.0

    server.on_request = slow
    server.play(status(503))
    policy = RetryPolicy(max_retries=10, backoff_initial=0.1, backoff_max=0.1, total_budget=3.0)
    api, _ = shop(server, fake, retry=policy)
    with pytest.raises(InternalServerError):
        api.widgets.fetch(1)
    # attempt 1 ends at 2.0, wait to 2.1, attempt 2 ends at 4.1: past the budget, stop
    assert server.attempts == 2
    assert fake.sleeps == [0.1]


# -- 4-6, 8. expiring tokens through the client: threads, processes, broken endpoints --------

TOKEN_THREADS = 20


def token_values(server: TokenServer) -> list[str]:
    return [f"access-{n}" for n in range(1, server.issued + 1)]


def assert_no_secrets(texts: list[str], secrets: list[str]) -> None:
    for text in texts:
        for secret in secrets:
            assert secret not in text, f"{secret!r} leaked into {text!r}"


def in_threads(count: int, call: Callable[[], object]) -> list[object]:
    """Run ``call`` in ``count`` threads released together; results or exceptions, in order."""
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def run(index: int) -> None:
        barrier.wait(10)
        try:
            results[index] = call()
        except BaseException as exc:
            results[index] = exc

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


class PerThreadAttempts:
    """A listener counting the requests each thread sent."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.sent: dict[int, int] = {}
        self.refreshed: list[events.CredentialRefreshed] = []

    def __call__(self, event: events.Event) -> None:
        with self.lock:
            if isinstance(event, events.RequestSent):
                ident = threading.get_ident()
                self.sent[ident] = self.sent.get(ident, 0) + 1
            elif isinstance(event, events.CredentialRefreshed):
                self.refreshed.append(event)


@pytest.mark.parametrize("stale", ["expired", "missing"])
def test_20_threads_refresh_an_expired_token_once(
    stale: str, caplog: pytest.LogCaptureFixture
) -> None:
    with TokenServer(expires_in=3600, delay=0.1) as tokens:
        store = MemoryTokenStore()
        auth = ExpiringTokenAuth(credentials(tokens.token_url), store)
        if stale == "expired":
            store.set(auth.key, Token("stale-token-value-0001", expires_at=1.0))
        counter = PerThreadAttempts()
        with (
            caplog.at_level(logging.DEBUG),
            Protected(base_url=tokens.base_url, auth=auth, listeners=[counter]) as api,
        ):
            results = in_threads(TOKEN_THREADS, api.read)
            assert results == [{"ok": True}] * TOKEN_THREADS
            assert len(tokens.token_requests) == 1
            assert auth.fetch_count == 1
            assert tokens.api_calls == TOKEN_THREADS
            assert sorted(counter.sent.values()) == [1] * TOKEN_THREADS
            assert [e.reason for e in counter.refreshed] == ["expiry"]
            assert tokens.token_requests[0]["form"] == {"grant_type": "client_credentials"}
            texts = [caplog.text, repr(api), repr(auth), repr(store), repr(store.get(auth.key))]
    assert_no_secrets(texts, [*token_values(tokens), "stale-token-value-0001", CLIENT_SECRET])


def test_a_wave_of_401s_from_20_threads_causes_one_refresh(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with TokenServer(expires_in=3600, delay=0.2) as tokens:
        store = MemoryTokenStore()
        auth = ExpiringTokenAuth(credentials(tokens.token_url), store)
        store.set(auth.key, Token("revoked-token-value-0001", expires_at=None))
        counter = PerThreadAttempts()
        with (
            caplog.at_level(logging.DEBUG),
            Protected(base_url=tokens.base_url, auth=auth, listeners=[counter]) as api,
        ):
            results = in_threads(TOKEN_THREADS, api.read)
            assert results == [{"ok": True}] * TOKEN_THREADS
            assert len(tokens.token_requests) == 1
            assert auth.fetch_count == 1
            # every call was sent once or twice (replayed at most once), most of them twice
            per_call = sorted(counter.sent.values())
            assert len(per_call) == TOKEN_THREADS and set(per_call) <= {1, 2}
            assert tokens.api_calls == sum(per_call)
            assert tokens.api_calls > TOKEN_THREADS
            assert [e.reason for e in counter.refreshed] == ["unauthorized"]
            texts = [caplog.text, repr(api), repr(auth), repr(store.get(auth.key))]
    assert_no_secrets(texts, [*token_values(tokens), "revoked-token-value-0001", CLIENT_SECRET])


def test_a_rejected_replay_raises_authentication_error_without_tokens(
    server: FaultServer, fake: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    """The API rejects every token (echoing them): a refresh and a replay per refused token,
    up to the auth's bound per call (each replay carried the current token), then the error."""
    echo = b'{"message": "tokens access-1 and access-2 are revoked"}'
    server.play(Fault(status=401, body=echo, headers={"Content-Type": "application/json"}))
    with TokenServer() as tokens:
        auth = ExpiringTokenAuth(credentials(tokens.token_url))
        api, _ = shop(server, fake, auth=auth)
        with caplog.at_level(logging.DEBUG), pytest.raises(AuthenticationError) as info:
            api.widgets.fetch(1)
        assert len(tokens.token_requests) == 1 + REFRESHES_PER_CALL
    sent = [f"Bearer access-{n}" for n in range(1, 2 + REFRESHES_PER_CALL)]
    assert server.header_values("Authorization") == sent
    assert fake.sleeps == []
    error = info.value
    assert "tokens [REDACTED] and [REDACTED] are revoked" in str(error)
    texts = [str(error), repr(error), error.url, caplog.text, repr(api), repr(auth)]
    assert_no_secrets(texts, [token.removeprefix("Bearer ") for token in sent] + [CLIENT_SECRET])


def test_credentials_go_only_to_the_api_origin(server: FaultServer, fake: FakeTime) -> None:
    """A redirect to another origin is followed without the bearer token."""
    with closing(FaultServer()) as other:
        other.play(ok(b'{"elsewhere": true}'))
        server.play(Fault(status=302, headers={"Location": other.url + "/moved"}))
        with TokenServer() as tokens:
            auth = ExpiringTokenAuth(credentials(tokens.token_url))
            api, _ = shop(server, fake, auth=auth)
            assert api.widgets.fetch(1) == {"elsewhere": True}
    assert server.header_values("Authorization") == ["Bearer access-1"]
    assert other.header_values("Authorization") == [None]


PROCESSES = 4


def test_4_processes_share_one_refresh_through_redis(redis_client: Any, redis_url: str) -> None:
    """Four spawned processes, each with its own client, share one token through Redis.

    Round 1: the stored token has expired, so all four renew it: one token request.
    Round 2: the server revoked that token (it issued a newer one to someone else), so all
    four get a 401: one more token request, and each call is replayed at most once.
    """
    context = multiprocessing.get_context("spawn")
    start, middle = context.Barrier(PROCESSES), context.Barrier(PROCESSES + 1)
    out = context.Queue()
    with TokenServer(expires_in=3600, delay=0.2) as tokens:
        key = credentials(tokens.token_url).store_key
        RedisTokenStore(redis_client).set(key, Token("expired-token-value", expires_at=1.0))
        args = (redis_url, tokens.base_url, tokens.token_url, start, middle, out)
        processes = [
            context.Process(target=call_with_shared_token, args=args) for _ in range(PROCESSES)
        ]
        for process in processes:
            process.start()
        try:
            first = [out.get(timeout=60) for _ in processes]
            assert [r[:2] for r in first] == [("first", {"ok": True})] * PROCESSES
            assert sum(r[2] for r in first) == 1
            assert (len(tokens.token_requests), tokens.api_calls) == (1, PROCESSES)
            requests.post(tokens.token_url, data={"grant_type": "client_credentials"}, timeout=10)
            assert tokens.current_token == "access-2"  # access-1, in Redis, is now revoked
            middle.wait(30)
            second = [out.get(timeout=60) for _ in processes]
            assert [r[:2] for r in second] == [("second", {"ok": True})] * PROCESSES
            assert sum(r[2] for r in second) == 2
            assert len(tokens.token_requests) == 3
            stored = RedisTokenStore(redis_client).get(key)
            assert stored is not None and stored.token.value == "access-3"
            assert 2 * PROCESSES < tokens.api_calls <= 3 * PROCESSES
        finally:
            for process in processes:
                process.join(30)
                if process.is_alive():
                    process.terminate()


BROKEN_ENDPOINTS = [
    ("500", "answered 500"),
    ("garbage", "answered 200 with a body that is not JSON"),
    ("no_expires_in", "did not say when the token expires (no expires_in)"),
    ("bad_expires_in", "invalid expires_in"),
    ("no_access_token", "answered without an access_token"),
    ("array", "JSON that is not an object"),
    ("oauth_error", "answered 401: invalid_client: client authentication failed"),
]


@pytest.mark.parametrize(
    ("mode", "message"), BROKEN_ENDPOINTS, ids=[m for m, _ in BROKEN_ENDPOINTS]
)
def test_a_broken_token_endpoint_raises_credential_error(
    mode: str, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    with TokenServer() as tokens:
        tokens.mode = mode
        auth = ExpiringTokenAuth(credentials(tokens.token_url))
        api = Protected(base_url=tokens.base_url, auth=auth, retry=RetryPolicy(max_retries=5))
        with caplog.at_level(logging.DEBUG):
            errors = []
            for _ in range(2):
                with pytest.raises(CredentialError) as info:
                    api.read()
                errors.append(info.value)
        # one token request per call, never a loop, and the API never saw a request
        assert len(tokens.token_requests) == 2
        assert tokens.api_calls == 0
    text = str(errors[0])
    assert text.startswith(f"token endpoint {tokens.token_url} ")
    assert message in text
    assert_no_secrets([str(e) for e in errors] + [caplog.text], [CLIENT_SECRET, "access-0"])


def test_a_failing_refresh_after_a_401_raises_credential_error(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with TokenServer() as tokens:
        store = MemoryTokenStore()
        auth = ExpiringTokenAuth(credentials(tokens.token_url), store)
        store.set(auth.key, Token("revoked-token-value-0002", expires_at=None))
        tokens.mode = "500"
        api = Protected(base_url=tokens.base_url, auth=auth)
        with caplog.at_level(logging.DEBUG), pytest.raises(CredentialError) as info:
            api.read()
        assert (len(tokens.token_requests), tokens.api_calls) == (1, 1)
    assert "answered 500" in str(info.value)
    assert_no_secrets([str(info.value), caplog.text], ["revoked-token-value-0002", CLIENT_SECRET])


def test_20_threads_share_one_failed_refresh(caplog: pytest.LogCaptureFixture) -> None:
    """Threads that wait for a refresh that fails get its error instead of trying again.

    The token endpoint takes 1 s to fail, so all 20 threads (released together) are waiting
    for it by then; a thread arriving after a failed refresh would try once more itself.
    """
    with TokenServer(delay=1.0) as tokens:
        tokens.mode = "500"
        auth = ExpiringTokenAuth(credentials(tokens.token_url))
        with Protected(base_url=tokens.base_url, auth=auth) as api:
            results = in_threads(TOKEN_THREADS, api.read)
        assert all(isinstance(r, CredentialError) for r in results)
        assert len(tokens.token_requests) == 1
        assert tokens.api_calls == 0
    assert_no_secrets([str(r) for r in results], [CLIENT_SECRET])


# -- 7. client-side rate limits -------------------------------------------------------------


def limited(server: FaultServer, fake: FakeTime, calls: int | None) -> tuple[Shop, list[Any]]:
    limiter = QuotaLimiter(calls, period=1.0, clock=fake.monotonic, wall_clock=fake.time)
    return shop(server, fake, rate_limiter=limiter)


def test_quota_makes_the_fourth_call_wait_the_rest_of_the_window(
    server: FaultServer, fake: FakeTime
) -> None:
    api, seen = limited(server, fake, calls=3)
    for _ in range(3):
        api.widgets.fetch(1)
    fake.now += 0.25
    api.widgets.fetch(1)
    assert fake.sleeps == [0.75]
    assert server.attempts == 4
    assert retries(seen) == []
    assert [e.attempt for e in seen if isinstance(e, events.RequestSent)] == [1, 1, 1, 1]


def test_quota_over_seven_back_to_back_calls(server: FaultServer, fake: FakeTime) -> None:
    api, _ = limited(server, fake, calls=3)
    for _ in range(7):
        api.widgets.fetch(1)
    assert fake.sleeps == [1.0, 1.0]
    assert server.attempts == 7


def test_exhausted_quota_header_makes_the_next_call_wait(
    server: FaultServer, fake: FakeTime
) -> None:
    exhausted = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(WALL_START) + 30)}
    server.play(Fault(headers={"Content-Type": "application/json", **exhausted}), ok())
    api, _ = limited(server, fake, calls=None)
    assert api.widgets.fetch(1) == {}
    assert fake.sleeps == []
    assert api.widgets.fetch(2) == {"ok": True}
    assert fake.sleeps == [30.0]
    assert server.attempts == 2
    api.widgets.fetch(3)  # the reset has passed: no more waiting
    assert fake.sleeps == [30.0]


def test_exhausted_quota_beyond_the_cap_raises_without_sleeping(
    server: FaultServer, fake: FakeTime
) -> None:
    exhausted = {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": str(int(WALL_START) + 120)}
    server.play(Fault(headers={"Content-Type": "application/json", **exhausted}), ok())
    api, _ = limited(server, fake, calls=None)
    api.widgets.fetch(1)
    with pytest.raises(RateLimitError) as info:
        api.widgets.fetch(2)
    assert server.attempts == 1
    assert fake.sleeps == []
    assert info.value.retry_after == 120.0


def test_429_with_a_limiter_waits_once_not_twice(server: FaultServer, fake: FakeTime) -> None:
    server.play(status(429, {"Retry-After": "30"}), ok())
    api, _ = limited(server, fake, calls=None)
    assert api.widgets.fetch(1) == {"ok": True}
    assert server.attempts == 2
    assert fake.sleeps == [30.0]
    api.widgets.fetch(2)
    assert fake.sleeps == [30.0]


# -- 8. no credential in connection-error messages or tracebacks -----------------------------

QUERY_KEY = "qk_live_5e8d1b7a9c3f2e40"


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def leak_texts(error: BaseException, caplog: pytest.LogCaptureFixture) -> list[str]:
    """The error, its traceback, and typelink's log lines.

    urllib3's own DEBUG logger prints request lines with their query string: a key sent in
    the query (``APIKeyQuery``) shows there, which is why a header is preferred.
    """
    lines = [r.getMessage() for r in caplog.records if r.name.startswith("typelink")]
    return [str(error), repr(error), "".join(traceback.format_exception(error)), *lines]


def test_connection_refused_is_retried_and_leaks_no_query_key(
    fake: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    api = Shop(
        base_url=f"http://127.0.0.1:{closed_port()}",
        auth=APIKeyQuery(QUERY_KEY),
        rand=lambda: 0.0,
        **fake.options(),
    )
    with caplog.at_level(logging.DEBUG), pytest.raises(APIConnectionError) as info:
        api.widgets.fetch(1)
    assert fake.sleeps == [0.5, 1.0]
    assert "connection failed" in str(info.value)
    assert_no_secrets(leak_texts(info.value, caplog), [QUERY_KEY])


@pytest.mark.parametrize("fault", [reset(), truncated(), hang(HANG)], ids=["reset", "cut", "hang"])
def test_faults_leak_no_query_key(
    server: FaultServer, fake: FakeTime, caplog: pytest.LogCaptureFixture, fault: Any
) -> None:
    server.play(fault)
    api, _ = shop(server, fake, auth=APIKeyQuery(QUERY_KEY, param="k"), timeout=SHORT_READ)
    with caplog.at_level(logging.DEBUG), pytest.raises(APIConnectionError) as info:
        api.widgets.with_options(retries=0).fetch(1)
    assert server.seen[0].path == f"/widgets/1?k={QUERY_KEY}"
    assert_no_secrets(leak_texts(info.value, caplog), [QUERY_KEY])


def test_a_status_error_after_transport_errors_chains_no_url(
    server: FaultServer, fake: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    server.play(reset(), truncated(), status(503))
    api, _ = shop(server, fake, auth=APIKeyQuery(QUERY_KEY, param="k"))
    with caplog.at_level(logging.DEBUG), pytest.raises(InternalServerError) as info:
        api.widgets.fetch(1)
    assert server.attempts == 3
    assert info.value.__cause__ is None and info.value.__suppress_context__
    assert_no_secrets(leak_texts(info.value, caplog), [QUERY_KEY])


# -- the guide's examples run against the real API ---------------------------------------------

PIPELINE_GUIDE = Path(__file__).resolve().parent.parent / "docs" / "pipeline.md"


def _resilience_guide() -> str:
    """The docs page "The call pipeline", whose example configures auth, retries and rate
    limits (it was the README's "Authentication, retries and rate limits" section)."""
    return PIPELINE_GUIDE.read_text()


def test_resilience_guide_python_blocks_run(server: FaultServer, fake: FakeTime) -> None:
    blocks = re.findall(r"^```python\n(.*?)^```", _resilience_guide(), re.MULTILINE | re.DOTALL)
    assert blocks
    namespace: dict[str, object] = {"__name__": "resilience_guide"}
    for index, block in enumerate(blocks):
        code = compile(block, f"docs/pipeline.md block {index + 1}", "exec", dont_inherit=True)
        exec(code, namespace)
    shop = namespace["shop"]
    assert isinstance(shop, Client)
    # what the guide says about its own example, against a failing server
    server.play(status(503))
    local: Any = namespace["Shop"](base_url=server.url, rand=lambda: 0.0, **fake.options())
    for call, attempts in [
        (lambda: local.orders.fetch(1), 5),  # the consumer's retry_policy
        (lambda: local.orders.cancel(1), 2),  # the endpoint's retry=
        (lambda: local.orders.place({"sku": "x"}), 1),  # a POST is never resent
        (lambda: local.orders.with_options(retries=0).fetch(1), 1),
    ]:
        before = server.attempts
        with pytest.raises(InternalServerError):
            call()
        assert server.attempts - before == attempts


def test_a_quota_wait_counts_against_the_total_budget(server: FaultServer, fake: FakeTime) -> None:
    limiter = QuotaLimiter(1, period=10.0, clock=fake.monotonic, wall_clock=fake.time)
    api, _ = shop(server, fake, rate_limiter=limiter, retry=RetryPolicy(total_budget=5.0))
    api.widgets.fetch(1)
    with pytest.raises(RateLimitError, match=r"next slot in 10\.0 s, past the call's 5 s budget"):
        api.widgets.fetch(2)
    assert (server.attempts, fake.sleeps) == (1, [])
    patient = api.widgets.with_options(retry=RetryPolicy(total_budget=20.0))
    patient.fetch(3)
    assert (server.attempts, fake.sleeps) == (2, [10.0])


def test_a_quota_wait_beyond_the_cap_says_so(server: FaultServer, fake: FakeTime) -> None:
    limiter = QuotaLimiter(1, period=3600.0, clock=fake.monotonic, wall_clock=fake.time)
    api, _ = shop(server, fake, rate_limiter=limiter)
    api.widgets.fetch(1)
    with pytest.raises(RateLimitError, match=r"next slot in 3600\.0 s, more than the 60 s we wait"):
        api.widgets.fetch(2)
    assert (server.attempts, fake.sleeps) == (1, [])


def test_retries_0_still_refreshes_and_replays_once_after_a_401(
    server: FaultServer, fake: FakeTime
) -> None:
    server.play(status(401), ok(b'{"id": 1}'))
    with TokenServer() as tokens:
        auth = ExpiringTokenAuth(credentials(tokens.token_url))
        api, _ = shop(server, fake, auth=auth)
        assert api.widgets.with_options(retries=0).fetch(1) == {"id": 1}
    assert server.header_values("Authorization") == ["Bearer access-1", "Bearer access-2"]


def test_x_should_retry_false_on_a_429_keeps_retry_after(
    server: FaultServer, fake: FakeTime
) -> None:
    server.play(status(429, {"Retry-After": "5", "x-should-retry": "false"}), ok())
    api, _ = shop(server, fake)
    with pytest.raises(RateLimitError) as info:
        api.widgets.fetch(1)
    assert (server.attempts, fake.sleeps, info.value.retry_after) == (1, [], 5.0)


def test_a_retry_after_date_in_the_past_retries_at_once(
    server: FaultServer, fake: FakeTime
) -> None:
    server.play(status(503, {"Retry-After": http_date(WALL_START - 30)}), ok())
    api, seen = shop(server, fake)
    assert api.widgets.fetch(1) == {"ok": True}
    assert (server.attempts, fake.sleeps, [r.wait for r in retries(seen)]) == (2, [], [0.0])


def test_a_token_with_a_trailing_newline_fails_at_once_without_leaking(
    server: FaultServer, fake: FakeTime, caplog: pytest.LogCaptureFixture
) -> None:
    """requests refuses the header and quotes it: not a connection error, not retried."""
    token = "tok_live_9b2e4c6a8d0f1357"
    api, seen = shop(server, fake, auth=BearerToken(token + "\n"))
    with caplog.at_level(logging.DEBUG), pytest.raises(InvalidArgumentError) as info:
        api.widgets.fetch(1)
    assert not isinstance(info.value, APIConnectionError)
    assert "cannot be sent (InvalidHeader: a header value has leading whitespace" in str(info.value)
    assert (server.attempts, fake.sleeps, retries(seen)) == (0, [], [])
    assert_no_secrets(leak_texts(info.value, caplog), [token])


def test_rate_limited_403_and_writes_are_retried_when_the_policy_says_so(
    server: FaultServer, fake: FakeTime
) -> None:
    policy = RetryPolicy(retry_rate_limited_403=True, retry_rate_limited_writes=True)
    server.play(status(403, {"Retry-After": "2"}), status(429, {"Retry-After": "3"}), ok())
    api, _ = shop(server, fake, retry=policy)
    assert api.widgets.create({"n": 1}) == {"ok": True}
    assert (server.attempts, fake.sleeps) == (3, [2.0, 3.0])
    server.play(status(503), ok())  # a 5xx on a POST is still not resent
    with pytest.raises(InternalServerError):
        api.widgets.create({"n": 2})
    assert server.attempts == 4
    server.play(status(403), ok())  # a 403 that asks for no wait is a permission error
    with pytest.raises(PermissionDeniedError):
        api.widgets.fetch(1)
    assert server.attempts == 5
