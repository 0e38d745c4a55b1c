"""Request and response bodies as the debug log shows them: redacted, summarised, cut short.

``TYPELINK_LOG=debug`` shows what went on the wire, as the big SDKs' debug logging does,
without a credential ever reaching the log:

* JSON and form bodies: the value of every field with a sensitive name is replaced, at any
  depth. A name is sensitive when it is one of the sensitive query keys of
  :mod:`typelink._internal.redact` (``token``, ``password``, ``client_secret``, ``code``...)
  or ends like one (``accessToken``, ``github_token``, ``new_password``, ``private_key``);
* the credential's exact secret values are replaced wherever they appear, in any text body;
* binary bodies (not UTF-8 text, or a binary content type) are summarised by size and type;
* multipart uploads list their fields and files (name, type, size), never file contents;
* a stream or generator is never read (it is the body being sent);
* at most :data:`BODY_LOG_LIMIT` characters are shown, cut *after* redaction, so a secret is
  never cut in half and missed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import parse_qsl, urlencode

from typelink._internal.redact import REDACTED, SENSITIVE_QUERY_KEYS, redact_text

__all__ = ["BODY_LOG_LIMIT", "describe_body", "describe_request_body", "is_sensitive_name"]

BODY_LOG_LIMIT = 2000
"""Characters of a body shown in the debug log."""

PARSE_LIMIT = 1_000_000
"""Bytes: a larger JSON or form body is summarised instead of parsed and shown."""

_NOT_ALPHANUMERIC = re.compile(r"[^a-z0-9]")
_SENSITIVE_NAMES = frozenset(_NOT_ALPHANUMERIC.sub("", key.lower()) for key in SENSITIVE_QUERY_KEYS)
_SENSITIVE_ENDINGS = (
    "token",
    "secret",
    "password",
    "passwd",
    "apikey",
    "privatekey",
    "signature",
    "credential",
    "credentials",
    "authorization",
    "cookie",
)
_TEXT_TYPES = ("text/", "json", "xml", "x-www-form-urlencoded", "javascript", "yaml", "csv")
_FORM_TYPE = "application/x-www-form-urlencoded"


def is_sensitive_name(name: str) -> bool:
    """True for a field whose value the debug log must not show (``access_token``,
    ``accessToken``, ``client_secret``, ``password``...)."""
    normalized = _NOT_ALPHANUMERIC.sub("", name.lower())
    return normalized in _SENSITIVE_NAMES or normalized.endswith(_SENSITIVE_ENDINGS)


def describe_body(body: bytes | str, content_type: str | None, secrets: Iterable[str]) -> str:
    """``body`` as one log value: ``(type, N bytes) text`` with secrets hidden."""
    raw = body.encode() if isinstance(body, str) else bytes(body)
    kind = (content_type or "").split(";", 1)[0].strip().lower()
    label = f"({kind or 'no content type'}, {len(raw)} bytes)"
    if not raw:
        return f"{label} empty"
    text = _as_text(raw, kind)
    if text is None:
        return f"{label} binary, not shown"
    if len(raw) > PARSE_LIMIT and _structured(kind, text):
        return f"{label} not shown (over {PARSE_LIMIT} bytes)"
    if "json" in kind or (not kind and text.lstrip()[:1] in ("{", "[")):
        text = _redacted_json(text)
    elif kind == _FORM_TYPE:
        text = _redacted_form(parse_qsl(text, keep_blank_values=True))
    return f"{label} {_cut(redact_text(text, secrets), len(raw))}"


def describe_request_body(
    kwargs: Mapping[str, Any], headers: Mapping[str, str], secrets: Iterable[str]
) -> str | None:
    """The body of an outgoing request (``requests`` keyword arguments), or None if it has none."""
    content_type = next((v for k, v in headers.items() if k.lower() == "content-type"), None)
    data, files, json_value = kwargs.get("data"), kwargs.get("files"), kwargs.get("json")
    if files:
        return _cut(redact_text(_describe_multipart(data, files), secrets), None)
    if json_value is not None:
        text = json.dumps(_redact_fields(json_value), ensure_ascii=False, default=str)
        return describe_body(text, content_type or "application/json", secrets)
    if data is None or data == b"" or data == "":
        return None
    if isinstance(data, (bytes, bytearray, str)):
        return describe_body(
            bytes(data) if not isinstance(data, str) else data, content_type, secrets
        )
    if isinstance(data, Mapping):
        pairs = [(str(k), v) for k, v in data.items()]
    elif isinstance(data, (list, tuple)) and all(
        isinstance(item, tuple) and len(item) == 2 for item in data
    ):
        pairs = [(str(k), v) for k, v in data]
    else:
        return f"({type(data).__name__}) a stream, not shown"
    text = _redacted_form(_flatten(pairs))
    return describe_body(text, content_type or _FORM_TYPE, secrets)


# -- pieces -----------------------------------------------------------------------------------


def _as_text(raw: bytes, kind: str) -> str | None:
    """The body as text, or None for a binary body."""
    if kind and not any(marker in kind for marker in _TEXT_TYPES):
        return None
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return None


def _structured(kind: str, text: str) -> bool:
    return "json" in kind or kind == _FORM_TYPE or text.lstrip()[:1] in ("{", "[")


def _cut(text: str, size: int | None) -> str:
    if len(text) <= BODY_LOG_LIMIT:
        return text
    total = f", {size} bytes in all" if size is not None else ""
    return f"{text[:BODY_LOG_LIMIT]}... [cut at {BODY_LOG_LIMIT} characters{total}]"


def _redact_fields(value: Any) -> Any:
    """A copy of a JSON value with the values of sensitive fields replaced."""
    if isinstance(value, Mapping):
        return {
            key: REDACTED if is_sensitive_name(str(key)) else _redact_fields(item)
            for key, item in value.items()
        }
    if isinstance(value, (list, tuple)):
        return [_redact_fields(item) for item in value]
    return value


def _redacted_json(text: str) -> str:
    """JSON text with sensitive fields hidden (as sent when there are none; invalid JSON as is)."""
    try:
        parsed = json.loads(text)
    except ValueError:
        return text
    redacted = _redact_fields(parsed)
    if redacted == parsed:
        return text
    return json.dumps(redacted, ensure_ascii=False)


def _flatten(pairs: list[tuple[str, Any]]) -> list[tuple[str, str]]:
    """Form pairs as ``requests`` sends them (a list value repeats its key)."""
    flat: list[tuple[str, str]] = []
    for key, value in pairs:
        values = value if isinstance(value, (list, tuple)) else [value]
        flat.extend((key, v.decode() if isinstance(v, bytes) else str(v)) for v in values)
    return flat


def _redacted_form(pairs: list[tuple[str, str]]) -> str:
    return urlencode([(k, REDACTED if is_sensitive_name(k) else v) for k, v in pairs], safe="[]")


def _describe_multipart(data: Any, files: Any) -> str:
    """``multipart: field a='x', file f 'x.png' (image/png, 1234 bytes)``."""
    parts: list[str] = []
    if isinstance(data, Mapping):
        for name, value in data.items():
            if is_sensitive_name(str(name)):
                parts.append(f"field {name}={REDACTED}")
            elif isinstance(value, (str, int, float)) and len(str(value)) <= 200:
                parts.append(f"field {name}={value!r}")
            else:
                parts.append(f"field {name} ({_size_of(value)})")
    items = files.items() if isinstance(files, Mapping) else files
    for name, spec in items:
        filename, content, content_type = None, spec, None
        if isinstance(spec, (tuple, list)):
            filename = spec[0] if spec else None
            content = spec[1] if len(spec) > 1 else None
            content_type = spec[2] if len(spec) > 2 else None
        described = ", ".join(x for x in (content_type, _size_of(content)) if x)
        label = f" {filename!r}" if filename else ""
        parts.append(f"file {name}{label} ({described})")
    return "multipart: " + ", ".join(parts)


def _size_of(value: Any) -> str:
    if isinstance(value, (bytes, bytearray)):
        return f"{len(value)} bytes"
    if isinstance(value, str):
        return f"{len(value.encode())} bytes"
    return "a stream"
