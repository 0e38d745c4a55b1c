"""Locks held from flows: shared by threads and tasks, never kept by a cancelled waiter."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator

import pytest

from typelink._internal.flow_locks import FlowLock, enter
from typelink._internal.flows import Flow, invoke, run_flow, run_flow_async, sleep


def critical(lock: FlowLock, inside: list[int], peak: list[int], wait: float) -> Flow[None]:
    leave = yield from enter(lock.hold, lock.hold_async)
    try:
        inside.append(1)
        peak.append(len(inside))
        yield from sleep(wait)
        inside.pop()
    finally:
        yield from invoke(leave)


def test_threads_and_tasks_exclude_each_other() -> None:
    lock = FlowLock()
    inside: list[int] = []
    peak: list[int] = []

    def in_thread() -> None:
        for _ in range(5):
            run_flow(critical(lock, inside, peak, 0.002))

    async def tasks() -> None:
        await asyncio.gather(
            *(run_flow_async(critical(lock, inside, peak, 0.001)) for _ in range(20))
        )

    threads = [threading.Thread(target=in_thread) for _ in range(3)]
    for thread in threads:
        thread.start()
    asyncio.run(tasks())
    for thread in threads:
        thread.join()
    assert max(peak) == 1 and len(peak) == 35


def test_a_task_cancelled_while_waiting_or_holding_leaves_the_lock_free() -> None:
    lock = FlowLock()

    async def scenario() -> None:
        holder = asyncio.ensure_future(run_flow_async(critical(lock, [], [], 10)))
        await asyncio.sleep(0.01)
        waiter = asyncio.ensure_future(run_flow_async(critical(lock, [], [], 0)))
        await asyncio.sleep(0.01)
        waiter.cancel()
        holder.cancel()
        for task in (waiter, holder):
            with pytest.raises(asyncio.CancelledError):
                await task
        await asyncio.wait_for(run_flow_async(critical(lock, [], [], 0)), 1)

    asyncio.run(scenario())
    assert lock.thread_lock.acquire(blocking=False)


@contextlib.contextmanager
def held(lock: threading.Lock) -> Iterator[None]:
    with lock:
        yield


def test_a_blocking_only_lock_taken_in_a_thread_is_released_when_its_waiter_is_cancelled() -> None:
    blocking_lock = threading.Lock()

    def taking() -> Flow[None]:
        leave = yield from enter(held, None, blocking_lock)
        yield from invoke(leave)

    async def scenario() -> None:
        blocking_lock.acquire()  # someone else holds it
        waiter = asyncio.ensure_future(run_flow_async(taking()))
        await asyncio.sleep(0.05)
        waiter.cancel()
        await asyncio.sleep(0)
        blocking_lock.release()  # the worker thread now takes it, for nobody
        with pytest.raises(asyncio.CancelledError):
            await waiter

    asyncio.run(scenario())
    deadline = time.monotonic() + 2
    while not blocking_lock.acquire(blocking=False):
        assert time.monotonic() < deadline, "the cancelled waiter kept the lock"
        time.sleep(0.01)
