"""A token store on Django's cache framework, for teams whose workers already share one.

Pass any Django cache (``django.core.cache.cache`` or ``caches["tokens"]``): Redis,
memcached, database, file or local memory. Each key holds one value,
``{"generation": int, "token": {...}}``, so a reader never sees a token with another
token's generation.

Why the lock has two mechanisms: single-flight refresh needs an atomic "set if absent"
shared by every worker. ``cache.add`` is that on Redis, memcached, the database and local
memory, so the lock is an ``add`` with an owner token and an expiry. Django's file-based
cache implements ``add`` as "check, then write", so two processes can both "win"; for
that backend the lock is an OS file lock (``flock``) beside the cache's files, which the
OS also releases when its holder dies. Either way a waiter gives up after ``wait`` seconds
with a :class:`~typelink.errors.CredentialError`.

Every failure of the cache backend (a Redis server down, an unwritable directory) becomes a
``CredentialError`` naming the backend and the operation, never the backend's own message
(it could quote a token). A backend that keeps nothing (``DummyCache``) is refused with a
``ConfigurationError`` the first time a refresh takes the lock, before any token request.
Needs ``pip install typelink[django]``.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import math
import re
import secrets
import sys
import time
from collections.abc import Callable, Generator, Mapping
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol, TypeVar

from typelink._internal.filelock import file_lock
from typelink.errors import ConfigurationError, CredentialError, TypelinkError
from typelink.policies.tokens import StoredToken, Token

__all__ = ["DjangoCache", "DjangoCacheTokenStore"]

logger = logging.getLogger("typelink.auth")

_T = TypeVar("_T")

_READABLE_KEY = re.compile(r"[!-~]{1,200}")
"""Keys every backend accepts as they are (memcached: no spaces or control characters)."""


class DjangoCache(Protocol):
    """The part of a Django cache (``django.core.cache.backends.base.BaseCache``) used here."""

    def get(self, key: str, default: Any = None, /) -> Any:
        """The value under ``key``, or ``default``."""
        ...

    def set(self, key: str, value: Any, /, timeout: float | None = ...) -> object:
        """Store ``value`` (``timeout=None``: never expires)."""
        ...

    def add(self, key: str, value: Any, /, timeout: float | None = ...) -> bool:
        """Store ``value`` only if ``key`` is absent; True when it was stored."""
        ...

    def delete(self, key: str, /) -> object:
        """Remove ``key``."""
        ...


class DjangoCacheTokenStore:
    """Tokens in a Django cache under ``<prefix><key>``, shared by every process using it.

    ``lock_timeout`` bounds how long a crashed refresher blocks the others (the lock's
    expiry); ``wait`` how long a process waits for another's refresh (default: the lock
    timeout). Tokens are stored without expiry; a cache that evicts them anyway (LRU)
    only costs one more token request.
    """

    def __init__(
        self,
        cache: DjangoCache,
        prefix: str = "typelink:token:",
        lock_timeout: float = 30.0,
        *,
        wait: float | None = None,
        poll: float = 0.01,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        if not lock_timeout > 0 or not math.isfinite(lock_timeout):
            raise ConfigurationError(f"lock_timeout must be a positive number, not {lock_timeout}")
        self.cache = cache
        self.prefix = prefix
        self.lock_timeout = lock_timeout
        self.wait = lock_timeout if wait is None else wait
        self._poll = poll
        self._clock = clock

    def cache_key(self, key: str) -> str:
        """The cache key of ``key``: readable when every backend accepts it, else hashed."""
        full = self.prefix + key
        if _READABLE_KEY.fullmatch(full):
            return full
        digest = hashlib.sha256(key.encode("utf-8")).hexdigest()
        return f"{self.prefix}sha256-{digest}"

    def get(self, key: str) -> StoredToken | None:
        """The stored token, or None when missing or unreadable."""
        raw = self._backend("read the token", lambda: self.cache.get(self.cache_key(key)))
        if raw is None:
            return None
        stored = _parse(raw)
        if stored is None:
            logger.warning("the Django cache holds a malformed token under %s", self.cache_key(key))
        return stored

    def set(self, key: str, token: Token) -> int:
        """Store ``token`` with the next generation (call it holding :meth:`lock`)."""
        cache_key = self.cache_key(key)
        previous = self._backend("read the token", lambda: self.cache.get(cache_key))
        parsed = _parse(previous) if previous is not None else None
        generation = (parsed.generation if parsed is not None else 0) + 1
        value = {"generation": generation, "token": token.to_dict()}
        self._backend("write the token", lambda: self.cache.set(cache_key, value, timeout=None))
        return generation

    def lock(self, key: str) -> AbstractContextManager[object]:
        """Exclusive access to ``key`` across every process using the cache."""
        name = self.cache_key(key) + ":lock"
        directory = self._backend("find the backend", lambda: _file_cache_directory(self.cache))
        if directory is not None:
            digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:32]
            return self._file_lock(Path(directory) / f"typelink-{digest}.lock")
        return self._cache_lock(name)

    @contextlib.contextmanager
    def _cache_lock(self, name: str) -> Generator[None, None, None]:
        owner = secrets.token_hex(16)
        expiry = math.ceil(self.lock_timeout)  # memcached and Redis count whole seconds
        deadline = self._clock() + self.wait
        while True:
            taken_at = self._clock()
            if self._backend("take the lock", lambda: self.cache.add(name, owner, timeout=expiry)):
                break
            if taken_at >= deadline:
                raise CredentialError(self._timed_out())
            time.sleep(self._poll)
        self._refuse_backends_that_keep_nothing(name, expiry)
        try:
            yield
        finally:
            self._release(name, owner, taken_at)

    def _refuse_backends_that_keep_nothing(self, name: str, expiry: int) -> None:
        """A second ``add`` of the lock we hold must fail, or the lock excludes no one.

        ``DummyCache`` accepts every ``add`` and keeps nothing: every call would fetch a new
        token. Probing the lock (a write, so the leader answers even with read replicas)
        catches it before any token request.
        """
        probe = self._backend("take the lock", lambda: self.cache.add(name, "", timeout=expiry))
        if probe:
            with contextlib.suppress(Exception):
                self.cache.delete(name)
            raise ConfigurationError(
                f"the Django cache {self._backend_name()} does not keep values (its add "
                "succeeded twice for one key), so it can neither share tokens nor lock their "
                "refresh: give DjangoCacheTokenStore a cache that stores values"
            )

    def _release(self, name: str, owner: str, taken_at: float) -> None:
        """Delete the lock only while it is certainly still ours.

        The cache API has no atomic "delete if equal", so an owner check alone could delete
        a lock that expired and was taken by another process between the two calls. Within
        90% of its lifetime the lock cannot have expired, so it is deleted unless another
        owner is seen (an emptied cache); later it is left to expire.
        """
        if self._clock() - taken_at >= 0.9 * self.lock_timeout:
            logger.warning("a token refresh held the Django cache lock %s past its timeout", name)
            return
        try:
            if self.cache.get(name) in (owner, None):
                self.cache.delete(name)
        except Exception as exc:  # the lock expires by itself; do not mask the refresh
            logger.warning(
                "could not release the Django cache lock %s (%s)", name, type(exc).__name__
            )

    def _file_lock(self, path: Path) -> AbstractContextManager[None]:
        """The OS lock beside a Django file cache (its ``add`` is not atomic across processes);
        opening the lock file counts as a backend operation."""
        self._backend(
            "open the lock file", lambda: path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        )
        return file_lock(
            path,
            wait=self.wait,
            timed_out=lambda: CredentialError(self._timed_out()),
            clock=self._clock,
            poll=self._poll,
        )

    def _timed_out(self) -> str:
        return (
            f"timed out after {self.wait:g} s waiting for another process to refresh the "
            f"token (Django cache {self._backend_name()})"
        )

    def _backend(self, doing: str, operation: Callable[[], _T]) -> _T:
        """Run one cache operation; any failure becomes a CredentialError.

        ``operation`` takes no arguments so that even looking the backend up (which
        ``django.core.cache.cache`` does on first use) happens inside the ``try``.
        """
        try:
            return operation()
        except TypelinkError:
            raise
        except Exception as exc:
            raise CredentialError(
                f"the Django cache {self._backend_name()} failed to {doing} ({type(exc).__name__})"
            ) from exc

    def _backend_name(self) -> str:
        with contextlib.suppress(Exception):
            return type(_resolve(self.cache)).__name__
        return type(self.cache).__name__

    def __repr__(self) -> str:
        return f"DjangoCacheTokenStore({self._backend_name()}, prefix={self.prefix!r})"


def _resolve(cache: object) -> object:
    """The backend behind ``django.core.cache.cache`` (a ConnectionProxy), or ``cache``."""
    connections = getattr(cache, "_connections", None)
    alias = getattr(cache, "_alias", None)
    if connections is not None and isinstance(alias, str):
        backend: object = connections[alias]
        return backend
    return cache


def _file_cache_directory(cache: object) -> str | None:
    """The directory of a Django FileBasedCache (whose ``add`` is not atomic), else None."""
    backend = _resolve(cache)  # first: a proxy imports its backend's module on first use
    module = sys.modules.get("django.core.cache.backends.filebased")
    if module is None or not isinstance(backend, module.FileBasedCache):
        return None
    directory = getattr(backend, "_dir", None)
    if not isinstance(directory, str):
        raise ConfigurationError(
            "this Django version's FileBasedCache has no _dir: typelink cannot lock it safely"
        )
    return directory


def _parse(raw: object) -> StoredToken | None:
    """A stored value back into a StoredToken; None when it is not one of ours."""
    if not isinstance(raw, Mapping):
        return None
    generation = raw.get("generation")
    token_data = raw.get("token")
    if isinstance(generation, bool) or not isinstance(generation, int):
        return None
    if not isinstance(token_data, Mapping):
        return None
    try:
        return StoredToken(Token.from_dict(token_data), generation)
    except ValueError:
        return None
