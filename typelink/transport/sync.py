"""The blocking transport: sends an :class:`OutgoingRequest` through a ``requests.Session``.

It does what ``Session.request`` does, except that the settings ``requests`` reads from the
environment (proxies, ``no_proxy``, CA bundle) are computed once per origin and session
configuration instead of on every call: with a large environment that lookup is a tenth of a
local call's time. A request to an untrusted origin is default-deny: it carries only the
headers on :data:`typelink._internal.redact.CROSS_ORIGIN_SAFE_HEADERS` (never a credential of
the session, nor ``session.auth``, nor netrc). The body is read within the request's limits
(:func:`typelink._internal.bodies.read_body`): a size cap on the decoded body, and the call's
deadline, which also shortens the connect and read timeouts.
"""

from __future__ import annotations

import logging
from typing import Any

import requests

from typelink._internal.bodies import read_body
from typelink._internal.decoding import ACCEPT_ENCODING
from typelink._internal.limits import DeadlineExceeded, ResponseLimits
from typelink._internal.redact import (
    SENSITIVE_HEADERS,
    cross_origin_header_names,
    redact_url,
)
from typelink.transport.request import OutgoingRequest

__all__ = ["CREDENTIAL_HEADERS", "RequestsTransport"]

CREDENTIAL_HEADERS = SENSITIVE_HEADERS - {"proxy-authorization", "set-cookie"}
"""Credential headers (kept for compatibility; untrusted requests are now default-deny)."""

_REQUESTS_ACCEPT_ENCODING = requests.utils.DEFAULT_ACCEPT_ENCODING


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """An explicit 'no authentication', so ``requests`` applies neither session auth nor netrc."""
    return request


class RequestsTransport:
    """Sends requests through one ``requests.Session`` (the client's, or the one you passed)."""

    def __init__(self, session: requests.Session) -> None:
        self.session = session
        self._environment: dict[tuple[Any, ...], dict[str, Any]] = {}

    def send(self, request: OutgoingRequest) -> requests.Response:
        """Send ``request`` (redirects are not followed: the pipeline follows them itself) and
        read its body within ``request.limits``."""
        options = dict(request.kwargs)
        timeout = _capped_timeout(options.pop("timeout", None), request.limits)
        proxies = options.pop("proxies", None) or {}
        options.pop("stream", None)
        verify = options.pop("verify", None)
        cert = options.pop("cert", None)
        options.pop("allow_redirects", None)
        if not request.trusted:
            options["auth"] = _no_auth  # neither session.auth nor netrc for another host
        if request.params:
            options["params"] = request.params
        session = self.session
        prepared = session.prepare_request(
            requests.Request(
                method=request.method, url=request.url, headers=request.headers, **options
            )
        )
        if not request.trusted:  # session headers are merged in by prepare_request
            allowed = cross_origin_header_names()
            for name in list(prepared.headers):
                if name.lower() not in allowed:
                    del prepared.headers[name]
        if prepared.headers.get("Accept-Encoding") == _REQUESTS_ACCEPT_ENCODING:
            prepared.headers["Accept-Encoding"] = ACCEPT_ENCODING  # only what we can decode
        settings = self._settings(prepared.url or request.url, proxies, None, verify, cert)
        send_options: dict[str, Any] = {**settings, "stream": True}
        response = session.send(prepared, timeout=timeout, allow_redirects=False, **send_options)
        read_body(response, request.limits, _read_timeout(timeout))
        return response

    def _settings(
        self, url: str, proxies: dict[str, str], stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:
        session = self.session
        key = (
            tuple(url.split("/", 3)[:3]),  # scheme and authority: a cache key, not trust
            tuple(sorted(proxies.items())),
            stream,
            verify,
            cert,
            session.trust_env,
            tuple(sorted(session.proxies.items())),
            session.verify,
            session.cert,
            session.stream,
        )
        cached = self._environment.get(key)
        if cached is None:
            cached = dict(session.merge_environment_settings(url, proxies, stream, verify, cert))
            self._environment[key] = cached
        return cached

    def close(self) -> None:
        """Close the session's connection pools."""
        self.session.close()


def _capped_timeout(timeout: Any, limits: ResponseLimits) -> Any:
    """The connect and read timeouts, shortened to what is left of the call's deadline."""
    left = limits.remaining()
    if left is None:
        return timeout
    if left <= 0:
        raise DeadlineExceeded("the call's total budget ran out before the request was sent")
    if isinstance(timeout, tuple):
        connect, read = timeout
        return (limits.capped(connect), limits.capped(read))
    return limits.capped(timeout)


def _read_timeout(timeout: Any) -> float | None:
    if isinstance(timeout, tuple):
        read: float | None = timeout[1]
        return read
    return timeout if isinstance(timeout, (int, float)) else None


class _RedactingFilter(logging.Filter):
    """urllib3 logs each request line (``"GET /path?X-Amz-Signature=... HTTP/1.1" 200``) at
    DEBUG; its path and query are redacted like typelink's own log lines."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple) and record.args:
            record.args = tuple(
                redact_url(arg) if isinstance(arg, str) and ("=" in arg or "@" in arg) else arg
                for arg in record.args
            )
        return True


def _install_log_filter() -> None:
    urllib3_logger = logging.getLogger("urllib3.connectionpool")
    if not any(isinstance(f, _RedactingFilter) for f in urllib3_logger.filters):
        urllib3_logger.addFilter(_RedactingFilter())


_install_log_filter()
