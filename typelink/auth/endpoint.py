"""Sending a token request: no redirect followed, a bounded answer, typed failures.

A token request carries what must never reach another origin: a client secret (in the
``Authorization`` header or the form), a refresh token, a signed JWT or an assertion.
``requests`` would follow a ``307`` to any host with the form body, and decides whether to
keep ``Authorization`` with ``urlsplit`` (which reads ``http://evil\\@good/`` as ``good``).
So token requests never follow redirects: a ``3xx`` is a :class:`CredentialError`. The answer
is read within :data:`~typelink._internal.limits.TOKEN_RESPONSE_LIMIT` (decompressed) and the
running call's timeout and budget. Every failure is raised outside the ``except`` block that
saw it, so its chain carries nothing of the original exception.
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

__all__ = ["check_token_url", "send_token_request"]


def check_token_url(url: str, owner: str) -> str:
    """``url`` if it is a usable token URL (read as the transport connects), else a
    :class:`ConfigurationError` naming ``owner``."""
    try:
        parse_target(url)
    except UnsafeURLError as exc:
        raise ConfigurationError(f"{owner}: the token URL is refused: {exc}") from None
    return url


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
    allowance = min(timeout, blocking_allowance(timeout))
    if allowance <= 0:
        raise CredentialError(f"{where}: no time left in the call's budget") from None
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
    if response.is_redirect or 300 <= response.status_code < 400:
        response.close()
        location = redact_url(response.headers.get("Location", ""), secrets)
        raise CredentialError(
            f"{where} answered {response.status_code} with a redirect to {location!r}; "
            "token requests never follow redirects (the secret would go with them)"
        ) from None
    limits = ResponseLimits(TOKEN_RESPONSE_LIMIT, time.monotonic() + allowance)
    try:
        read_body(response, limits, allowance)
    except ResponseTooLarge:
        problem = f"answered more than {TOKEN_RESPONSE_LIMIT} bytes"
    except (DeadlineExceeded, requests.Timeout):
        problem = "timed out while answering"
    except requests.RequestException as exc:
        problem = f"answered a broken body ({type(exc).__name__})"
    if problem is not None:
        raise CredentialError(f"{where} {problem}") from None
    return response
