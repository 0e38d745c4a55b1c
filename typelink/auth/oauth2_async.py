"""Token requests under asyncio: the OAuth 2.0 form POST over aiohttp.

Used by the grants' ``fetch_async`` (see :mod:`typelink.auth.oauth2`, which builds the form
and parses the answer for both drivers). Each token request opens a short-lived
``aiohttp.ClientSession`` (token requests are rare; nothing outlives the event loop that
made it), trusts the environment's proxy and CA settings as ``requests`` does, and does not
follow redirects: a token endpoint that redirects is refused, never handed the client secret
on another origin.
"""

from __future__ import annotations

import base64
import time
from collections.abc import Mapping

from typelink._internal.aiohttp_import import load_aiohttp
from typelink.transport.response import BufferedResponse, JoinedHeaders

__all__ = ["post_form"]


async def post_form(
    url: str, form: Mapping[str, str], basic: tuple[str, str] | None, timeout: float
) -> BufferedResponse:
    """POST ``form`` to ``url`` (with ``Authorization: Basic`` when ``basic`` is given)."""
    aiohttp = load_aiohttp()
    headers = {"Accept": "application/json"}
    if basic is not None:
        pair = f"{basic[0]}:{basic[1]}".encode("latin-1")
        headers["Authorization"] = "Basic " + base64.b64encode(pair).decode("ascii")
    started = time.perf_counter()
    async with (
        aiohttp.ClientSession(
            trust_env=True, timeout=aiohttp.ClientTimeout(total=timeout)
        ) as session,
        session.post(url, data=dict(form), headers=headers, allow_redirects=False) as response,
    ):
        elapsed = time.perf_counter() - started
        content = await response.read()
        return BufferedResponse(
            response.status,
            JoinedHeaders(response.headers),
            content,
            str(response.url),
            elapsed,
            "POST",
        )
