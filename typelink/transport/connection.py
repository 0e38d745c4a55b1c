"""What a client and every view of it share: the session, the transport and the closed state.

A client creates one :class:`Connection`; its resource groups and every ``with_options`` view
hold the same object, so they share one connection pool (and the transport's per-origin
settings cache), one set of trusted origins, and one closed state: once the client is closed,
no view of it sends anything.
"""

from __future__ import annotations

from typing import Protocol

import requests

from typelink.errors import ConfigurationError
from typelink.transport.config import ClientConfig
from typelink.transport.sync import RequestsTransport
from typelink.transport.urls import check_characters, origin_of, origin_prefix, parse_target

__all__ = ["Connection", "SharedConnection", "is_trusted_url", "trusted_origins"]


class SharedConnection(Protocol):
    """What every view of a client shares, blocking or async: trust and the closed state."""

    closed: bool

    @property
    def trusted_origins(self) -> frozenset[str]:
        """Origins that may receive the credential."""
        ...

    def is_trusted(self, url: str) -> bool:
        """True when ``url`` is on an origin that may receive the credential."""
        ...

    def close(self) -> None:
        """Refuse further calls."""
        ...


def trusted_origins(config: ClientConfig) -> tuple[frozenset[str], tuple[str, ...]]:
    """The origins that may receive credentials (the base URL's and the named ones'), and
    their ``scheme://netloc/`` prefixes for a quick check."""
    urls = [url for url in (config.base_url, *config.base_urls.values()) if url]
    return frozenset(origin_of(url) for url in urls), tuple(origin_prefix(url) for url in urls)


def is_trusted_url(url: str, origins: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    """True when ``url`` is on one of ``origins`` (read as the transport connects: see
    :func:`parse_target`); an ambiguous URL raises :class:`typelink.errors.UnsafeURLError`.

    A URL that starts with a trusted base URL's ``scheme://authority/`` is on that origin
    (that authority was read and accepted when the base URL was), so only the rest of it
    is checked for characters parsers disagree on; any other URL is parsed.
    """
    if url.startswith(prefixes):
        check_characters(url)
        return True
    return parse_target(url).origin in origins


class Connection:
    """The session (created here unless the caller passed one), its transport, and trust.

    ``trusted_origins`` are the origins (scheme, host, port) that may receive credentials:
    the base URL's and those of the named ``base_urls``.
    """

    __slots__ = (
        "__weakref__",
        "closed",
        "owns_session",
        "session",
        "transport",
        "trusted_origins",
        "trusted_prefixes",
    )

    def __init__(self, config: ClientConfig) -> None:
        if config.aiohttp_session is not None:
            raise ConfigurationError(
                "aiohttp_session= is for async clients (typelink.AsyncClient); "
                "a blocking client takes session= (a requests.Session)"
            )
        self.owns_session = config.session is None
        self.session: requests.Session = (
            config.session if config.session is not None else requests.Session()
        )
        self.transport = RequestsTransport(self.session)
        self.trusted_origins, self.trusted_prefixes = trusted_origins(config)
        self.closed = False

    def is_trusted(self, url: str) -> bool:
        """True when ``url`` is on an origin that may receive the credential, read as the
        transport connects (:func:`parse_target`); an ambiguous URL raises
        :class:`typelink.errors.UnsafeURLError` rather than being sent at all."""
        return is_trusted_url(url, self.trusted_origins, self.trusted_prefixes)

    def close(self) -> None:
        """Refuse further calls, and close the session if this connection created it."""
        if self.owns_session and not self.closed:
            self.transport.close()
        self.closed = True

    def __repr__(self) -> str:
        state = "closed" if self.closed else "open"
        return f"<Connection {state}, {len(self.trusted_origins)} trusted origin(s)>"
