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
call). Holding a lock from a flow is in :mod:`typelink._internal.flow_locks`.
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Awaitable, Callable, Generator
from typing import Any, Generic, TypeVar

__all__ = [
    "Effect",
    "Flow",
    "Invoke",
    "Send",
    "Sleep",
    "Twin",
    "call_async",
    "drive_async",
    "drive_sync",
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


def drive_sync(flow: Flow[T], send: Callable[[Any], Any], pause: Callable[[float], None]) -> T:
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

    # The worker runs in a copy of this task's context: the running call's limits (its
    # timeout and budget) bound a blocking policy there as they would in the caller.
    context = contextvars.copy_context()
    in_context = functools.partial(_run_in, context, twin.sync, args)
    return await asyncio.get_running_loop().run_in_executor(None, in_context)


def _run_in(context: contextvars.Context, function: Callable[..., T], args: tuple[Any, ...]) -> T:
    result: T = context.run(function, *args)
    return result


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
