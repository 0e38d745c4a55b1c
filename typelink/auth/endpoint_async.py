"""Sending a token request under asyncio: the same rules as the blocking one, over aiohttp.

Used by the OAuth 2.0 grants' ``fetch_async`` (:mod:`typelink.auth.oauth2` builds the form
and parses the answer for both drivers) and by ``GitHubApp.fetch_async``
(:mod:`typelink.github.app`: one JWT and one answer check for both drivers). The rules are
:mod:`typelink.auth.endpoint`'s: no redirect is ever followed (a ``3xx`` is a
:class:`CredentialError`, the secret stays home), the answer is read within the token size
limit (decompressed by typelink, a bounded piece at a time) and within the request's
timeout shortened to the running call's timeout and budget, and every failure is typed
and raised outside the handler that saw it.

Each token request opens a short-lived ``aiohttp.ClientSession`` (token requests are rare;
nothing outlives the event loop that made it), with the proxy and TLS verification
``requests`` would choose (:mod:`typelink._internal.connection_settings`). Unlike
``requests``, no ``~/.netrc`` login is added to a token request.
"""

from __future__ import annotations

import asyncio
import base64
import math
import ssl
import time
from collections.abc import Mapping, Sequence
from typing import Any

from typelink._internal.aiohttp_import import load_aiohttp
from typelink._internal.bodies import read_body_async
from typelink._internal.connection_settings import default_ssl_context, proxy_for, ssl_setting
from typelink._internal.decoding import ACCEPT_ENCODING, DecodingError
from typelink._internal.limits import DeadlineExceeded, ResponseTooLarge
from typelink.auth.endpoint import body_problem, redirect_refusal, token_allowance, token_limits
from typelink.errors import CredentialError
from typelink.transport.response import BufferedResponse, JoinedHeaders

__all__ = ["send_token_request_async"]


async def send_token_request_async(
    url: str,
    *,
    where: str,
    secrets: Sequence[str],
    headers: Mapping[str, str],
    timeout: float,
    data: Mapping[str, str] | None = None,
    basic: tuple[str, str] | None = None,
    verify: bool | str = True,
) -> BufferedResponse:
    """POST to a token endpoint (with HTTP Basic ``basic`` credentials, if given); the
    response comes back read (any status but a redirect). ``where`` names the endpoint in
    messages (already redacted). ``verify``: TLS verification as ``requests`` reads it
    (False, or a CA bundle path for a private CA)."""
    aiohttp = load_aiohttp()
    allowance = token_allowance(timeout, where)
    limits = token_limits(allowance)
    sent = {"Accept-Encoding": ACCEPT_ENCODING, **headers}
    if basic is not None:
        pair = f"{basic[0]}:{basic[1]}".encode("latin-1")  # form-encoded already: ASCII
        sent["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    session_timeout = aiohttp.ClientTimeout(total=allowance, ceil_threshold=math.inf)
    async with aiohttp.ClientSession(trust_env=False, timeout=session_timeout) as session:
        started = time.perf_counter()
        response: Any = None
        problem = ""
        try:
            response = await session.post(
                url,
                data=dict(data) if data is not None else None,
                headers=sent,
                allow_redirects=False,
                auto_decompress=False,
                proxy=proxy_for(url, None, from_environment=True),
                ssl=_tls_for(url, verify),
            )
        except (aiohttp.ClientError, OSError, ValueError, asyncio.TimeoutError) as exc:
            problem = f"failed: {type(exc).__name__} (could not be reached)"
        if response is None:
            raise CredentialError(f"{where} {problem}") from None
        elapsed = time.perf_counter() - started
        refusal = redirect_refusal(response.status, response.headers, where, secrets)
        if refusal is not None:
            response.close()
            raise refusal from None
        content: bytes | None = None
        try:
            content = await read_body_async(response, limits)
        except (*_READ_FAILURES, aiohttp.ClientError) as exc:
            problem = body_problem(exc)
        if content is None:
            raise CredentialError(f"{where} {problem}") from None
        headers_received = JoinedHeaders(response.headers)
        return BufferedResponse(response.status, headers_received, content, url, elapsed, "POST")


def _tls_for(url: str, verify: bool | str) -> ssl.SSLContext | bool:
    """aiohttp's ``ssl=`` for a token request to ``url`` (plain HTTP: no TLS at all)."""
    if not url.startswith("https:"):
        return True
    return default_ssl_context() if verify is True else ssl_setting(verify, None)


_READ_FAILURES = (ResponseTooLarge, DeadlineExceeded, DecodingError, OSError, asyncio.TimeoutError)
"""What reading a token answer may raise besides aiohttp's own errors (imported lazily)."""
