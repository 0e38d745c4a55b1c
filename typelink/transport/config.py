"""Configuration shared by a client and its resource groups.

One :class:`Runtime` holds the session, transport options, auth, retry policy, rate limiter,
error model and listeners. A client and all its groups share one runtime, so they share one
connection pool and one hook chain; ``with_options`` makes a derived runtime that shares the
session but overrides settings for the calls made through it.
"""

from __future__ import annotations

import logging
import math
import os
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import urlsplit

import pydantic
import requests

from typelink import events
from typelink._internal.redact import SENSITIVE_HEADERS, redact_url, track_credentials
from typelink._version import __version__
from typelink.declare.spec import EndpointInfo
from typelink.errors import ConfigurationError, TypelinkError
from typelink.policies.protocols import Auth, RateLimiter
from typelink.policies.retry import RetryPolicy, RetryState

if TYPE_CHECKING:
    from typelink.declare.compiler import EndpointSpec

logger = logging.getLogger("typelink")

DEFAULT_TIMEOUT = 30.0
DEFAULT_USER_AGENT = f"typelink/{__version__}"
DEFAULT_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid")

Timeout = float | tuple[float, float]


if TYPE_CHECKING:
    _StderrHandler = logging.StreamHandler[TextIO]
else:
    _StderrHandler = logging.StreamHandler


class EnvLogHandler(_StderrHandler):
    """The stderr handler that ``TYPELINK_LOG`` installs (recognised so it is added once)."""


def _configure_logging_from_env() -> None:
    """``TYPELINK_LOG=debug|info|warning`` turns typelink's logging on without code."""
    level_name = os.environ.get("TYPELINK_LOG", "").strip().upper()
    if not level_name:
        return
    level = {"DEBUG": logging.DEBUG, "INFO": logging.INFO, "WARNING": logging.WARNING}.get(
        level_name
    )
    if level is None:
        return
    log = logging.getLogger("typelink")
    log.setLevel(level)
    if not any(isinstance(h, EnvLogHandler) for h in log.handlers):
        handler = EnvLogHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        log.addHandler(handler)


_configure_logging_from_env()


class BlockingIO:
    """uplink I/O strategy for blocking calls, with an injectable sleep.

    Implements uplink's ``IOStrategy`` interface (uplink duck-types it). The sleep is
    injected so tests prove backoff and quota waits without sleeping.
    """

    def __init__(self, sleep: Callable[[float], None]) -> None:
        self._sleep = sleep

    def invoke(self, func: Callable[..., Any], args: Any, kwargs: Any, callback: Any) -> Any:
        """Call ``func`` and resume the execution with its result or exception."""
        try:
            result = func(*args, **kwargs)
        except Exception as error:
            return callback.on_failure(type(error), error, error.__traceback__)
        return callback.on_success(result)

    def sleep(self, duration: float, callback: Any) -> Any:
        """Wait (through the injected sleep), then resume."""
        self._sleep(duration)
        return callback.on_success()

    def finish(self, response: Any) -> Any:
        """The call's result."""
        return response

    def fail(self, exc_type: Any, exc_val: BaseException, exc_tb: Any) -> Any:
        """Raise the call's error.

        uplink runs retries from inside the handler of the previous attempt's exception, so
        a typelink error would be chained to every transport error of the call, whose texts
        quote the request URL (query-string keys included). The typed error already says
        what failed, redacted: its implicit context is hidden (an explicit cause is kept).
        """
        if isinstance(exc_val, TypelinkError):
            exc_val.__suppress_context__ = True
        raise exc_val.with_traceback(exc_tb)

    def execute(self, executable: Any) -> Any:
        """Run the execution to completion."""
        return executable.execute()


UNTRUSTED_ORIGIN = "typelink_untrusted_origin"
"""Request option the pipeline sets for a request to a host that may not see credentials."""

CREDENTIAL_HEADERS = SENSITIVE_HEADERS - {"proxy-authorization", "set-cookie"}
"""Headers never sent to an untrusted origin (the proxy's own credential stays)."""


