"""Credentials that never change: bearer tokens, header schemes, API keys, Basic, callables.

They all implement :class:`typelink.hooks.Auth`. Being static, they always report generation
0 and never refresh, so a 401 is final for them. Their ``repr`` and ``identity`` never show
the secret: ``identity`` is a short hash, stable enough for cache keys and logs.
"""

from __future__ import annotations

import base64
import hashlib
import inspect
import secrets as _secrets
from collections.abc import Awaitable, Callable, Sequence
from urllib.parse import quote

from typelink._internal.redact import REDACTED, mark_sensitive_headers
from typelink.declare.spec import EndpointInfo
from typelink.errors import ConfigurationError
from typelink.transport.request import OutgoingRequest

__all__ = [
    "APIKeyHeader",
    "APIKeyQuery",
    "BasicAuth",
    "BearerToken",
    "CallableAuth",
    "HeaderScheme",
    "fingerprint",
    "set_header",
]


def fingerprint(secret: str) -> str:
    """The first 12 hex digits of the secret's SHA-256: identifies it without revealing it."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()[:12]


def whole_fingerprint(*parts: str) -> str:
    """A fingerprint of every part of a credential together (user *and* password), so two
    credentials that differ anywhere never share an identity (or a cache entry)."""
    material = "\0".join(f"{len(part)}:{part}" for part in parts)
    return hashlib.sha256(material.encode("utf-8")).hexdigest()[:32]


def set_header(headers: dict[str, str], name: str, value: str) -> None:
    """Set ``name`` replacing any spelling of it, since HTTP header names ignore case."""
    lowered = name.lower()
    for existing in [key for key in headers if key.lower() == lowered]:
        del headers[existing]
    headers[name] = value


class _StaticAuth:
    """Shared behaviour: generation 0, nothing to refresh, and nothing that waits, so an
    async client calls them directly on the event loop (``blocking = False``)."""

    __slots__ = ()
    blocking = False

    def refresh(self, failed_generation: int, endpoint: EndpointInfo) -> bool:
        """Static credentials cannot be renewed, so a 401 is never replayed."""
        return False


class HeaderScheme(_StaticAuth):
    """``<header>: <scheme> <token>``.

    ``HeaderScheme("token", t)`` sends ``Authorization: token t`` (GitHub's classic form).
    """

    __slots__ = ("_header", "_scheme", "_token")

    def __init__(self, scheme: str, token: str, header: str = "Authorization") -> None:
        self._scheme = scheme
        self._token = token
        self._header = header
        mark_sensitive_headers([header])

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        """Put the credential header on the request."""
        value = f"{self._scheme} {self._token}" if self._scheme else self._token
        set_header(request.headers, self._header, value)
        return 0

    def secret_values(self) -> Sequence[str]:
        """The token itself."""
        return (self._token,)

    def identity(self) -> str:
        """``<scheme>:<fingerprint>`` (the header name too, when it is not Authorization)."""
        name = (self._scheme or self._header).lower()
        if self._header.lower() != "authorization":
            name += f"@{self._header.lower()}"
        return f"{name}:{fingerprint(self._token)}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}(scheme={self._scheme!r}, token={REDACTED})"


class BearerToken(HeaderScheme):
    """``Authorization: Bearer <token>`` (RFC 6750)."""

    __slots__ = ()

    def __init__(self, token: str) -> None:
        super().__init__("Bearer", token)

    def __repr__(self) -> str:
        return f"BearerToken(token={REDACTED})"


class APIKeyHeader(_StaticAuth):
    """An API key sent as a bare header value, e.g. ``X-API-Key: <key>``."""

    __slots__ = ("_header", "_key")

    def __init__(self, key: str, header: str = "X-API-Key") -> None:
        self._key = key
        self._header = header
        mark_sensitive_headers([header])

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        """Put the key header on the request."""
        set_header(request.headers, self._header, self._key)
        return 0

    def secret_values(self) -> Sequence[str]:
        """The key."""
        return (self._key,)

    def identity(self) -> str:
        """``apikey:<fingerprint>``."""
        return f"apikey:{fingerprint(self._key)}"

    def __repr__(self) -> str:
        return f"APIKeyHeader(header={self._header!r}, key={REDACTED})"


class APIKeyQuery(_StaticAuth):
    """An API key sent as a query parameter, e.g. ``?api_key=<key>``.

    Query strings end up in server logs and proxies; prefer a header when the API allows it.
    """

    __slots__ = ("_key", "_param")

    def __init__(self, key: str, param: str = "api_key") -> None:
        self._key = key
        self._param = param

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        """Add the key to the query parameters."""
        request.params[self._param] = self._key
        return 0

    def secret_values(self) -> Sequence[str]:
        """The key, raw and percent-encoded (as it appears in a URL)."""
        encoded = quote(self._key, safe="")
        return (self._key, encoded) if encoded != self._key else (self._key,)

    def identity(self) -> str:
        """``apikey:<fingerprint>``."""
        return f"apikey:{fingerprint(self._key)}"

    def __repr__(self) -> str:
        return f"APIKeyQuery(param={self._param!r}, key={REDACTED})"


class BasicAuth(_StaticAuth):
    """HTTP Basic authentication (RFC 7617), UTF-8 encoded."""

    __slots__ = ("_encoded", "_password", "_username")

    def __init__(self, username: str, password: str) -> None:
        self._username = username
        self._password = password
        raw = f"{username}:{password}".encode()
        self._encoded = base64.b64encode(raw).decode("ascii")

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        """Put ``Authorization: Basic ...`` on the request."""
        set_header(request.headers, "Authorization", f"Basic {self._encoded}")
        return 0

    def secret_values(self) -> Sequence[str]:
        """The password and the encoded pair (which reveals it)."""
        return (self._password, self._encoded)

    def identity(self) -> str:
        """``basic:<fingerprint of username and password>``: a wrong password is another
        principal, and must never be answered from the right one's cache entries."""
        return f"basic:{whole_fingerprint(self._username, self._password)}"

    def __repr__(self) -> str:
        return f"BasicAuth(username={REDACTED}, password={REDACTED})"


class CallableAuth(_StaticAuth):
    """Any function that edits the outgoing request (signing schemes, custom headers...).

    ``secrets`` lists the values the function adds, so they can be redacted (their
    fingerprint is part of the identity); ``headers`` the header names it sets (never sent
    to another host, redacted in logs). ``name`` declares the identity: without a name and
    without secrets nothing says who the principal is, so the identity is unique to this
    object and its responses are not shared with any other client through a cache. Under
    an async client, an ``async def`` function is awaited; a plain one is called on the
    event loop, so it must not wait on I/O (sign, do not fetch).
    """

    __slots__ = ("_fn", "_identity", "_name", "_secrets")

    def __init__(
        self,
        fn: Callable[[OutgoingRequest], None] | Callable[[OutgoingRequest], Awaitable[None]],
        *,
        secrets: Sequence[str] = (),
        name: str | None = None,
        headers: Sequence[str] = (),
    ) -> None:
        self._fn = fn
        self._secrets = tuple(secrets)
        module = getattr(fn, "__module__", None) or ""
        qualname = getattr(fn, "__qualname__", None) or type(fn).__qualname__
        self._name = name or f"{module}.{qualname}".lstrip(".")
        identity = f"callable:{self._name}"
        if self._secrets:
            identity += f":{whole_fingerprint(*self._secrets)}"
        elif name is None:
            identity += f":unshared-{_secrets.token_hex(8)}"
        self._identity = identity
        mark_sensitive_headers(headers)

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        """Let the function edit the request."""
        if inspect.iscoroutinefunction(self._fn):
            raise ConfigurationError(
                f"CallableAuth({self._name}) wraps an async function: use it with an AsyncClient"
            )
        self._fn(request)
        return 0

    async def apply_async(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        """Let the function edit the request (awaited when it is an ``async def``)."""
        result = self._fn(request)
        if inspect.isawaitable(result):
            await result
        return 0

    def secret_values(self) -> Sequence[str]:
        """The secrets declared at construction."""
        return self._secrets

    def identity(self) -> str:
        """``callable:<name>`` (plus a fingerprint of the declared secrets, or, with neither
        a name nor secrets, a value unique to this object)."""
        return self._identity

    def __repr__(self) -> str:
        return f"CallableAuth({self._name})"
