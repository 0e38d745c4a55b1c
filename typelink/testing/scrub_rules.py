"""What the cassette scrubber treats as secret: names, media types, credential-looking values.

Header and query parameter names come from :mod:`typelink._internal.redact`, the one definition that
logs, errors, reprs and redirects use too; only the body field names are the scrubber's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from typelink._internal.redact import AMBIGUOUS_QUERY_KEYS, SENSITIVE_HEADERS, SENSITIVE_QUERY_KEYS
from typelink.testing.shapes import PLACEHOLDER, find_shapes, shannon_entropy

DEFAULT_BODY_FIELDS = frozenset(
    {
        "access_token",
        "refresh_token",
        "id_token",
        "client_secret",
        "password",
        "token",
        "api_key",
        "apikey",
        "secret",
        "private_key",
        "client_assertion",
        "assertion",
        "code_verifier",
        "session_token",
    }
)
"""JSON, form and multipart field names whose values are secret. Form and multipart bodies
are also read with the query parameter names (an OAuth token request sends ``code`` there);
JSON bodies are not, where ``code`` is nearly always an error or status code."""

SCRUB_SCHEME = 2
"""The version of these rules a cassette's requests were scrubbed with (kept in its
metadata). Scheme 1 (no ``scrub_scheme``) hid ambiguous names unconditionally; incoming
requests replayed against such a cassette are scrubbed the same way, so it keeps working."""

CREDENTIAL_MIN_LENGTH = 8
CREDENTIAL_MIN_ENTROPY = 3.0
JSON_MEDIA = re.compile(r"^application/(?:[\w.\-]+\+)?json$")
FORM_MEDIA = "application/x-www-form-urlencoded"
_QUOTED_PLACEHOLDER = re.compile(re.escape("%5BREDACTED%5D"), re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Finding:
    """One secret found in an interaction; ``preview`` is masked, never the value itself."""

    kind: str
    where: str
    preview: str


@dataclass(frozen=True)
class ScrubRules:
    """What counts as secret. Names compare case-insensitively; extend rather than replace.

    Header and query names come from :mod:`typelink._internal.redact`, the one definition that logs,
    errors and redirects use too. ``ambiguous`` names (``code``, ``key``) also carry
    ordinary data: their value is replaced only when it looks like a credential, so that
    ``?code=US`` and ``?code=FR`` are still told apart when replaying.

    ``secrets`` is a callable so values registered after the rules were built (a client
    created inside the test) still count.
    """

    headers: frozenset[str] = SENSITIVE_HEADERS
    query_params: frozenset[str] = SENSITIVE_QUERY_KEYS
    body_fields: frozenset[str] = DEFAULT_BODY_FIELDS
    ambiguous: frozenset[str] = AMBIGUOUS_QUERY_KEYS
    shapes: bool = True
    entropy: bool = True
    secrets: Callable[[], Iterable[str]] = field(default=lambda: ())

    def extended(
        self,
        headers: Iterable[str] = (),
        query_params: Iterable[str] = (),
        body_fields: Iterable[str] = (),
    ) -> ScrubRules:
        """A copy with extra names added (an added name is never ambiguous)."""
        added = {n.lower() for n in (*headers, *query_params, *body_fields)}
        return replace(
            self,
            headers=self.headers | {h.lower() for h in headers},
            query_params=self.query_params | {q.lower() for q in query_params},
            body_fields=self.body_fields | {b.lower() for b in body_fields},
            ambiguous=self.ambiguous - added,
        )


def rules_of_scheme(rules: ScrubRules, scheme: int) -> ScrubRules:
    """``rules`` as a cassette scrubbed under ``scheme`` needs them."""
    return rules if scheme >= SCRUB_SCHEME else replace(rules, ambiguous=frozenset())


def media_type(content_type: str | None) -> str:
    """``"application/json"`` from ``"application/json; charset=utf-8"``."""
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def is_json_media(content_type: str | None) -> bool:
    """Any ``application/json`` or ``application/*+json`` media type."""
    return bool(JSON_MEDIA.match(media_type(content_type)))


def looks_like_credential(value: str) -> bool:
    """Long, varied and mixed (two of lower case, upper case, digits) like a token, unlike a
    word, an error code (``resource_missing``), a number or a date."""
    classes = (
        any(c.islower() for c in value)
        + any(c.isupper() for c in value)
        + any(c.isdigit() for c in value)
    )
    return (
        len(value) >= CREDENTIAL_MIN_LENGTH
        and " " not in value
        and classes >= 2
        and shannon_entropy(value) >= CREDENTIAL_MIN_ENTROPY
    ) or bool(find_shapes(value))


def canonical_placeholders(path: str) -> str:
    """A URL path with a percent-encoded placeholder (``%5BREDACTED%5D``) written plainly.

    A client that sends back a value it received scrubbed (an id in a path) encodes the
    brackets; the recording holds them plain. Both sides pass through here.
    """
    if "%" not in path:
        return path
    return _QUOTED_PLACEHOLDER.sub(PLACEHOLDER, path)
