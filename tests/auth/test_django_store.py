"""DjangoCacheTokenStore on Django's real cache backends: locmem, file and Redis.

The protocol tests every store passes (generations, an exclusive lock) run on these
backends in test_stores.py; this module covers what is particular to Django's caches.
"""

from __future__ import annotations

import logging
import socket
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.cache.backends.locmem import LocMemCache

from tests.auth.calls import call
from tests.auth.django_caches import KINDS, backend, cache_settings, proxy, settings_for_test
from tests.auth.token_server import TokenServer
from typelink.auth import (
    ClientCredentials,
    DjangoCacheTokenStore,
    ExpiringTokenAuth,
    StoredToken,
    Token,
    TokenStore,
)
from typelink.errors import ConfigurationError, CredentialError

TOKEN = Token("access-secret", expires_at=2e9, refresh_token="refresh-secret", obtained_at=1e9)


@pytest.fixture(params=KINDS)
def settings(request, tmp_path) -> dict[str, Any]:
    return settings_for_test(request.param, request, tmp_path)


@pytest.fixture(params=["locmem", "redis"])
def add_lock_settings(request, tmp_path) -> dict[str, Any]:
    """Backends whose lock is ``cache.add`` with an owner (the file backend uses flock)."""
    return settings_for_test(request.param, request, tmp_path)


@pytest.fixture
def server() -> Iterator[TokenServer]:
    with TokenServer(expires_in=3600) as running:
        yield running


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_a_store_on_the_default_cache_proxy_is_shared_with_other_backend_objects(settings):
    """``django.core.cache.cache`` in one worker, a separate backend object in another."""
    store = DjangoCacheTokenStore(proxy(settings))
    assert isinstance(store, TokenStore)
    with store.lock("k"):
        assert store.set("k", TOKEN) == 1
    other = DjangoCacheTokenStore(backend(settings))
    if "LocMemCache" not in settings["BACKEND"]:  # locmem is shared only inside one process
        assert other.get("k") == StoredToken(TOKEN, 1)
        assert other.set("k", Token("second")) == 2
        assert store.get("k") == StoredToken(Token("second"), 2)
    assert "access-secret" not in repr(store) and "refresh-secret" not in repr(store)


def test_token_and_generation_are_one_cache_value(settings):
    cache = backend(settings)
    store = DjangoCacheTokenStore(cache, prefix="app:")
    store.set("k", TOKEN)
    assert store.cache_key("k") == "app:k"
    assert cache.get("app:k") == {"generation": 1, "token": TOKEN.to_dict()}


@pytest.mark.parametrize(
    "raw",
    [
        "a string",
        42,
        {"generation": True, "token": TOKEN.to_dict()},
        {"generation": 1, "token": {"value": 5}},
        {"generation": 1, "token": "access-secret"},
    ],
    ids=["string", "int", "bool-generation", "bad-token", "token-not-a-dict"],
)
def test_values_that_are_not_ours_read_as_missing(raw, caplog):
    cache = LocMemCache("typelink-test-malformed", {})
    cache.clear()
    store = DjangoCacheTokenStore(cache)
    cache.set(store.cache_key("k"), raw)
    with caplog.at_level(logging.WARNING, logger="typelink.auth"):
        assert store.get("k") is None
    assert "malformed token" in caplog.text and "access-secret" not in caplog.text
    assert store.set("k", TOKEN) == 1
    assert store.get("k") == StoredToken(TOKEN, 1)


def test_keys_a_backend_would_reject_are_hashed(settings):
    """memcached refuses spaces, control characters and keys over 250 bytes; Django warns."""
    store = DjangoCacheTokenStore(backend(settings))
    hostile = "token url with spaces\n\x00" + "x" * 300
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # Django's CacheKeyWarning would be raised
        store.set(hostile, TOKEN)
        with store.lock(hostile):
            assert store.get(hostile) == StoredToken(TOKEN, 1)
    assert store.cache_key(hostile).startswith("typelink:token:sha256-")
    assert len(store.cache_key(hostile)) < 100
    assert store.get("token url with spaces") is None


def test_a_cache_that_keeps_nothing_is_refused_before_any_token_request(tmp_path, server):
    """DummyCache accepts every write and keeps nothing: every call would fetch a token."""
    store = DjangoCacheTokenStore(backend(cache_settings("dummy", tmp_path)))
    with (
        pytest.raises(ConfigurationError, match="DummyCache does not keep values"),
        store.lock("k"),
    ):
        pass
    auth = ExpiringTokenAuth(ClientCredentials(server.token_url, "client", "secret-1"), store)
    with pytest.raises(ConfigurationError, match="DummyCache does not keep values"):
        call(auth, server.api_url)
    assert server.token_requests == [] and server.api_calls == 0


def down_redis_cache(tmp_path) -> Any:
    return backend(cache_settings("redis", tmp_path, f"redis://127.0.0.1:{closed_port()}/0"))


