"""Redaction of secrets in URLs, headers and free text.

Error messages, log lines and reprs pass through here, so a credential (a token in a query
string, an ``Authorization`` header, or an exact configured secret value) never reaches them.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Iterable, Mapping
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

REDACTED = "[REDACTED]"

SENSITIVE_QUERY_KEYS = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "api-key",
        "key",
        "token",
        "client_secret",
        "client_id_secret",
        "refresh_token",
        "id_token",
        "password",
        "secret",
        "sig",
        "signature",
        "code",
        "auth",
        "x-amz-signature",
        "x-amz-credential",
        "x-amz-security-token",
    }
)

SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "x-auth-token",
        "x-access-token",
        "private-token",
    }
)


def redact_text(text: str, secrets: Iterable[str] = ()) -> str:
    """Replace every occurrence of each exact secret value (longest first) with a marker."""
    for secret in sorted((s for s in secrets if s and len(s) >= 4), key=len, reverse=True):
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def redact_url(url: str, secrets: Iterable[str] = ()) -> str:
    """The URL with user info, sensitive query values and known secret values hidden."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return redact_text(url, secrets)
    netloc = parts.netloc
    if "@" in netloc:
        netloc = f"{REDACTED}@{netloc.rsplit('@', 1)[1]}"
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(k.lower() in SENSITIVE_QUERY_KEYS for k, _ in pairs):
            query = urlencode(
                [(k, REDACTED if k.lower() in SENSITIVE_QUERY_KEYS else v) for k, v in pairs],
                safe="[]",
            )
    redacted = urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    return redact_text(redacted, secrets)


def redact_headers(headers: Mapping[str, str], secrets: Iterable[str] = ()) -> dict[str, str]:
    """A copy of ``headers`` with credential-bearing values replaced."""
    secret_list = list(secrets)
    return {
        name: REDACTED if name.lower() in SENSITIVE_HEADERS else redact_text(value, secret_list)
        for name, value in headers.items()
    }


class CredentialSource(Protocol):
    """Anything that can list its current secret values (every ``Auth`` can)."""

    def secret_values(self) -> Iterable[str]:
        """The exact secret values to hide."""
        ...


_sources: weakref.WeakSet[CredentialSource] = weakref.WeakSet()
_owned: weakref.WeakKeyDictionary[object, list[CredentialSource]] = weakref.WeakKeyDictionary()
_snapshots: set[str] = set()
_sources_lock = threading.Lock()


def track_credentials(source: CredentialSource, owner: object | None = None) -> None:
    """Remember a live credential source so tools (the cassette scrubber) can hide its values.

    Sources are held weakly and asked for their values when needed, so rotated tokens are
    covered too. A source that cannot be weakly referenced (a class with ``__slots__``) is
    held for as long as its ``owner`` lives (a client's connection), so the secrets of
    clients that are gone are not kept; with no owner its values are snapshotted for good.
    """
    with _sources_lock:
        try:
            _sources.add(source)
        except TypeError:
            if owner is None:
                _snapshots.update(v for v in source.secret_values() if v)
            else:
                _owned.setdefault(owner, []).append(source)


def tracked_secret_values() -> frozenset[str]:
    """Every secret value of every live tracked credential source."""
    with _sources_lock:
        sources = [*_sources, *(s for owned in _owned.values() for s in owned)]
        values = set(_snapshots)
    for source in sources:
        values.update(v for v in source.secret_values() if v)
    return frozenset(values)
