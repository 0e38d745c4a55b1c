"""Scrubbing credentials out of recorded HTTP interactions.

One :class:`Scrubber` serves three callers with the same rules:

* recording (vcrpy's ``before_record_request`` / ``before_record_response``),
* matching during replay (incoming requests are scrubbed the same way, so they still match
  the placeholders stored in the cassette),
* ``typelink cassettes lint`` / ``scrub`` on files (findings are what would be replaced).

Values are replaced by :data:`PLACEHOLDER`; structure (header names, JSON keys, cookie
attributes, the ``Bearer`` scheme) is kept so recordings stay readable and replayable.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, quote, quote_plus, urlencode, urlsplit, urlunsplit

from typelink._internal.redact import SENSITIVE_HEADERS, SENSITIVE_QUERY_KEYS
from typelink.testing.secrets import MIN_SECRET_LENGTH
from typelink.testing.shapes import (
    PLACEHOLDER,
    SENSITIVE_NAME,
    find_shapes,
    looks_random,
    mask,
    replace_shapes,
)

DEFAULT_HEADERS = SENSITIVE_HEADERS | frozenset(
    {"x-goog-api-key", "x-shopify-access-token", "x-csrf-token", "x-xsrf-token", "apikey"}
)
DEFAULT_QUERY_PARAMS = SENSITIVE_QUERY_KEYS
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

LEARN_MIN_LENGTH = 8
JSON_MEDIA = re.compile(r"^application/(?:[\w.\-]+\+)?json$")
FORM_MEDIA = "application/x-www-form-urlencoded"
_AUTH_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9_\-]*) +(?P<rest>\S.*)$")


@dataclass(frozen=True, slots=True)
class Finding:
    """One secret found in an interaction; ``preview`` is masked, never the value itself."""

    kind: str
    where: str
    preview: str


@dataclass(frozen=True)
class ScrubRules:
    """What counts as secret. Names compare case-insensitively; extend rather than replace.

    ``secrets`` is a callable so values registered after the rules were built (a client
    created inside the test) still count.
    """

    headers: frozenset[str] = DEFAULT_HEADERS
    query_params: frozenset[str] = DEFAULT_QUERY_PARAMS
    body_fields: frozenset[str] = DEFAULT_BODY_FIELDS
    shapes: bool = True
    entropy: bool = True
    secrets: Callable[[], Iterable[str]] = field(default=lambda: ())

    def extended(
        self,
        headers: Iterable[str] = (),
        query_params: Iterable[str] = (),
        body_fields: Iterable[str] = (),
    ) -> ScrubRules:
        """A copy with extra names added."""
        return ScrubRules(
            headers=self.headers | {h.lower() for h in headers},
            query_params=self.query_params | {q.lower() for q in query_params},
            body_fields=self.body_fields | {b.lower() for b in body_fields},
            shapes=self.shapes,
            entropy=self.entropy,
            secrets=self.secrets,
        )


def media_type(content_type: str | None) -> str:
    """``"application/json"`` from ``"application/json; charset=utf-8"``."""
    if not content_type:
        return ""
    return content_type.split(";", 1)[0].strip().lower()


def is_json_media(content_type: str | None) -> bool:
    """Any ``application/json`` or ``application/*+json`` media type."""
    return bool(JSON_MEDIA.match(media_type(content_type)))


class Scrubber:
    """Applies :class:`ScrubRules` to the parts of an interaction, collecting findings."""

    def __init__(
        self, rules: ScrubRules | None = None, learn: Callable[[str], None] | None = None
    ) -> None:
        self.rules = rules or ScrubRules()
        self.findings: list[Finding] = []
        self.learned: set[str] = set()
        self._learn = learn
        self._forms: list[tuple[str, str]] | None = None

    def _secret_forms(self) -> list[tuple[str, str]]:
        """Each registered secret with its URL-encoded spellings, longest first."""
        if self._forms is None:
            self._forms = self._build_secret_forms()
        return self._forms

    def _build_secret_forms(self) -> list[tuple[str, str]]:
        forms: dict[str, str] = {}
        for secret in self.rules.secrets():
            if not secret or len(secret) < MIN_SECRET_LENGTH:
                continue
            for form in (secret, quote(secret, safe=""), quote_plus(secret)):
                forms[form] = "registered secret value"
        return sorted(forms.items(), key=lambda kv: len(kv[0]), reverse=True)

    def _note(self, kind: str, where: str, value: str) -> None:
        self.findings.append(Finding(kind, where, mask(value)))

    def _learned(self, value: str) -> None:
        """A value removed by name is a secret everywhere: an echoed token in a response
        body, a refresh token sent back later. Callers pass ``learn`` to collect them."""
        value = value.strip()
        # Only credential-like values: replacing a plain word such as "password" everywhere
        # would mangle URLs and text that merely mention it.
        if (
            len(value) >= LEARN_MIN_LENGTH
            and PLACEHOLDER not in value
            and not value.isalpha()
            and " " not in value
        ):
            self.learned.add(value)
            if self._learn is not None:
                self._learn(value)

    # -- text ---------------------------------------------------------------------------

    def text(self, value: str, where: str) -> str:
        """Replace registered secret values and recognisable token shapes in free text."""
        if not value:
            return value
        for secret, kind in self._secret_forms():
            if secret in value:
                self._note(kind, where, secret)
                value = value.replace(secret, PLACEHOLDER)
        if self.rules.shapes:
            found = find_shapes(value)
            if found:
                for kind, match in found:
                    self._note(kind, where, match)
                value = replace_shapes(value)
        return value

    def _sensitive_value(self, name: str, value: str, where: str, listed: str) -> str:
        """A value under ``name``: a listed name (``listed`` is the finding kind) always
        goes; other values only by shape or entropy."""
        if value in ("", PLACEHOLDER):
            return value
        if listed:
            self._note(listed, where, value)
            self._learned(value)
            return PLACEHOLDER
        if self.rules.entropy and SENSITIVE_NAME.search(name) and looks_random(value):
            self._note("high-entropy value", where, value)
            self._learned(value)
            return PLACEHOLDER
        return self.text(value, where)

    # -- URL ----------------------------------------------------------------------------

    def uri(self, uri: str) -> str:
        """Scrub user info, sensitive query values and secrets in the path."""
        try:
            parts = urlsplit(uri)
        except ValueError:
            return self.text(uri, "url")
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            if userinfo != PLACEHOLDER:
                self._note("credentials in URL", "url", userinfo)
                netloc = f"{PLACEHOLDER}@{host}"
        path = self.text(parts.path, "url path")
        query = parts.query
        if query:
            pairs = parse_qsl(query, keep_blank_values=True)
            new_pairs = [
                (
                    key,
                    self._sensitive_value(
                        key,
                        value,
                        f"query parameter {key!r}",
                        "secret query parameter" if key.lower() in self.rules.query_params else "",
                    ),
                )
                for key, value in pairs
            ]
            if new_pairs != pairs:
                query = urlencode(new_pairs, safe="[]")
        if (netloc, path, query) == (parts.netloc, parts.path, parts.query):
            return uri
        return urlunsplit((parts.scheme, netloc, path, query, parts.fragment))

    # -- headers ------------------------------------------------------------------------

    def header_value(self, name: str, value: str) -> str:
        """One header value; structure (auth scheme, cookie names/attributes) is kept."""
        lname = name.lower()
        where = f"header {name!r}"
        if value in ("", PLACEHOLDER):
            return value
        if lname in ("cookie", "set-cookie") and lname in self.rules.headers:
            return self._cookie(lname, value, where)
        if lname in self.rules.headers:
            m = _AUTH_SCHEME.match(value)
            if m and m.group("rest") == PLACEHOLDER:
                return value
            self._note("secret header", where, value)
            if m and m.group("scheme").lower() in ("bearer", "basic", "token", "digest", "bot"):
                self._learned(m.group("rest"))
                return f"{m.group('scheme')} {PLACEHOLDER}"
            self._learned(value)
            return PLACEHOLDER
        return self._sensitive_value(lname, value, where, listed="")

    def _cookie(self, lname: str, value: str, where: str) -> str:
        pieces = value.split(";")
        # Cookie: every pair is a credential. Set-Cookie: only the first pair; the rest are
        # attributes (Path, Expires, HttpOnly) worth keeping.
        limit = len(pieces) if lname == "cookie" else 1
        out: list[str] = []
        changed = False
        for i, piece in enumerate(pieces):
            name, eq, val = piece.partition("=")
            if i < limit and eq and val.strip() not in ("", PLACEHOLDER):
                self._learned(val)
                out.append(f"{name}={PLACEHOLDER}")
                changed = True
            else:
                out.append(piece)
        if changed:
            self._note("secret header", where, value)
        return ";".join(out)

    def headers(self, headers: Mapping[str, Any]) -> dict[str, Any]:
        """Scrub a header mapping whose values are strings or lists of strings."""
        result: dict[str, Any] = {}
        for name, value in headers.items():
            if isinstance(value, list):
                result[name] = [
                    self.header_value(name, v) if isinstance(v, str) else v for v in value
                ]
            elif isinstance(value, str):
                result[name] = self.header_value(name, value)
            else:
                result[name] = value
        return result

    # -- bodies -------------------------------------------------------------------------

    def body(self, body: bytes | None, content_type: str | None, where: str) -> bytes | None:
        """Scrub a body according to its media type; binary bodies only lose exact secrets."""
        if not body:
            return body
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._binary(body, where)
        kind = media_type(content_type)
        if is_json_media(content_type) or (not kind and text.lstrip()[:1] in ("{", "[")):
            try:
                data = json.loads(text)
            except ValueError:
                data = _NOT_JSON
            if data is not _NOT_JSON:
                scrubbed = self._json(data, where, "$")
                if scrubbed == data:
                    return body
                return json.dumps(scrubbed, ensure_ascii=False, separators=(",", ":")).encode()
        if kind == FORM_MEDIA:
            pairs = parse_qsl(text, keep_blank_values=True)
            new_pairs = [
                (
                    k,
                    self._sensitive_value(
                        k,
                        v,
                        f"form field {k!r} in {where}",
                        "secret form field" if k.lower() in self.rules.body_fields else "",
                    ),
                )
                for k, v in pairs
            ]
            if new_pairs == pairs:
                return body
            return urlencode(new_pairs, safe="[]").encode()
        new_text = self.text(text, where)
        return body if new_text == text else new_text.encode("utf-8")

    def _binary(self, body: bytes, where: str) -> bytes:
        for secret, kind in self._secret_forms():
            raw = secret.encode("utf-8")
            if raw in body:
                self._note(kind, where, secret)
                body = body.replace(raw, PLACEHOLDER.encode())
        return body

    def _json(self, data: Any, where: str, path: str) -> Any:
        if isinstance(data, dict):
            out: dict[str, Any] = {}
            for key, value in data.items():
                child = f"{path}.{key}"
                listed = str(key).lower().replace("-", "_") in self.rules.body_fields
                if isinstance(value, str):
                    out[key] = self._sensitive_value(
                        str(key),
                        value,
                        f"field {child} in {where}",
                        "secret field" if listed else "",
                    )
                elif listed and value is not None and not isinstance(value, (dict, list, bool)):
                    self._note("secret field", f"field {child} in {where}", str(value))
                    self._learned(str(value))
                    out[key] = PLACEHOLDER
                else:
                    out[key] = self._json(value, where, child)
            return out
        if isinstance(data, list):
            return [self._json(item, where, f"{path}[]") for item in data]
        if isinstance(data, str):
            return self.text(data, f"{path} in {where}")
        return data


_NOT_JSON: Any = object()
