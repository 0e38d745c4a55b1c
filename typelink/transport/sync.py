"""The blocking transport: sends an :class:`OutgoingRequest` through a ``requests.Session``.

It does what ``Session.request`` does, except that the settings ``requests`` reads from the
environment (proxies, ``no_proxy``, CA bundle) are computed once per origin and session
configuration instead of on every call: with a large environment that lookup is a tenth of a
local call's time. A request to an untrusted origin carries no credential of the session
(neither ``session.auth``, nor netrc, nor a credential header set on the session).
"""

from __future__ import annotations

from typing import Any

import requests

from typelink._internal.redact import SENSITIVE_HEADERS
from typelink.transport.request import OutgoingRequest
from typelink.transport.urls import origin_of

__all__ = ["CREDENTIAL_HEADERS", "RequestsTransport"]

CREDENTIAL_HEADERS = SENSITIVE_HEADERS - {"proxy-authorization", "set-cookie"}
"""Headers never sent to an untrusted origin (the proxy's own credential stays)."""


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """An explicit 'no authentication', so ``requests`` applies neither session auth nor netrc."""
    return request


class RequestsTransport:
    """Sends requests through one ``requests.Session`` (the client's, or the one you passed)."""

    def __init__(self, session: requests.Session) -> None:
        self.session = session
        self._environment: dict[tuple[Any, ...], dict[str, Any]] = {}

    def send(self, request: OutgoingRequest) -> requests.Response:
        """Send ``request`` (redirects are not followed: the pipeline follows them itself)."""
        options = dict(request.kwargs)
        timeout = options.pop("timeout", None)
        proxies = options.pop("proxies", None) or {}
        stream = options.pop("stream", None)
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
            for name in list(prepared.headers):
                if name.lower() in CREDENTIAL_HEADERS:
                    del prepared.headers[name]
        settings = self._settings(prepared.url or request.url, proxies, stream, verify, cert)
        return session.send(prepared, timeout=timeout, allow_redirects=False, **settings)

    def _settings(
        self, url: str, proxies: dict[str, str], stream: Any, verify: Any, cert: Any
    ) -> dict[str, Any]:
        session = self.session
        key = (
            origin_of(url),
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
