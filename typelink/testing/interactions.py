"""Helpers on vcrpy's interaction shapes: request objects, request and response dicts.

vcrpy keeps a request as a ``vcr.request.Request`` (header values are strings) and a response
as a plain dict ``{"status": {...}, "headers": {name: [values]}, "body": {"string": bytes}}``.
Everything here returns new objects so a caller's data is never modified behind its back.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from typing import Any

from vcr.request import Request

from typelink.testing.limits import DecodeBudget, LimitExceeded, bounded_decompress
from typelink.testing.scrub import Scrubber


def header(headers: Mapping[str, Any], name: str) -> str | None:
    """A header's (first) value, looked up case-insensitively."""
    lname = name.lower()
    for key, value in headers.items():
        if str(key).lower() == lname:
            if isinstance(value, (list, tuple)):
                return str(value[0]) if value else None
            return None if value is None else str(value)
    return None


def body_bytes(body: Any) -> bytes | None:
    """A request or response body as bytes (vcrpy allows str, bytes, files and iterators)."""
    if body is None:
        return None
    if isinstance(body, bytes):
        return body
    if isinstance(body, bytearray):
        return bytes(body)
    if isinstance(body, str):
        return body.encode("utf-8")
    if hasattr(body, "getvalue"):
        value = body.getvalue()
        return value if isinstance(value, bytes) else str(value).encode("utf-8")
    if isinstance(body, (list, tuple)) or hasattr(body, "__next__"):
        return b"".join(x if isinstance(x, bytes) else str(x).encode("utf-8") for x in body)
    return None


def scrub_request(scrubber: Scrubber, request: Request, *, headers: bool = True) -> Request:
    """A scrubbed copy of a vcrpy request (the original is left as it was).

    ``headers=False`` leaves the headers as they are: for matching when headers are not
    compared (the recorded copy, which is written, always has them scrubbed).
    """
    raw = body_bytes(request.body)
    new_body = scrubber.body(raw, header(request.headers, "content-type"), "request body")
    new_uri = scrubber.uri(request.uri)
    new_headers = scrubber.headers(dict(request.headers)) if headers else dict(request.headers)
    return Request(method=request.method, uri=new_uri, body=new_body, headers=new_headers)


def scrub_request_for_matching(
    scrubber: Scrubber, request: Request, *, headers: bool = True
) -> Request:
    """:func:`scrub_request` for a request that is only compared, never stored: the
    request itself when scrubbing changes nothing (most requests, and it saves a copy)."""
    body = request.body
    if body is not None and not isinstance(body, bytes):  # a file or an iterator
        return scrub_request(scrubber, request, headers=headers)
    new_body = scrubber.body(body, header(request.headers, "content-type"), "request body")
    new_uri = scrubber.uri(request.uri)
    old_headers = dict(request.headers)
    new_headers = scrubber.headers(old_headers) if headers else old_headers
    if new_body == body and new_uri == request.uri and new_headers == old_headers:
        return request
    return Request(method=request.method, uri=new_uri, body=new_body, headers=new_headers)


def scrub_response(scrubber: Scrubber, response: Mapping[str, Any]) -> dict[str, Any]:
    """A scrubbed copy of a vcrpy response dict, with Content-Length kept truthful."""
    result = dict(response)
    headers = response.get("headers") or {}
    result["headers"] = scrubber.headers(headers) if isinstance(headers, Mapping) else headers
    body = response.get("body")
    if isinstance(body, Mapping) and body.get("string"):
        raw = body_bytes(body["string"])
        content_type = header(headers, "content-type") if isinstance(headers, Mapping) else None
        new = scrubber.body(raw, content_type, "response body")
        if new is not raw and new != raw and new is not None:
            result["body"] = {**body, "string": new}
            _set_content_length(result, len(new))
    return result


def _set_content_length(response: dict[str, Any], length: int) -> None:
    headers = response.get("headers")
    if not isinstance(headers, Mapping):
        return
    new_headers = dict(headers)
    for key in headers:
        if str(key).lower() == "content-length":
            new_headers[key] = [str(length)]
    response["headers"] = new_headers


def _decompress(encoding: str, data: bytes, limit: int) -> bytes | None:
    """Decoded bytes, or None when ``data`` is not compressed that way (already decoded).

    Never produces more than ``limit`` bytes (:class:`LimitExceeded` instead): a cassette
    is input anyone can write, and a few kilobytes of gzip can decode to gigabytes.
    """
    if encoding == "br":
        return _brotli(data, limit)
    return bounded_decompress(encoding, data, limit)


def _brotli(data: bytes, limit: int) -> bytes | None:
    """Brotli, only through a decompressor that can stop at a size (``brotli`` >= 1.1)."""
    try:
        brotli: Any = importlib.import_module("brotli")  # optional dependency
        decoder = brotli.Decompressor()
        result: bytes = decoder.process(data, output_buffer_limit=limit + 1)
    except Exception:  # not installed, too old to stop at a size, or not brotli data
        return None
    if len(result) > limit or not decoder.is_finished():
        raise LimitExceeded(f"a compressed body decodes to more than {limit:,} bytes")
    return result


def decode_response(
    response: Mapping[str, Any], budget: DecodeBudget | None = None
) -> tuple[dict[str, Any], bool]:
    """A copy of ``response`` with a compressed body decoded and ``Content-Encoding`` dropped.

    Cassettes recorded under urllib3 1.x hold gzip bytes; under 2.x the body is often
    already decoded while the header still says gzip. Both end up decoded and consistent.
    Returns ``(response, changed)``. Unknown encodings are left alone. Decoding stays
    within ``budget`` (one body's limit when none is given).
    """
    headers = response.get("headers")
    if not isinstance(headers, Mapping):
        return dict(response), False
    encoding_key = next((k for k in headers if str(k).lower() == "content-encoding"), None)
    if encoding_key is None:
        return dict(response), False
    raw_values = headers[encoding_key]
    values = raw_values if isinstance(raw_values, (list, tuple)) else [raw_values]
    encodings = [e.strip().lower() for v in values for e in str(v).split(",") if e.strip()]
    if not encodings or any(
        e not in ("gzip", "x-gzip", "deflate", "br", "identity") for e in encodings
    ):
        return dict(response), False
    result = dict(response)
    body = response.get("body")
    data = body_bytes(body.get("string")) if isinstance(body, Mapping) else None
    if data:
        budget = budget or DecodeBudget()
        stored = data
        for encoding in reversed(encodings):
            if encoding == "identity":
                continue
            decoded = _decompress(encoding, data, budget.next_limit())
            if decoded is None:
                break  # already decoded by the HTTP library when it was recorded
            data = decoded
        if data is not stored:
            budget.spend(len(data))
        assert isinstance(body, Mapping)
        result["body"] = {**body, "string": data}
    new_headers = {k: v for k, v in headers.items() if k != encoding_key}
    result["headers"] = new_headers
    if data is not None:
        _set_content_length(result, len(data))
    return result, True
