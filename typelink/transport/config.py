"""The client's configuration: the one list of client options, validated once and frozen.

:class:`ClientConfig` is *the* list of options a client accepts. ``Consumer(...)`` validates
the caller's options into one (:meth:`ClientConfig.from_options`), and nothing changes it
afterwards: views made by ``with_options`` keep the same configuration and add
:class:`typelink.transport.runtime.CallOverrides`. :class:`ClientSettings` is the same list as
a ``TypedDict``, for wrappers that pass options through (a test checks that the two agree).
"""

from __future__ import annotations

import json
import math
import os
import random
import time
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, TypedDict

import pydantic
import requests
from typing_extensions import Unpack

from typelink._internal.limits import DEFAULT_MAX_RESPONSE_SIZE
from typelink._internal.redact import mark_sensitive_headers
from typelink._version import __version__
from typelink.auth.static import BearerToken
from typelink.declare.spec import Timeout
from typelink.declare.styles import DEFAULT_FORM_STYLE, FormStyle
from typelink.errors import APIStatusError, ConfigurationError, check_error_classes
from typelink.events import Listener
from typelink.policies.cache import Cache, client_cache
from typelink.policies.paginators import Paginator
from typelink.policies.protocols import Auth, RateLimiter
from typelink.policies.retry import RetryPolicy
from typelink.policies.telemetry import Telemetry, client_telemetry
from typelink.transport.urls import normalize_base_url

if TYPE_CHECKING:
    import aiohttp

__all__ = [
    "DEFAULT_REQUEST_ID_HEADERS",
    "DEFAULT_TIMEOUT",
    "DEFAULT_USER_AGENT",
    "ClientConfig",
    "ClientOptions",
    "ClientSettings",
    "normalize_timeout",
    "options_from_env",
]

DEFAULT_TIMEOUT = 30.0
DEFAULT_USER_AGENT = f"typelink/{__version__}"
DEFAULT_REQUEST_ID_HEADERS = ("x-request-id", "request-id", "x-amzn-requestid")


class ClientSettings(TypedDict, total=False):
    """The keyword options of a client other than ``base_url``, ``auth`` and ``base_urls``.

    For wrappers that pass options through and still want type checkers to catch a misspelt
    one: ``def __init__(self, token: str, **options: Unpack[ClientSettings])``.
    """

    session: requests.Session | None
    timeout: float | tuple[float, float]
    verify: bool | str
    cert: str | tuple[str, str] | None
    proxies: Mapping[str, str] | None
    headers: Mapping[str, str] | None
    user_agent: str | None
    retry: RetryPolicy | None
    rate_limiter: RateLimiter | None
    error_model: type[pydantic.BaseModel] | None
    errors: Sequence[type[APIStatusError[Any]]] | None
    request_id_header: str | Sequence[str] | None
    listeners: Sequence[Listener] | None
    paginate: Paginator | None
    cache: Cache | bool | None
    form_style: FormStyle | None
    max_response_size: int | None
    sensitive_headers: Iterable[str] | None
    telemetry: Telemetry | bool | None
    clock: Callable[[], float]
    wall_clock: Callable[[], float]
    sleep: Callable[[float], None]
    rand: Callable[[], float]
    aiohttp_session: aiohttp.ClientSession | None
    async_sleep: Callable[[float], Awaitable[None]] | None


class ClientOptions(ClientSettings, total=False):
    """:class:`ClientSettings` plus ``auth``."""

    auth: Auth | None


