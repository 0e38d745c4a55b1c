"""Code run in spawned worker processes by the shared-store tests (importable by name)."""

from __future__ import annotations

from typing import Any

from tests.auth.calls import call
from typelink.auth import ClientCredentials, ExpiringTokenAuth, RedisTokenStore


def shared_store_call(redis_url: str, token_url: str, api_url: str, barrier: Any, out: Any) -> None:
    """Wait for the others, then call the API through a Redis-backed ExpiringTokenAuth."""
    try:
        provider = ClientCredentials(token_url, "client", "secret-1")
        auth = ExpiringTokenAuth(provider, RedisTokenStore.from_url(redis_url))
        barrier.wait(30)
        status = call(auth, api_url)
        stored = auth.store.get(auth.key)
        out.put((status, stored.token.value if stored else None, auth.fetch_count))
    except BaseException as exc:
        out.put(("error", repr(exc), 0))
