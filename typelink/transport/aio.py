"""The asyncio transport: sends an :class:`OutgoingRequest` through a pooled aiohttp session.

One ``aiohttp.ClientSession`` per client (created on first use, inside the event loop that
uses it, and closed by the client), or the one you passed (never closed here). Like the
blocking transport it never follows redirects (the pipeline does, deciding trust per
target), and a request to an untrusted origin is default-deny: it carries only the headers on
:data:`typelink._internal.redact.CROSS_ORIGIN_SAFE_HEADERS`, through a session that shares the
pool but nothing else (no default headers or ``auth`` of a passed-in session, no cookies, no
``~/.netrc`` login). Settings that depend only on the origin (the proxy, read from the
environment as ``requests`` does) are computed once per origin, and the TLS context once per
``verify``/``cert`` pair, so a call costs no more than the request itself.

The body is read within the request's limits, as the blocking transport reads it
(:func:`typelink._internal.bodies.read_body_async`): decoded by typelink a bounded piece at a
time up to the size limit (aiohttp's own decompression is off), and within the call's
deadline, which also caps aiohttp's timeouts. aiohttp's failures become the pipeline's
transport failures (timeout, connection, a request that cannot be sent); a call cancelled
while waiting closes its connection instead of returning it to the pool.
"""

from __future__ import annotations

import asyncio
import math
import time
from typing import TYPE_CHECKING, Any

from typelink._internal.aiohttp_import import load_aiohttp
from typelink._internal.bodies import read_body_async
from typelink._internal.connection_settings import proxy_for, ssl_setting
from typelink._internal.decoding import ACCEPT_ENCODING, DecodingError
from typelink._internal.limits import DeadlineExceeded, ResponseLimits
from typelink._internal.redact import cross_origin_header_names
from typelink.errors import ConfigurationError
from typelink.transport.aio_options import RequestBody, encoded_url, timeout_values
from typelink.transport.failures import TransportFailure, TransportTimeout, TransportUnsendable
from typelink.transport.request import OutgoingRequest
from typelink.transport.response import BufferedResponse, JoinedHeaders

if TYPE_CHECKING:
    import ssl

    import aiohttp

__all__ = ["AiohttpTransport", "load_aiohttp"]

_CLOCK_SLACK = 0.005
"""A timeout that fires this close to the deadline (timers may fire a little early) is the
call's budget running out."""


class AiohttpTransport:
    """Sends requests through one ``aiohttp.ClientSession`` (the client's, or yours)."""

    def __init__(self, session: aiohttp.ClientSession | None = None) -> None:
        self._session = session
        self.owns_session = session is None
        self._aiohttp: Any = load_aiohttp()
        import yarl

        self._url_type: Any = yarl.URL
        self._loop: asyncio.AbstractEventLoop | None = None
        self._bare: aiohttp.ClientSession | None = None
        self._proxies: dict[tuple[str, Any], str | None] = {}
        self._ssl: dict[tuple[Any, Any], ssl.SSLContext | bool] = {}
        self._timeouts: dict[Any, aiohttp.ClientTimeout] = {}

    @property
    def session(self) -> aiohttp.ClientSession | None:
        """The session (None until the first request of a client-owned session)."""
        return self._session

    def _trusted_session(self) -> aiohttp.ClientSession:
        session = self._session
        if session is None:
            self._bind_loop()
            # The environment's proxies are applied per origin below, not by aiohttp,
            # which would look them (and ~/.netrc) up in a thread on every request.
            session = self._session = self._aiohttp.ClientSession(
                trust_env=False, timeout=self._aiohttp.ClientTimeout(total=None)
            )
        elif self._loop is None:
            self._bind_loop()
        elif asyncio.get_running_loop() is not self._loop:
            raise ConfigurationError(
                "this async client was first used in another event loop; an aiohttp session "
                "belongs to one loop (create the client inside the loop that uses it)"
            )
        assert session is not None
        return session

    def _bind_loop(self) -> None:
        self._loop = asyncio.get_running_loop()

    def _untrusted_session(self) -> aiohttp.ClientSession:
        """A session sharing the pool and nothing else: no default headers or ``auth`` (of
        a passed-in session), no cookies, no environment (netrc)."""
        session = self._trusted_session()
        bare = self._bare
        if bare is None:
            bare = self._bare = self._aiohttp.ClientSession(
                connector=session.connector,
                connector_owner=False,
                cookie_jar=self._aiohttp.DummyCookieJar(),
                timeout=session.timeout,
                trust_env=False,
            )
        return bare

    async def send(self, request: OutgoingRequest) -> BufferedResponse:
        """Send ``request`` (redirects are not followed: the pipeline follows them) and read
        its body within ``request.limits``."""
        if request.trusted:
            session = self._trusted_session()
            headers = request.headers
        else:
            session = self._untrusted_session()
            allowed = cross_origin_header_names()
            headers = {k: v for k, v in request.headers.items() if k.lower() in allowed}
        options = request.kwargs
        limits = request.limits
        try:
            text = encoded_url(request.url, request.params, options.get("params"))
            url = self._url_type(text, encoded=True)
            body = RequestBody(options, headers)
        except (ValueError, TypeError) as exc:
            raise TransportUnsendable(str(exc)) from exc
        headers = _with_defaults(headers, body.content_type, session)
        timeout = self._timeout(options.get("timeout"), session)
        if limits.deadline is not None:
            timeout = _within_deadline(self._aiohttp, timeout, limits)
        started = time.perf_counter()
        try:
            response = await session.request(
                request.method,
                url,
                headers=headers,
                data=body.data,
                allow_redirects=False,
                auto_decompress=False,  # decoded by typelink, within the size limit
                skip_auto_headers=("Content-Type",) if body.skip_content_type else None,
                timeout=timeout,
                ssl=self._ssl_for(url.scheme, options.get("verify", True), options.get("cert")),
                proxy=self._proxy_for(request.url, options.get("proxies")),
            )
            elapsed = time.perf_counter() - started
            content = await read_body_async(response, limits)
        except Exception as exc:
            failure = _failure(self._aiohttp, exc, limits)
            if failure is exc:
                raise
            raise failure from exc
        return BufferedResponse(
            response.status,
            JoinedHeaders(response.headers),
            content,
            text,  # the URL sent (redirects are never followed here)
            elapsed,
            request.method,
        )

    def _timeout(self, value: Any, session: aiohttp.ClientSession) -> aiohttp.ClientTimeout:
        """``(connect, read)`` as aiohttp's socket timeouts; the session's total is kept."""
        key = (value, session.timeout.total)
        cached = self._timeouts.get(key)
        if cached is None:
            connect, read = timeout_values(value)
            cached = self._aiohttp.ClientTimeout(
                total=session.timeout.total, sock_connect=connect, sock_read=read
            )
            self._timeouts[key] = cached
        return cached

    def _ssl_for(self, scheme: str, verify: Any, cert: Any) -> ssl.SSLContext | bool:
        if scheme != "https":
            return True  # no TLS: nothing to configure
        key = (verify, tuple(cert) if isinstance(cert, list) else cert)
        cached = self._ssl.get(key)
        if cached is None:
            cached = self._ssl[key] = ssl_setting(verify, cert)
        return cached

    def _proxy_for(self, url: str, proxies: Any) -> str | None:
        """The proxy for ``url``: the client's ``proxies``, else the environment's when the
        session is typelink's or trusts the environment (untrusted requests too)."""
        session = self._session
        from_environment = self.owns_session or (session is not None and session.trust_env)
        # the proxy depends on scheme and host only: "scheme:", "", "netloc" name them
        key = ("/".join(url.split("/", 3)[:3]), tuple(sorted(proxies.items())) if proxies else None)
        if key not in self._proxies:
            self._proxies[key] = proxy_for(url, proxies, from_environment)
        return self._proxies[key]

    async def close(self) -> None:
        """Close the session if this transport created it (a passed-in one stays open)."""
        if self._bare is not None:
            await self._bare.close()
            self._bare = None
        if self.owns_session and self._session is not None:
            session, self._session = self._session, None
            await session.close()


