"""The one reading of a URL's origin, shared by every trust decision and by the transports.

Where a credential may go is decided by the URL's origin (scheme, host, port). That origin must
be the one the transport really connects to, so it is read with urllib3's parser (the one
``requests`` and urllib3 use to connect); and a URL that another common parser reads
differently is refused outright, so an async transport or a proxy cannot disagree either.
Python's ``urlsplit`` reads ``http://evil\\@good/`` as host ``good``; urllib3 connects to
``evil``. Refused here: backslashes, whitespace and control characters anywhere, user info
(``user:pass@``), non-ASCII or percent-encoded hosts, ports that are not 1-65535 written in
ASCII digits, and schemes other than http and https.
"""

from __future__ import annotations

import functools
from typing import NamedTuple
from urllib.parse import urlsplit

from urllib3.exceptions import LocationParseError
from urllib3.util import parse_url

from typelink.errors import UnsafeURLError

__all__ = [
    "DEFAULT_PORTS",
    "INVALID_ORIGIN",
    "URLTarget",
    "check_characters",
    "origin_of",
    "parse_target",
]

DEFAULT_PORTS = {"http": 80, "https": 443}

INVALID_ORIGIN = "invalid:"
"""Prefix of the origin of a refused URL: such an origin never equals a trusted one."""


class URLTarget(NamedTuple):
    """Where a URL connects: scheme, lower-cased host (IPv6 without brackets) and port."""

    scheme: str
    host: str
    port: int

    @property
    def origin(self) -> str:
        """``scheme://host:port`` with the default port made explicit."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{self.scheme}://{host}:{self.port}"


def check_characters(url: str) -> None:
    """Refuse a URL or URL reference with a backslash, whitespace or a control character
    (parsers disagree on all three; a relative ``Location`` is checked before joining)."""
    if url.isprintable() and " " not in url and "\\" not in url:
        return  # the common case, in C: no control, format or separator character
    for ch in url:
        if ch == "\\":
            raise UnsafeURLError("the URL contains a backslash", reason="backslash")
        if ch.isspace() or ord(ch) < 0x20 or 0x7F <= ord(ch) <= 0x9F:
            raise UnsafeURLError(
                "the URL contains whitespace or a control character", reason="whitespace"
            )
    raise UnsafeURLError("the URL contains an invisible character", reason="whitespace")


def parse_target(url: str) -> URLTarget:
    """The origin ``url`` connects to; :class:`UnsafeURLError` if it is ambiguous or unusable."""
    check_characters(url)
    return _parse_authority(_scheme_and_authority(url))


def _scheme_and_authority(url: str) -> str:
    """``scheme://authority`` of ``url``: both parsers end the authority at ``/``, ``?`` or
    ``#`` (a backslash was refused already), so reading the prefix reads the same origin."""
    start = url.find("//")
    if start < 0:
        return url
    ends = [i for i in (url.find(ch, start + 2) for ch in "/?#") if i >= 0]
    return url[: min(ends)] if ends else url


@functools.lru_cache(maxsize=1024)
def _parse_authority(url: str) -> URLTarget:
    try:
        parsed = parse_url(url)
    except (LocationParseError, ValueError):
        raise UnsafeURLError("the URL cannot be parsed", reason="unparsable") from None
    scheme = (parsed.scheme or "").lower()
    if scheme not in DEFAULT_PORTS:
        raise UnsafeURLError("only http:// and https:// URLs are used", reason="scheme")
    if parsed.auth is not None or "@" in (parsed.netloc or ""):
        raise UnsafeURLError("the URL carries user info (user:password@)", reason="userinfo")
    host = (parsed.host or "").lower()
    if host.startswith("[") and host.endswith("]"):
        host = host[1:-1]
    if not host or not host.isascii() or "%" in host:
        raise UnsafeURLError("the URL's host is empty, non-ASCII or percent-encoded", reason="host")
    port = parsed.port if parsed.port is not None else DEFAULT_PORTS[scheme]
    if not 0 < port < 65536:
        raise UnsafeURLError("the URL's port is out of range", reason="port")
    target = URLTarget(scheme, host, port)
    if _stdlib_target(url) != target:
        raise UnsafeURLError("two URL parsers read this URL's host differently", reason="ambiguous")
    return target


def _stdlib_target(url: str) -> URLTarget | None:
    """The same URL as Python's ``urlsplit`` reads it (None if it cannot)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if port is None:
        port = DEFAULT_PORTS.get(scheme, 0)
    return URLTarget(scheme, (parts.hostname or "").lower(), port)


def origin_of(url: str) -> str:
    """``scheme://host:port`` as the transport connects; ``invalid:`` for a refused URL."""
    try:
        return parse_target(url).origin
    except UnsafeURLError as exc:
        return f"{INVALID_ORIGIN}{exc.reason}"
