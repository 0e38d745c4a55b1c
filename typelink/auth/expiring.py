"""Auth for tokens that expire: refresh ahead of expiry, and after a 401, single flight.

Why a generation number: when twenty threads send with token generation 7 and all get a
401, only the first should refresh. Each one calls ``refresh(7)``; the first renews (the
store now holds 8); the others find 8 != 7 and simply replay with the new token. If token 8
died on the server before a replay used it (servers may end tokens before the
``expires_in`` they announced), that replay's 401 is answered the same way: ``refresh(8)``
renews it if 8 is still current, or hands out 9 if another caller renewed meanwhile. The
decision compares the generation the failed request carried with the store's, never
clocks, so a wave of 401s still costs one token request per generation; the call pipeline
asks at most :attr:`ExpiringTokenAuth.refreshes_per_call` times per call, so a server that
refuses every token it issues ends the call with its 401 instead of a loop. A
threading lock serialises this inside a process; the store's ``lock`` (a file lock, a Redis
lock) does it across processes, and re-reading the store under that lock makes another
process's refresh visible.

The decisions (is the stored token usable, did the refresh we waited for fail, renew,
store) are written once, as a flow (:mod:`typelink._internal.flows`): :meth:`apply` and
:meth:`refresh` drive it with blocking calls, :meth:`apply_async` and :meth:`refresh_async`
with ``await`` (the provider's ``fetch_async``, the store's ``*_async`` twins). Under
asyncio the in-process lock is shared by threads and tasks, so a wave of 401s from many
tasks still makes one token request; a task cancelled mid-refresh releases every lock and
writes no token.
"""

from __future__ import annotations

import copy
import logging
import secrets as _secrets
import time
from collections import deque
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from typelink._internal.flow_locks import FlowLock, enter
from typelink._internal.flows import Flow, invoke, run_flow, run_flow_async, twin_of
from typelink._internal.redact import mark_sensitive_headers, redact_text
from typelink.auth.static import set_header
from typelink.auth.stores import MemoryTokenStore
from typelink.declare.spec import EndpointInfo
from typelink.errors import ConfigurationError, CredentialError, StoreError, TypelinkError
from typelink.policies.protocols import TokenStore
from typelink.policies.tokens import StoredToken, Token, TokenProvider
from typelink.transport.request import OutgoingRequest

__all__ = ["REFRESHES_PER_CALL", "ExpiringTokenAuth", "RefreshListener"]

RefreshListener = Callable[[str, EndpointInfo], None]
"""Told ``(reason, endpoint)`` after this auth fetched a token; reason: expiry / unauthorized."""

_REMEMBERED_TOKENS = 8

REFRESHES_PER_CALL = 3
"""Default bound on refreshes after 401s in one call: the first renews the token the call
sent; the others cover tokens renewed for it that the server ended before the replay."""

logger = logging.getLogger("typelink.auth")

T = TypeVar("T")


def sanitized_cause(exc: BaseException) -> BaseException | None:
    """A stand-in for a provider's or store's own exception: the same type, no message, no
    traceback (whose text and frames may hold a secret), or None if it cannot be made."""
    try:
        return type(exc)()
    except Exception:
        return None


