"""The process-wide registry of exact credential values to keep out of cassettes.

Clients register the values their auth was configured with (``auth.secret_values()``) when
they are constructed, so the pytest plugin can scrub those exact strings wherever they show
up in a recording: URLs, headers, request bodies and response bodies alike.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from typelink._internal.redact import tracked_secret_values

MIN_SECRET_LENGTH = 6
"""Shorter values are ignored: replacing e.g. ``"test"`` everywhere would corrupt cassettes."""

_registered: set[str] = set()
_lock = threading.Lock()


def register_secret(value: str) -> None:
    """Remember ``value`` so every cassette recorded in this process has it scrubbed."""
    if len(value) >= MIN_SECRET_LENGTH:
        with _lock:
            _registered.add(value)


def register_secrets(values: Iterable[str]) -> None:
    """:func:`register_secret` for each of ``values``."""
    for value in values:
        register_secret(value)


def registered_secrets() -> frozenset[str]:
    """Every registered secret value, plus the current values of every live client's auth."""
    with _lock:
        registered = frozenset(_registered)
    live = {v for v in tracked_secret_values() if len(v) >= MIN_SECRET_LENGTH}
    return registered | live


def forget_secrets() -> None:
    """Clear the registry (for test isolation)."""
    with _lock:
        _registered.clear()
