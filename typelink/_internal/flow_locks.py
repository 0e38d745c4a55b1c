"""Holding a lock from a flow, whichever driver runs it.

``leave = yield from enter(manager, async_manager, *args)`` enters a context manager (the
async one under asyncio) and returns how to leave it (``yield from invoke(leave)`` in a
``finally``). :class:`FlowLock` is a lock threads and asyncio tasks share. A lock whose
only form is blocking is taken in a worker thread under asyncio, and left as soon as it was
taken if the waiting task was cancelled meanwhile, so a cancelled waiter never keeps it.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import TYPE_CHECKING, Any

from typelink._internal.flows import Flow, Invoke, Twin

if TYPE_CHECKING:
    import asyncio

__all__ = ["Exit", "FlowLock", "enter"]


Exit = Callable[[], Any]
"""Leaves what :func:`enter` entered; invoke it (``yield from invoke(exit)``)."""


def enter(
    sync: Callable[..., AbstractContextManager[object]],
    async_: Callable[..., AbstractAsyncContextManager[object]] | None,
    *args: Any,
) -> Flow[Exit]:
    """Enter the context manager ``sync(*args)`` (or, under asyncio, ``async_(*args)``).

    Returns how to leave it: ``exit = yield from enter(...)`` then, in a ``finally``,
    ``yield from invoke(exit)``. A context manager with no async counterpart is entered in a
    worker thread; if the waiting task is cancelled, it is left as soon as it was entered, so
    a cancelled waiter never keeps a lock.
    """
    asynchronous = None if async_ is None else _AsyncEnter(async_, args)
    entering: Twin[Exit] = Twin(_SyncEnter(sync, args), asynchronous, blocking=False)
    if asynchronous is None:
        entering.async_ = _ThreadEnter(sync, args)
    exit_: Exit = yield Invoke(entering)
    return exit_


class _SyncEnter:
    __slots__ = ("args", "factory")

    def __init__(self, factory: Callable[..., AbstractContextManager[object]], args: Any) -> None:
        self.factory = factory
        self.args = args

    def __call__(self) -> Exit:
        manager = self.factory(*self.args)
        manager.__enter__()
        return lambda: manager.__exit__(None, None, None)


class _AsyncEnter:
    __slots__ = ("args", "factory")

    def __init__(
        self, factory: Callable[..., AbstractAsyncContextManager[object]], args: Any
    ) -> None:
        self.factory = factory
        self.args = args

    async def __call__(self) -> Exit:
        manager = self.factory(*self.args)
        await manager.__aenter__()

        async def leave() -> None:
            await manager.__aexit__(None, None, None)

        return Twin(_only_async, leave, blocking=False)


class _ThreadEnter:
    """Enters a blocking-only context manager in a worker thread.

    If the waiting task is cancelled, whichever side comes second leaves it: the thread,
    when it enters after the task gave up, or the task, when the thread had already
    entered. The event loop takes no part, so it works even while the loop is closing.
    """

    __slots__ = ("abandoned", "args", "factory", "guard", "leave")

    def __init__(self, factory: Callable[..., AbstractContextManager[object]], args: Any) -> None:
        self.factory = factory
        self.args = args
        self.guard = threading.Lock()
        self.abandoned = False
        self.leave: Exit | None = None

    def _enter(self) -> Exit | None:
        leave = _SyncEnter(self.factory, self.args)()
        with self.guard:
            if not self.abandoned:
                self.leave = leave
                return leave
        leave()  # the task gave up while we waited: give the lock back at once
        return None

    async def __call__(self) -> Exit:
        import asyncio

        try:
            leave = await asyncio.get_running_loop().run_in_executor(None, self._enter)
        except asyncio.CancelledError:
            with self.guard:
                self.abandoned = True
                entered = self.leave
            if entered is not None:
                entered()
            raise
        assert leave is not None
        return Twin(leave, None, blocking=True)


def _only_async() -> None:  # pragma: no cover - a flow under asyncio never calls it
    raise RuntimeError("this lock was taken under asyncio; the blocking driver cannot leave it")


class FlowLock:
    """A lock that threads and asyncio tasks share, for single-flight work inside a flow.

    ``yield from enter(lock.hold, lock.hold_async)`` takes it. Threads wait on a
    ``threading.Lock``; tasks first queue on an ``asyncio.Lock`` of their own event loop
    (so one task per loop contends) and then take the thread lock without blocking the
    loop. A cancelled task leaves both untouched.
    """

    def __init__(self) -> None:
        self.thread_lock = threading.Lock()
        self._loop_locks: weakref.WeakKeyDictionary[Any, asyncio.Lock] = weakref.WeakKeyDictionary()

    def hold(self) -> AbstractContextManager[object]:
        """The thread lock (blocking)."""
        return self.thread_lock

    def hold_async(self) -> AbstractAsyncContextManager[object]:
        """The lock, taken without blocking the event loop."""
        return _AsyncHold(self)

    def loop_lock(self) -> asyncio.Lock:
        import asyncio

        loop = asyncio.get_running_loop()
        lock = self._loop_locks.get(loop)
        if lock is None:
            lock = self._loop_locks[loop] = asyncio.Lock()
        return lock


class _AsyncHold:
    __slots__ = ("_loop_lock", "_owner")

    def __init__(self, owner: FlowLock) -> None:
        self._owner = owner
        self._loop_lock: asyncio.Lock | None = None

    async def __aenter__(self) -> None:
        import asyncio

        loop_lock = self._owner.loop_lock()
        await loop_lock.acquire()
        try:
            delay = 0.0005
            while not self._owner.thread_lock.acquire(blocking=False):
                await asyncio.sleep(delay)  # a thread holds it: poll, backing off
                delay = min(delay * 2, 0.05)
        except BaseException:
            loop_lock.release()
            raise
        self._loop_lock = loop_lock

    async def __aexit__(self, *exc_info: object) -> None:
        self._owner.thread_lock.release()
        if self._loop_lock is not None:
            self._loop_lock.release()
