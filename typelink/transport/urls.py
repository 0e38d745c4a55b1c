"""Origins of URLs: the unit of trust for credentials (scheme, host and port)."""

from __future__ import annotations

from urllib.parse import urlsplit

from typelink.errors import ConfigurationError

__all__ = ["INVALID_ORIGIN", "normalize_base_url", "origin_of", "origin_prefix"]

INVALID_ORIGIN = "invalid:"
"""Prefix of the origin of a URL that cannot be parsed (a bad port or IPv6 literal): such an
origin is never equal to a trusted one."""


def origin_of(url: str) -> str:
    """``scheme://host:port`` with the default port made explicit (``invalid:...`` if the URL
    cannot be parsed)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return INVALID_ORIGIN + url
    scheme = parts.scheme.lower()
    if port is None:
        port = {"http": 80, "https": 443}.get(scheme, 0)
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


def origin_prefix(base_url: str) -> str:
    """``scheme://netloc/`` of a normalised base URL: a URL that starts with it is on the
    base URL's origin (a quick test before parsing; other spellings are parsed)."""
    scheme, sep, rest = base_url.partition("://")
    return f"{scheme}{sep}{rest.split('/', 1)[0]}/" if sep else "\0"


def normalize_base_url(url: str) -> str:
    """Base URLs end with ``/`` so relative paths keep their prefix (``/api/v3``)."""
    if not url:
        return url
    if not url.startswith(("http://", "https://")):
        raise ConfigurationError(f"base_url must start with http:// or https://, got {url!r}")
    return url if url.endswith("/") else url + "/"
