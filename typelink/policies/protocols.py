"""The public protocols the call pipeline plugs into.

Every call runs: build request -> cache -> rate limit (:class:`RateLimiter`) -> auth
(:class:`Auth`, whose expiring tokens live in a :class:`TokenStore`) -> send -> on 401 refresh
and replay -> retry -> error mapping -> parse -> cache store (:class:`CacheStore`) ->
events. Users implement these to plug in their own schemes, limiters and stores; the built-in
ones implement them too. All four are exported at the root (``from typelink import Auth``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Protocol, runtime_checkable

from typelink.declare.spec import EndpointInfo
from typelink.policies.cache_stores import CacheEntry
from typelink.policies.tokens import StoredToken, Token
from typelink.transport.request import OutgoingRequest

__all__ = ["Auth", "CacheStore", "RateLimiter", "TokenStore"]


@runtime_checkable
class Auth(Protocol):
    """Something that puts a credential on outgoing requests."""

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        """Add the credential to ``request``; return the credential generation used.

        Static credentials always return 0. Expiring ones return a number that grows with
        every refresh, so :meth:`refresh` can tell whether someone else already renewed.
        """
        ...

    def refresh(self, failed_generation: int, endpoint: EndpointInfo) -> bool:
        """Called after a 401 for a request sent with ``failed_generation``.

        Renew the credential unless the current generation is newer already (single
        flight). Return True when a different credential is now available, so replaying the
        request makes sense; False when there is nothing to renew (static credentials). The
        pipeline asks once per call, or up to ``refreshes_per_call`` times when the auth has
        that attribute (each replay that meets a 401 asks again with its own generation).
        """
        ...

    def secret_values(self) -> Sequence[str]:
        """Exact secret values to redact from messages and cassettes."""
        ...

    def identity(self) -> str:
        """A stable, non-secret identity of the principal (used in cache keys)."""
        ...


@runtime_checkable
class RateLimiter(Protocol):
    """Client-side quota: decides how long a call must wait before it is sent."""

    def acquire(self, endpoint: EndpointInfo, url: str) -> float:
        """Take a slot: 0.0 means send now; a positive number means wait that long and retry."""
        ...

    def observe(
        self, endpoint: EndpointInfo, url: str, status: int, headers: Mapping[str, str]
    ) -> None:
        """Learn from a response (e.g. ``X-RateLimit-Remaining: 0`` with a reset time)."""
        ...


@runtime_checkable
class CacheStore(Protocol):
    """Storage for cache entries. Implementations must be safe to share between threads."""

    keeps_values: bool
    """True if the store keeps the parsed value (in-process stores only)."""

    def get(self, key: str) -> CacheEntry | None:
        """The entry stored under ``key``, or None."""
        ...

    def set(self, key: str, entry: CacheEntry) -> None:
        """Store ``entry`` (it may be dropped after ``entry.keep_until``)."""
        ...

    def delete(self, key: str) -> None:
        """Forget ``key`` (no error if absent)."""
        ...

    def clear(self) -> None:
        """Forget every entry of this store."""
        ...


@runtime_checkable
class TokenStore(Protocol):
    """Shared storage for tokens, keyed by a non-secret string."""

    def get(self, key: str) -> StoredToken | None:
        """The current token and generation, or None when there is none (or it is unreadable)."""
        ...

    def set(self, key: str, token: Token) -> int:
        """Store ``token`` and return its new generation (greater than any before).

        Callers that may race with other writers call this while holding :meth:`lock`.
        """
        ...

    def lock(self, key: str) -> AbstractContextManager[object]:
        """Exclusive access to ``key`` across every user of the store (single-flight refresh)."""
        ...
