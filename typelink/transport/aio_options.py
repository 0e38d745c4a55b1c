"""Turning an :class:`OutgoingRequest`'s ``requests``-style options into aiohttp's.

uplink builds every request in ``requests``' terms (``data``, ``files``, ``params``,
``timeout``, ``verify``, ``cert``, ``proxies``). The async transport sends the same bytes
``requests`` would: the query and form bodies are encoded the way ``requests`` encodes them,
a text body is Latin-1 as ``http.client`` sends it, and aiohttp adds no ``Content-Type`` of
its own to a raw body. aiohttp is imported only when an async client sends. The proxy and
TLS settings are :mod:`typelink._internal.connection_settings`' (token requests share them).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

from requests.utils import requote_uri

from typelink.errors import ConfigurationError
from typelink.transport.failures import TransportUnsendable

__all__ = ["RequestBody", "encoded_url", "timeout_values"]

_PLAIN_URL = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=]*")
"""URL text ``requote_uri`` would leave unchanged (no ``%``, no space, ASCII only)."""

_HANDLED = frozenset(
    {"data", "files", "json", "timeout", "verify", "cert", "proxies", "stream", "allow_redirects"}
)


def encoded_url(url: str, params: Mapping[str, Any], extra_params: Any = None) -> str:
    """``url`` with ``params`` appended, quoted exactly as ``requests`` prepares it."""
    if _PLAIN_URL.fullmatch(url) is None:
        url = requote_uri(url)
    if not params and not extra_params:
        return url
    pairs = _pairs(params)
    if extra_params:
        pairs += _pairs(extra_params)
    if not pairs:
        return url
    base, _, fragment = url.partition("#")
    query = urlencode(pairs, doseq=True)
    joined = f"{base}{'&' if '?' in base else '?'}{query}"
    return f"{joined}#{fragment}" if fragment else joined


def _pairs(params: Any) -> list[tuple[str, Any]]:
    """``(key, value)`` pairs as ``requests`` lists them: lists repeat the key, None is left
    out."""
    items: Iterable[tuple[Any, Any]] = params.items() if isinstance(params, Mapping) else params
    pairs: list[tuple[str, Any]] = []
    for key, value in items:
        values = value if isinstance(value, (list, tuple)) else [value]
        pairs += [(key, v) for v in values if v is not None]
    return pairs


class RequestBody:
    """The body and the headers it implies, in aiohttp's terms."""

    __slots__ = ("content_type", "data", "skip_content_type")

    def __init__(self, options: Mapping[str, Any], headers: Mapping[str, str]) -> None:
        if not _HANDLED.issuperset(options):
            unknown = options.keys() - _HANDLED
            raise ConfigurationError(
                f"the async transport cannot send the request option(s) {sorted(unknown)}"
            )
        self.content_type: str | None = None
        self.skip_content_type = False
        files, data, json_body = options.get("files"), options.get("data"), options.get("json")
        if files is None and data is None and json_body is None:
            self.data: Any = None  # no body (a GET): nothing to encode, no Content-Type
            return
        has_type = any(name.lower() == "content-type" for name in headers)
        if files:
            self.data = _multipart(files, data)
        elif data is None and json_body is not None:
            import json

            self.data = json.dumps(json_body).encode()
            self.content_type = None if has_type else "application/json"
        elif isinstance(data, Mapping) or _is_pairs(data):
            self.data = urlencode(_pairs(data), doseq=True).encode()
            self.content_type = None if has_type else "application/x-www-form-urlencoded"
        else:
            self.data = _raw(data)
            self.skip_content_type = not has_type  # requests sends none for a raw body


def _is_pairs(data: Any) -> bool:
    return isinstance(data, list) and all(isinstance(item, tuple) for item in data)


def _raw(data: Any) -> Any:
    if data is None or isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    if isinstance(data, str):
        try:
            return data.encode("latin-1")  # what http.client sends for a str body
        except UnicodeEncodeError as exc:
            raise TransportUnsendable(
                "the body text is not Latin-1 (send bytes, encoded as the API expects)",
                hint="the body text is not Latin-1 (send bytes, encoded as the API expects)",
            ) from exc
    if hasattr(data, "read") or hasattr(data, "__aiter__"):
        return data  # a file (aiohttp reads it in a worker thread) or an async iterable
    if isinstance(data, Iterable):
        return _chunks(iter(data))
    raise TransportUnsendable(f"a {type(data).__name__} body cannot be sent")


async def _chunks(chunks: Iterator[Any]) -> AsyncIterator[bytes]:
    """A synchronous iterable body, as the async stream aiohttp sends (chunked)."""
    for chunk in chunks:
        yield chunk.encode() if isinstance(chunk, str) else bytes(chunk)


def _multipart(files: Any, data: Any) -> Any:
    """``requests``' ``files=`` (and form fields in ``data``) as an aiohttp ``FormData``."""
    import aiohttp

    form = aiohttp.FormData()
    for name, value in _pairs(data or {}):
        form.add_field(str(name), str(value))
    items = files.items() if isinstance(files, Mapping) else files
    for name, value in items:
        filename, content, content_type = name, value, None
        if isinstance(value, tuple):
            filename, content = value[0], value[1]
            content_type = value[2] if len(value) > 2 else None
        elif hasattr(value, "name") and isinstance(value.name, str):
            filename = value.name.rsplit("/", 1)[-1]
        form.add_field(str(name), content, filename=filename, content_type=content_type)
    return form


def timeout_values(timeout: Any) -> tuple[float | None, float | None]:
    """``(connect, read)`` seconds from a ``requests`` timeout (a number: both)."""
    if timeout is None:
        return None, None
    if isinstance(timeout, (tuple, list)):
        return timeout[0], timeout[1]
    return float(timeout), float(timeout)