def _with_defaults(
    headers: dict[str, str], content_type: str | None, session: aiohttp.ClientSession
) -> dict[str, str]:
    """``headers`` plus the body's ``Content-Type`` and, unless the caller or the session
    chose one, typelink's ``Accept-Encoding``: only what it decodes (aiohttp would offer
    every coding it can decompress itself)."""
    merged = dict(headers)
    if content_type is not None:
        merged["Content-Type"] = content_type
    if "Accept-Encoding" in headers or "Accept-Encoding" in session.headers:
        return merged  # the session's headers are a case-insensitive multidict
    for name in headers:
        if name.lower() == "accept-encoding":
            return merged
    merged["Accept-Encoding"] = ACCEPT_ENCODING
    return merged


def _within_deadline(
    library: Any, timeout: aiohttp.ClientTimeout, limits: ResponseLimits
) -> aiohttp.ClientTimeout:
    """``timeout`` capped by what is left of the call's budget: its ``total`` covers the
    connection, the request and reading the whole body."""
    left = limits.remaining()
    if left is None:
        return timeout
    if left <= 0:
        raise DeadlineExceeded("the call's total budget ran out before the request was sent")
    capped: aiohttp.ClientTimeout = library.ClientTimeout(
        total=left if timeout.total is None else min(timeout.total, left),
        sock_connect=left if timeout.sock_connect is None else min(timeout.sock_connect, left),
        sock_read=left if timeout.sock_read is None else min(timeout.sock_read, left),
        ceil_threshold=math.inf,  # aiohttp would round a longer timeout up to a whole second
    )
    return capped


def _failure(aiohttp: Any, exc: Exception, limits: ResponseLimits) -> Exception:
    """aiohttp's exception as the pipeline's transport failure (others pass unchanged); a
    timeout at the call's deadline is the budget running out."""
    if isinstance(exc, TransportFailure):
        return exc
    text = str(exc) or type(exc).__name__
    if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        left = limits.remaining()
        if left is not None and left <= _CLOCK_SLACK:
            return DeadlineExceeded("the call's total budget ran out while waiting for the answer")
        return TransportTimeout(text)
    if isinstance(exc, DecodingError):
        return TransportFailure(f"{exc} (the response body does not decode)")
    if isinstance(exc, (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError)):
        return TransportUnsendable(text)
    if isinstance(exc, UnicodeEncodeError):
        return TransportUnsendable(
            text, hint="a header value is not Latin-1 text (HTTP headers cannot carry it as is)"
        )
    if isinstance(exc, (aiohttp.ClientError, OSError)):
        return TransportFailure(text)
    if isinstance(exc, ValueError):
        return TransportUnsendable(
            text, hint="a header value has a line break or is otherwise invalid"
        )
    return exc
