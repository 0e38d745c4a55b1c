"""The asyncio transport: sends an :class:`OutgoingRequest` through a pooled aiohttp session.

One ``aiohttp.ClientSession`` per client (created on first use, inside the event loop that
uses it, and closed by the client), or the one you passed (never closed here). Like the
blocking transport it never follows redirects (the pipeline does, deciding trust per
target), and a request to an untrusted origin carries no credential of the session: no
credential header, neither the session's default headers nor its ``auth``, and no
``~/.netrc`` login. Settings that depend only on the origin (the proxy, read from the
environment as ``requests`` does) are computed once per origin, and the TLS context once
per ``verify``/``cert`` pair, so a call costs no more than the request itself.

aiohttp's failures become the pipeline's transport failures (timeout, connection, a request
that cannot be sent); the body is read in full before the response is returned, and a call
cancelled while waiting closes its connection instead of returning it to the pool.
"""

from __future__ import annotations

import asyncio
import time
from typing import TYPE_CHECKING, Any

from typelink._internal.aiohttp_import import load_aiohttp
from typelink.errors import ConfigurationError
from typelink.transport.aio_options import (
    RequestBody,
    encoded_url,
    proxy_for,
    ssl_setting,
    timeout_values,
)
from typelink.transport.failures import TransportFailure, TransportTimeout, TransportUnsendable
from typelink.transport.request import OutgoingRequest
from typelink.transport.response import BufferedResponse, JoinedHeaders
from typelink.transport.sync import CREDENTIAL_HEADERS

if TYPE_CHECKING:
    import ssl

    import aiohttp

__all__ = ["AiohttpTransport", "load_aiohttp"]


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
        """A session sharing the pool but none of the credentials a passed-in session holds."""
        session = self._trusted_session()
        if not _has_credentials(session):
            return session
        bare = self._bare
        if bare is None:
            bare = self._bare = self._aiohttp.ClientSession(
                connector=session.connector,
                connector_owner=False,
                cookie_jar=session.cookie_jar,
                timeout=session.timeout,
                trust_env=False,
            )
        return bare

    async def send(self, request: OutgoingRequest) -> BufferedResponse:
        """Send ``request`` (redirects are not followed: the pipeline follows them)."""
        aiohttp = self._aiohttp
        session = self._trusted_session() if request.trusted else self._untrusted_session()
        options = request.kwargs
        headers = request.headers
        if not request.trusted:
            headers = {k: v for k, v in headers.items() if k.lower() not in CREDENTIAL_HEADERS}
        try:
            text = encoded_url(request.url, request.params, options.get("params"))
            url = self._url_type(text, encoded=True)
            body = RequestBody(options, headers)
        except (ValueError, TypeError) as exc:
            raise TransportUnsendable(str(exc)) from exc
        if body.content_type is not None:
            headers = {**headers, "Content-Type": body.content_type}
        started = time.perf_counter()
        try:
            response = await session.request(
                request.method,
                url,
                headers=headers,
                data=body.data,
                allow_redirects=False,
                skip_auto_headers=("Content-Type",) if body.skip_content_type else None,
                timeout=self._timeout(options.get("timeout"), session),
                ssl=self._ssl_for(url.scheme, options.get("verify", True), options.get("cert")),
                proxy=self._proxy_for(request.url, options.get("proxies"), session),
            )
            elapsed = time.perf_counter() - started
            try:
                content = await response.read()
            except BaseException:
                response.close()  # a half-read connection is never reused
                raise
        except Exception as exc:
            failure = _failure(aiohttp, exc)
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

    def _proxy_for(self, url: str, proxies: Any, session: aiohttp.ClientSession) -> str | None:
        from_environment = self.owns_session or session.trust_env
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


def _has_credentials(session: aiohttp.ClientSession) -> bool:
    """Would the session add a credential of its own to a request?"""
    if session.auth is not None or session.trust_env:
        return True
    return any(name.lower() in CREDENTIAL_HEADERS for name in session.headers)


def _failure(aiohttp: Any, exc: Exception) -> Exception:
    """aiohttp's exception as the pipeline's transport failure (others pass unchanged)."""
    if isinstance(exc, TransportFailure):
        return exc
    text = str(exc) or type(exc).__name__
    if isinstance(exc, (asyncio.TimeoutError, aiohttp.ServerTimeoutError)):
        return TransportTimeout(text)
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
