"""Where cached responses live: in memory (default), in files, or in Redis.

A store maps an opaque key (a hex digest: no URL, no identity, no token in it) to a
:class:`CacheEntry`. The memory store keeps the parsed value itself, so a hit costs no
parsing; the file and Redis stores keep the body and headers and the value is parsed again
from them on a hit, so nothing but JSON and bytes is ever written outside the process (no
pickle: a shared store must not be able to run code in the reader).
"""

from __future__ import annotations

import json
import math
import os
import tempfile
import threading
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from typelink._internal.flows import Twin, call_async
from typelink._internal.redact import redact_url
from typelink._internal.redis import BoundedRedis, redis_from_url
from typelink.errors import ConfigurationError

MISSING: Any = object()
"""Marks an entry that carries no parsed value (it must be parsed from ``body``)."""

_FORMAT = 1


@dataclass(frozen=True)
class CacheEntry:
    """One cached response (and, in memory, its parsed value).

    ``expires_at`` is the end of the TTL (None: always revalidate); ``keep_until`` is when
    the store may forget the entry (None: never). Times are wall-clock seconds (``time.time``)
    so they mean the same in another process.
    """

    status: int
    headers: Mapping[str, str]
    body: bytes
    url: str
    etag: str | None
    last_modified: str | None
    stored_at: float
    expires_at: float | None
    keep_until: float | None
    value: Any = field(default=MISSING, compare=False, repr=False)

    def __repr__(self) -> str:  # headers and body may carry secrets: names and sizes only
        return (
            f"CacheEntry(status={self.status}, url={redact_url(self.url)!r}, "
            f"headers={sorted(self.headers)}, body={len(self.body)} bytes)"
        )

    def without_value(self) -> CacheEntry:
        """The entry as an out-of-process store keeps it."""
        return replace(self, value=MISSING) if self.value is not MISSING else self

    def to_bytes(self) -> bytes:
        """A JSON header line followed by the raw body."""
        header = {
            "v": _FORMAT,
            "status": self.status,
            "headers": dict(self.headers),
            "url": self.url,
            "etag": self.etag,
            "last_modified": self.last_modified,
            "stored_at": self.stored_at,
            "expires_at": self.expires_at,
            "keep_until": self.keep_until,
        }
        return json.dumps(header, separators=(",", ":")).encode() + b"\n" + self.body

    @classmethod
    def from_bytes(cls, data: bytes) -> CacheEntry | None:
        """Parse :meth:`to_bytes` output; None for anything unreadable (treated as a miss)."""
        head, sep, body = data.partition(b"\n")
        if not sep:
            return None
        try:
            meta = json.loads(head)
            if meta.get("v") != _FORMAT:
                return None
            return cls(
                status=int(meta["status"]),
                headers={str(k): str(v) for k, v in meta["headers"].items()},
                body=body,
                url=str(meta["url"]),
                etag=meta["etag"],
                last_modified=meta["last_modified"],
                stored_at=float(meta["stored_at"]),
                expires_at=meta["expires_at"],
                keep_until=meta["keep_until"],
            )
        except (ValueError, KeyError, TypeError, AttributeError):
            return None


class MemoryStore:
    """In-process LRU store; keeps parsed values, so a hit does no parsing. Nothing here
    waits, so an async client calls it directly (``blocking = False``)."""

    keeps_values = True
    blocking = False

    def __init__(self, max_entries: int = 1024) -> None:
        if max_entries < 1:
            raise ValueError(f"max_entries must be >= 1, got {max_entries}")
        self.max_entries = max_entries
        self._entries: OrderedDict[str, CacheEntry] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> CacheEntry | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def set(self, key: str, entry: CacheEntry) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)

    def delete(self, key: str) -> None:
        with self._lock:
            self._entries.pop(key, None)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class FileStore:
    """One file per entry in ``directory`` (created private: mode 0700, files 0600).

    Writes go to a temporary file renamed into place, so readers in other processes never
    see half an entry.
    """

    keeps_values = False
    _SUFFIX = ".tlcache"

    def __init__(self, directory: str | os.PathLike[str]) -> None:
        self.directory = Path(directory).expanduser()
        self.directory.mkdir(mode=0o700, parents=True, exist_ok=True)

    def _path(self, key: str) -> Path:
        if not key or not all(ch.isalnum() or ch in "-_" for ch in key):
            raise ValueError(f"invalid cache key {key!r}")
        return self.directory / (key + self._SUFFIX)

    def get(self, key: str) -> CacheEntry | None:
        try:
            data = self._path(key).read_bytes()
        except FileNotFoundError:
            return None
        return CacheEntry.from_bytes(data)

    def set(self, key: str, entry: CacheEntry) -> None:
        path = self._path(key)
        fd, tmp = tempfile.mkstemp(dir=self.directory, prefix=".tmp-")
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(entry.without_value().to_bytes())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def clear(self) -> None:
        for path in self.directory.glob("*" + self._SUFFIX):
            path.unlink(missing_ok=True)


