"""aiohttp request bodies as the bytes on the wire, while a cassette is in use.

vcrpy records an aiohttp request with the ``data`` object the caller passed. For bytes that
is the body; for anything aiohttp turns into bytes itself (a ``FormData`` — the async
transport's multipart bodies —, a dict of form fields, a file, a ``json=`` value) vcrpy
keeps the object, or nothing: the recording then has no body to scrub or to match, so a
secret in a multipart field is neither removed from the request nor learnt for the response,
and any upload to the same URL replays any other's answer. A requests recording has the
bytes. :func:`aiohttp_bodies_as_bytes` gives aiohttp recordings the same: inside it, every
``ClientSession`` request with such a body is sent with the bytes aiohttp would have sent
(and their ``Content-Type``), so what is recorded, scrubbed and matched is what went out.

Only while a cassette is active, and only for bodies aiohttp would turn into bytes anyway:
bytes, text and async iterators (which vcrpy reads itself) pass unchanged. A file is read
into memory once, as vcrpy does for ``requests``.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Generator, Mapping
from contextlib import contextmanager
from typing import Any

__all__ = ["aiohttp_bodies_as_bytes"]


class _Collector:
    """The writer a payload writes itself to: it keeps the bytes."""

    def __init__(self) -> None:
        self.chunks: list[bytes] = []

    async def write(self, chunk: bytes | bytearray | memoryview) -> None:
        self.chunks.append(bytes(chunk))

    async def write_eof(self, chunk: bytes = b"") -> None:
        self.chunks.append(bytes(chunk))

    async def drain(self) -> None:
        return None


def _passes_unchanged(data: Any) -> bool:
    return (
        data is None
        or isinstance(data, (bytes, bytearray, memoryview, str))
        or hasattr(data, "__aiter__")
    )


async def _as_bytes(aiohttp: Any, data: Any) -> tuple[bytes, str | None]:
    """The body aiohttp would send for ``data``, and its ``Content-Type``."""
    if isinstance(data, aiohttp.FormData):
        payload = data()
    elif isinstance(data, aiohttp.payload.Payload):
        payload = data
    elif isinstance(data, Mapping) or (
        isinstance(data, (list, tuple)) and all(isinstance(i, tuple) for i in data)
    ):
        payload = aiohttp.FormData(data)()  # form fields (multipart when one is a file)
    else:
        payload = aiohttp.payload.get_payload(data)  # a file
    collector = _Collector()
    await payload.write(collector)
    content_type = payload.content_type if payload.content_type else None
    return b"".join(collector.chunks), content_type


def _with_content_type(headers: Any, content_type: str | None) -> Any:
    if content_type is None:
        return headers
    items = list(headers.items()) if headers is not None else []
    if any(str(name).lower() == "content-type" for name, _ in items):
        return headers
    return {**dict(items), "Content-Type": content_type}


def _bodies_as_bytes(aiohttp: Any, original: Callable[..., Any]) -> Callable[..., Any]:
    async def request(self: Any, method: str, url: Any, **kwargs: Any) -> Any:
        data = kwargs.get("data")
        json_value = kwargs.get("json")
        if data is None and json_value is not None:
            kwargs["json"] = None
            kwargs["data"] = self._json_serialize(json_value).encode("utf-8")
            kwargs["headers"] = _with_content_type(kwargs.get("headers"), "application/json")
        elif not _passes_unchanged(data):
            body, content_type = await _as_bytes(aiohttp, data)
            kwargs["data"] = body
            kwargs["headers"] = _with_content_type(kwargs.get("headers"), content_type)
        return await original(self, method, url, **kwargs)

    request.__name__ = getattr(original, "__name__", "_request")
    return request


@contextmanager
def aiohttp_bodies_as_bytes() -> Generator[None, None, None]:
    """Send (and so record) aiohttp bodies as bytes until the context ends.

    Wraps whatever ``ClientSession._request`` is when entered (vcrpy's recorder) and puts it
    back on exit. Does nothing when aiohttp was never imported (then nothing sends with it:
    vcrpy imports it on entering a cassette whenever it is installed).
    """
    aiohttp = sys.modules.get("aiohttp")
    if aiohttp is None:
        yield
        return
    importlib.import_module("aiohttp.payload")  # named by _as_bytes
    session_class = aiohttp.ClientSession
    original = session_class._request
    session_class._request = _bodies_as_bytes(aiohttp, original)
    try:
        yield
    finally:
        session_class._request = original
