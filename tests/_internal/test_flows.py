"""Flows and their two drivers: twins, blocking policies, failures and cancellation."""

from __future__ import annotations

import asyncio
import threading

import pytest

from typelink._internal.flows import (
    Flow,
    Twin,
    call_async,
    drive_sync,
    invoke,
    run_flow,
    run_flow_async,
    sleep,
    twin_of,
)
from typelink._internal.limits import CallLimits, blocking_allowance, call_limits


class Policy:
    """A policy with one method that has an async twin and one that does not."""

    def __init__(self, blocking: bool) -> None:
        self.blocking = blocking
        self.threads: list[str] = []

    def lookup(self, key: str) -> str:
        self.threads.append(threading.current_thread().name)
        return f"sync {key}"

    async def lookup_async(self, key: str) -> str:
        return f"async {key}"

    def count(self, n: int) -> int:
        self.threads.append(threading.current_thread().name)
        return n + 1


def asking(policy: Policy) -> Flow[tuple[str, int]]:
    word = yield from invoke(twin_of(policy, "lookup"), "k")
    number = yield from invoke(twin_of(policy, "count"), 1)
    return word, number


def test_the_blocking_driver_calls_the_sync_method_and_the_async_one_awaits_the_twin() -> None:
    policy = Policy(blocking=True)
    assert run_flow(asking(policy)) == ("sync k", 2)
    assert asyncio.run(run_flow_async(asking(policy))) == ("async k", 2)


def test_a_blocking_method_without_a_twin_runs_in_a_pooled_thread_under_asyncio() -> None:
    policy = Policy(blocking=True)
    asyncio.run(run_flow_async(asking(policy)))
    assert policy.threads == [policy.threads[0]] and policy.threads[0] != "MainThread"


def test_a_blocking_method_in_a_worker_thread_sees_the_running_calls_limits() -> None:
    """The worker runs in the task's context: a blocking policy there (a token request, a
    Redis command) is bounded by the call's timeout and budget as it would be in the caller."""

    def allowance() -> float:
        return blocking_allowance(None)

    async def within_a_call() -> tuple[float, str]:
        with call_limits(CallLimits(timeout=2.5, deadline=None)):
            policy = Policy(blocking=True)
            left = await call_async(Twin(allowance))
            await call_async(twin_of(policy, "count"), 1)
            return left, policy.threads[0]

    left, thread = asyncio.run(within_a_call())
    assert left == 2.5 and thread != "MainThread"


def test_a_method_that_cannot_block_is_called_directly_and_unwrapped() -> None:
    policy = Policy(blocking=False)
    assert twin_of(policy, "count") == policy.count  # the blocking driver pays nothing
    assert isinstance(twin_of(policy, "lookup"), Twin)
    asyncio.run(run_flow_async(asking(policy)))
    assert policy.threads == ["MainThread"]


def test_a_failure_and_a_cancellation_reach_the_flow_so_its_finally_runs() -> None:
    released: list[str] = []

    def guarded(wait: float) -> Flow[None]:
        try:
            yield from sleep(wait)
            yield from invoke(int, "x")
        finally:
            released.append("released")

    with pytest.raises(ValueError):
        drive_sync(guarded(0), lambda r: None, lambda s: None)

    async def cancelled() -> None:
        task = asyncio.ensure_future(run_flow_async(guarded(10)))
        await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task

    asyncio.run(cancelled())
    assert released == ["released", "released"]


def test_keyboard_interrupt_is_thrown_in_too() -> None:
    released: list[str] = []

    def interrupt(seconds: float) -> None:
        raise KeyboardInterrupt

    def flow() -> Flow[None]:
        try:
            yield from sleep(1)
        finally:
            released.append("released")

    with pytest.raises(KeyboardInterrupt):
        drive_sync(flow(), lambda r: None, interrupt)
    assert released == ["released"]