def _no_auth(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """An explicit 'no authentication', so ``requests`` applies neither session auth nor netrc."""
    return request


class Transport:
    """The HTTP client adapter uplink's execution sends through (a ``requests.Session``).

    It does what ``Session.request`` does, except that the settings ``requests`` reads from
    the environment (proxies, ``no_proxy``, CA bundle) are computed once per origin and
    session configuration instead of on every call: with a large environment that lookup
    is a tenth of a local call's time.
    """

    def __init__(self, session: requests.Session, sleep: Callable[[float], None]) -> None:
        self.session = session
        self._io = BlockingIO(sleep)
        self._environment: dict[tuple[Any, ...], dict[str, Any]] = {}

    def send(self, request: tuple[str, str, Mapping[str, Any]]) -> requests.Response:
        """Send uplink's ``(method, url, extras)`` request tuple."""
        method, url, extras = request
        options = dict(extras)
        timeout = options.pop("timeout", None)
        allow_redirects = options.pop("allow_redirects", True)
        proxies = options.pop("proxies", None) or {}
        stream = options.pop("stream", None)
        verify = options.pop("verify", None)
        cert = options.pop("cert", None)
        untrusted = options.pop(UNTRUSTED_ORIGIN, False)
        if untrusted:
            options["auth"] = _no_auth  # neither session.auth nor netrc for another host
        session = self.session
        prepared = session.prepare_request(
            requests.Request(method=method.upper(), url=url, **options)
        )
        if untrusted:  # session headers are merged in by prepare_request: take them out again
            for name in list(prepared.headers):
                if name.lower() in CREDENTIAL_HEADERS:
                    del prepared.headers[name]
        settings = self._settings(prepared.url or url, proxies, stream, verify, cert)
        return session.send(prepared, timeout=timeout, allow_redirects=allow_redirects, **settings)

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

    def apply_callback(self, callback: Callable[[Any], Any], response: Any) -> Any:
        """uplink hook for response callbacks (typelink registers none)."""
        return callback(response)

    def io(self) -> BlockingIO:
        """The I/O strategy for this transport."""
        return self._io


def normalize_timeout(value: Any, source: str = "timeout") -> Timeout:
    """``30`` or ``(connect, read)``; anything else is a :class:`ConfigurationError`."""
    if isinstance(value, bool):
        raise ConfigurationError(f"{source}: expected seconds or (connect, read), got {value!r}")
    if isinstance(value, (int, float)):
        if not math.isfinite(value) or value <= 0:
            raise ConfigurationError(f"{source}: must be positive, got {value!r}")
        return float(value)
    if isinstance(value, (tuple, list)) and len(value) == 2:
        connect, read = (normalize_timeout(v, source) for v in value)
        assert isinstance(connect, float) and isinstance(read, float)
        return (connect, read)
    raise ConfigurationError(f"{source}: expected seconds or (connect, read), got {value!r}")


@dataclass
class Runtime:
    """Everything a call needs from its client; shared by the client and its groups."""

    base_url: str
    session: requests.Session
    owns_session: bool
    timeout: Timeout = DEFAULT_TIMEOUT
    verify: bool | str = True
    cert: str | tuple[str, str] | None = None
    proxies: dict[str, str] | None = None
    headers: dict[str, str] = field(default_factory=dict)
    auth: Auth | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    limiter: RateLimiter | None = None
    error_model: type[pydantic.BaseModel] | None = None
    request_id_headers: tuple[str, ...] = DEFAULT_REQUEST_ID_HEADERS
    listeners: tuple[events.Listener, ...] = ()
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random
    call_retry: RetryPolicy | None = None
    call_retry_overrides: Mapping[str, Any] = field(default_factory=dict)
    paginate: Any = None
    cache: Any = None
    extra_trusted_urls: tuple[str, ...] = ()
    call_timeout: Timeout | None = None
    base_urls: dict[str, str] = field(default_factory=dict)
    extras: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.base_url = normalize_base_url(self.base_url)
        self.base_urls = {name: normalize_base_url(url) for name, url in self.base_urls.items()}
        self.transport = Transport(self.session, self.sleep)
        if self.auth is not None:
            track_credentials(self.auth)
        add_listener = getattr(self.auth, "add_refresh_listener", None)
        if callable(add_listener) and not self.extras.get("refresh_listener_added"):
            add_listener(self._credential_refreshed)
            self.extras["refresh_listener_added"] = True
        self.trusted_origins = frozenset(
            origin_of(url)
            for url in (self.base_url, *self.base_urls.values(), *self.extra_trusted_urls)
            if url
        )
        self._send_options: dict[str, Any] = {"timeout": self.timeout, "allow_redirects": False}
        if self.verify is not True:
            self._send_options["verify"] = self.verify
        if self.cert is not None:
            self._send_options["cert"] = self.cert
        if self.proxies:
            self._send_options["proxies"] = dict(self.proxies)
        self._error_adapter = self.error_model
        self.closed = False

    # -- per-call helpers used by the pipeline -------------------------------------------

    @property
    def secrets(self) -> tuple[str, ...]:
        """Current secret values of the credential (read each time: tokens rotate)."""
        return tuple(self.auth.secret_values()) if self.auth is not None else ()

    def _credential_refreshed(self, reason: str, endpoint: EndpointInfo | None) -> None:
        if self.has_listeners and endpoint is not None:
            events.emit(events.CredentialRefreshed(endpoint, reason), self.listeners)

    @property
    def has_listeners(self) -> bool:
        """True when some listener (client or global) wants events."""
        return bool(self.listeners) or events.has_global_listeners()

    @property
    def log_debug(self) -> bool:
        """True when per-request debug log lines would be emitted."""
        return logger.isEnabledFor(logging.DEBUG)

    def send_options(self, spec: EndpointSpec) -> dict[str, Any]:
        """``requests`` options for a call (timeout, verify, cert, proxies).

        The timeout is the ``with_options`` one, else the endpoint's, else the client's.
        """
        timeout = self.call_timeout if self.call_timeout is not None else spec.options.timeout
        if timeout is not None:
            return {**self._send_options, "timeout": timeout}
        return self._send_options

    def base_url_for(self, consumer: type) -> str:
        """The base URL of a consumer class: its named one (``base_url_name``) or the client's."""
        name = getattr(consumer, "base_url_name", None)
        if name is None:
            return self.base_url
        try:
            return self.base_urls[name]
        except KeyError:
            raise ConfigurationError(
                f"{consumer.__name__} needs base_urls[{name!r}]; pass base_urls={{{name!r}: ...}}"
            ) from None

    def is_trusted(self, url: str) -> bool:
        """True when ``url`` is on an origin that may receive the credential."""
        return origin_of(url) in self.trusted_origins

    def redact(self, url: str) -> str:
        """``url`` with credentials and token-like query values hidden."""
        return redact_url(url, self.secrets)

    def retry_policy_for(
        self, spec: EndpointSpec, consumer_policy: RetryPolicy | None = None
    ) -> RetryPolicy:
        """Layering: client policy < consumer policy < endpoint policy < ``with_options``.

        ``consumer_policy`` is the ``retry_policy`` of the consumer class the endpoint was
        reached through; ``with_options(retry=...)`` sets ``call_retry`` and
        ``with_options(retries=...)`` the overrides applied last.
        """
        policy = self.retry
        if consumer_policy is not None:
            policy = consumer_policy
        if spec.options.retry is not None:
            policy = spec.options.retry
        if self.call_retry is not None:
            policy = self.call_retry
        if self.call_retry_overrides:
            policy = policy.replace(**self.call_retry_overrides)
        return policy

    def start_retry(self, policy: RetryPolicy, endpoint: EndpointInfo) -> RetryState:
        """A fresh per-call retry state."""
        return policy.start(endpoint, clock=self.clock, wall_clock=self.wall_clock, rand=self.rand)

    def quota_exhausted(self, headers: Mapping[str, str]) -> bool:
        """True when rate-limit headers say no calls are left (403 means 'rate limited')."""
        remaining = headers.get(self.retry.ratelimit_remaining_header)
        return remaining is not None and remaining.strip() == "0"

    def parse_error_body(self, body: bytes) -> Any:
        """The client's declared error model parsed from ``body``, or None if it does not fit."""
        model = self.error_model
        if model is None or not body:
            return None
        try:
            return model.model_validate_json(body)
        except (pydantic.ValidationError, ValueError):
            return None

    def request_id(self, headers: Mapping[str, str]) -> str | None:
        """The API's request id, from the first configured header present."""
        for name in self.request_id_headers:
            value = headers.get(name)
            if value:
                return value
        return None

    def derive(self, **changes: Any) -> Runtime:
        """A runtime sharing this one's session (never closing it) with ``changes`` applied."""
        derived = replace(self, owns_session=False, **changes)
        return derived

    def close(self) -> None:
        """Close the session if this runtime created it."""
        if self.owns_session and not self.closed:
            self.session.close()
        self.closed = True


INVALID_ORIGIN = "invalid:"
"""Prefix of the origin of a URL that cannot be parsed (a bad port or IPv6 literal): such an
origin is never equal to a trusted one."""


def origin_of(url: str) -> str:
    """``scheme://host:port`` with the default port made explicit (``invalid:...`` if the URL
    cannot be parsed)."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return INVALID_ORIGIN + url
    scheme = parts.scheme.lower()
    if port is None:
        port = {"http": 80, "https": 443}.get(scheme, 0)
    return f"{scheme}://{(parts.hostname or '').lower()}:{port}"


def normalize_base_url(url: str) -> str:
    """Base URLs end with ``/`` so relative paths keep their prefix (``/api/v3``)."""
    if not url:
        return url
    if not url.startswith(("http://", "https://")):
        raise ConfigurationError(f"base_url must start with http:// or https://, got {url!r}")
    return url if url.endswith("/") else url + "/"


def default_headers(user_agent: str | None, headers: Mapping[str, str] | None) -> dict[str, str]:
    """Client-wide headers: the user agent first, then the caller's."""
    merged = {"User-Agent": user_agent or DEFAULT_USER_AGENT}
    if headers:
        merged.update(headers)
    return merged


def split_listeners(listeners: Sequence[events.Listener] | None) -> tuple[events.Listener, ...]:
    """Listeners as a tuple (the pipeline checks truthiness on every call)."""
    return tuple(listeners or ())
