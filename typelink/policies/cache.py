"""Conditional requests and TTL caching of GET calls, inside the call pipeline.

Two mechanisms, both keyed per credential so two users of one process never see each
other's data (the key hashes ``auth.identity()``, the endpoint, the URL with its query and
the request headers):

* **Revalidation** (``Cache(revalidate=True)``, i.e. ``Client(cache=True)``): a response with
  an ``ETag`` or ``Last-Modified`` is stored; the next call sends ``If-None-Match`` /
  ``If-Modified-Since`` and a ``304 Not Modified`` is answered with the cached parsed value.
  (GitHub does not count 304s against the rate limit.)
* **TTL** (``@get(..., cache=60)`` or ``Cache(ttl=60)``): within the TTL the call is not sent
  at all; after it, the entry is revalidated if it has validators.

Why not requests-cache or CacheControl: both sit below typelink, as a replacement session
(requests-cache's ``CachedSession``, or its global monkeypatch) or a wrapping adapter
(CacheControl), so they would take over the user's own session; they cache raw responses,
so every hit would be parsed again; their keys are the request (CacheControl: the URL plus
``Vary``; requests-cache: method, URL, body and chosen headers, and it ignores and redacts
common credential headers by default, which makes users share entries unless configured);
and a hit would still pass through auth and the rate limiter, spending a quota slot. Here the
lookup happens in the pipeline before auth and rate limiting, the key is the endpoint plus
the credential identity, and the memory store keeps the parsed value.

``Cache-Control: no-store`` responses are never stored. Cached values are shared between
callers: treat them as read-only.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

import requests
from requests.structures import CaseInsensitiveDict

from typelink._internal.redact import redact_url
from typelink.errors import ConfigurationError, TypelinkError
from typelink.policies.cache_stores import MISSING, CacheEntry, CacheStore, MemoryStore

if TYPE_CHECKING:
    from typelink.declare.compiler import EndpointSpec
    from typelink.transport.config import Runtime
    from typelink.transport.request import OutgoingRequest

logger = logging.getLogger("typelink")

_NOT_STORED_HEADERS = frozenset({"set-cookie", "set-cookie2"})
_VALIDATOR_HEADERS = frozenset({"if-none-match", "if-modified-since"})


@dataclass
class Cache:
    """Client-wide cache settings: ``Client(cache=Cache(store=RedisStore(url=...), ttl=30))``.

    ``ttl`` is the default freshness for every GET (an endpoint's ``cache=`` overrides it);
    ``revalidate`` stores responses that carry validators and sends conditional requests;
    ``keep`` is how long (seconds) a revalidatable entry is kept after it was stored.
    """

    store: CacheStore = field(default_factory=MemoryStore)
    ttl: float | None = None
    revalidate: bool = True
    keep: float = 86400.0

    def __post_init__(self) -> None:
        if self.ttl is not None and self.ttl < 0:
            raise ConfigurationError(f"Cache ttl must be >= 0, got {self.ttl}")
        if self.keep < 0:
            raise ConfigurationError(f"Cache keep must be >= 0, got {self.keep}")

    def clear(self) -> None:
        """Forget everything in the store."""
        self.store.clear()


def client_cache(value: object) -> Cache | None:
    """The runtime cache for a client's ``cache=`` option.

    None (the default): a memory cache used only by endpoints that declare ``cache=``;
    True: revalidate every GET in memory; False: no caching at all, even where declared.
    """
    if value is None:
        return Cache(revalidate=False)
    if value is True:
        return Cache()
    if value is False:
        return None
    if isinstance(value, Cache):
        return value
    raise ConfigurationError(f"cache= must be a typelink Cache, True, False or None; got {value!r}")


def check_endpoint_option(value: Any) -> None:
    """Validate an endpoint's ``cache=`` (None, a bool, or a TTL in seconds)."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, (int, float)) and value >= 0:
        return
    raise ConfigurationError(f"cache= must be True, False or a TTL in seconds, got {value!r}")


class CachedCall:
    """Cache work for one call: look up before the first send, store after the response."""

    __slots__ = ("cache", "clock", "entry", "key", "secrets", "ttl")

    def __init__(
        self,
        cache: Cache,
        key: str,
        ttl: float | None,
        entry: CacheEntry | None,
        clock: Callable[[], float],
        secrets: tuple[str, ...],
    ) -> None:
        self.cache = cache
        self.key = key
        self.ttl = ttl
        self.entry = entry
        self.clock = clock
        self.secrets = secrets

    def fresh_value(self, parser: Callable[[requests.Response], Any]) -> Any:
        """The cached value if its TTL has not run out, else :data:`MISSING`."""
        entry = self.entry
        if entry is None or entry.expires_at is None or self.clock() >= entry.expires_at:
            return MISSING
        value = self._value(entry, parser)
        if value is not MISSING:
            logger.debug("cache hit (fresh) %s", redact_url(entry.url, self.secrets))
        return value

    def add_validators(self, request: OutgoingRequest) -> None:
        """Make the request conditional on the cached entry's ``ETag``/``Last-Modified``."""
        entry = self.entry
        if entry is None:
            return
        present = {name.lower() for name in request.headers}
        if entry.etag and "if-none-match" not in present:
            request.headers["If-None-Match"] = entry.etag
        if entry.last_modified and "if-modified-since" not in present:
            request.headers["If-Modified-Since"] = entry.last_modified

    def drop_validators(self, request: OutgoingRequest) -> None:
        """Undo :meth:`add_validators` (the cached entry turned out to be unusable)."""
        for name in [n for n in request.headers if n.lower() in _VALIDATOR_HEADERS]:
            del request.headers[name]
        self.entry = None

    def not_modified(self, response: requests.Response, parser: Callable[..., Any]) -> Any:
        """Answer a 304: renew the entry and return its value (MISSING if unusable)."""
        entry = self.entry
        assert entry is not None
        value = self._value(entry, parser)
        if value is MISSING:
            return MISSING
        now = self.clock()
        headers = dict(entry.headers)
        for name in ("ETag", "Last-Modified", "Cache-Control", "Date", "Expires"):
            if name in response.headers:
                headers[name] = response.headers[name]
        renewed = replace(
            entry,
            headers=headers,
            etag=response.headers.get("ETag") or entry.etag,
            last_modified=response.headers.get("Last-Modified") or entry.last_modified,
            stored_at=now,
            expires_at=now + self.ttl if self.ttl else None,
            keep_until=self._keep_until(now, has_validators=True),
            value=value if self.cache.store.keeps_values else MISSING,
        )
        _safe(self.cache.store.set, self.key, renewed)
        logger.debug("cache hit (304) %s", redact_url(entry.url, self.secrets))
        return value

    def store(self, response: requests.Response, value: Any) -> None:
        """Keep a successful response if it is cacheable here."""
        status = response.status_code
        if status < 200 or status >= 300 or status == 206:
            return
        headers = response.headers
        if "no-store" in headers.get("Cache-Control", "").lower():
            return
        etag = headers.get("ETag")
        last_modified = headers.get("Last-Modified")
        has_validators = bool(etag or last_modified)
        if not self.ttl and not (self.cache.revalidate and has_validators):
            return
        now = self.clock()
        keeps_values = self.cache.store.keeps_values
        entry = CacheEntry(
            status=status,
            headers={k: v for k, v in headers.items() if k.lower() not in _NOT_STORED_HEADERS},
            body=b"" if keeps_values else response.content,
            url=redact_url(response.url or "", self.secrets),
            etag=etag if has_validators else None,
            last_modified=last_modified if has_validators else None,
            stored_at=now,
            expires_at=now + self.ttl if self.ttl else None,
            keep_until=self._keep_until(now, has_validators),
            value=value if keeps_values else MISSING,
        )
        _safe(self.cache.store.set, self.key, entry)

    def _keep_until(self, now: float, has_validators: bool) -> float | None:
        ttl = self.ttl or 0.0
        keep = max(ttl, self.cache.keep) if has_validators else ttl
        return now + keep

    def _value(self, entry: CacheEntry, parser: Callable[[requests.Response], Any]) -> Any:
        if entry.value is not MISSING:
            return entry.value
        try:
            return parser(rebuild_response(entry))
        except TypelinkError:
            # The stored body no longer fits the declared type (the code changed): a miss.
            _safe(self.cache.store.delete, self.key)
            self.entry = None
            return MISSING


def begin(runtime: Runtime, spec: EndpointSpec, request: OutgoingRequest) -> CachedCall | None:
    """The cache work for this call, or None when the call is not cached."""
    cache: Cache | None = runtime.cache
    if cache is None or request.method != "GET":
        return None
    option = getattr(spec.options, "cache", None)
    if option is False:
        return None
    ttl = cache.ttl
    revalidate = cache.revalidate
    if option is True:
        revalidate = True
    elif option is not None:
        ttl = float(option)
    if not ttl and not revalidate:
        return None
    if revalidate != cache.revalidate:
        cache = replace(cache, revalidate=revalidate)
    key = cache_key(runtime, spec, request)
    entry: CacheEntry | None = _safe(cache.store.get, key)
    now = runtime.wall_clock()
    if entry is not None and entry.keep_until is not None and now >= entry.keep_until:
        _safe(cache.store.delete, key)
        entry = None
    return CachedCall(cache, key, ttl, entry, runtime.wall_clock, runtime.secrets)


def _safe(operation: Callable[..., Any], *args: Any) -> Any:
    """Run a store operation; a broken store (Redis down, disk full) costs a miss, not the
    call. The error is logged without the key's inputs."""
    try:
        return operation(*args)
    except Exception as exc:
        logger.warning("typelink cache store %s failed: %s", operation.__name__, type(exc).__name__)
        return None


def cache_key(runtime: Runtime, spec: EndpointSpec, request: OutgoingRequest) -> str:
    """A digest of identity, endpoint, URL, query and headers (nothing readable in it)."""
    identity = credential_identity(runtime)
    material = [
        identity,
        spec.info.ref or spec.info.qualname,
        request.method,
        request.url,
        sorted((str(k), str(v)) for k, v in request.params.items()),
        sorted((k.lower(), str(v)) for k, v in request.headers.items()),
    ]
    text = json.dumps(material, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def credential_identity(runtime: Runtime) -> str:
    """``auth.identity()``; for an auth without one, a digest of its secret values, so two
    credentials never share entries (nothing readable: the whole key is hashed again)."""
    auth = runtime.auth
    if auth is None:
        return ""
    identity = getattr(auth, "identity", None)
    if callable(identity):
        return str(identity())
    secrets = "\0".join(auth.secret_values())
    return "secrets:" + hashlib.sha256(secrets.encode()).hexdigest()


def rebuild_response(entry: CacheEntry) -> requests.Response:
    """A ``requests.Response`` carrying a stored entry, for the endpoint's parser."""
    response = requests.Response()
    response.status_code = entry.status
    response._content = entry.body
    response.headers = CaseInsensitiveDict(dict(entry.headers))
    response.url = entry.url
    response.encoding = requests.utils.get_encoding_from_headers(response.headers)
    request = requests.PreparedRequest()  # parsers name the request in their errors
    request.method = "GET"
    request.url = entry.url
    response.request = request
    return response
