"""An exclusive POSIX file lock (``flock``), held across processes, with an optional bound.

Token stores use it to make a refresh single-flight between processes that share a file
(``FileTokenStore``) or a Django file cache. With ``wait`` set, a process that cannot get
the lock in time raises the caller's error instead of blocking behind a stuck holder.
"""

from __future__ import annotations

import contextlib
import os
import time
from collections.abc import Callable, Generator
from pathlib import Path

from typelink.errors import ConfigurationError

__all__ = ["file_lock"]


@contextlib.contextmanager
def file_lock(
    path: Path,
    *,
    wait: float | None = None,
    timed_out: Callable[[], Exception] | None = None,
    clock: Callable[[], float] = time.monotonic,
    poll: float = 0.05,
) -> Generator[None, None, None]:
    """Hold ``path``'s lock (the file is created private, mode 0600, if missing).

    ``wait`` None blocks until the lock is free; otherwise ``timed_out()`` is raised after
    ``wait`` seconds.
    """
    try:
        import fcntl  # POSIX only
    except ImportError as exc:  # pragma: no cover - Windows
        raise ConfigurationError("this store needs POSIX file locks (fcntl)") from exc
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        if wait is None:
            fcntl.flock(fd, fcntl.LOCK_EX)
        else:
            deadline = clock() + wait
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if clock() >= deadline:
                        raise (timed_out() if timed_out else TimeoutError(path)) from None
                    time.sleep(poll)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)
