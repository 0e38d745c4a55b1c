"""Configuration shared by a client and its resource groups.

One :class:`Runtime` holds the session, transport options, auth, retry policy, rate limiter,
error model and listeners. A client and all its groups share one runtime, so they share one
connection pool and one hook chain; ``with_options`` makes a derived runtime that shares the
session but overrides settings for the calls made through it.
"""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import pydantic
import requests
from uplink.clients import RequestsClient
from uplink.clients.io import BlockingStrategy

from typelink import events
from typelink._version import __version__
from typelink.endpoint import EndpointInfo
from typelink.errors import ConfigurationError
from typelink.hooks import Auth, RateLimiter
from typelink.redact import redact_url
from typelink.retry import RetryPolicy

if TYPE_CHECKING:
    from typelink.declare import EndpointSpec

logger = logging.getLogger("typelink")

DEFAULT_TIMEOUT = 30.0
DEFAULT_USER_AGENT = f"typelink/{__version__}"
DEFAULT_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid")

Timeout = float | tuple[float, float]


def _configure_logging_from_env() -> None:
    """``TYPELINK_LOG=debug|info|warning`` turns typelink's logging on without code."""
    level_name = os.environ.get("TYPELINK_LOG", "").strip().upper()
    if not level_name:
        return
    level = logging.getLevelName(level_name)
    if not isinstance(level, int):
        return
    log = logging.getLogger("typelink")
    log.setLevel(level)
    if not any(getattr(h, "_typelink_env", False) for h in log.handlers):
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        handler._typelink_env = True  # type: ignore[attr-defined]
        log.addHandler(handler)


_configure_logging_from_env()


class _SleepIO(BlockingStrategy):  # type: ignore[misc]
    """uplink's blocking strategy with an injectable sleep (tests prove waits without sleeping)."""

    def __init__(self, sleep: Callable[[float], None]) -> None:
        self._sleep = sleep

    def sleep(self, duration: float, callback: Any) -> Any:
        self._sleep(duration)
        return callback.on_success()


class Transport(RequestsClient):  # type: ignore[misc]
    """uplink's requests adapter, with the sleep used for backoff and quota waits injected."""

    def __init__(self, session: requests.Session, sleep: Callable[[float], None]) -> None:
        super().__init__(session)
        self._io = _SleepIO(sleep)

    def io(self) -> Any:
        return self._io


def normalize_timeout(value: Any, source: str = "timeout") -> Timeout:
    """``30`` or ``(connect, read)``; anything else is a :class:`ConfigurationError`."""
    if isinstance(value, bool):
        raise ConfigurationError(f"{source}: expected seconds or (connect, read), got {value!r}")
    if isinstance(value, (int, float)):
        if value <= 0:
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
    call_retry_overrides: Mapping[str, Any] = field(default_factory=dict)
    paginate: Any = None
    cache: Any = None
    extras: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.base_url = normalize_base_url(self.base_url)
        self.transport = Transport(self.session, self.sleep)
        self.secrets: tuple[str, ...] = (
            tuple(self.auth.secret_values()) if self.auth is not None else ()
        )
        self._send_options: dict[str, Any] = {"timeout": self.timeout}
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
    def has_listeners(self) -> bool:
        """True when some listener (client or global) wants events."""
        return bool(self.listeners) or bool(events.global_listeners())

    @property
    def log_debug(self) -> bool:
        """True when per-request debug log lines would be emitted."""
        return logger.isEnabledFor(logging.DEBUG)

    def send_options(self, spec: EndpointSpec) -> dict[str, Any]:
        """``requests`` options for a call (timeout, verify, cert, proxies)."""
        if spec.options.timeout is not None:
            return {**self._send_options, "timeout": spec.options.timeout}
        return self._send_options

    def redact(self, url: str) -> str:
        """``url`` with credentials and token-like query values hidden."""
        return redact_url(url, self.secrets)

    def retry_policy_for(self, spec: EndpointSpec) -> RetryPolicy:
        """Layering: client policy < consumer policy < endpoint policy < per-call overrides."""
        policy = self.retry
        consumer_policy = self.extras.get("consumer_retry", {}).get(spec.info.consumer)
        if consumer_policy is not None:
            policy = consumer_policy
        if spec.options.retry is not None:
            policy = spec.options.retry
        if self.call_retry_overrides:
            policy = policy.replace(**self.call_retry_overrides)
        return policy

    def start_retry(self, policy: RetryPolicy, endpoint: EndpointInfo, started_at: float) -> Any:
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
