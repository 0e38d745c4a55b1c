"""The cache step: answer a GET from the client's :class:`typelink.policies.cache.Cache`.

Before anything is sent (so a hit costs no auth work and no rate-limit slot), the entry for
this call is looked up under a key that hashes the credential identity, the endpoint, the
URL, the query and the headers, so two users of one process never share an entry. A fresh
entry (within its TTL) answers at once; an entry with validators makes the request
conditional, and a ``304`` is answered with the cached value. A successful answer is stored
if it is cacheable. A store that fails (Redis down, a full disk) costs a miss and a warning,
never the call; an entry whose body no longer fits the declared type is dropped.
"""

from __future__ import annotations

import hashlib
import json
import secrets as secrets_module
import threading
import weakref
from dataclasses import replace
from typing import Any

import requests
from requests.structures import CaseInsensitiveDict

from typelink import events
from typelink._internal.logs import logger
from typelink._internal.redact import redact_url
from typelink.declare.spec import EndpointSpec, Parser
from typelink.errors import TypelinkError
from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow, invoke, twin_of
from typelink.policies.cache import Cache
from typelink.policies.cache_stores import MISSING, CacheEntry
from typelink.policies.protocols import Auth
from typelink.transport.request import OutgoingRequest
from typelink.transport.response import HTTPResponse

__all__ = ["CacheStep", "cache_key", "credential_identity", "rebuild_response"]

_NOT_STORED_HEADERS = frozenset({"set-cookie", "set-cookie2"})
_VALIDATOR_HEADERS = frozenset({"if-none-match", "if-modified-since"})
_RENEWED_HEADERS = ("ETag", "Last-Modified", "Cache-Control", "Date", "Expires")


class CacheStep:
    """Looks up, revalidates and stores the GET calls of one endpoint."""

    __slots__ = ("cache", "delete", "get", "revalidate", "set", "ttl")

    def __init__(self, cache: Cache, spec: EndpointSpec) -> None:
        option = spec.options.cache
        self.cache = cache
        self.ttl = cache.ttl if option is None or isinstance(option, bool) else float(option)
        self.revalidate = True if option is True else cache.revalidate
        self.get = twin_of(cache.store, "get")
        self.set = twin_of(cache.store, "set")
        self.delete = twin_of(cache.store, "delete")

    @staticmethod
    def applies(cache: Cache | None, spec: EndpointSpec) -> bool:
        """True when calls to ``spec`` can be cached with ``cache`` at all."""
        if cache is None or spec.info.http_method != "GET" or spec.options.cache is False:
            return False
        option = spec.options.cache
        ttl = cache.ttl if option is None or isinstance(option, bool) else float(option)
        return bool(ttl) or option is True or cache.revalidate

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        key = cache_key(call.runtime.config.auth, call.spec, request)
        entry = yield from self._lookup(call, key)
        parser = call.spec.parser
        if entry is not None and _fresh(entry, self._now(call)):
            value = yield from self._value(key, entry, parser)
            if value is not MISSING:
                logger.debug("cache hit (fresh) %s", call.redact(entry.url))
                _report(call, "hit")
                return Exchange(request, None, value)
            entry = None
        if entry is not None:
            call.conditional = _add_validators(request, entry)
        conditional = call.conditional
        if not conditional:
            _report(call, "miss")
        exchange = yield from proceed(request)
        response = exchange.response
        if response is not None and response.status_code == 304 and call.conditional:
            assert entry is not None
            value = yield from self._value(key, entry, parser)
            if value is not MISSING:
                yield from self._store(key, self._renewed(call, entry, response, value))
                logger.debug("cache hit (304) %s", call.redact(entry.url))
                _report(call, "revalidated")
                exchange.value = value
                return exchange
            _drop_validators(request)  # the cached body no longer parses: ask unconditionally
            call.conditional = False
            response.close()
            exchange = yield from proceed(request)
            response = exchange.response
        if conditional:
            _report(call, "miss")  # the entry was outdated (or no longer parses): a new answer
        if response is not None and exchange.value is not MISSING:
            stored = self._new_entry(call, response, exchange.value)
            if stored is not None:
                yield from self._store(key, stored)
        return exchange

    # -- the store (every operation may fail: that is a miss, not a failed call) ----------

    def _lookup(self, call: Call, key: str) -> Flow[CacheEntry | None]:
        try:
            entry: CacheEntry | None = yield from invoke(self.get, key)
        except Exception as exc:
            _warn("get", exc)
            return None
        if entry is not None and _expired(entry, self._now(call)):
            yield from self._delete(key)
            return None
        return entry

    def _store(self, key: str, entry: CacheEntry) -> Flow[None]:
        try:
            yield from invoke(self.set, key, entry)
        except Exception as exc:
            _warn("set", exc)

    def _delete(self, key: str) -> Flow[None]:
        try:
            yield from invoke(self.delete, key)
        except Exception as exc:
            _warn("delete", exc)

    def _value(self, key: str, entry: CacheEntry, parser: Parser) -> Flow[Any]:
        """The entry's value (parsed again from its body for out-of-process stores)."""
        if entry.value is not MISSING:
            return entry.value
        try:
            return parser(rebuild_response(entry))
        except TypelinkError:  # the stored body no longer fits the declared type: a miss
            yield from self._delete(key)
            return MISSING

    # -- entries --------------------------------------------------------------------------

    def _now(self, call: Call) -> float:
        return call.runtime.config.wall_clock()

    def _keep_until(self, now: float, has_validators: bool) -> float:
        ttl = self.ttl or 0.0
        return now + (max(ttl, self.cache.keep) if has_validators else ttl)

    def _renewed(
        self, call: Call, entry: CacheEntry, response: HTTPResponse, value: Any
    ) -> CacheEntry:
        """The entry after a ``304``: the server's new validators and freshness."""
        now = self._now(call)
        headers = dict(entry.headers)
        for name in _RENEWED_HEADERS:
            if name in response.headers:
                headers[name] = response.headers[name]
        return replace(
            entry,
            headers=headers,
            etag=response.headers.get("ETag") or entry.etag,
            last_modified=response.headers.get("Last-Modified") or entry.last_modified,
            stored_at=now,
            expires_at=now + self.ttl if self.ttl else None,
            keep_until=self._keep_until(now, has_validators=True),
            value=value if self.cache.store.keeps_values else MISSING,
        )

    def _new_entry(self, call: Call, response: HTTPResponse, value: Any) -> CacheEntry | None:
        """The entry for a successful answer, or None when it is not cacheable here."""
        status = response.status_code
        headers = response.headers
        if status < 200 or status >= 300 or status == 206:
            return None
        if "no-store" in headers.get("Cache-Control", "").lower():
            return None
        etag = headers.get("ETag")
        last_modified = headers.get("Last-Modified")
        has_validators = bool(etag or last_modified)
        if not self.ttl and not (self.revalidate and has_validators):
            return None
        now = self._now(call)
        keeps_values = self.cache.store.keeps_values
        return CacheEntry(
            status=status,
            headers={k: v for k, v in headers.items() if k.lower() not in _NOT_STORED_HEADERS},
            body=b"" if keeps_values else response.content,
            url=redact_url(response.url or "", call.runtime.secrets),
            etag=etag if has_validators else None,
            last_modified=last_modified if has_validators else None,
            stored_at=now,
            expires_at=now + self.ttl if self.ttl else None,
            keep_until=self._keep_until(now, has_validators),
            value=value if keeps_values else MISSING,
        )


