"""The cache stores on their own: memory (LRU, keeps values), files (private, atomic) and a
real Redis; and the entry format they share."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from typelink.policies.cache_stores import MISSING, CacheEntry, FileStore, MemoryStore, RedisStore


def entry(
    body: bytes = b'{"a": 1}', keep: float | None = 100.0, value: object = MISSING
) -> CacheEntry:
    return CacheEntry(
        status=200,
        headers={"ETag": '"v1"', "Content-Type": "application/json"},
        body=body,
        url="https://api.example.com/a",
        etag='"v1"',
        last_modified=None,
        stored_at=1000.0,
        expires_at=1060.0,
        keep_until=None if keep is None else 1000.0 + keep,
        value=value,
    )


def test_entries_round_trip_as_bytes_without_their_value() -> None:
    original = entry(value={"parsed": True})
    data = original.to_bytes()
    assert b"parsed" not in data  # values never leave the process
    restored = CacheEntry.from_bytes(data)
    assert restored == original.without_value()
    assert restored is not None and restored.value is MISSING


@pytest.mark.parametrize("garbage", [b"", b"no newline", b"{}\nbody", b'{"v": 99}\n', b"\xff\n"])
def test_unreadable_bytes_are_a_miss(garbage: bytes) -> None:
    assert CacheEntry.from_bytes(garbage) is None


def test_memory_store_keeps_values_and_evicts_the_least_recent() -> None:
    store = MemoryStore(max_entries=2)
    assert store.keeps_values
    store.set("a", entry(value=1))
    store.set("b", entry(value=2))
    assert store.get("a") is not None  # a is now the most recent
    store.set("c", entry(value=3))
    assert store.get("b") is None and len(store) == 2
    got = store.get("a")
    assert got is not None and got.value == 1
    store.delete("a")
    store.clear()
    assert len(store) == 0
    with pytest.raises(ValueError):
        MemoryStore(max_entries=0)


def test_file_store_is_private_and_survives_a_corrupt_file(tmp_path: Path) -> None:
    store = FileStore(tmp_path / "cache")
    store.set("k1", entry())
    assert stat.S_IMODE(os.stat(tmp_path / "cache").st_mode) == 0o700
    files = list((tmp_path / "cache").iterdir())
    assert len(files) == 1 and stat.S_IMODE(files[0].stat().st_mode) == 0o600
    got = store.get("k1")
    assert got is not None and got.body == b'{"a": 1}'
    files[0].write_bytes(b"torn write")
    assert store.get("k1") is None
    store.delete("k1")
    store.delete("never-there")
    assert store.get("k1") is None


def test_redis_store_expires_entries_at_keep_until(redis_client: object, redis_url: str) -> None:
    store = RedisStore(url=redis_url, prefix="t:")
    store.set("k", entry(keep=0.05))
    assert store.get("k") is not None
    import time

    time.sleep(0.2)
    assert store.get("k") is None
    store.set("forever", entry(keep=None))
    store.clear()
    assert store.get("forever") is None
