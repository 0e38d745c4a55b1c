"""Where expiring tokens live between calls: memory (default), a file, or Redis.

A store holds one token per key with a *generation* number that grows on every ``set``.
The generation is what makes refresh single-flight: a call that failed with generation g
refreshes only if the store still holds g. ``lock(key)`` serialises refreshes across
processes (a file lock, a Redis lock); the store protocol is public so any shared cache
(Django's, memcached...) can be plugged in.
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import tempfile
import threading
from contextlib import AbstractAsyncContextManager, AbstractContextManager
from pathlib import Path
from typing import Any

from typelink._internal.filelock import file_lock
from typelink._internal.flow_locks import FlowLock
from typelink.policies.tokens import StoredToken, Token

__all__ = ["FileTokenStore", "MemoryTokenStore"]

logger = logging.getLogger("typelink.auth")


class MemoryTokenStore:
    """Tokens in this process's memory: the default, and enough for one process.

    Nothing here waits on I/O, so an async client calls it directly (``blocking = False``);
    its per-key locks are shared by threads and asyncio tasks.
    """

    blocking = False

    def __init__(self) -> None:
        self._tokens: dict[str, StoredToken] = {}
        self._guard = threading.Lock()
        self._locks: dict[str, FlowLock] = {}

    def get(self, key: str) -> StoredToken | None:
        """The stored token, if any."""
        return self._tokens.get(key)

    def set(self, key: str, token: Token) -> int:
        """Store ``token`` with the next generation."""
        with self._guard:
            previous = self._tokens.get(key)
            generation = (previous.generation if previous else 0) + 1
            self._tokens[key] = StoredToken(token, generation)
            return generation

    def lock(self, key: str) -> AbstractContextManager[object]:
        """A per-key thread lock."""
        return self._lock_for(key).hold()

    def lock_async(self, key: str) -> AbstractAsyncContextManager[object]:
        """The same per-key lock, taken without blocking the event loop."""
        return self._lock_for(key).hold_async()

    def _lock_for(self, key: str) -> FlowLock:
        with self._guard:
            lock = self._locks.get(key)
            if lock is None:
                lock = self._locks[key] = FlowLock()
            return lock

    def __repr__(self) -> str:
        return f"MemoryTokenStore({len(self._tokens)} keys)"


class FileTokenStore:
    """Tokens in a JSON file readable only by its owner (mode 0600).

    Writes go to a temporary file in the same directory, then ``os.replace`` it over the
    old one, so a reader never sees half a file. ``lock`` takes an exclusive ``flock`` on
    ``<path>.lock``, which the OS releases if the holder dies. POSIX only.
    """

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._lock_path = self.path.with_name(self.path.name + ".lock")
        self._guard = threading.Lock()

    def _read_all(self) -> dict[str, Any]:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return {}
        try:
            data = json.loads(text)
        except ValueError:
            logger.warning("token file %s is not valid JSON; ignoring it", self.path)
            return {}
        return data if isinstance(data, dict) else {}

    def get(self, key: str) -> StoredToken | None:
        """The stored token, or None when missing or unreadable."""
        entry = self._read_all().get(key)
        if not isinstance(entry, dict):
            return None
        generation = entry.get("generation")
        token_data = entry.get("token")
        if not isinstance(generation, int) or not isinstance(token_data, dict):
            return None
        try:
            return StoredToken(Token.from_dict(token_data), generation)
        except ValueError:
            logger.warning("token file %s holds a malformed token for one key", self.path)
            return None

    def set(self, key: str, token: Token) -> int:
        """Store ``token`` with the next generation (atomic replace, mode 0600)."""
        with self._guard:
            data = self._read_all()
            previous = data.get(key)
            old = previous.get("generation") if isinstance(previous, dict) else None
            generation = (old if isinstance(old, int) else 0) + 1
            data[key] = {"generation": generation, "token": token.to_dict()}
            self._write_all(data)
            return generation

    def _write_all(self, data: dict[str, Any]) -> None:
        self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", dir=self.path.parent)
        try:
            os.fchmod(fd, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(data, handle)
                handle.flush()
                os.fsync(handle.fileno())
            os.replace(tmp, self.path)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)
            raise

    def lock(self, key: str) -> AbstractContextManager[object]:
        """An exclusive lock on the whole file, shared with other processes."""
        return file_lock(self._lock_path)

    def __repr__(self) -> str:
        return f"FileTokenStore({str(self.path)!r})"
