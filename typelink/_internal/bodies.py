"""Reading a response's body within the call's limits (size, deadline), whichever transport.

``requests`` reads a body in reads of fixed size, each bounded only by the socket timeout,
and decompresses whatever arrives at once; aiohttp decompresses as it reads, unbounded.
Here both transports hand the raw (still encoded) bytes to :class:`BodyAssembler`, which
decodes them with :mod:`typelink._internal.decoding` a bounded piece at a time and counts
them with :class:`~typelink._internal.limits.BodyBudget`: a bomb cannot grow memory past the
size limit, and the deadline is checked after every read. :func:`read_body` reads a
``requests`` response with ``read1`` (one socket read each, its timeout shortened to what is
left of the call's budget); :func:`read_body_async` reads an aiohttp response sent with
``auto_decompress=False`` (its ``total`` timeout, set by the caller, ends a stalled read at
the deadline). Used by both transports and by the token endpoints.
"""

from __future__ import annotations

import contextlib
from typing import Any

import requests
import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ProtocolError, ReadTimeoutError

from typelink._internal.decoding import DecodingError, decoder_for
from typelink._internal.limits import BodyBudget, ResponseLimits, ResponseTooLarge

__all__ = ["BodyAssembler", "has_body", "read_body", "read_body_async"]

_READ_SIZE = 64 * 1024
_PIECE = 64 * 1024


class BodyAssembler:
    """Decodes a body's raw bytes into one buffer, within ``limits``.

    Refuses at once a declared ``Content-Length`` over the size limit (for an answer that
    has a body at all); :meth:`feed` raises ``ResponseTooLarge``, ``DeadlineExceeded`` or
    ``DecodingError``.
    """

    __slots__ = ("budget", "decoder", "out")

    def __init__(
        self, limits: ResponseLimits, headers: Any, method: str | None, status: int
    ) -> None:
        self.budget = BodyBudget(limits)
        self.decoder = decoder_for(headers.get("Content-Encoding"))
        if has_body(method, status):  # a HEAD, 204 or 304 declares a length it does not send
            encoded = self.decoder is not None
            self.budget.check_declared(headers.get("Content-Length"), encoded=encoded)
        self.out = bytearray()

    def feed(self, data: bytes) -> None:
        """Decode and keep ``data`` (raw bytes as received)."""
        decoder, budget, out = self.decoder, self.budget, self.out
        if decoder is None:
            out += data
            budget.add(len(data))
            return
        piece = decoder.decode(data, _PIECE)
        out += piece
        budget.add(len(piece))
        while decoder.pending():
            piece = decoder.decode(b"", _PIECE)
            if not piece:
                break
            out += piece
            budget.add(len(piece))

    def finish(self) -> bytes:
        """The whole decoded body (what the decoder still held included)."""
        decoder = self.decoder
        if decoder is not None:
            while decoder.pending():
                self.feed(b"")
        return bytes(self.out)


def has_body(method: str | None, status: int) -> bool:
    """False for an answer that never has a body (to a HEAD; a 1xx, 204 or 304)."""
    if (method or "").upper() == "HEAD":
        return False
    return status >= 200 and status not in (204, 304)


def read_body(
    response: requests.Response, limits: ResponseLimits, read_timeout: float | None = None
) -> bytes:
    """Read the whole body of a response sent with ``stream=True``; it becomes
    ``response.content``. Raises ``ResponseTooLarge`` / ``DeadlineExceeded`` (and closes the
    connection), or the ``requests`` exception for a broken body."""
    try:
        raw = response.raw
        if isinstance(raw, urllib3.response.HTTPResponse):
            body = _read_urllib3(raw, response, limits, read_timeout)
        else:  # a replayed recording (vcrpy) or another adapter: requests' own reading
            body = _read_generic(response, BodyBudget(limits))
    except ResponseTooLarge as exc:
        exc.status_code = response.status_code
        response.close()
        raise
    except BaseException:
        response.close()
        raise
    filled: Any = response  # requests' own fields for a body it has read itself
    filled._content = body
    filled._content_consumed = True
    return body


