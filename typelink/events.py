"""Events that the call pipeline emits, for logging, metrics and user callbacks.

Listeners are plain callables taking one event. They are registered on a client
(``Client(listeners=[...])``) or process-wide with :func:`add_global_listener` (the pytest
plugin uses that to learn which consumer method made each recorded interaction).
A listener that raises is logged and ignored: observability must never break a call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

from typelink.declare.spec import EndpointInfo

logger = logging.getLogger("typelink")


@dataclass(frozen=True, slots=True)
class RequestSent:
    """A request is about to go on the wire (URL already redacted)."""

    endpoint: EndpointInfo
    method: str
    url: str
    attempt: int


@dataclass(frozen=True, slots=True)
class ResponseReceived:
    """A response arrived (any status)."""

    endpoint: EndpointInfo
    method: str
    url: str
    status: int
    elapsed_ms: float
    attempt: int


@dataclass(frozen=True, slots=True)
class RetryScheduled:
    """The retry policy decided to send the call again after ``wait`` seconds."""

    endpoint: EndpointInfo
    attempt: int
    reason: str
    wait: float


@dataclass(frozen=True, slots=True)
class CredentialRefreshed:
    """An expiring credential was renewed (``reason``: ``expiry`` or ``unauthorized``)."""

    endpoint: EndpointInfo
    reason: str


@dataclass(frozen=True, slots=True)
class RateLimitWaited:
    """The client-side quota made the call wait ``wait`` seconds before attempt ``attempt + 1``."""

    endpoint: EndpointInfo
    attempt: int
    wait: float


@dataclass(frozen=True, slots=True)
class CacheLookup:
    """How the cache answered a call: ``hit`` (a fresh entry, nothing sent), ``revalidated``
    (the server answered 304 and the entry was used) or ``miss`` (the server's answer was used)."""

    endpoint: EndpointInfo
    result: str


Event = (
    RequestSent
    | ResponseReceived
    | RetryScheduled
    | CredentialRefreshed
    | RateLimitWaited
    | CacheLookup
)
Listener = Callable[[Event], None]

_global_listeners: list[Listener] = []
_global_lock = threading.Lock()


def add_global_listener(listener: Listener) -> None:
    """Register ``listener`` for every client in this process."""
    with _global_lock:
        _global_listeners.append(listener)


def remove_global_listener(listener: Listener) -> None:
    """Undo :func:`add_global_listener`; unknown listeners are ignored."""
    with _global_lock:
        if listener in _global_listeners:
            _global_listeners.remove(listener)


def has_global_listeners() -> bool:
    """True when some process-wide listener is registered (checked on every call: no copy)."""
    return bool(_global_listeners)


def global_listeners() -> tuple[Listener, ...]:
    """A snapshot of the process-wide listeners."""
    return tuple(_global_listeners)


def emit(event: Event, listeners: tuple[Listener, ...]) -> None:
    """Deliver ``event`` to ``listeners`` and the global ones, isolating their failures."""
    for listener in (*listeners, *_global_listeners):
        try:
            listener(event)
        except Exception:
            logger.exception("typelink event listener %r failed", listener)
