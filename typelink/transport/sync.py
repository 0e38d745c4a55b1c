"""The blocking transport: sends an :class:`OutgoingRequest` through a ``requests.Session``.

It does what ``session.prepare_request`` and ``session.send`` do, without their repeated
work: the settings ``requests`` reads from the environment for each call (proxies,
``no_proxy``, CA bundle, the netrc entry when the session trusts the environment) are
computed once per origin and session configuration (environment variables and ``~/.netrc``
as they were then: a new client reads them again); the ``PreparedRequest`` is built directly
(:mod:`typelink.transport.prepare`); and when the session's ``send`` and the mounted adapter
are ``requests``' own, the request goes straight to the adapter's connection pool
(:mod:`typelink.transport.direct`). A session subclass that overrides ``prepare_request`` or
``send``, and an adapter that changes how it sends (a mock, a cache, your own), are used as
``requests`` uses them. A request to an untrusted origin is default-deny: it carries only the
headers on :data:`typelink._internal.redact.CROSS_ORIGIN_SAFE_HEADERS` (never a credential of
the session, nor ``session.auth``, nor netrc). The body is read within the request's limits
(:func:`typelink._internal.bodies.read_body`): a size cap on the decoded body, and the call's
deadline, which also shortens the connect and read timeouts.
"""

from __future__ import annotations

import logging
from typing import Any

import requests
import requests.sessions
from requests.utils import get_netrc_auth

from typelink._internal.bodies import read_body
from typelink._internal.decoding import ACCEPT_ENCODING
from typelink._internal.limits import DeadlineExceeded, ResponseLimits
from typelink._internal.redact import (
    SENSITIVE_HEADERS,
    cross_origin_header_names,
    redact_url,
)
from typelink.transport.direct import PoolSlot, is_stock_adapter, send_direct, stock_session_methods
from typelink.transport.prepare import prepare_request, split_origin
from typelink.transport.request import OutgoingRequest

__all__ = ["CREDENTIAL_HEADERS", "RequestsTransport"]

CREDENTIAL_HEADERS = SENSITIVE_HEADERS - {"proxy-authorization", "set-cookie"}
"""Credential headers (kept for compatibility; untrusted requests are now default-deny)."""

_REQUESTS_ACCEPT_ENCODING = requests.utils.DEFAULT_ACCEPT_ENCODING
_merge_setting: Any = requests.sessions.merge_setting  # untyped in types-requests
_MAX_ORIGINS = 256
_DIRECT_OPTIONS = frozenset(
    {"data", "files", "json", "timeout", "proxies", "stream", "verify", "cert", "allow_redirects"}
)
"""Request options the direct preparation knows; any other (cookies, hooks...) goes through
``session.prepare_request``."""


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """An explicit 'no authentication', so ``requests`` applies neither session auth nor netrc."""
    return request


class _Origin:
    """What requests to one origin need under one session configuration (found once)."""

    __slots__ = ("netrc", "settings", "slot")

    def __init__(self, settings: dict[str, Any], netrc: Any) -> None:
        self.settings = settings
        self.netrc = netrc
        self.slot: PoolSlot | None = None


class RequestsTransport:
    """Sends requests through one ``requests.Session`` (the client's, or the one you passed)."""

    def __init__(self, session: requests.Session) -> None:
        self.session = session
        self._environment: dict[tuple[Any, ...], _Origin] = {}

    def send(self, request: OutgoingRequest) -> requests.Response:
        """Send ``request`` (redirects are not followed: the pipeline follows them itself) and
        read its body within ``request.limits``."""
        options = request.kwargs
        timeout = _capped_timeout(options.get("timeout"), request.limits)
        prefix, _ = split_origin(request.url)
        origin = self._origin(
            prefix, request.url, options.get("proxies"), options.get("verify"), options.get("cert")
        )
        session = self.session
        stock_prepare, stock_send = stock_session_methods(session)
        direct = stock_prepare and _DIRECT_OPTIONS.issuperset(options)
        prepared = (
            self._prepare(request, origin, prefix) if direct else self._prepare_slowly(request)
        )
        headers = prepared.headers
        if not request.trusted:  # session headers are merged in by the preparation
            allowed = cross_origin_header_names()
            for name in list(headers):
                if name.lower() not in allowed:
                    del headers[name]
        if headers.get("Accept-Encoding") == _REQUESTS_ACCEPT_ENCODING:
            headers["Accept-Encoding"] = ACCEPT_ENCODING  # only what we can decode
        settings = origin.settings
        url = prepared.url or request.url
        adapter = session.get_adapter(url) if direct else None
        if adapter is not None and stock_send and is_stock_adapter(adapter):
            slot = origin.slot
            if slot is None or not slot.usable(adapter):
                slot = origin.slot = PoolSlot.find(adapter, prepared, settings)
            target = url[len(prefix) :]
            if not (url.startswith(prefix) and target.startswith("/")) or "#" in target:
                target = prepared.path_url  # requests rewrote the URL's origin, or a fragment
            response = send_direct(session, slot, prepared, target, timeout, settings)
        else:
            send_options: dict[str, Any] = {**settings, "stream": True}
            response = session.send(
                prepared, timeout=timeout, allow_redirects=False, **send_options
            )
        read_body(response, request.limits, _read_timeout(timeout))
        return response

    def _prepare(
        self, request: OutgoingRequest, origin: _Origin, prefix: str
    ) -> requests.PreparedRequest:
        """``session.prepare_request`` for this request, built directly."""
        session = self.session
        params: Any = request.params
        if session.params:
            params = _merge_setting(params, session.params)
        auth = None
        if request.trusted:
            session_auth = session.auth
            auth = origin.netrc if session.trust_env and not session_auth else None
            if auth is None:
                auth = session_auth
        return prepare_request(session, request, params, auth, prefix)

    def _prepare_slowly(self, request: OutgoingRequest) -> requests.PreparedRequest:
        """``session.prepare_request`` itself (a session that overrides it, or options the
        direct preparation does not know)."""
        options = dict(request.kwargs)
        for name in ("timeout", "proxies", "stream", "verify", "cert", "allow_redirects"):
            options.pop(name, None)
        if not request.trusted:
            options["auth"] = _no_auth  # neither session.auth nor netrc for another host
        if request.params:
            options["params"] = request.params
        return self.session.prepare_request(
            requests.Request(
                method=request.method, url=request.url, headers=request.headers, **options
            )
        )

    def _origin(
        self, prefix: str, url: str, proxies: dict[str, str] | None, verify: Any, cert: Any
    ) -> _Origin:
        session = self.session
        key = (
            prefix,  # scheme and authority: a cache key, not trust
            tuple(sorted(proxies.items())) if proxies else (),
            verify,
            cert,
            session.trust_env,
            tuple(sorted(session.proxies.items())) if session.proxies else (),
            session.verify,
            session.cert,
            session.stream,
        )
        found = self._environment.get(key)
        if found is None:
            settings = dict(
                session.merge_environment_settings(url, dict(proxies or {}), None, verify, cert)
            )
            netrc = get_netrc_auth(prefix + "/") if session.trust_env else None
            if len(self._environment) >= _MAX_ORIGINS:
                self._environment.clear()
            found = self._environment[key] = _Origin(settings, netrc)
        return found

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