def _read_generic(response: requests.Response, budget: BodyBudget) -> bytes:
    out = bytearray()
    for piece in response.iter_content(_READ_SIZE):
        out += piece
        budget.add(len(piece))
    return bytes(out)


def _read_urllib3(
    raw: urllib3.response.HTTPResponse,
    response: requests.Response,
    limits: ResponseLimits,
    read_timeout: float | None,
) -> bytes:
    request: Any = getattr(response, "request", None)  # None for a hand-built response
    method = request.method if request is not None else None
    body = BodyAssembler(limits, response.headers, method, response.status_code)
    budget = body.budget
    try:
        while True:
            budget.check_deadline()
            _set_socket_timeout(raw, limits.capped(read_timeout))
            data = _read1(raw, budget)
            if not data:
                break
            body.feed(data)
            if raw.length_remaining == 0:
                break  # the declared length is read: the next read would only find the end
        content = body.finish()
    except DecodingError as exc:
        raise requests.exceptions.ContentDecodingError(str(exc)) from None
    with contextlib.suppress(Exception):
        raw.release_conn()  # fully read: the connection goes back to the pool
    return content


def _read1(raw: urllib3.response.HTTPResponse, budget: BodyBudget) -> bytes:
    """One socket read (urllib3's errors as the ``requests`` exceptions they stand for)."""
    try:
        return raw.read1(_READ_SIZE)
    except ReadTimeoutError:
        budget.check_deadline()  # the shortened timeout fired: the budget is what ran out
        raise requests.exceptions.ReadTimeout("read timed out while reading the body") from None
    except ProtocolError as exc:
        raise requests.exceptions.ChunkedEncodingError(_kind(exc)) from None
    except Urllib3Error as exc:
        raise requests.exceptions.ConnectionError(_kind(exc)) from None


def _kind(exc: BaseException) -> str:
    """The failure's type and the type of its cause (their text may quote the URL)."""
    cause = exc.args[1] if len(exc.args) > 1 else None
    suffix = f" ({type(cause).__name__})" if isinstance(cause, BaseException) else ""
    return f"{type(exc).__name__}{suffix}: the response body broke off"


def _set_socket_timeout(raw: urllib3.response.HTTPResponse, seconds: float | None) -> None:
    """Shorten the next socket read's timeout (a replay or a closed socket has nothing)."""
    connection: Any = getattr(raw, "connection", None)
    sock: Any = getattr(connection, "sock", None)
    if sock is None:
        return
    timeout = None if seconds is None else max(seconds, 0.001)
    if sock.gettimeout() == timeout:
        return  # already so (urllib3 set the read timeout): no system calls
    with contextlib.suppress(OSError):
        sock.settimeout(timeout)


async def read_body_async(response: Any, limits: ResponseLimits) -> bytes:
    """Read the whole body of an aiohttp response (sent with ``auto_decompress=False``),
    decoded, within ``limits``. Raises ``ResponseTooLarge`` (its ``status_code`` set),
    ``DeadlineExceeded``, ``DecodingError`` or aiohttp's own failure, having closed the
    connection; a body read in full releases it to the pool."""
    try:
        body = BodyAssembler(limits, response.headers, response.method, response.status)
        stream = response.content
        body.budget.check_deadline()
        data = await stream.readany()
        if body.decoder is None and stream.at_eof():
            body.budget.add(len(data))  # the whole body came in one piece: kept as it is
            content = bytes(data)
        else:
            while data:
                body.feed(data)
                body.budget.check_deadline()
                data = await stream.readany()
            content = body.finish()
    except ResponseTooLarge as exc:
        exc.status_code = response.status
        response.close()
        raise
    except BaseException:
        response.close()  # a half-read connection is never reused
        raise
    response.release()
    return content