def test_a_redis_server_that_is_down_gives_credential_errors(tmp_path):
    store = DjangoCacheTokenStore(down_redis_cache(tmp_path), wait=0.0)
    for operation in (lambda: store.get("k"), lambda: store.set("k", TOKEN)):
        with pytest.raises(CredentialError, match=r"RedisCache failed to \w+ the token \(Conn"):
            operation()
    with pytest.raises(CredentialError, match="failed to take the lock"), store.lock("k"):
        pass


def test_an_unusable_cache_directory_gives_credential_errors(tmp_path):
    settings = cache_settings("file", tmp_path)
    store = DjangoCacheTokenStore(backend(settings))
    directory = Path(settings["LOCATION"])
    directory.rmdir()
    directory.write_text("")  # a file where the cache directory was (root ignores modes)
    with pytest.raises(CredentialError, match=r"FileBasedCache failed to (read|write) the token"):
        store.set("k", TOKEN)
    with pytest.raises(CredentialError, match="failed to open the lock file"), store.lock("k"):
        pass


class LeakyCache(LocMemCache):
    """A backend whose error message quotes the value it was given (as pickling errors do)."""

    def set(self, key: str, value: Any, timeout: Any = None, version: Any = None) -> None:
        raise ValueError(f"cannot store {value!r}")


def test_a_backend_error_message_never_reaches_the_credential_error():
    store = DjangoCacheTokenStore(LeakyCache("typelink-test-leaky", {}))
    with pytest.raises(CredentialError) as caught:
        store.set("k", TOKEN)
    assert "LeakyCache failed to write the token (ValueError)" in str(caught.value)
    assert "secret" not in str(caught.value)


def test_waiting_for_a_held_lock_times_out_as_credential_error(settings):
    holder = DjangoCacheTokenStore(backend(settings))
    waiter = DjangoCacheTokenStore(backend(settings), wait=0.05)
    with holder.lock("k"):
        with pytest.raises(CredentialError, match=r"timed out after 0.05 s"), waiter.lock("k"):
            pass
        with waiter.lock("other-key"):  # locks are per key
            pass
    with waiter.lock("k"):  # released
        pass


def test_release_never_frees_a_lock_someone_else_took(add_lock_settings):
    cache = backend(add_lock_settings)
    store = DjangoCacheTokenStore(cache, wait=0.0)
    name = store.cache_key("k") + ":lock"
    with store.lock("k"):
        cache.set(name, "new-owner")  # ours expired and another process took it
    assert cache.get(name) == "new-owner"


def test_a_lock_held_past_its_timeout_is_left_to_expire(add_lock_settings, caplog):
    """Checking the owner then deleting is two calls: near expiry, deleting could free the
    lock another process just took, so the store lets it expire instead."""
    cache = backend(add_lock_settings)
    clock = Clock()
    store = DjangoCacheTokenStore(cache, lock_timeout=10, wait=0.0, clock=clock)
    name = store.cache_key("k") + ":lock"
    with caplog.at_level(logging.WARNING, logger="typelink.auth"), store.lock("k"):
        owner = cache.get(name)
        clock.now += 9.5
    assert cache.get(name) == owner
    assert "past its timeout" in caplog.text
    clock.now += 1
    with store.lock("other"):
        pass
    assert cache.get(store.cache_key("other") + ":lock") is None


def test_a_dead_holders_lock_expires(add_lock_settings):
    cache = backend(add_lock_settings)
    store = DjangoCacheTokenStore(cache, lock_timeout=1, wait=5)
    assert cache.add(store.cache_key("k") + ":lock", "dead-process", timeout=1)
    with store.lock("k"):  # taken once the dead holder's lock expired (about 1 s)
        pass


def test_lock_timeout_must_be_positive():
    cache = LocMemCache("typelink-test-config", {})
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(ConfigurationError, match="lock_timeout"):
            DjangoCacheTokenStore(cache, lock_timeout=bad)


def test_expiring_auth_on_a_django_cache_refreshes_and_replays(settings, server):
    provider = ClientCredentials(server.token_url, "client", "secret-1")
    auth = ExpiringTokenAuth(provider, DjangoCacheTokenStore(proxy(settings)))
    assert call(auth, server.api_url) == 200
    server.issued += 1  # the server revokes access-1: the next call gets a 401
    assert call(auth, server.api_url) == 200
    assert auth.fetch_count == 2 and len(server.token_requests) == 2


def test_a_broken_cache_makes_the_call_fail_with_a_credential_error(server, tmp_path):
    store = DjangoCacheTokenStore(down_redis_cache(tmp_path))
    auth = ExpiringTokenAuth(ClientCredentials(server.token_url, "client", "secret-1"), store)
    with pytest.raises(CredentialError, match="RedisCache failed to read the token"):
        call(auth, server.api_url)
    assert server.api_calls == 0 and server.token_requests == []


def test_the_default_cache_without_django_settings_gives_credential_errors():
    """``django.core.cache.cache`` used before Django is configured (ImproperlyConfigured)."""
    from django.core.cache import cache

    store = DjangoCacheTokenStore(cache, wait=0.0)
    with pytest.raises(CredentialError, match=r"failed to read the token \(ImproperlyConfigured"):
        store.get("k")
    with pytest.raises(CredentialError, match=r"failed to find the backend \(Improperly"):
        store.lock("k")
    assert "access" not in repr(store)
