"""Recorded response headers as an ``http.client.HTTPMessage``, without a parser.

vcrpy turns every replayed response's headers into an ``HTTPMessage`` by writing them out
as text and running the e-mail parser over it (``vcr.stubs.parse_headers``), and does it
twice per response under requests. Most of a replay's per-request time went there.

:func:`fast_parse_headers` builds the very same message directly when the headers are
plain (token names, printable ASCII values, no more lines than ``http.client`` accepts):
the parser would read such a header back exactly as written, less leading spaces. Anything
else (folded or multi-line values, odd names, non-ASCII, non-list values) goes through
vcrpy's own function, so a hostile cassette gets exactly what it got before.
:func:`faster_header_parsing` installs it for the duration of a cassette.
"""

from __future__ import annotations

import http.client
import re
import threading
from collections.abc import Generator, Mapping
from contextlib import contextmanager
from typing import Any

from vcr import stubs as vcr_stubs

_NAME = re.compile(r"[\x21-\x39\x3b-\x7e]+")
"""What the e-mail parser accepts as a header name (anything else starts the body)."""
_MAX_LINES = 99
"""``http.client`` refuses more than 100 lines (``_MAXHEADERS``), and vcrpy's text has no
closing blank line, so the end of the text counts as the hundredth."""
_MAX_LINE = 65536
"""... and longer lines (``_MAXLINE``)."""


def _plain(headers: Any) -> bool:
    """Would the parser read these headers back exactly as they are written?"""
    if not isinstance(headers, dict):
        return False
    lines = 0
    for name, values in headers.items():
        if not isinstance(name, str) or _NAME.fullmatch(name) is None:
            return False
        if not isinstance(values, list):
            return False
        for value in values:
            if not isinstance(value, str) or not (value.isascii() and value.isprintable()):
                return False
            if len(name) + len(value) + 3 > _MAX_LINE:
                return False
        lines += len(values)
    return lines <= _MAX_LINES


def fast_parse_headers(headers: Mapping[str, Any]) -> http.client.HTTPMessage:
    """Same result as ``vcr.stubs.parse_headers(headers)``; fast for plain headers."""
    if not _plain(headers):
        parsed: http.client.HTTPMessage = original_parse_headers(headers)
        return parsed
    message = http.client.HTTPMessage()
    for name, values in headers.items():
        for value in values:
            # The parser drops the spaces after the colon; printable ASCII has no tabs.
            message[name] = value.lstrip(" ")
    message.set_payload("")  # the parser leaves an empty body, not None
    return message


original_parse_headers = vcr_stubs.parse_headers


_lock = threading.Lock()
_users = 0


@contextmanager
def faster_header_parsing() -> Generator[None, None, None]:
    """Use :func:`fast_parse_headers` for vcrpy's replayed responses inside the block.

    Blocks may nest and overlap across threads: vcrpy's own function is back once the
    last of them ends.
    """
    global _users
    with _lock:
        _users += 1
        vcr_stubs.parse_headers = fast_parse_headers
    try:
        yield
    finally:
        with _lock:
            _users -= 1
            if _users == 0:
                vcr_stubs.parse_headers = original_parse_headers
