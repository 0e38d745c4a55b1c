"""Request matching: semantic bodies, and an index that makes replay linear.

vcrpy compares every incoming request with every recorded one (O(n) per request, O(n^2)
per cassette). :class:`MatchIndex` buckets recorded requests by the cheap exact fields
(method, scheme, host, port, path, sorted query — whichever of them are being matched on)
and confirms candidates with the real matchers, so a typical lookup touches one entry.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any
from urllib.parse import parse_qsl

from vcr import matchers as vcr_matchers
from vcr.matchers import requests_match

from typelink.testing.interactions import body_bytes, header
from typelink.testing.multipart import parse_multipart
from typelink.testing.scrub_rules import FORM_MEDIA, is_json_media, media_type

Matcher = Callable[[Any, Any], Any]


def _typed(value: Any) -> Any:
    """JSON data in a form where only equal JSON compares equal: Python says ``True == 1``
    and ``False == 0``, JSON does not."""
    if isinstance(value, dict):
        return ("object", frozenset((k, _typed(v)) for k, v in value.items()))
    if isinstance(value, list):
        return ("array", tuple(_typed(v) for v in value))
    if isinstance(value, bool):
        return ("bool", value)
    if value is None:
        return ("null",)
    if isinstance(value, (int, float)):
        return ("number", value)
    return ("string", value)


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def _comparable_body(request: Any) -> Any:
    """The body in a form where equal meaning compares equal (JSON, form and multipart
    fields parsed; a multipart boundary is random on every request)."""
    raw = body_bytes(request.body)
    if not raw:
        return None
    content_type = header(request.headers, "content-type")
    kind = media_type(content_type)
    if is_json_media(content_type) or not kind:
        try:
            return ("json", _typed(json.loads(raw, parse_constant=_reject_constant)))
        except (ValueError, RecursionError):
            pass
    if kind == FORM_MEDIA:
        try:
            return ("form", sorted(parse_qsl(raw.decode("utf-8"), keep_blank_values=True)))
        except UnicodeDecodeError:
            pass
    multipart = parse_multipart(raw, content_type)
    if multipart is not None:
        fields = sorted((p.name, p.filename or "", p.content) for p in multipart.parts)
        return ("multipart", fields)
    return ("raw", raw)


def body(r1: Any, r2: Any) -> None:
    """Bodies match when equal as JSON (any ``*/json``/``*+json`` or untyped), as form
    fields (any order), or byte for byte."""
    b1, b2 = _comparable_body(r1), _comparable_body(r2)
    if b1 != b2:
        raise AssertionError(f"{_preview(b1)} != {_preview(b2)} (recorded)")


def _preview(value: Any, limit: int = 200) -> str:
    if value is None:
        return "no body"
    kind, data = value
    if isinstance(data, bytes):
        text = data.decode("utf-8", "replace")
    elif kind == "json":
        text = json.dumps(_untyped(data), sort_keys=True, default=str)
    else:
        text = repr(data)
    return f"{kind} {text[:limit]}{'…' if len(text) > limit else ''}"


def _untyped(value: Any) -> Any:
    """Back from :func:`_typed`, for messages."""
    kind = value[0]
    if kind == "object":
        return {k: _untyped(v) for k, v in value[1]}
    if kind == "array":
        return [_untyped(v) for v in value[1]]
    return None if kind == "null" else value[1]


MATCHERS: dict[str, Matcher] = {
    "method": vcr_matchers.method,
    "scheme": vcr_matchers.scheme,
    "host": vcr_matchers.host,
    "port": vcr_matchers.port,
    "path": vcr_matchers.path,
    "query": vcr_matchers.query,
    "body": body,
    "uri": vcr_matchers.uri,
    "headers": vcr_matchers.headers,
    "raw_body": vcr_matchers.raw_body,
}
DEFAULT_MATCH_ON: tuple[str, ...] = ("method", "scheme", "host", "port", "path", "query", "body")

_KEY_PARTS: dict[Matcher, Callable[[Any], Any]] = {
    vcr_matchers.method: lambda r: r.method,
    vcr_matchers.scheme: lambda r: r.scheme,
    vcr_matchers.host: lambda r: r.host,
    vcr_matchers.port: lambda r: r.port,
    vcr_matchers.path: lambda r: r.path,
    vcr_matchers.query: lambda r: tuple(r.query),
}


def resolve_matchers(names: Sequence[str | Matcher]) -> list[Matcher]:
    """Matcher functions for names (or functions, passed through)."""
    result: list[Matcher] = []
    for name in names:
        if callable(name):
            result.append(name)
        elif name in MATCHERS:
            result.append(MATCHERS[name])
        else:
            raise ValueError(f"unknown matcher {name!r}; known: {', '.join(MATCHERS)}")
    return result


class MatchIndex:
    """Recorded requests bucketed by the exact fields in use, with play bookkeeping.

    Within a bucket, entries keep recording order, and a cursor skips the played prefix,
    so replaying N identical requests in order stays O(N) overall. A bucket key is equal
    exactly when those fields' matchers pass, so when the only other matcher is ``body``,
    candidates are confirmed by comparing bodies (each recorded one made comparable once)
    instead of running every matcher again.
    """

    def __init__(self, matchers: Sequence[Matcher]) -> None:
        self.matchers = list(matchers)
        self._key_parts = [_KEY_PARTS[m] for m in self.matchers if m in _KEY_PARTS]
        rest = [m for m in self.matchers if m not in _KEY_PARTS]
        self._keyed = all(m is body for m in rest)
        """True: the key and (when matched on) the body decide a match on their own."""
        self._by_body = any(m is body for m in rest)
        self._bodies: dict[int, Any] = {}
        self._buckets: dict[tuple[Any, ...], list[int]] = {}
        self._cursor: dict[tuple[Any, ...], int] = {}
        self._requests: list[Any] = []

    def key(self, request: Any) -> tuple[Any, ...]:
        """The bucket key of a request."""
        return tuple(part(request) for part in self._key_parts)

    def add(self, request: Any) -> int:
        """Index the next recorded request; returns its position."""
        position = len(self._requests)
        self._requests.append(request)
        self._buckets.setdefault(self.key(request), []).append(position)
        return position

    def find(
        self, request: Any, is_free: Callable[[int], bool], *, played: bool = True
    ) -> int | None:
        """The first recorded position that matches ``request`` and ``is_free``.

        ``played`` says that ``is_free`` is false exactly for played entries, which never
        become free again (until :meth:`rewind`), so the bucket's cursor may skip them.
        """
        key = self.key(request)
        bucket = self._buckets.get(key)
        if not bucket:
            return None
        start = self._cursor.get(key, 0)
        if played:
            while start < len(bucket) and not is_free(bucket[start]):
                start += 1  # played from the front: never look at them again
            self._cursor[key] = start
        wanted: Any = _NOT_YET
        for position in bucket[start:]:
            if not is_free(position):
                continue
            if not self._keyed:
                if requests_match(request, self._requests[position], self.matchers):
                    return position
                continue
            if not self._by_body:
                return position
            if wanted is _NOT_YET:
                wanted = _comparable_body(request)
            if wanted == self._recorded_body(position):
                return position
        return None

    def _recorded_body(self, position: int) -> Any:
        if position not in self._bodies:
            self._bodies[position] = _comparable_body(self._requests[position])
        return self._bodies[position]

    def rewind(self) -> None:
        """Forget the cursors (after play counts were reset)."""
        self._cursor.clear()


_NOT_YET = object()