class RedisStore:
    """Entries in Redis under ``prefix``; Redis expires them at ``keep_until``.

    Pass a ``redis.Redis`` client, or ``url`` (``redis://host:6379/0``). Needs the
    ``typelink[redis]`` extra. Each command waits at most ``timeout`` seconds (and never past
    the running call's timeout or budget): a cache is an optimisation, so a Redis slower than
    that is a miss. A Redis that is down or hangs is a :class:`typelink.errors.StoreError`,
    which the cache step turns into a miss and a warning. A ``redis.asyncio`` client (or
    ``url`` with ``async_client=True``) serves async clients through the ``*_async`` twins,
    with the same bounds; with a blocking client those twins await its commands on the
    bounded Redis worker pool.
    """

    keeps_values = False

    def __init__(
        self,
        client: Any = None,
        *,
        url: str | None = None,
        prefix: str = "typelink:cache:",
        timeout: float | None = 0.5,
        async_client: bool = False,
    ) -> None:
        if client is None:
            if url is None:
                raise ValueError("RedisStore needs a redis client or url=")
            client = redis_from_url(url, async_client=async_client)
        self.client = client
        self.prefix = prefix
        self._redis = BoundedRedis(client, store="cache", timeout=timeout)

    def get(self, key: str) -> CacheEntry | None:
        return _entry(self._redis.run(self.client.get, self.prefix + key))

    async def get_async(self, key: str) -> CacheEntry | None:
        return _entry(await self._redis.run_async(self.client.get, self.prefix + key))

    def set(self, key: str, entry: CacheEntry) -> None:
        data, millis = _stored(entry)
        self._redis.run(self.client.set, self.prefix + key, data, px=millis)

    async def set_async(self, key: str, entry: CacheEntry) -> None:
        data, millis = _stored(entry)
        await self._redis.run_async(self.client.set, self.prefix + key, data, px=millis)

    def delete(self, key: str) -> None:
        self._redis.run(self.client.delete, self.prefix + key)

    async def delete_async(self, key: str) -> None:
        await self._redis.run_async(self.client.delete, self.prefix + key)

    def clear(self) -> None:
        """Delete every entry under the prefix (not bounded: an administrative sweep)."""
        if self._redis.awaits:
            raise ConfigurationError(
                "this RedisStore has a redis.asyncio client: use clear_async() from asyncio"
            )
        keys = list(self.client.scan_iter(match=self.prefix + "*"))
        if keys:
            self.client.delete(*keys)

    async def clear_async(self) -> None:
        """:meth:`clear` under asyncio (a blocking client's sweep runs in a worker thread)."""
        if not self._redis.awaits:
            await call_async(Twin(self.clear))
            return
        keys = [key async for key in self.client.scan_iter(match=self.prefix + "*")]
        if keys:
            await self.client.delete(*keys)

    def __repr__(self) -> str:
        return f"RedisStore(prefix={self.prefix!r})"


def _entry(data: Any) -> CacheEntry | None:
    return None if data is None else CacheEntry.from_bytes(bytes(data))


def _stored(entry: CacheEntry) -> tuple[bytes, int | None]:
    """The bytes to store and their lifetime in milliseconds (None: kept until deleted)."""
    data = entry.without_value().to_bytes()
    if entry.keep_until is None:
        return data, None
    return data, max(1, math.ceil((entry.keep_until - entry.stored_at) * 1000))
