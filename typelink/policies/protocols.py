"""The protocols the call pipeline plugs into: authentication and rate limiting.

The pipeline (``typelink.pipeline``) runs, for every call and every attempt:
build request -> auth.apply -> rate limiter wait -> send -> on 401 auth.refresh + replay once
-> retry policy -> error mapping -> parse -> events. These protocols are public so users can
write their own schemes, stores and limiters.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, runtime_checkable

from typelink.declare.spec import EndpointInfo
from typelink.transport.request import OutgoingRequest


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
        request once makes sense; False when there is nothing to renew (static credentials).
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
