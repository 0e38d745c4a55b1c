from __future__ import annotations

import json
import os
import stat
import sys
import threading

import pytest

from tests.auth.django_caches import backend, settings_for_test
from typelink._internal.redis import RedisLock, load_redis
from typelink.auth import (
    DjangoCacheTokenStore,
    FileTokenStore,
    MemoryTokenStore,
    RedisTokenStore,
    StoredToken,
    Token,
    TokenStore,
)
from typelink.errors import ConfigurationError, CredentialError

TOKEN = Token("access-secret", expires_at=2e9, refresh_token="refresh-secret", obtained_at=1e9)


@pytest.fixture(params=["memory", "file", "redis", "django-locmem", "django-file", "django-redis"])
def store(request, tmp_path) -> TokenStore:
    if request.param == "memory":
        return MemoryTokenStore()
    if request.param == "file":
        return FileTokenStore(tmp_path / "tokens.json")
    if request.param.startswith("django-"):
        kind = request.param.removeprefix("django-")
        return DjangoCacheTokenStore(backend(settings_for_test(kind, request, tmp_path)))
    return RedisTokenStore(request.getfixturevalue("redis_client"))


def test_generations_grow_per_key(store: TokenStore):
    assert isinstance(store, TokenStore)
    assert store.get("a") is None
    with store.lock("a"):
        assert store.set("a", TOKEN) == 1
    assert store.get("a") == StoredToken(TOKEN, 1)
    other = Token("second")
    assert store.set("a", other) == 2
    assert store.get("a") == StoredToken(other, 2)
    assert store.set("b", TOKEN) == 1
    assert store.get("a") == StoredToken(other, 2)
    assert "access-secret" not in repr(store)


def test_lock_is_exclusive(store: TokenStore):
    inside = threading.Event()
    release = threading.Event()
    order: list[str] = []

    def holder() -> None:
        with store.lock("k"):
            inside.set()
            release.wait(5)
            order.append("first")

    thread = threading.Thread(target=holder)
    thread.start()
    assert inside.wait(5)

    def second() -> None:
        with store.lock("k"):
            order.append("second")

    waiter = threading.Thread(target=second)
    waiter.start()
    release.set()
    thread.join(5)
    waiter.join(5)
    assert order == ["first", "second"]


def test_file_store_is_private_and_atomic(tmp_path):
    path = tmp_path / "sub" / "tokens.json"
    store = FileTokenStore(path)
    store.set("k", TOKEN)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sorted(p.name for p in path.parent.iterdir()) == ["tokens.json"]
    saved = json.loads(path.read_text())
    assert saved["k"]["generation"] == 1
    assert FileTokenStore(path).get("k") == StoredToken(TOKEN, 1)  # another "process"


@pytest.mark.parametrize(
    "content", ["{not json", "[]", '{"k": 3}', '{"k": {"generation": 1, "token": {"value": 5}}}']
)
def test_file_store_ignores_unreadable_content(tmp_path, content):
    path = tmp_path / "tokens.json"
    path.write_text(content)
    store = FileTokenStore(path)
    assert store.get("k") is None
    assert store.set("k", TOKEN) >= 1
    assert store.get("k") is not None


def test_redis_store_ignores_malformed_entries(redis_client):
    redis_client.hset("typelink:token:k", mapping={"token": "{bad", "generation": "1"})
    assert RedisTokenStore(redis_client).get("k") is None


def test_redis_store_uses_its_prefix(redis_client, redis_url):
    RedisTokenStore(redis_client, prefix="app:").set("k", TOKEN)
    assert redis_client.exists("app:k")
    assert RedisTokenStore(redis_client).get("k") is None
    shared = RedisTokenStore.from_url(redis_url, prefix="app:")
    assert shared.get("k") == StoredToken(TOKEN, 1)


def test_redis_lock_times_out_as_credential_error(redis_client):
    store = RedisTokenStore(redis_client, lock_timeout=0.05)
    redis_client.set("typelink:token:k:lock", "someone-else", px=10_000)
    with pytest.raises(CredentialError, match="timed out"), store.lock("k"):
        pass


def test_redis_lock_release_never_frees_another_owner(redis_client):
    lock = RedisLock(redis_client, timeout=10)
    owner = lock.acquire("L")
    redis_client.set("L", "new-owner")  # our lock expired and someone else took it
    assert lock.release("L", owner) is False
    assert redis_client.get("L") == b"new-owner"
    with pytest.raises(TimeoutError):
        lock.acquire("L", wait=0.0)


def test_missing_redis_package_names_the_extra(monkeypatch):
    monkeypatch.setitem(sys.modules, "redis", None)
    with pytest.raises(ConfigurationError, match=r"pip install typelink\[redis\]"):
        load_redis()
    with pytest.raises(ConfigurationError, match=r"typelink\[redis\]"):
        RedisTokenStore.from_url("redis://127.0.0.1:1/0")
