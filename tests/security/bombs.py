"""Decompression bombs and a memory probe, for the size-limit tests.

A bomb is a small compressed body that expands to ``size`` bytes of ``b"0"`` (valid JSON
digits would not matter: the point is that reading must stop at the limit). They are built
by streaming compressors, so building one never holds the expanded body in memory.
"""

from __future__ import annotations

import functools
import tracemalloc
import zlib
from collections.abc import Callable
from typing import Any

_CHUNK = b"0" * (1024 * 1024)


@functools.cache
def bomb(encoding: str, size: int) -> bytes:
    """``size`` bytes of ``0``, compressed with ``encoding`` (gzip, deflate or br)."""
    if encoding == "br":
        import brotli

        compressor = brotli.Compressor(quality=5)
        parts = [compressor.process(_CHUNK) for _ in range(size // len(_CHUNK))]
        return b"".join(parts) + compressor.finish()
    wbits = 16 + zlib.MAX_WBITS if encoding == "gzip" else zlib.MAX_WBITS
    deflater = zlib.compressobj(9, zlib.DEFLATED, wbits)
    parts = [deflater.compress(_CHUNK) for _ in range(size // len(_CHUNK))]
    return b"".join(parts) + deflater.flush()


def peak_memory(action: Callable[[], Any]) -> tuple[int, BaseException | None]:
    """The peak of Python allocations while ``action`` runs, and what it raised."""
    tracemalloc.start()
    error: BaseException | None = None
    try:
        action()
    except BaseException as exc:  # the tests look at it
        error = exc
    finally:
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return peak, error
