"""Content decoding (gzip, deflate, brotli) that never produces more than asked for.

A 10 KB gzip body can decompress to 10 MB, a brotli one to far more. Decoding a whole read
at once would put all of it in memory before any size check; these decoders produce at most
``limit`` bytes per call and keep the rest of the input, so the reader can count and stop at
the response size limit with memory bounded by one piece. Transport-neutral: the blocking
transport feeds raw socket reads, an async one would feed its own.
"""

from __future__ import annotations

import importlib
import zlib
from typing import Any, Protocol

__all__ = ["ACCEPT_ENCODING", "ContentDecoder", "DecodingError", "decoder_for"]


class DecodingError(Exception):
    """The body does not decode with its ``Content-Encoding``."""


class ContentDecoder(Protocol):
    """Decodes a stream piece by piece."""

    def decode(self, data: bytes, limit: int) -> bytes:
        """Consume ``data`` (keeping what does not fit) and return at most ``limit`` bytes."""
        ...

    def pending(self) -> bool:
        """True while output is waiting without more input (call ``decode(b"", ...)``)."""
        ...


def _brotli_module() -> Any:
    try:
        brotli: Any = importlib.import_module("brotli")
    except ImportError:
        return None
    # Only a Decompressor that can bound its output (brotli >= 1.2) is safe against bombs.
    return brotli if hasattr(brotli.Decompressor(), "can_accept_more_data") else None


_BROTLI = _brotli_module()

ACCEPT_ENCODING = "gzip, deflate, br" if _BROTLI is not None else "gzip, deflate"
"""The encodings typelink decodes (sent as ``Accept-Encoding`` unless the caller set one)."""


class _ZlibDecoder:
    """gzip (every member of a multi-member body) or deflate (zlib-wrapped, else raw)."""

    __slots__ = ("_gzip", "_obj", "_raw_tried", "_started", "_tail")

    def __init__(self, gzip: bool) -> None:
        self._gzip = gzip
        self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS if gzip else zlib.MAX_WBITS)
        self._raw_tried = gzip
        self._started = False
        self._tail = b""

    def decode(self, data: bytes, limit: int) -> bytes:
        data = self._tail + data if self._tail else data
        out = bytearray()
        while data and len(out) < limit:
            try:
                piece = self._obj.decompress(data, limit - len(out))
            except zlib.error as exc:
                if self._raw_tried or self._started:
                    raise DecodingError(f"invalid {self._name} data") from exc
                self._raw_tried = True  # "deflate" sent without the zlib wrapper
                self._obj = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._started = self._started or bool(piece)
            out += piece
            data = self._obj.unconsumed_tail
            if self._obj.eof:
                data = self._next_member()
        self._tail = data
        return bytes(out)

    def _next_member(self) -> bytes:
        rest = self._obj.unused_data
        if self._gzip and rest.strip(b"\x00"):
            self._obj = zlib.decompressobj(16 + zlib.MAX_WBITS)
            return rest
        return b""  # trailing garbage after the stream is ignored, as urllib3 does

    @property
    def _name(self) -> str:
        return "gzip" if self._gzip else "deflate"

    def pending(self) -> bool:
        return bool(self._tail)


class _BrotliDecoder:
    __slots__ = ("_obj", "_tail")

    def __init__(self) -> None:
        self._obj = _BROTLI.Decompressor()
        self._tail = b""

    def decode(self, data: bytes, limit: int) -> bytes:
        self._tail += data
        try:
            if self._obj.can_accept_more_data():
                chunk, self._tail = self._tail, b""
                result: bytes = self._obj.process(chunk, output_buffer_limit=limit)
            else:
                result = self._obj.process(b"", output_buffer_limit=limit)
        except _BROTLI.error as exc:
            raise DecodingError("invalid brotli data") from exc
        return result

    def pending(self) -> bool:
        return bool(self._tail) or not self._obj.can_accept_more_data()


class _ChainDecoder:
    """``Content-Encoding: gzip, br``: undo the last encoding first."""

    __slots__ = ("_decoders",)

    def __init__(self, decoders: list[ContentDecoder]) -> None:
        self._decoders = decoders

    def decode(self, data: bytes, limit: int) -> bytes:
        for decoder in self._decoders:
            data = decoder.decode(data, limit)
        return data

    def pending(self) -> bool:
        return any(decoder.pending() for decoder in self._decoders)


def _single(name: str) -> ContentDecoder | None:
    if name in ("gzip", "x-gzip"):
        return _ZlibDecoder(gzip=True)
    if name == "deflate":
        return _ZlibDecoder(gzip=False)
    if name == "br" and _BROTLI is not None:
        return _BrotliDecoder()
    return None


def decoder_for(content_encoding: str | None) -> ContentDecoder | None:
    """The decoder for a ``Content-Encoding`` value; None for identity or an encoding
    typelink does not decode (the body is then kept as sent, as urllib3 does)."""
    if not content_encoding:
        return None
    names = [n.strip().lower() for n in (content_encoding or "").split(",")]
    names = [n for n in names if n and n != "identity"]
    if not names:
        return None
    decoders = [_single(name) for name in reversed(names)]
    if any(d is None for d in decoders):
        return None
    found = [d for d in decoders if d is not None]
    return found[0] if len(found) == 1 else _ChainDecoder(found)
