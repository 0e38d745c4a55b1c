"""Scrubbing credentials out of recorded HTTP interactions.

One :class:`Scrubber` serves three callers with the same rules:

* recording (vcrpy's ``before_record_request`` / ``before_record_response``),
* matching during replay (incoming requests are scrubbed the same way, so they still match
  the placeholders stored in the cassette),
* ``typelink cassettes lint`` / ``scrub`` on files (findings are what would be replaced).

Values are replaced by :data:`PLACEHOLDER`; structure (header names, JSON keys, cookie
attributes, the ``Bearer`` scheme) is kept so recordings stay readable and replayable.

Each part is read for what it is, not for what it claims: every URL found (a request URI,
``Location``, ``Content-Location``, ``Link`` targets, URLs inside text) loses secret query
and fragment parameters; a body that parses as JSON is scrubbed as JSON whatever its
content type; ``multipart/form-data`` is scrubbed field by field; everything under a secret
field goes, lists and objects included; and a secret value is found in any spelling.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from typelink._internal.redact import (
    URL_PLACEHOLDER,
    is_sensitive_query_key,
    sensitive_header_names,
)
from typelink.testing.multipart import Multipart, Part, parse_multipart
from typelink.testing.scrub_rules import (
    DEFAULT_BODY_FIELDS,
    FORM_MEDIA,
    JSON_MEDIA,
    Finding,
    ScrubRules,
    canonical_placeholders,
    is_json_media,
    looks_like_credential,
    media_type,
)
from typelink.testing.secrets import MIN_SECRET_LENGTH
from typelink.testing.shapes import (
    ABSOLUTE_URL,
    PLACEHOLDER,
    SENSITIVE_NAME,
    find_shapes,
    looks_random,
    mask,
    replace_shapes,
)
from typelink.testing.spellings import SecretSpellings, secret_spellings

URI_HEADERS = frozenset({"location", "content-location"})
"""Headers whose whole value is a URI reference (possibly relative)."""
_LINK_TARGET = re.compile(r"<([^<>]*)>")
LEARN_MIN_LENGTH = 8
_AUTH_SCHEME = re.compile(r"^(?P<scheme>[A-Za-z][A-Za-z0-9_\-]*) +(?P<rest>\S.*)$")


class Scrubber:
    """Applies :class:`ScrubRules` to the parts of an interaction, collecting findings."""

    def __init__(
        self, rules: ScrubRules | None = None, learn: Callable[[str], None] | None = None
    ) -> None:
        self.rules = rules or ScrubRules()
        self.findings: list[Finding] = []
        self.learned: set[str] = set()
        self._learn = learn
        self._spellings: SecretSpellings | None = None
        self._in_url = False

    def _secret_spellings(self) -> SecretSpellings:
        if self._spellings is None:
            secrets = frozenset(
                s for s in self.rules.secrets() if s and len(s) >= MIN_SECRET_LENGTH
            )
            self._spellings = secret_spellings(secrets)
        return self._spellings

    def _note(self, kind: str, where: str, value: str) -> None:
        self.findings.append(Finding(kind, where, mask(value)))

    def _learned(self, value: str) -> None:
        """A value removed by name is a secret everywhere: an echoed token in a response
        body, a refresh token sent back later. Callers pass ``learn`` to collect them."""
        value = value.strip()
        # Only credential-like values: replacing a plain word such as "password" everywhere
        # would mangle URLs and text that merely mention it (a long phrase is specific).
        if (
            len(value) >= LEARN_MIN_LENGTH
            and PLACEHOLDER not in value
            and (not value.isalpha() or len(value) >= 16)
        ):
            self.learned.add(value)
            if self._learn is not None:
                self._learn(value)

    @property
    def _form_fields(self) -> frozenset[str]:
        return self.rules.body_fields | self.rules.query_params

    def _listed(self, name: str, value: str, names: frozenset[str]) -> bool:
        lname = name.lower()
        if lname not in names:
            return False
        return lname not in self.rules.ambiguous or looks_like_credential(value)

    # -- text -------------------------------------------------------------------------

    def text(self, value: str, where: str) -> str:
        """Replace registered secret values (in any spelling), recognisable token shapes, and
        secret query parameters of URLs inside the text."""
        if not value:
            return value
        value, spellings = self._secret_spellings().replace(value)
        for spelling in spellings:
            self._note("registered secret value", where, spelling)
        if self.rules.shapes:
            found = find_shapes(value)
            if found:
                for kind, match in found:
                    self._note(kind, where, match)
                value = replace_shapes(value)
        if "://" in value and not self._in_url:
            value = ABSOLUTE_URL.sub(lambda m: self.uri(m.group(0), where), value)
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

    def _pairs(
        self, pairs: list[tuple[str, str]], names: frozenset[str], kind: str, where: str
    ) -> list[tuple[str, str]]:
        """Scrub ``name=value`` pairs (a query, a fragment, a form body)."""
        return [
            (
                key,
                self._sensitive_value(
                    key,
                    value,
                    f"{kind} {key!r}{where}",
                    f"secret {kind}" if self._listed(key, value, names) else "",
                ),
            )
            for key, value in pairs
        ]

    # -- URL ----------------------------------------------------------------------------

    def uri(self, uri: str, where: str = "") -> str:
        """Scrub user info, secrets in the path, and secret query and fragment parameters."""
        try:
            parts = urlsplit(uri)
        except ValueError:
            return self.text(uri, where or "url")
        netloc = parts.netloc
        if "@" in netloc:
            userinfo, host = netloc.rsplit("@", 1)
            if userinfo not in (PLACEHOLDER, URL_PLACEHOLDER):
                self._note("credentials in URL", where or "url", userinfo)
                netloc = f"{URL_PLACEHOLDER}@{host}"  # brackets would read as an IPv6 host
        in_url, self._in_url = self._in_url, True
        try:
            path = canonical_placeholders(self.text(parts.path, f"url path{_in(where)}"))
            query = self._url_pairs(parts.query, "query parameter", where)
            fragment = self._url_pairs(parts.fragment, "fragment parameter", where)
        finally:
            self._in_url = in_url
        if (netloc, path, query, fragment) == parts[1:]:
            return uri
        return urlunsplit((parts.scheme, netloc, path, query, fragment))

    def _url_pairs(self, text: str, kind: str, where: str) -> str:
        """A query or fragment: ``name=value`` pairs are scrubbed by name, the rest as text."""
        if not text:
            return text
        if "=" not in text:
            return self.text(text, f"url {kind.split()[0]}{_in(where)}")
        pairs = parse_qsl(text, keep_blank_values=True)
        # The rules' names, plus any the client side would redact (``X-Goog-Signature``, a
        # key with ``token`` or ``secret`` among its words): one definition for both.
        names = self.rules.query_params | {k.lower() for k, _ in pairs if is_sensitive_query_key(k)}
        new_pairs = self._pairs(pairs, names, kind, _in(where))
        if new_pairs == pairs:
            return text
        return urlencode(new_pairs, safe="[]")

    # -- headers ------------------------------------------------------------------------

    def header_value(self, name: str, value: str) -> str:
        """One header value; structure (auth scheme, cookie names/attributes) is kept."""
        lname = name.lower()
        where = f"header {name!r}"
        if value in ("", PLACEHOLDER):
            return value
        sensitive = self.rules.headers | sensitive_header_names()  # + clients' marked names
        if lname in ("cookie", "set-cookie") and lname in sensitive:
            return self._cookie(lname, value, where)
        if lname in sensitive:
            m = _AUTH_SCHEME.match(value)
            if m and m.group("rest") == PLACEHOLDER:
                return value
            self._note("secret header", where, value)
            if m and m.group("scheme").lower() in ("bearer", "basic", "token", "digest", "bot"):
                self._learned(m.group("rest"))
                return f"{m.group('scheme')} {PLACEHOLDER}"
            self._learned(value)
            return PLACEHOLDER
        if lname in URI_HEADERS:
            return self.uri(value, where)
        if lname == "link":
            return _LINK_TARGET.sub(lambda m: f"<{self.uri(m.group(1), where)}>", value)
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
        """Scrub a body by what it holds: JSON (whatever the declared type), form fields,
        multipart fields, text; binary bodies only lose exact secrets."""
        if not body:
            return body
        multipart = parse_multipart(body, content_type)
        if multipart is not None:
            return self._multipart(body, multipart, where)
        try:
            text = body.decode("utf-8")
        except UnicodeDecodeError:
            return self._binary(body, where)
        if text.lstrip()[:1] in ("{", "["):
            data = _json_or_none(text)
            if data is not _NOT_JSON:
                scrubbed = self._json(data, where, "$")
                if scrubbed == data:  # scrubbing only ever puts strings in
                    return body
                return json.dumps(scrubbed, ensure_ascii=False, separators=(",", ":")).encode()
        if media_type(content_type) == FORM_MEDIA:
            pairs = parse_qsl(text, keep_blank_values=True)
            new_pairs = self._pairs(pairs, self._form_fields, "form field", f" in {where}")
            if new_pairs == pairs:
                return body
            return urlencode(new_pairs, safe="[]").encode()
        new_text = self.text(text, where)
        return body if new_text == text else new_text.encode("utf-8")

    def _multipart(self, body: bytes, multipart: Multipart, where: str) -> bytes:
        def scrub_part(part: Part) -> bytes:
            content = part.content
            value = content.decode("utf-8", "replace")
            if part.filename is None and self._listed(part.name, value, self._form_fields):
                if value in ("", PLACEHOLDER):
                    return content
                self._note("secret form field", f"form field {part.name!r} in {where}", value)
                self._learned(value)
                return PLACEHOLDER.encode()
            return self.body(content, None, f"form field {part.name!r} in {where}") or content

        scrubbed = multipart.with_contents(scrub_part).render()
        return body if scrubbed == body else scrubbed

    def _binary(self, body: bytes, where: str) -> bytes:
        for secret in self._secret_spellings().secrets:
            raw = secret.encode("utf-8")
            if raw in body:
                self._note("registered secret value", where, secret)
                body = body.replace(raw, PLACEHOLDER.encode())
        return body

    def _json(self, data: Any, where: str, path: str) -> Any:
        if isinstance(data, dict):
            out: dict[str, Any] = {}
            for key, value in data.items():
                child = f"{path}.{key}"
                name = str(key).lower().replace("-", "_")
                text = value if isinstance(value, str) else ""
                if self._listed(name, text, self.rules.body_fields):
                    out[key] = self._redact_all(value, f"field {child} in {where}")
                elif isinstance(value, str):
                    where_field = f"field {child} in {where}"
                    out[key] = self._sensitive_value(str(key), value, where_field, "")
                else:
                    out[key] = self._json(value, where, child)
            return out
        if isinstance(data, list):
            return [self._json(item, where, f"{path}[]") for item in data]
        if isinstance(data, str):
            return self.text(data, f"{path} in {where}")
        return data

    def _redact_all(self, value: Any, where: str) -> Any:
        """Everything under a secret field: each string and number goes (structure, booleans
        and nulls stay, so the recording still parses into the same models)."""
        if isinstance(value, dict):
            return {k: self._redact_all(v, where) for k, v in value.items()}
        if isinstance(value, list):
            return [self._redact_all(v, where) for v in value]
        if value is None or isinstance(value, bool) or value in ("", PLACEHOLDER):
            return value
        self._note("secret field", where, str(value))
        self._learned(str(value))
        return PLACEHOLDER


def _in(where: str) -> str:
    return f" in {where}" if where else ""


_NOT_JSON: Any = object()


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError):
        return _NOT_JSON


__all__ = [
    "DEFAULT_BODY_FIELDS",
    "FORM_MEDIA",
    "JSON_MEDIA",
    "PLACEHOLDER",
    "Finding",
    "ScrubRules",
    "Scrubber",
    "canonical_placeholders",
    "is_json_media",
    "looks_like_credential",
    "media_type",
]
