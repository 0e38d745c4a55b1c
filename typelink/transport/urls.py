"""Origins of URLs: the unit of trust for credentials (scheme, host and port).

The parsing lives in :mod:`typelink._internal.urls` (one reading, urllib3's, shared by the
transports, redirects, pagination and the token endpoints); this module adds base URLs.
"""

from __future__ import annotations

from typelink._internal.redact import redact_url
from typelink._internal.urls import (
    INVALID_ORIGIN,
    URLTarget,
    check_characters,
    origin_of,
    parse_target,
)
from typelink.errors import ConfigurationError, UnsafeURLError

__all__ = [
    "INVALID_ORIGIN",
    "URLTarget",
    "check_characters",
    "normalize_base_url",
    "origin_of",
    "origin_prefix",
    "parse_target",
]


def origin_prefix(base_url: str) -> str:
    """``scheme://netloc/`` of a normalised base URL: a URL that starts with it is on the
    base URL's origin (a quick test before parsing; other spellings are parsed)."""
    scheme, sep, rest = base_url.partition("://")
    return f"{scheme}{sep}{rest.split('/', 1)[0]}/" if sep else "\0"


def normalize_base_url(url: str) -> str:
    """Base URLs end with ``/`` so relative paths keep their prefix (``/api/v3``); a URL that
    two parsers could read differently (see :func:`parse_target`) is refused."""
    if not url:
        return url
    if not url.startswith(("http://", "https://")):
        raise ConfigurationError(
            f"base_url must start with http:// or https://, got {redact_url(url)!r}"
        )
    try:
        parse_target(url)
    except UnsafeURLError as exc:
        raise ConfigurationError(f"base_url is refused: {exc}") from None
    return url if url.endswith("/") else url + "/"
