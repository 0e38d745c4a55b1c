"""Conditional requests and TTL caching against a real local server, with every store."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.pagination.helpers import TokenAuth, items, json_response, requests_to, route
from typelink import Consumer, Model, Page, Query, get
from typelink.errors import ConfigurationError
from typelink.pagination import PageNumber
from typelink.policies.cache import Cache, client_cache
from typelink.policies.cache_stores import CacheEntry, FileStore, MemoryStore, RedisStore


class User(Model):
    login: str
    plan: str = "free"


class OtherUser(Model):
    login: int


class Users(Consumer):
    @get("user")
    def me(self) -> User:
        raise NotImplementedError

    @get("user")
    def me_strict(self) -> OtherUser:
        raise NotImplementedError

    @get("users/{name}", cache=60)
    def cached(self, name: str) -> User:
        raise NotImplementedError

    @get("user", cache=False)
    def never(self) -> User:
        raise NotImplementedError

    @get("user", cache=True)
    def revalidated(self) -> User:
        raise NotImplementedError

    @get("search")
    def search(self, q: Query[str]) -> User:
        raise NotImplementedError

    @get("list", paginate=PageNumber(size=2))
    def pages(self) -> Page[User]:
        raise NotImplementedError


class Clock:
    def __init__(self) -> None:
        self.now = 1_000_000.0

    def __call__(self) -> float:
        return self.now


def etag_server(server: HTTPServer, path: str = "/user", etag: str = '"v1"') -> dict[str, Any]:
    """Answers 304 when If-None-Match matches, else 200 with the ETag; counts both."""
    state: dict[str, Any] = {"etag": etag, "login": "octocat", "full": 0, "not_modified": 0}

    def handler(request: Request) -> Response:
        if request.headers.get("If-None-Match") == state["etag"]:
            state["not_modified"] += 1
            return Response(status=304, headers={"ETag": state["etag"]})
        state["full"] += 1
        return json_response({"login": state["login"]}, headers={"ETag": state["etag"]})

    route(server, path, handler)
    return state


def make(server: HTTPServer, **options: Any) -> Users:
    return Users(server.url_for("/"), **options)


# -- revalidation --------------------------------------------------------------------------


def test_etag_revalidation_serves_the_cached_value_on_304(api: HTTPServer) -> None:
    state = etag_server(api)
    users = make(api, cache=True)
    first = users.me()
    second = users.me()
    assert second is first  # the parsed value itself (memory store)
    assert (state["full"], state["not_modified"]) == (1, 1)
    sent = requests_to(api, "/user")
    assert "If-None-Match" not in sent[0].headers
    assert sent[1].headers["If-None-Match"] == '"v1"'


def test_a_changed_resource_replaces_the_entry(api: HTTPServer) -> None:
    state = etag_server(api)
    users = make(api, cache=True)
    assert users.me().login == "octocat"
    state["etag"], state["login"] = '"v2"', "hubot"
    assert users.me().login == "hubot"
    assert users.me().login == "hubot"
    assert (state["full"], state["not_modified"]) == (2, 1)


def test_last_modified_revalidation(api: HTTPServer) -> None:
    stamp = "Wed, 21 Oct 2015 07:28:00 GMT"

    def handler(request: Request) -> Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return json_response({"login": "lm"}, headers={"Last-Modified": stamp})

    route(api, "/user", handler)
    users = make(api, cache=True)
    assert users.me().login == "lm"
    assert users.me().login == "lm"
    assert [r.headers.get("If-Modified-Since") for r in requests_to(api, "/user")] == [None, stamp]


def test_no_cache_by_default_and_when_disabled(api: HTTPServer) -> None:
    state = etag_server(api)
    make(api).me()
    make(api).me()
    default_client = make(api)
    default_client.me()
    default_client.me()
    disabled = make(api, cache=False)
    disabled.me()
    disabled.revalidated()
    assert state["not_modified"] == 0
    both = make(api, cache=True)
    both.never()
    both.never()
    assert state["not_modified"] == 0


def test_endpoint_cache_true_revalidates_even_if_client_does_not(api: HTTPServer) -> None:
    state = etag_server(api)
    users = make(api)
    users.revalidated()
    users.revalidated()
    assert state["not_modified"] == 1


def test_no_store_responses_are_not_kept(api: HTTPServer) -> None:
    route(
        api,
        "/user",
        lambda r: json_response(
            {"login": "x"}, headers={"ETag": '"a"', "Cache-Control": "private, no-store"}
        ),
    )
    users = make(api, cache=True)
    users.me()
    users.me()
    assert all("If-None-Match" not in r.headers for r in requests_to(api, "/user"))


def test_query_parameters_are_part_of_the_key(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        tag = '"' + request.args["q"] + '"'
        if request.headers.get("If-None-Match") == tag:
            return Response(status=304)
        return json_response({"login": request.args["q"]}, headers={"ETag": tag})

    route(api, "/search", handler)
    users = make(api, cache=True)
    assert users.search("a").login == "a"
    assert users.search("b").login == "b"
    assert users.search("a").login == "a"
    conditional = [r.headers.get("If-None-Match") for r in requests_to(api, "/search")]
    assert conditional == [None, None, '"a"']


def test_two_identities_never_share_entries(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        who = request.headers["Authorization"].split()[-1]
        tag = f'"{who}"'
        if request.headers.get("If-None-Match") == tag:
            return Response(status=304)
        return json_response({"login": who}, headers={"ETag": tag})

    route(api, "/user", handler)
    shared = Cache()
    alice = make(api, cache=shared, auth=TokenAuth("alice-token", "alice"))
    bob = make(api, cache=shared, auth=TokenAuth("bob-token", "bob"))
    assert alice.me().login == "alice-token"
    assert bob.me().login == "bob-token"  # not alice's cached value
    assert alice.me().login == "alice-token"
    conditional = [r.headers.get("If-None-Match") for r in requests_to(api, "/user")]
    assert conditional == [None, None, '"alice-token"']


def test_two_endpoints_on_one_url_do_not_share_parsed_values(api: HTTPServer) -> None:
    etag_server(api)
    users = make(api, cache=True)
    users.me()
    with pytest.raises(Exception, match="does not match"):
        users.me_strict()


# -- TTL -----------------------------------------------------------------------------------


def test_endpoint_ttl_skips_the_request_until_it_expires(api: HTTPServer) -> None:
    calls = {"n": 0}

    def handler(request: Request) -> Response:
        calls["n"] += 1
        return json_response({"login": f"v{calls['n']}"})

    route(api, "/users/octo", handler)
    clock = Clock()
    users = make(api, wall_clock=clock)
    assert users.cached("octo").login == "v1"
    clock.now += 59
    assert users.cached("octo").login == "v1"
    assert calls["n"] == 1
    clock.now += 2
    assert users.cached("octo").login == "v2"
    assert calls["n"] == 2


def test_ttl_with_validators_revalidates_after_expiry(api: HTTPServer) -> None:
    state = etag_server(api, path="/users/octo")
    clock = Clock()
    users = make(api, wall_clock=clock)
    users.cached("octo")
    users.cached("octo")
    assert (state["full"], state["not_modified"]) == (1, 0)
    clock.now += 120
    users.cached("octo")
    assert (state["full"], state["not_modified"]) == (1, 1)
    users.cached("octo")  # fresh again for another 60 s after the 304
    assert (state["full"], state["not_modified"]) == (1, 1)


def test_client_wide_ttl(api: HTTPServer) -> None:
    state = etag_server(api)
    users = make(api, cache=Cache(ttl=30, revalidate=False), wall_clock=Clock())
    users.me()
    users.me()
    assert state["full"] == 1 and state["not_modified"] == 0


# -- pages ---------------------------------------------------------------------------------


def test_pages_are_revalidated_page_by_page(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        page = request.args.get("page", "1")
        tag = f'"p{page}"'
        if request.headers.get("If-None-Match") == tag:
            return Response(status=304)
        body = [{"login": u["name"]} for u in items(int(page) * 10, 2 if page != "2" else 1)]
        return json_response(body, headers={"ETag": tag})

    route(api, "/list", handler)
    users = make(api, cache=True)
    first = [u.login for u in users.pages()]
    second = [u.login for u in users.pages()]
    assert first == second == ["item-10", "item-11", "item-20"]
    statuses = [resp.status_code for _, resp in api.log]
    assert statuses == [200, 200, 304, 304]


# -- stores --------------------------------------------------------------------------------


def test_file_store_survives_a_new_client_and_keeps_no_secret(
    api: HTTPServer, tmp_path: Path
) -> None:
    state = etag_server(api)
    directory = tmp_path / "cache"
    first = make(api, cache=Cache(store=FileStore(directory)), auth=TokenAuth("tok-1", "alice"))
    assert first.me().login == "octocat"
    second = make(api, cache=Cache(store=FileStore(directory)), auth=TokenAuth("tok-1", "alice"))
    assert second.me().login == "octocat"  # parsed again from the stored body
    assert state["not_modified"] == 1
    files = list(directory.iterdir())
    assert len(files) == 1
    data = files[0].read_bytes()
    assert b"tok-1" not in data and b"alice" not in data
    assert stat.S_IMODE(os.stat(directory).st_mode) == 0o700
    FileStore(directory).clear()
    assert list(directory.iterdir()) == []


def test_a_stored_body_that_no_longer_fits_is_a_miss(api: HTTPServer, tmp_path: Path) -> None:
    state = etag_server(api)
    store = FileStore(tmp_path)
    users = make(api, cache=Cache(store=store))
    users.me()
    (path,) = list(tmp_path.iterdir())
    entry = CacheEntry.from_bytes(path.read_bytes())
    assert entry is not None
    broken = CacheEntry(**{**entry.__dict__, "body": b'{"plan": 1}'})
    path.write_bytes(broken.to_bytes())
    assert users.me().login == "octocat"
    assert state["full"] == 2


def test_unreadable_entries_are_misses(tmp_path: Path) -> None:
    assert CacheEntry.from_bytes(b"garbage") is None
    assert CacheEntry.from_bytes(b'{"v": 99}\nbody') is None
    store = FileStore(tmp_path)
    with pytest.raises(ValueError):
        store.get("../etc/passwd")


def test_memory_store_is_bounded(api: HTTPServer) -> None:
    store = MemoryStore(max_entries=2)
    entry = CacheEntry(200, {}, b"", "", '"e"', None, 0.0, None, None)
    for key in "abc":
        store.set(key, entry)
    assert len(store) == 2 and store.get("a") is None and store.get("c") is not None
    with pytest.raises(ValueError):
        MemoryStore(max_entries=0)


def test_redis_store_with_a_real_server(api: HTTPServer, redis_url: str) -> None:
    import redis

    state = etag_server(api)
    client = redis.Redis.from_url(redis_url)
    store = RedisStore(client, prefix="test:cache:")
    store.clear()
    users = make(api, cache=Cache(store=store, keep=300))
    users.me()
    keys = client.keys("test:cache:*")
    assert len(keys) == 1
    assert 0 < client.pttl(keys[0]) <= 300_000
    assert make(api, cache=Cache(store=RedisStore(url=redis_url, prefix="test:cache:"))).me()
    assert state["not_modified"] == 1
    store.clear()
    assert client.keys("test:cache:*") == []


def test_cache_option_validation() -> None:
    with pytest.raises(ConfigurationError):
        client_cache("yes")
    with pytest.raises(ConfigurationError):
        Cache(ttl=-1)
    with pytest.raises(ConfigurationError):

        class Bad(Consumer):
            @get("x", cache=-5)
            def x(self) -> User:
                raise NotImplementedError

    assert client_cache(False) is None
    assert json.loads(CacheEntry(200, {}, b"", "u", None, None, 1.0, None, None).to_bytes())


class NoIdentityAuth(TokenAuth):
    """An auth written before ``identity()`` existed: keyed by a digest of its secrets."""

    identity = None  # type: ignore[assignment]


def test_an_auth_without_identity_still_isolates_credentials(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        who = request.headers["Authorization"].split()[-1]
        if request.headers.get("If-None-Match") == f'"{who}"':
            return Response(status=304)
        return json_response({"login": who}, headers={"ETag": f'"{who}"'})

    route(api, "/user", handler)
    shared = Cache()
    one = make(api, cache=shared, auth=NoIdentityAuth("token-one", "x"))
    two = make(api, cache=shared, auth=NoIdentityAuth("token-two", "x"))
    assert one.me().login == "token-one"
    assert two.me().login == "token-two"
    assert one.me().login == "token-one"


def test_a_broken_store_costs_a_miss_not_the_call(api: HTTPServer) -> None:
    state = etag_server(api)
    dead = RedisStore(url="redis://127.0.0.1:1/0")  # nothing listens on port 1
    users = make(api, cache=Cache(store=dead))
    assert users.me().login == "octocat"
    assert users.me().login == "octocat"
    assert state["full"] == 2


def test_ttl_on_a_paginated_endpoint_serves_every_page_from_cache(api: HTTPServer) -> None:
    class Cached(Consumer):
        @get("list", paginate=PageNumber(size=2), cache=30)
        def pages(self) -> Page[User]:
            raise NotImplementedError

    def handler(request: Request) -> Response:
        page = int(request.args.get("page", "1"))
        return json_response([{"login": f"u{page}-{i}"} for i in range(2 if page < 3 else 1)])

    route(api, "/list", handler)
    cached = Cached(api.url_for("/"), wall_clock=Clock())
    first = [u.login for u in cached.pages()]
    second = [u.login for u in cached.pages()]
    assert first == second and len(first) == 5
    assert len(requests_to(api, "/list")) == 3
