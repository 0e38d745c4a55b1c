"""Sending a token request: no redirect followed, a bounded answer, typed failures.

A token request carries what must never reach another origin: a client secret (in the
``Authorization`` header or the form), a refresh token, a signed JWT or an assertion.
``requests`` would follow a ``307`` to any host with the form body, and decides whether to
keep ``Authorization`` with ``urlsplit`` (which reads ``http://evil\\@good/`` as ``good``).
So token requests never follow redirects: a ``3xx`` is a :class:`CredentialError`. The answer
is read within :data:`~typelink._internal.limits.TOKEN_RESPONSE_LIMIT` (decompressed) and the
running call's timeout and budget. Every failure is raised outside the ``except`` block that
saw it, so its chain carries nothing of the original exception.

These rules are written once here (:func:`token_allowance`, :func:`redirect_refusal`,
:func:`body_problem`); :func:`send_token_request` applies them over ``requests``, and
:func:`typelink.auth.endpoint_async.send_token_request_async` over aiohttp.
"""

from __future__ import annotations

import time
from collections.abc import Mapping, Sequence
from typing import Any

import requests

from typelink._internal.bodies import read_body
from typelink._internal.limits import (
    TOKEN_RESPONSE_LIMIT,
    DeadlineExceeded,
    ResponseLimits,
    ResponseTooLarge,
    blocking_allowance,
)
from typelink._internal.redact import redact_url
from typelink._internal.urls import parse_target
from typelink.errors import ConfigurationError, CredentialError, UnsafeURLError

__all__ = [
    "body_problem",
    "check_token_url",
    "redirect_refusal",
    "send_token_request",
    "token_allowance",
    "token_limits",
]


def check_token_url(url: str, owner: str) -> str:
    """``url`` if it is a usable token URL (read as the transport connects), else a
    :class:`ConfigurationError` naming ``owner``."""
    try:
        parse_target(url)
    except UnsafeURLError as exc:
        raise ConfigurationError(f"{owner}: the token URL is refused: {exc}") from None
    return url


def token_allowance(timeout: float, where: str) -> float:
    """Seconds the token request may take: its own ``timeout``, shortened to the running
    call's timeout and what is left of its budget (none left: a :class:`CredentialError`)."""
    allowance = min(timeout, blocking_allowance(timeout))
    if allowance <= 0:
        raise CredentialError(f"{where}: no time left in the call's budget") from None
    return allowance


def token_limits(allowance: float) -> ResponseLimits:
    """The limits a token answer is read within: its size, and the request's allowance."""
    return ResponseLimits(TOKEN_RESPONSE_LIMIT, time.monotonic() + allowance)


def redirect_refusal(
    status: int, headers: Mapping[str, str], where: str, secrets: Sequence[str]
) -> CredentialError | None:
    """The error for a redirect answer (None for any other status): never followed."""
    if not 300 <= status < 400:
        return None
    location = redact_url(headers.get("Location", ""), secrets)
    return CredentialError(
        f"{where} answered {status} with a redirect to {location!r}; "
        "token requests never follow redirects (the secret would go with them)"
    )


def body_problem(exc: BaseException) -> str:
    """What went wrong reading a token answer, in words (the exception's text may quote
    the answer)."""
    if isinstance(exc, ResponseTooLarge):
        return f"answered more than {TOKEN_RESPONSE_LIMIT} bytes"
    if isinstance(exc, (DeadlineExceeded, requests.Timeout, TimeoutError)):
        return "timed out while answering"
    return f"answered a broken body ({type(exc).__name__})"


def send_token_request(
    session: requests.Session,
    url: str,
    *,
    where: str,
    secrets: Sequence[str],
    headers: Mapping[str, str],
    timeout: float,
    data: Mapping[str, str] | None = None,
    auth: Any = None,
    verify: bool | str | None = None,
) -> requests.Response:
    """POST to a token endpoint; the response comes back with its body read (any status but
    a redirect). ``where`` names the endpoint in messages (already redacted)."""
    allowance = token_allowance(timeout, where)
    options: dict[str, Any] = {"verify": verify} if verify is not None else {}
    problem: str | None = None
    response: requests.Response | None = None
    try:
        response = session.post(
            url,
            data=data,
            auth=auth,
            headers=dict(headers),
            timeout=allowance,
            allow_redirects=False,
            stream=True,
            **options,
        )
    except requests.RequestException as exc:
        problem = f"failed: {type(exc).__name__} (could not be reached)"
    if response is None:
        raise CredentialError(f"{where} {problem}") from None
    refusal = redirect_refusal(response.status_code, response.headers, where, secrets)
    if refusal is not None:
        response.close()
        raise refusal from None
    try:
        read_body(response, token_limits(allowance), allowance)
    except (ResponseTooLarge, DeadlineExceeded, requests.RequestException) as exc:
        problem = body_problem(exc)
    if problem is not None:
        raise CredentialError(f"{where} {problem}") from None
    return response
