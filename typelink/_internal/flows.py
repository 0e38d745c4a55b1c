"""Decisions written once as generators of effects, and the two drivers that perform them.

A *flow* is a generator that decides, and yields an *effect* whenever it needs the outside
world: send a request, sleep, or call a policy that may wait (a token refresh, a Redis
script, a lock). The driver performs the effect and sends the result back (or throws the
failure in at the ``yield``). :func:`drive_sync` performs effects with blocking calls;
:func:`drive_async` performs the same effects with ``await``. The call pipeline, token
refresh and the Redis lock are flows, so none of their logic exists twice.

A policy method that has an asynchronous counterpart is invoked through a :class:`Twin`:
the blocking driver calls ``sync``, the async driver awaits ``async_``. A policy without one
is called directly on the event loop only when it declares it never waits (``blocking =
False``); otherwise it runs in the loop's default thread pool (pooled threads, never one per
call), and a lock taken there is released even if the waiting task is cancelled.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Awaitable, Callable, Generator
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from typing import TYPE_CHECKING, Any, Generic, TypeVar

if TYPE_CHECKING:
    import asyncio

__all__ = [
    "Effect",
    "Flow",
    "FlowLock",
    "Invoke",
    "Send",
    "Sleep",
    "Twin",
    "call_async",
    "drive_async",
    "drive_sync",
    "enter",
    "invoke",
    "run_flow",
    "run_flow_async",
    "sleep",
    "twin_of",
]

T = TypeVar("T")


class Effect:
    """Something a flow asks its driver to do."""

    __slots__ = ()


Flow = Generator[Effect, Any, T]
"""A flow: yields effects, receives their results, returns a ``T``."""


class Send(Effect):
    """Send ``request`` through the driver's transport; the result is the response."""

    __slots__ = ("request",)

    def __init__(self, request: object) -> None:
        self.request = request