@dataclass(frozen=True, kw_only=True, eq=False)
class ClientConfig:
    """Every client option, validated and normalised (see :meth:`from_options`).

    ``headers`` are the headers of every call, ``User-Agent`` first; ``request_id_header``
    the response headers searched for the API's request id; ``cache`` None means no caching
    at all; ``telemetry`` None means no tracing or metrics (and no telemetry step in the
    chain); ``listeners`` are the caller's, then the telemetry's. ``clock``, ``wall_clock``,
    ``sleep`` and ``rand`` exist so tests can prove waits and backoff without waiting.
    ``errors`` are the API's own error classes (tried after an endpoint's and a consumer's);
    ``form_style`` is how form bodies write nested objects and lists unless an endpoint says
    otherwise. ``max_response_size`` is the largest decoded body (bytes) a call reads (None:
    no limit; an endpoint's own setting wins); ``sensitive_headers`` are header names to treat
    like ``Authorization``: redacted in logs, reprs and cassettes, and never sent to another
    origin. ``aiohttp_session`` and ``async_sleep`` are an async client's session (yours,
    never closed by typelink) and sleep (None: ``asyncio.sleep``).
    """

    base_url: str
    base_urls: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    auth: Auth | None = None
    session: requests.Session | None = None
    timeout: Timeout = DEFAULT_TIMEOUT
    verify: bool | str = True
    cert: str | tuple[str, str] | None = None
    proxies: Mapping[str, str] | None = None
    headers: Mapping[str, str] = field(
        default_factory=lambda: MappingProxyType({"User-Agent": DEFAULT_USER_AGENT})
    )
    user_agent: str | None = None
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    rate_limiter: RateLimiter | None = None
    error_model: type[pydantic.BaseModel] | None = None
    errors: tuple[type[APIStatusError[Any]], ...] = ()
    request_id_header: tuple[str, ...] = DEFAULT_REQUEST_ID_HEADERS
    listeners: tuple[Listener, ...] = ()
    paginate: Paginator | None = None
    cache: Cache | None = None
    form_style: FormStyle = DEFAULT_FORM_STYLE
    max_response_size: int | None = DEFAULT_MAX_RESPONSE_SIZE
    sensitive_headers: frozenset[str] = frozenset()
    telemetry: Telemetry | None = None
    clock: Callable[[], float] = time.monotonic
    wall_clock: Callable[[], float] = time.time
    sleep: Callable[[float], None] = time.sleep
    rand: Callable[[], float] = random.random
    aiohttp_session: aiohttp.ClientSession | None = None
    async_sleep: Callable[[float], Awaitable[None]] | None = None

    @classmethod
    def from_options(
        cls,
        base_url: str,
        *,
        base_urls: Mapping[str, str] | None = None,
        **options: Unpack[ClientOptions],
    ) -> ClientConfig:
        """Validate the options a client was given (invalid ones raise ConfigurationError)."""
        values: dict[str, Any] = dict(options)
        user_agent = values.get("user_agent")
        headers = {"User-Agent": user_agent or DEFAULT_USER_AGENT}
        headers.update(values.get("headers") or {})
        values["headers"] = MappingProxyType(headers)
        if "timeout" in values:
            values["timeout"] = normalize_timeout(values["timeout"])
        proxies = values.get("proxies")
        values["proxies"] = MappingProxyType(dict(proxies)) if proxies else None
        if values.get("retry") is None:
            values["retry"] = RetryPolicy()
        values["request_id_header"] = _request_id_headers(values.get("request_id_header"))
        listeners = tuple(values.get("listeners") or ())
        telemetry = values["telemetry"] = client_telemetry(values.get("telemetry"))
        if telemetry is not None:  # the steps report retries, waits, refreshes as events
            listeners += (telemetry.instrument().on_event,)
        values["listeners"] = listeners
        values["cache"] = client_cache(values.get("cache"))
        values["errors"] = check_error_classes(values.get("errors") or (), "errors=")
        form_style = values.get("form_style")
        if form_style is None:
            values["form_style"] = DEFAULT_FORM_STYLE
        elif not isinstance(form_style, FormStyle):
            raise ConfigurationError(f"form_style: expected a FormStyle, got {form_style!r}")
        if "max_response_size" in values:
            values["max_response_size"] = _max_response_size(values["max_response_size"])
        values["sensitive_headers"] = _sensitive_headers(values.get("sensitive_headers"))
        mark_sensitive_headers(values["sensitive_headers"])
        if values.get("session") is None:
            values.pop("session", None)
        urls = {name: normalize_base_url(url) for name, url in (base_urls or {}).items()}
        return cls(
            base_url=normalize_base_url(base_url),
            base_urls=MappingProxyType(urls),
            **values,
        )

    def base_url_for(self, consumer: type) -> str:
        """The base URL of a consumer class: its named one (``base_url_name``) or the client's."""
        name: str | None = getattr(consumer, "base_url_name", None)
        if name is None:
            return self.base_url
        try:
            return self.base_urls[name]
        except KeyError:
            raise ConfigurationError(
                f"{consumer.__name__} needs base_urls[{name!r}]; pass base_urls={{{name!r}: ...}}"
            ) from None

    def __repr__(self) -> str:
        auth = type(self.auth).__name__ if self.auth is not None else None
        return f"<ClientConfig {self.base_url} auth={auth}>"