class ExpiringTokenAuth:
    """Puts a provider's token on every request and renews it when needed.

    ``refresh_window``: renew this many seconds before ``expires_at`` (at most half the
    token's lifetime). ``scheme``: the header prefix (``None``: the server's token_type).
    ``key``: the token's key in ``store`` (default: the provider's ``store_key``).
    ``clock``: epoch seconds, injectable for tests. ``refreshes_per_call``: how many times
    one call may renew (or pick up a renewed token) after a 401 and replay.
    """

    def __init__(
        self,
        provider: TokenProvider,
        store: TokenStore | None = None,
        refresh_window: float = 60.0,
        clock: Callable[[], float] = time.time,
        scheme: str | None = "Bearer",
        header: str = "Authorization",
        *,
        key: str | None = None,
        refreshes_per_call: int = REFRESHES_PER_CALL,
    ) -> None:
        if isinstance(refreshes_per_call, bool) or refreshes_per_call < 1:
            raise ConfigurationError("ExpiringTokenAuth: refreshes_per_call must be at least 1")
        self.refreshes_per_call = refreshes_per_call
        """How many times the call pipeline asks :meth:`refresh` for one call (after each 401
        of its replays too); read when a client's endpoints are bound."""
        self.provider = provider
        self.store: TokenStore = store if store is not None else MemoryTokenStore()
        self.refresh_window = refresh_window
        self.scheme = scheme
        self.header = header
        default_key = getattr(provider, "store_key", None)
        # Without a key, nothing names the principal: the identity (cache keys) is then
        # unique to this object, so two tenants' providers of one class never share entries.
        self._derived_identity = bool(key) or (isinstance(default_key, str) and bool(default_key))
        if not isinstance(default_key, str) or not default_key:
            default_key = f"{type(provider).__module__}.{type(provider).__qualname__}"
        self.key = key or default_key
        self._unshared = _secrets.token_hex(8)
        mark_sensitive_headers([header])
        self.fetch_count = 0
        """How many tokens this object fetched from its provider (for tests and metrics)."""
        self._clock = clock
        self._guard = FlowLock()
        self._store_get = twin_of(self.store, "get")
        self._store_set = twin_of(self.store, "set")
        self._provider_fetch = twin_of(provider, "fetch")
        self._listeners: list[RefreshListener] = []
        self._seen: deque[str] = deque(maxlen=_REMEMBERED_TOKENS)
        self._seen_generation: int | None = None
        self._failures = 0
        self._last_failure: str = ""

    def add_refresh_listener(self, listener: RefreshListener) -> None:
        """Call ``listener(reason, endpoint)`` whenever this object fetches a new token."""
        self._listeners.append(listener)

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        """Set the header from the stored token (renewing it first if it is due)."""
        return run_flow(self._apply(request, endpoint))

    async def apply_async(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        """:meth:`apply` under asyncio."""
        return await run_flow_async(self._apply(request, endpoint))

    def refresh(self, failed_generation: int, endpoint: EndpointInfo) -> bool:
        """After a 401 with ``failed_generation``: renew unless someone already did.

        Returns True when the store now holds a different token (replay with it); raises
        :class:`CredentialError` when the provider cannot supply one.
        """
        return run_flow(self._refresh(failed_generation, endpoint))

    async def refresh_async(self, failed_generation: int, endpoint: EndpointInfo) -> bool:
        """:meth:`refresh` under asyncio."""
        return await run_flow_async(self._refresh(failed_generation, endpoint))

    # -- the decisions, as flows ------------------------------------------------------------

    def _apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> Flow[int]:
        stored: StoredToken | None = yield from self._typed(invoke(self._store_get, self.key))
        if stored is None or stored.token.refresh_due(self._clock(), self.refresh_window):
            seen = stored.generation if stored is not None else None
            stored = yield from self._renew(seen, "expiry", endpoint)
        self._observe(stored)
        token = stored.token
        scheme = self.scheme if self.scheme is not None else token.token_type
        value = f"{scheme} {token.value}" if scheme else token.value
        set_header(request.headers, self.header, value)
        return stored.generation

    def _refresh(self, failed_generation: int, endpoint: EndpointInfo) -> Flow[bool]:
        stored = yield from self._renew(failed_generation, "unauthorized", endpoint)
        self._observe(stored)
        return stored.generation != failed_generation

    def _usable(self, stored: StoredToken, seen: int | None, reason: str) -> bool:
        """Did someone else already replace the token generation ``seen``?"""
        if stored.generation == seen:
            return False
        if reason == "expiry":
            return not stored.token.refresh_due(self._clock(), self.refresh_window)
        return True

    def _renew(self, seen: int | None, reason: str, endpoint: EndpointInfo) -> Flow[StoredToken]:
        failures_before = self._failures
        leave = yield from enter(self._guard.hold, self._guard.hold_async)
        try:
            stored, fetched = yield from self._renew_holding(seen, reason, failures_before)
        finally:
            yield from invoke(leave)
        if fetched:
            for listener in tuple(self._listeners):
                try:
                    listener(reason, endpoint)
                except Exception:
                    logger.exception("token refresh listener %r failed", listener)
        return stored

    def _renew_holding(
        self, seen: int | None, reason: str, failures_before: int
    ) -> Flow[tuple[StoredToken, bool]]:
        """Under this process's lock: reuse a token someone else renewed, or renew it under
        the store's lock (shared with other processes). True: a token was fetched."""
        current: StoredToken | None = yield from self._typed(invoke(self._store_get, self.key))
        if current is not None and self._usable(current, seen, reason):
            return current, False
        if self._failures != failures_before:
            # The refresh we waited for failed: share its error instead of hammering
            # the token endpoint once per waiting caller.
            raise CredentialError(self._last_failure)
        store = self.store
        leave = yield from self._typed(
            enter(store.lock, getattr(store, "lock_async", None), self.key)
        )
        try:
            current = yield from self._typed(invoke(self._store_get, self.key))
            if current is not None and self._usable(current, seen, reason):
                return current, False
            token = yield from self._fetch(current.token if current is not None else None)
            generation: int = yield from self._typed(invoke(self._store_set, self.key, token))
            self.fetch_count += 1
            return StoredToken(token, generation), True
        finally:
            yield from self._typed(invoke(leave))

    def _typed(self, flow: Flow[T]) -> Flow[T]:
        """``flow`` (a store operation, or taking or leaving the store's lock) whose failure
        is a typed :class:`StoreError` (no raw Redis exception or ``OSError``), without the
        original's text. A cancelled wait is not a failure: it passes unchanged."""
        try:
            return (yield from flow)
        except TypelinkError:
            raise
        except Exception as exc:
            failure = exc
        error = StoreError(
            f"token store {type(self.store).__name__} failed ({type(failure).__name__})",
            store="token",
        )
        error.__cause__ = sanitized_cause(failure)
        raise error

    def _fetch(self, previous: Token | None) -> Flow[Token]:
        """The provider's new token. Its failure is a :class:`CredentialError` raised outside
        the handler: neither ``__cause__`` nor ``__context__`` carries the provider's own
        exception (its text, its traceback's frames), which may quote a secret."""
        try:
            token: Token = yield from invoke(self._provider_fetch, previous)
        except Exception as exc:  # a CredentialError too (a cancelled wait is not caught)
            failure = exc
        else:
            return token
        self._failures += 1
        if isinstance(failure, CredentialError):
            # typelink's own providers redact; a custom one may not have.
            message = redact_text(str(failure), self.secret_values())
            error = copy.copy(failure)  # the same type and fields; no traceback or chain
            error.args = (message,)
        else:
            message = (
                f"token provider {type(self.provider).__name__} failed ({type(failure).__name__})"
            )
            error = CredentialError(message)
            error.__cause__ = sanitized_cause(failure)
        self._last_failure = message
        raise error

    def _observe(self, stored: StoredToken) -> None:
        if stored.generation != self._seen_generation:
            self._seen_generation = stored.generation
            for value in stored.token.secret_values():
                if value not in self._seen:
                    self._seen.append(value)

    def secret_values(self) -> Sequence[str]:
        """Recent token values plus the provider's own secrets (client secret...)."""
        provider_secrets = getattr(self.provider, "secret_values", None)
        extra: Any = provider_secrets() if callable(provider_secrets) else ()
        return (*self._seen, *(value for value in extra if isinstance(value, str)))

    def identity(self) -> str:
        """``token:<store key>``: the key names the token endpoint, the client and a
        fingerprint of its secret (not the secret). A provider with no ``store_key`` and no
        ``key=`` names nobody: the identity is then unique to this object (not shared)."""
        if self._derived_identity:
            return f"token:{self.key}"
        return f"token:{self.key}:unshared-{self._unshared}"

    def __repr__(self) -> str:
        return f"ExpiringTokenAuth(key={self.key!r}, store={self.store!r})"
