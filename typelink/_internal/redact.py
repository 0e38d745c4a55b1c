"""Redaction of secrets in URLs, headers and free text.

Error messages, log lines and reprs pass through here, so a credential (a token in a query
string, an ``Authorization`` header, or an exact configured secret value) never reaches them.
"""

from __future__ import annotations

import re
import threading
import weakref
from collections.abc import Iterable, Mapping
from typing import Protocol
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

REDACTED = "[REDACTED]"

URL_PLACEHOLDER = "%5BREDACTED%5D"
"""The marker in a URL's user info: ``[REDACTED]@host`` would parse as an IPv6 host (and
fail), so the brackets are percent-encoded and the URL stays parseable."""

AMBIGUOUS_QUERY_KEYS = frozenset({"code", "key", "auth"})
"""Names that carry a credential in some APIs (an OAuth ``code``, a Google ``key``) and
ordinary data in others (``code=FR``, ``key=name``). Logs always hide them; the cassette
scrubber hides their value only when it looks like a credential, so that two recorded
requests that differ only there stay different."""

SIGNED_URL_QUERY_KEYS = frozenset(
    {
        "sig",
        "signature",
        "x-amz-signature",
        "x-amz-credential",
        "x-amz-security-token",
        "x-goog-signature",
        "x-goog-credential",
        "awsaccesskeyid",
        "googleaccessid",
        "jwt",
        "assertion",
        "client_assertion",
        "session_token",
        "access_key",
        "private_token",
        "auth_token",
        "passwd",
    }
)
"""Query parameters of signed URLs (S3, GCS, Azure SAS ``sig``...) and token-bearing links.

Part of :data:`SENSITIVE_QUERY_KEYS`; with it, any key one of whose words (split on ``-``,
``_``, ``.``) is in :data:`SENSITIVE_QUERY_WORDS` is redacted from URLs too."""

SENSITIVE_QUERY_KEYS = (
    frozenset(
        {
            "access_token",
            "api_key",
            "apikey",
            "api-key",
            "token",
            "client_secret",
            "client_id_secret",
            "refresh_token",
            "id_token",
            "password",
            "secret",
        }
    )
    | AMBIGUOUS_QUERY_KEYS
    | SIGNED_URL_QUERY_KEYS
)
"""Query (and form) parameter names whose values are hidden from logs, errors and cassettes."""

SENSITIVE_HEADERS = frozenset(
    {
        "authorization",
        "proxy-authorization",
        "cookie",
        "set-cookie",
        "x-api-key",
        "api-key",
        "apikey",
        "x-auth-token",
        "x-access-token",
        "private-token",
        "x-goog-api-key",
        "x-shopify-access-token",
        "x-csrf-token",
        "x-xsrf-token",
    }
)
"""The one list of credential-bearing header names: logs, reprs and errors hide their values,
redirects to another origin drop them, and the cassette scrubber replaces them."""


SENSITIVE_QUERY_WORDS = frozenset(
    {"token", "secret", "signature", "sig", "password", "credential", "credentials", "jwt"}
)

CROSS_ORIGIN_SAFE_HEADERS = frozenset(
    {
        "accept",
        "accept-encoding",
        "accept-language",
        "cache-control",
        "connection",
        "content-encoding",
        "content-language",
        "content-length",
        "content-type",
        "expect",
        "if-match",
        "if-modified-since",
        "if-none-match",
        "if-range",
        "if-unmodified-since",
        "pragma",
        "range",
        "te",
        "transfer-encoding",
        "user-agent",
    }
)
"""Default-deny: the only headers a request to an untrusted origin (another host a redirect
or a next-page link leads to) carries, minus any name marked sensitive."""

_marked_headers: frozenset[str] = frozenset()  # replaced, never mutated: readers need no lock
_marked_lock = threading.Lock()


def mark_sensitive_headers(names: Iterable[str]) -> None:
    """Add header names (a client's ``sensitive_headers=``, the header its auth sets) to the
    process-wide sensitive set: redacted in logs, reprs and cassettes, never sent elsewhere."""
    global _marked_headers
    lowered = {name.lower() for name in names if name}
    if lowered - _marked_headers:
        with _marked_lock:
            _marked_headers = _marked_headers | lowered


def sensitive_header_names(extra: Iterable[str] = ()) -> frozenset[str]:
    """The one sensitive set: :data:`SENSITIVE_HEADERS`, the marked names, and ``extra``
    (the cassette scrubber, redirects, logs and reprs all read it from here)."""
    return SENSITIVE_HEADERS | _marked_headers | {n.lower() for n in extra}


def cross_origin_header_names(extra_sensitive: Iterable[str] = ()) -> frozenset[str]:
    """Header names a request to an untrusted origin may carry (the safe list, no secrets)."""
    return CROSS_ORIGIN_SAFE_HEADERS - sensitive_header_names(extra_sensitive)


_QUERY_KEY_WORDS = re.compile(r"[-_.\s]+")


def is_sensitive_query_key(key: str) -> bool:
    """True for a query parameter whose value must not be shown (``X-Goog-Signature``...)."""
    lowered = key.lower()
    if lowered in SENSITIVE_QUERY_KEYS:
        return True
    return any(word in SENSITIVE_QUERY_WORDS for word in _QUERY_KEY_WORDS.split(lowered))


def redact_and_shorten(text: str, secrets: Iterable[str], limit: int) -> str:
    """Redact, *then* cut to ``limit`` characters: a secret cut in half would be missed."""
    text = redact_text(text, secrets)
    return text if len(text) <= limit else text[:limit] + "..."


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
        netloc = f"{URL_PLACEHOLDER}@{netloc.rsplit('@', 1)[1]}"
    query = _redact_pairs(parts.query)
    fragment = _redact_pairs(parts.fragment)  # OAuth implicit flow: #access_token=...
    redacted = urlunsplit((parts.scheme, netloc, parts.path, query, fragment))
    return redact_text(redacted, secrets)


def _redact_pairs(text: str) -> str:
    """``a=1&sig=x`` with sensitive values hidden (unchanged when none is sensitive)."""
    if "=" not in text:
        return text
    pairs = parse_qsl(text, keep_blank_values=True)
    if not any(is_sensitive_query_key(k) for k, _ in pairs):
        return text
    return urlencode(
        [(k, REDACTED if is_sensitive_query_key(k) else v) for k, v in pairs], safe="[]"
    )


def redact_headers(headers: Mapping[str, str], secrets: Iterable[str] = ()) -> dict[str, str]:
    """A copy of ``headers`` with credential-bearing values replaced."""
    secret_list = list(secrets)
    sensitive = sensitive_header_names()
    return {
        name: REDACTED if name.lower() in sensitive else redact_text(value, secret_list)
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
