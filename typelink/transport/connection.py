"""What a client and every view of it share: the session, the transport and the closed state.

A client creates one :class:`Connection`; its resource groups and every ``with_options`` view
hold the same object, so they share one connection pool (and the transport's per-origin
settings cache), one set of trusted origins, and one closed state: once the client is closed,
no view of it sends anything.
"""

from __future__ import annotations

import requests

from typelink.transport.config import ClientConfig
from typelink.transport.sync import RequestsTransport
from typelink.transport.urls import origin_of, parse_target

__all__ = ["Connection"]


class Connection:
    """The session (created here unless the caller passed one), its transport, and trust.

    ``trusted_origins`` are the origins (scheme, host, port) that may receive credentials:
    the base URL's and those of the named ``base_urls``.
    """

    __slots__ = ("__weakref__", "closed", "owns_session", "session", "transport", "trusted_origins")

    def __init__(self, config: ClientConfig) -> None:
        self.owns_session = config.session is None
        self.session: requests.Session = (
            config.session if config.session is not None else requests.Session()
        )
        self.transport = RequestsTransport(self.session)
        self.trusted_origins = frozenset(
            origin_of(url) for url in (config.base_url, *config.base_urls.values()) if url
        )
        self.closed = False

    def is_trusted(self, url: str) -> bool:
        """True when ``url`` is on an origin that may receive the credential, read as the
        transport connects (:func:`parse_target`); an ambiguous URL raises
        :class:`typelink.errors.UnsafeURLError` rather than being sent at all."""
        return parse_target(url).origin in self.trusted_origins

    def close(self) -> None:
        """Refuse further calls, and close the session if this connection created it."""
        if self.owns_session and not self.closed:
            self.transport.close()
        self.closed = True

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<Connection {state}, {len(self.trusted_origins)} trusted origin(s)>"
