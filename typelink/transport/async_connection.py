"""What an async client and every view of it share: the aiohttp transport, trust, closed state.

The async twin of :class:`typelink.transport.connection.Connection`: one pooled
``aiohttp.ClientSession`` (created in the event loop of the first call, or the one passed as
``aiohttp_session=``), the origins that may receive credentials, the closed state every
``with_options`` view sees, and the sleep the retry and rate-limit steps wait with.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from typelink.errors import ConfigurationError
from typelink.transport.aio import AiohttpTransport
from typelink.transport.config import ClientConfig
from typelink.transport.connection import is_trusted_url, trusted_origins

__all__ = ["AsyncConnection"]


async def _asyncio_sleep(seconds: float) -> None:
    import asyncio

    await asyncio.sleep(seconds)


class AsyncConnection:
    """The aiohttp transport (its session created on first use), trust and closed state."""

    __slots__ = (
        "__weakref__",
        "closed",
        "sleep",
        "transport",
        "trusted_origins",
        "trusted_prefixes",
    )

    def __init__(self, config: ClientConfig) -> None:
        if config.session is not None:
            raise ConfigurationError(
                "session= takes a requests.Session, which an async client cannot use; "
                "pass aiohttp_session= (an aiohttp.ClientSession) instead"
            )
        self.transport = AiohttpTransport(config.aiohttp_session)
        self.sleep: Callable[[float], Awaitable[None]] = config.async_sleep or _asyncio_sleep
        self.trusted_origins, self.trusted_prefixes = trusted_origins(config)
        self.closed = False

    def is_trusted(self, url: str) -> bool:
        """True when ``url`` is on an origin that may receive the credential (an ambiguous
        URL raises :class:`typelink.errors.UnsafeURLError`, as for a blocking client)."""
        return is_trusted_url(url, self.trusted_origins, self.trusted_prefixes)

    def close(self) -> None:
        """Refuse further calls (the pool is released by :meth:`aclose`)."""
        self.closed = True

    async def aclose(self) -> None:
        """Refuse further calls, and close the session if this connection created it."""
        self.closed = True
        await self.transport.close()

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<AsyncConnection {state}, {len(self.trusted_origins)} trusted origin(s)>"
