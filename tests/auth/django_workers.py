"""Code run in spawned worker processes by the Django token store tests (importable by name).

Each worker configures Django the way a project does (``settings.configure``) and uses the
real ``django.core.cache.cache``, so the store is exercised exactly as an app would use it.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from tests.auth.calls import call
from tests.auth.django_caches import configure
from typelink.auth import ClientCredentials, DjangoCacheTokenStore, ExpiringTokenAuth


def single_flight_call(
    settings: dict[str, Any], token_url: str, api_url: str, barrier: Any, out: Any
) -> None:
    """Wait for the others, then call the API through an ExpiringTokenAuth on the cache."""
    try:
        configure(settings)
        from django.core.cache import cache

        provider = ClientCredentials(token_url, "client", "secret-1")
        auth = ExpiringTokenAuth(provider, DjangoCacheTokenStore(cache))
        barrier.wait(30)
        status = call(auth, api_url)
        stored = auth.store.get(auth.key)
        out.put((status, stored.token.value if stored else None, auth.fetch_count))
    except BaseException as exc:
        out.put(("error", repr(exc), 0))


def count_under_lock(
    settings: dict[str, Any], counter: str, rounds: int, barrier: Any, out: Any
) -> None:
    """Increment a number in ``counter`` ``rounds`` times, each read-sleep-write under the lock.

    Without mutual exclusion two workers read the same number and one increment is lost.
    """
    try:
        configure(settings)
        from django.core.cache import cache

        store = DjangoCacheTokenStore(cache, lock_timeout=30)
        path = Path(counter)
        barrier.wait(30)
        for _ in range(rounds):
            with store.lock("counter"):
                value = int(path.read_text())
                time.sleep(0.001)
                path.write_text(str(value + 1))
        out.put("done")
    except BaseException as exc:
        out.put(repr(exc))
