"""The only points where a call waits or does I/O, and the two drivers that perform them.

Every pipeline step is a generator: it decides, and when it needs the outside world it
*yields an effect* (send this request, sleep this long, call this policy) and receives the
result. The decisions are therefore written once; a driver performs the effects.
:func:`run_sync` performs them with blocking calls (``requests``, ``time.sleep``);
:func:`run_async` performs the same effects with ``await`` (aiohttp, ``asyncio.sleep``, a
policy's ``*_async`` twin), so no step is ever written twice. The effect types and the
drivers themselves live in :mod:`typelink._internal.flows`, where policies (token refresh,
Redis locks) write their own flows too.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, TypeVar

from typelink._internal.flows import (
    Effect,
    Flow,
    Invoke,
    Send,
    Sleep,
    Twin,
    drive_async,
    drive_sync,
    invoke,
    sleep,
    twin_of,
)
from typelink.transport.request import OutgoingRequest
from typelink.transport.response import HTTPResponse

__all__ = [
    "AsyncTransport",
    "Effect",
    "Flow",
    "Invoke",
    "Send",
    "Sleep",
    "SyncTransport",
    "Twin",
    "invoke",
    "run_async",
    "run_sync",
    "send",
    "sleep",
    "twin_of",
]

T = TypeVar("T")


def send(request: OutgoingRequest) -> Flow[HTTPResponse]:
    """``response = yield from send(request)``: a typed way to yield :class:`Send`."""
    response: HTTPResponse = yield Send(request)
    return response


class SyncTransport(Protocol):
    """The blocking transport seam: one method."""

    def send(self, request: OutgoingRequest) -> HTTPResponse:
        """Send ``request`` and return the response (its body read)."""
        ...


class AsyncTransport(Protocol):
    """The asyncio transport seam: one coroutine method."""

    async def send(self, request: OutgoingRequest) -> HTTPResponse:
        """Send ``request`` and return the response (its body read)."""
        ...


def run_sync(flow: Flow[T], transport: SyncTransport, pause: Callable[[float], None]) -> T:
    """Drive ``flow`` to its result, performing each effect with a blocking call.

    An effect that raises is thrown back into the flow at the ``yield``, so the step that
    asked handles (or maps) the failure exactly as it would a direct call.
    """
    return drive_sync(flow, transport.send, pause)


async def run_async(
    flow: Flow[T], transport: AsyncTransport, pause: Callable[[float], Awaitable[None]]
) -> T:
    """Drive ``flow`` to its result, performing each effect with ``await``."""
    return await drive_async(flow, transport.send, pause)