def _max_response_size(value: object) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ConfigurationError(
            f"max_response_size: expected a positive number of bytes or None, got {value!r}"
        )
    return value


def _sensitive_headers(value: object) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str) or not isinstance(value, Iterable):
        raise ConfigurationError(
            f"sensitive_headers: expected a list of header names, got {value!r}"
        )
    names = list(value)
    if not all(isinstance(name, str) and name for name in names):
        raise ConfigurationError("sensitive_headers: every entry must be a header name")
    return frozenset(name.lower() for name in names)


def _request_id_headers(value: object) -> tuple[str, ...]:
    if value is None:
        return DEFAULT_REQUEST_ID_HEADERS
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Sequence):
        return tuple(str(name) for name in value)
    raise ConfigurationError(f"request_id_header: expected a header name, got {value!r}")


def normalize_timeout(value: object, source: str = "timeout") -> Timeout:
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


# -- options from the environment -------------------------------------------------------------


def _env_bool_or_path(name: str, value: str) -> bool | str:
    lowered = value.strip().lower()
    if lowered in ("1", "true", "yes", "on"):
        return True
    if lowered in ("0", "false", "no", "off"):
        return False
    if os.path.exists(value):
        return value
    raise ConfigurationError(f"{name}: expected true/false or a CA bundle path, got {value!r}")


def _env_timeout(name: str, value: str) -> Timeout:
    parts = [p.strip() for p in value.split(",")]
    try:
        numbers = [float(p) for p in parts]
    except ValueError:
        raise ConfigurationError(
            f"{name}: expected seconds or 'connect,read' seconds, got {value!r}"
        ) from None
    if len(numbers) == 1:
        return normalize_timeout(numbers[0], name)
    if len(numbers) == 2:
        return normalize_timeout((numbers[0], numbers[1]), name)
    raise ConfigurationError(f"{name}: expected seconds or 'connect,read' seconds, got {value!r}")


def _env_headers(name: str, value: str) -> dict[str, str]:
    try:
        parsed = json.loads(value)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in parsed.items()
    ):
        raise ConfigurationError(f"{name}: expected a JSON object of strings") from None
    return parsed


def _env_token(name: str, value: str) -> Auth:
    return BearerToken(value)


_ENV_OPTIONS: tuple[tuple[str, str, Callable[[str, str], object]], ...] = (
    ("BASE_URL", "base_url", lambda name, value: value),
    ("TOKEN", "auth", _env_token),
    ("TIMEOUT", "timeout", _env_timeout),
    ("VERIFY", "verify", _env_bool_or_path),
    ("CERT", "cert", lambda name, value: value),
    ("PROXY", "proxies", lambda name, value: {"http": value, "https": value}),
    ("USER_AGENT", "user_agent", lambda name, value: value),
    ("HEADERS", "headers", _env_headers),
)


def options_from_env(prefix: str, environ: Mapping[str, str]) -> dict[str, Any]:
    """Client options read from ``{prefix}_*`` variables; invalid values name the variable."""
    options: dict[str, Any] = {}
    for suffix, option, parse in _ENV_OPTIONS:
        name = f"{prefix}_{suffix}"
        value = environ.get(name)
        if value not in (None, ""):
            assert value is not None
            options[option] = parse(name, value)
    return options