class Sleep(Effect):
    """Wait ``seconds`` (through the driver's injectable sleep)."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


class Invoke(Effect):
    """Call ``function(*args)``: a plain callable, or a :class:`Twin`."""

    __slots__ = ("args", "function")

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        self.function = function
        self.args = args


class Twin(Generic[T]):
    """A policy method and how each driver performs it.

    ``sync`` is what the blocking driver calls; ``async_`` (when not None) is what the async
    driver awaits; without it, ``blocking`` says whether the async driver must move the
    call to a worker thread. A Twin is callable, as ``sync``.
    """

    __slots__ = ("async_", "blocking", "sync")

    def __init__(
        self,
        sync: Callable[..., T],
        async_: Callable[..., Awaitable[T]] | None = None,
        *,
        blocking: bool = True,
    ) -> None:
        self.sync = sync
        self.async_ = async_
        self.blocking = blocking

    def __call__(self, *args: Any) -> T:
        return self.sync(*args)

    def __repr__(self) -> str:
        return f"Twin({getattr(self.sync, '__qualname__', self.sync)!r})"


def twin_of(policy: object, name: str) -> Callable[..., Any]:
    """``policy.<name>`` as the drivers should perform it.

    ``<name>_async`` is its asynchronous counterpart when the policy has one. Without one,
    ``policy.blocking`` (True unless the policy says otherwise) decides whether the async
    driver runs it in a worker thread. A method that never waits comes back unwrapped, so
    the blocking driver pays nothing.
    """
    method: Callable[..., Any] = getattr(policy, name)
    async_method = getattr(policy, name + "_async", None)
    blocking = bool(getattr(policy, "blocking", True))
    if async_method is None and not blocking:
        return method
    return Twin(method, async_method, blocking=blocking)


def invoke(function: Callable[..., T], *args: Any) -> Flow[T]:
    """``result = yield from invoke(policy.method, ...)``: a typed way to yield :class:`Invoke`."""
    result: T = yield Invoke(function, *args)
    return result


def sleep(seconds: float) -> Flow[None]:
    """``yield from sleep(seconds)``."""
    yield Sleep(seconds)


def drive_sync(
    flow: Flow[T], send: Callable[[Any], Any], pause: Callable[[float], None]
) -> T:
    """Run ``flow`` to its result, performing each effect with a blocking call.

    An effect that raises (even ``KeyboardInterrupt``) is thrown back into the flow at the
    ``yield``, so the flow's own handlers and ``finally`` blocks (a lock release) run.
    """
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            effect = flow.send(value) if error is None else flow.throw(error)
        except StopIteration as done:
            result: T = done.value
            return result
        value, error = None, None
        try:
            if isinstance(effect, Send):
                value = send(effect.request)
            elif isinstance(effect, Invoke):
                value = effect.function(*effect.args)
            elif isinstance(effect, Sleep):
                pause(effect.seconds)
            else:  # pragma: no cover - every effect type is handled above
                raise TypeError(f"unknown effect {effect!r}")
        except BaseException as exc:
            error = exc


async def drive_async(
    flow: Flow[T],
    send: Callable[[Any], Awaitable[Any]],
    pause: Callable[[float], Awaitable[None]],
) -> T:
    """Run ``flow`` to its result, performing each effect with ``await``.

    A cancelled task gets ``CancelledError`` thrown into the flow like any failure, so the
    flow's ``finally`` blocks run (and may still yield a release) before it propagates.
    """
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            effect = flow.send(value) if error is None else flow.throw(error)
        except StopIteration as done:
            result: T = done.value
            return result
        value, error = None, None
        try:
            if isinstance(effect, Send):
                value = await send(effect.request)
            elif isinstance(effect, Invoke):
                function = effect.function
                if type(function) is Twin:
                    value = await call_async(function, *effect.args)
                else:
                    value = function(*effect.args)
            elif isinstance(effect, Sleep):
                await pause(effect.seconds)
            else:  # pragma: no cover - every effect type is handled above
                raise TypeError(f"unknown effect {effect!r}")
        except BaseException as exc:
            error = exc


async def call_async(function: Callable[..., T], *args: Any) -> T:
    """Perform ``function(*args)`` under asyncio, as :func:`drive_async` does."""
    if not isinstance(function, Twin):
        return function(*args)
    twin: Twin[T] = function
    if twin.async_ is not None:
        return await twin.async_(*args)
    if not twin.blocking:
        return twin.sync(*args)
    import asyncio

    return await asyncio.get_running_loop().run_in_executor(None, _call, twin.sync, args)


def _call(function: Callable[..., T], args: tuple[Any, ...]) -> T:
    return function(*args)


def _no_send(request: object) -> Any:  # pragma: no cover - a policy flow never sends
    raise TypeError("this flow cannot send requests")


async def _no_send_async(request: object) -> Any:  # pragma: no cover
    raise TypeError("this flow cannot send requests")


def run_flow(flow: Flow[T], pause: Callable[[float], None] | None = None) -> T:
    """Run a policy's flow (no requests) with blocking calls; ``pause`` defaults to
    ``time.sleep``."""
    if pause is None:
        import time

        pause = time.sleep
    return drive_sync(flow, _no_send, pause)


async def run_flow_async(
    flow: Flow[T], pause: Callable[[float], Awaitable[None]] | None = None
) -> T:
    """Run a policy's flow (no requests) with ``await``; ``pause`` defaults to
    ``asyncio.sleep``."""
    if pause is None:
        import asyncio

        pause = asyncio.sleep
    return await drive_async(flow, _no_send_async, pause)


# -- holding locks from a flow ----------------------------------------------------------------

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
    __slots__ = ("args", "factory")

    def __init__(self, factory: Callable[..., AbstractContextManager[object]], args: Any) -> None:
        self.factory = factory
        self.args = args

    async def __call__(self) -> Exit:
        import asyncio

        loop = asyncio.get_running_loop()
        entered = loop.run_in_executor(None, _SyncEnter(self.factory, self.args))
        try:
            leave = await asyncio.shield(entered)
        except asyncio.CancelledError:
            entered.add_done_callback(_leave_when_entered(loop))
            raise
        return Twin(leave, None, blocking=True)


def _leave_when_entered(loop: asyncio.AbstractEventLoop) -> Callable[[Any], None]:
    def leave(entered: Any) -> None:
        if not entered.cancelled() and entered.exception() is None:
            loop.run_in_executor(None, entered.result())

    return leave


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
        self._loop_locks: weakref.WeakKeyDictionary[Any, asyncio.Lock] = (
            weakref.WeakKeyDictionary()
        )

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