def _fresh(entry: CacheEntry, now: float) -> bool:
    """Within its TTL: the entry answers without asking the server."""
    return entry.expires_at is not None and now < entry.expires_at


def _expired(entry: CacheEntry, now: float) -> bool:
    """Past the time the store may keep it: the entry is gone."""
    return entry.keep_until is not None and now >= entry.keep_until


def _report(call: Call, result: str) -> None:
    """Tell listeners (and telemetry) how the cache answered."""
    listeners = call.runtime.config.listeners
    if listeners or events.has_global_listeners():
        events.emit(events.CacheLookup(call.endpoint, result), listeners)


def _warn(operation: str, exc: Exception) -> None:
    """A broken store costs a miss; the error is logged without the key's inputs."""
    logger.warning("typelink cache store %s failed: %s", operation, type(exc).__name__)


def _add_validators(request: OutgoingRequest, entry: CacheEntry) -> bool:
    """Make ``request`` conditional on the entry's ``ETag``/``Last-Modified``; True if it is."""
    present = {name.lower() for name in request.headers}
    if entry.etag and "if-none-match" not in present:
        request.headers["If-None-Match"] = entry.etag
    if entry.last_modified and "if-modified-since" not in present:
        request.headers["If-Modified-Since"] = entry.last_modified
    return any(name.lower() in _VALIDATOR_HEADERS for name in request.headers)


def _drop_validators(request: OutgoingRequest) -> None:
    for name in [n for n in request.headers if n.lower() in _VALIDATOR_HEADERS]:
        del request.headers[name]


def cache_key(auth: Auth | None, spec: EndpointSpec, request: OutgoingRequest) -> str:
    """A digest of identity, endpoint, URL, query and headers (nothing readable in it)."""
    material = [
        credential_identity(auth),
        spec.info.ref or spec.info.qualname,
        request.method,
        request.url,
        sorted((str(k), str(v)) for k, v in request.params.items()),
        sorted((k.lower(), str(v)) for k, v in request.headers.items()),
    ]
    text = json.dumps(material, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode()).hexdigest()


def credential_identity(auth: Auth | None) -> str:
    """``auth.identity()``; for an auth without one, a digest of its secret values, so two
    credentials never share entries (nothing readable: the whole key is hashed again). An
    auth with neither names no principal: its identity is unique to the object, so its
    answers are never shared with another client."""
    if auth is None:
        return ""
    identity = getattr(auth, "identity", None)
    if callable(identity):
        return str(identity())
    values = tuple(auth.secret_values())
    if not values:
        return _unshared_identity(auth)
    secrets = "\0".join(values)
    return "secrets:" + hashlib.sha256(secrets.encode()).hexdigest()


_UNSHARED: weakref.WeakKeyDictionary[Any, str] = weakref.WeakKeyDictionary()
_UNSHARED_LOCK = threading.Lock()


def _unshared_identity(auth: object) -> str:
    with _UNSHARED_LOCK:
        try:
            found = _UNSHARED.get(auth)
            if found is None:
                found = _UNSHARED[auth] = f"unshared:{secrets_module.token_hex(16)}"
            return found
        except TypeError:  # neither hashable nor weakly referenceable: its id, this process
            return f"unshared:{id(auth)}:{_PROCESS_TOKEN}"


_PROCESS_TOKEN = secrets_module.token_hex(8)


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
