"""Reading a ``requests`` response's body within the call's limits (size, deadline).

``requests`` reads a body in reads of fixed size, each bounded only by the socket timeout,
and decompresses whatever arrives at once. Here the body is read with ``read1`` (one socket
read each, with the socket timeout shortened to what is left of the call's budget), decoded
by :mod:`typelink._internal.decoding` a bounded piece at a time, and counted by
:class:`~typelink._internal.limits.BodyBudget`: a slow drip cannot outlast the call's budget
and a bomb cannot grow memory past the size limit. Used by the blocking transport and by the
token endpoints (OAuth 2.0 grants, GitHub App installation tokens).
"""

from __future__ import annotations

import contextlib
from typing import Any

import requests
import urllib3
from urllib3.exceptions import HTTPError as Urllib3Error
from urllib3.exceptions import ProtocolError, ReadTimeoutError

from typelink._internal.decoding import ContentDecoder, DecodingError, decoder_for
from typelink._internal.limits import BodyBudget, ResponseLimits, ResponseTooLarge

__all__ = ["read_body"]

_READ_SIZE = 64 * 1024
_PIECE = 64 * 1024


def read_body(
    response: requests.Response, limits: ResponseLimits, read_timeout: float | None = None
) -> bytes:
    """Read the whole body of a response sent with ``stream=True``; it becomes
    ``response.content``. Raises ``ResponseTooLarge`` / ``DeadlineExceeded`` (and closes the
    connection), or the ``requests`` exception for a broken body."""
    budget = BodyBudget(limits)
    try:
        raw = response.raw
        if isinstance(raw, urllib3.response.HTTPResponse):
            body = _read_urllib3(raw, response, budget, read_timeout)
        else:  # a replayed recording (vcrpy) or another adapter: requests' own reading
            body = _read_generic(response, budget)
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
    budget: BodyBudget,
    read_timeout: float | None,
) -> bytes:
    decoder = decoder_for(response.headers.get("Content-Encoding"))
    if _has_body(response):  # a HEAD, 204 or 304 declares a length it does not send
        budget.check_declared(response.headers.get("Content-Length"), encoded=decoder is not None)
    out = bytearray()
    while True:
        budget.check_deadline()
        _set_socket_timeout(raw, budget.limits.capped(read_timeout))
        data = _read1(raw, budget)
        if not data:
            break
        _decode_into(out, decoder, data, budget)
        if raw.length_remaining == 0:
            break  # the declared length is read: the next read would only find the end
    if decoder is not None:
        while decoder.pending():
            _decode_into(out, decoder, b"", budget)
    with contextlib.suppress(Exception):
        raw.release_conn()  # fully read: the connection goes back to the pool
    return bytes(out)


def _has_body(response: requests.Response) -> bool:
    request: Any = getattr(response, "request", None)  # None for a hand-built response
    if request is not None and (request.method or "").upper() == "HEAD":
        return False
    return response.status_code >= 200 and response.status_code not in (204, 304)


def _decode_into(
    out: bytearray, decoder: ContentDecoder | None, data: bytes, budget: BodyBudget
) -> None:
    if decoder is None:
        out += data
        budget.add(len(data))
        return
    try:
        piece = decoder.decode(data, _PIECE)
        out += piece
        budget.add(len(piece))
        while decoder.pending():
            piece = decoder.decode(b"", _PIECE)
            if not piece:
                break
            out += piece
            budget.add(len(piece))
    except DecodingError as exc:
        raise requests.exceptions.ContentDecodingError(str(exc)) from None


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
