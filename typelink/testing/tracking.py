"""Which consumer method made each recorded interaction.

The call pipeline emits :class:`typelink.events.RequestSent` right before each send. While a
cassette records, an :class:`EndpointTracker` listens process-wide and hands each recorded
interaction the endpoint of the oldest pending event with the same method and URL.
"""

from __future__ import annotations

import threading
from collections import deque
from urllib.parse import urlsplit

from typelink._internal.redact import redact_url
from typelink.declare.spec import EndpointInfo
from typelink.events import Event, RequestSent, add_global_listener, remove_global_listener
from typelink.testing.secrets import registered_secrets

MAX_PENDING = 1000


def _path(url: str) -> tuple[str, str]:
    try:
        parts = urlsplit(url)
    except ValueError:
        return ("", url)
    return (parts.hostname or "", parts.path or "/")


class EndpointTracker:
    """Collects ``RequestSent`` events and matches them to recorded requests in order."""

    def __init__(self) -> None:
        self._pending: deque[RequestSent] = deque(maxlen=MAX_PENDING)
        self._lock = threading.Lock()
        self._installed = False

    def __call__(self, event: Event) -> None:
        if isinstance(event, RequestSent):
            with self._lock:
                self._pending.append(event)

    def install(self) -> None:
        """Start listening to every client in the process."""
        if not self._installed:
            add_global_listener(self)
            self._installed = True

    def uninstall(self) -> None:
        """Stop listening."""
        if self._installed:
            remove_global_listener(self)
            self._installed = False

    def claim(self, method: str, url: str) -> EndpointInfo | None:
        """The endpoint that sent ``method url`` (consumed), or None for a direct request."""
        method = method.upper()
        redacted = redact_url(url, registered_secrets())
        where = _path(redacted)
        with self._lock:
            candidates = [e for e in self._pending if e.method.upper() == method]
            chosen = next((e for e in candidates if e.url == redacted), None)
            if chosen is None:
                chosen = next((e for e in candidates if _path(e.url) == where), None)
            if chosen is None:
                return None
            self._pending.remove(chosen)
            return chosen.endpoint
