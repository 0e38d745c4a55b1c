"""The only points where a call waits or does I/O, and the driver that performs them.

Every pipeline step is a generator: it decides, and when it needs the outside world it
*yields an effect* (send this request, sleep this long, call this policy) and receives the
result. The decisions are therefore written once; a driver performs the effects. The sync
driver below performs them with blocking calls; an async driver performs the same effects
with ``await`` (a ``requests`` send becomes an aiohttp send, a sleep ``asyncio.sleep``), so no
step is ever written twice.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import Any, Protocol, TypeVar

import requests

from typelink.transport.request import OutgoingRequest

__all__ = ["Effect", "Flow", "Invoke", "Send", "Sleep", "SyncTransport", "run_sync"]

T = TypeVar("T")


class Effect:
    """Something a step asks its driver to do."""

    __slots__ = ()


Flow = Generator[Effect, Any, T]
"""A step's generator: yields effects, receives their results, returns a ``T``."""


class Send(Effect):
    """Send ``request``; the result is the response (redirects are not followed)."""

    __slots__ = ("request",)

    def __init__(self, request: OutgoingRequest) -> None:
        self.request = request


class Sleep(Effect):
    """Wait ``seconds`` (through the client's injectable sleep)."""

    __slots__ = ("seconds",)

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds


class Invoke(Effect):
    """Call a policy that may block (a token refresh, a Redis-backed limiter or store)."""

    __slots__ = ("args", "function")

    def __init__(self, function: Callable[..., Any], *args: Any) -> None:
        self.function = function
        self.args = args


def send(request: OutgoingRequest) -> Flow[requests.Response]:
    """``response = yield from send(request)``: a typed way to yield :class:`Send`."""
    response: requests.Response = yield Send(request)
    return response


def sleep(seconds: float) -> Flow[None]:
    """``yield from sleep(seconds)``."""
    yield Sleep(seconds)


def invoke(function: Callable[..., T], *args: Any) -> Flow[T]:
    """``result = yield from invoke(policy.method, ...)``: a typed way to yield :class:`Invoke`."""
    result: T = yield Invoke(function, *args)
    return result


class SyncTransport(Protocol):
    """The blocking transport seam: one method."""

    def send(self, request: OutgoingRequest) -> requests.Response:
        """Send ``request`` and return the response (its body read)."""
        ...


def run_sync(flow: Flow[T], transport: SyncTransport, pause: Callable[[float], None]) -> T:
    """Drive ``flow`` to its result, performing each effect with a blocking call.

    An effect that raises is thrown back into the flow at the ``yield``, so the step that
    asked handles (or maps) the failure exactly as it would a direct call.
    """
    value: Any = None
    error: Exception | None = None
    while True:
        try:
            effect = flow.send(value) if error is None else flow.throw(error)
        except StopIteration as done:
            result: T = done.value
            return result
        value, error = None, None
        try:
            if type(effect) is Send:
                value = transport.send(effect.request)
            elif type(effect) is Sleep:
                pause(effect.seconds)
            elif type(effect) is Invoke:
                value = effect.function(*effect.args)
            else:  # pragma: no cover - every effect type is handled above
                raise TypeError(f"unknown effect {effect!r}")
        except Exception as exc:
            error = exc
