"""Every ``repr`` and ``str`` of every public object hides the secrets planted in it.

One set of secrets is planted everywhere a caller can put one (tokens, API keys, a Basic
password, a proxy password, a Redis password, header values, signed-URL queries, cookies
a server sets) and every public object is built from them, most through real calls against
a local server. The walk is checked for completeness: every public class of the package's
documented namespaces must have a specimen here, or a reason why it holds no secret.
"""

from __future__ import annotations

import base64
import inspect
import json
from collections.abc import Iterator
from typing import Any

import pytest

import typelink
import typelink.auth
import typelink.errors
import typelink.events
import typelink.github
import typelink.pagination
from tests.auth.django_caches import BACKEND_CLASSES
from tests.auth.django_caches import backend as django_backend
from tests.fixtures.servers import Reply, ScriptedServer, Seen
from tests.github.fake import new_rsa_key
from tests.security.async_specimens import async_specimens
from typelink import (
    APIKeyHeader,
    APIKeyQuery,
    BasicAuth,
    BearerToken,
    Cache,
    CallableAuth,
    Consumer,
    FileStore,
    FileTokenStore,
    HeaderScheme,
    MemoryStore,
    MemoryTokenStore,
    Model,
    Page,
    PageState,
    QuotaLimiter,
    RawResponse,
    RedisBucket,
    RedisStore,
    RedisTokenStore,
    get,
)
from typelink.auth import (
    ClientCredentials,
    DjangoCacheTokenStore,
    ExpiringTokenAuth,
    RefreshTokenGrant,
    Token,
)
from typelink.github import GitHub, GitHubApp, GitHubQuotaLimiter
from typelink.policies.cache_stores import CacheEntry
from typelink.policies.ratelimit import MemoryQuotaStore
from typelink.transport.request import OutgoingRequest

S = {
    "bearer": "tok_bearer_9f8e7d6c5b4a",
    "scheme": "tok_scheme_1a2b3c4d5e6f",
    "apikey": "key_header_0a9b8c7d6e5f",
    "query": "key_query_5f6e7d8c9b0a",
    "password": "pw_basic_7c6b5a4f3e2d",
    "proxy": "pw_proxy_3e4d5c6b7a8f",
    "redis": "pw_redis_8f7a6b5c4d3e",
    "header": "hdr_value_2d3c4b5a6f7e",
    "marked": "hdr_marked_6e5f4a3b2c1d",
    "client_secret": "cs_secret_4d5e6f7a8b9c",
    "refresh": "rt_refresh_9c8b7a6f5e4d",
    "signature": "sig_amz_1f2e3d4c5b6a",
    "cookie": "cookie_sess_5b6a7f8e9d0c",
    "callable": "tok_callable_a1b2c3d4e5f6",
}
SECRETS = [*list(S.values()), base64.b64encode(f"user:{S['password']}".encode()).decode()]


class Item(Model):
    id: int


class Api(Consumer):
    @get("items")
    def items(self) -> Page[Item]:
        raise NotImplementedError

    @get("raw")
    def raw(self) -> RawResponse[dict[str, Any]]:
        raise NotImplementedError

    @get("fail")
    def fail(self) -> dict[str, Any]:
        raise NotImplementedError


def handler(server: ScriptedServer) -> Any:
    def answer(seen: Seen) -> Reply:
        cookie = {"Set-Cookie": f"session={S['cookie']}"}
        if seen.path.startswith("/items"):
            link = f'<{server.url}/items?page=2&X-Amz-Signature={S["signature"]}>; rel="next"'
            return Reply(body=b'[{"id": 1}]', headers={"Link": link, **cookie})
        if seen.path.startswith("/raw"):
            return Reply(body=json.dumps({"echo": S["bearer"]}).encode(), headers=cookie)
        body = json.dumps({"message": f"bad token {S['bearer']}"}).encode()
        return Reply(status=401, body=body, headers={"X-Request-Id": "req-1", **cookie})

    return answer


@pytest.fixture(scope="module")
def specimens(tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Any]]:
    server = ScriptedServer()
    server.handler = handler(server)
    directory = tmp_path_factory.mktemp("stores")
    redis_url = f"redis://:{S['redis']}@127.0.0.1:1/0"
    pem, _ = new_rsa_key()
    events: list[Any] = []
    grant = ClientCredentials(
        f"{server.url}/token?client_secret={S['client_secret']}", "c", S["client_secret"]
    )
    refresh = RefreshTokenGrant(f"{server.url}/token", "c", S["refresh"], S["client_secret"])
    expiring = ExpiringTokenAuth(grant, store=RedisTokenStore.from_url(redis_url))
    expiring_store = MemoryTokenStore()
    expiring_store.set("k", Token(S["bearer"], refresh_token=S["refresh"]))
    auths = [
        BearerToken(S["bearer"]),
        HeaderScheme("token", S["scheme"], header="X-Auth"),
        APIKeyHeader(S["apikey"], header="X-Custom-Key"),
        APIKeyQuery(S["query"]),
        BasicAuth("user", S["password"]),
        CallableAuth(lambda r: None, secrets=[S["callable"]]),
        expiring,
        ExpiringTokenAuth(refresh, store=expiring_store, key="k"),
    ]
    api = Api(
        base_url=server.url,
        auth=auths[0],
        headers={"X-Vendor-Token": S["header"], "Cookie": f"sid={S['marked']}"},
        proxies={"https": f"http://proxyuser:{S['proxy']}@proxy.example:3128"},
        cache=Cache(store=MemoryStore()),
        rate_limiter=QuotaLimiter(10),
        listeners=[events.append],
    )
    view = api.with_options(headers={"Authorization": f"Bearer {S['bearer']}"})
    page = view.items()
    iterator = iter(page)
    raw = view.raw()
    errors: list[Any] = []
    try:
        view.fail()
    except typelink.TypelinkError as exc:
        errors.append(exc)
    state = PageState(url=f"{server.url}/items?access_token={S['bearer']}", number=3)
    entry = CacheEntry(
        200,
        {"Authorization": S["bearer"], "Set-Cookie": S["cookie"], "X-Vendor-Token": S["header"]},
        json.dumps({"echo": S["bearer"]}).encode(),
        f"{server.url}/x?token={S['bearer']}",
        None,
        None,
        0.0,
        None,
        None,
    )
    objects = [
        *auths,
        expiring_store,
        grant,
        refresh,
        GitHubApp(1, pem, 2),
        Token(S["bearer"], refresh_token=S["refresh"]),
        expiring_store.get("k"),
        api,
        view,
        api.runtime,
        view.runtime,
        api.runtime.config,
        api.runtime.connection,
        view.runtime.overrides,
        view.items,
        page,
        iterator,
        page.iter_pages(),
        page._data,
        page._context,
        state,
        raw,
        entry,
        *errors,
        *events,
        typelink.events.CredentialRefreshed(view.items.spec.info, "expiry"),
        typelink.events.RetryScheduled(view.items.spec.info, 1, "status 503", 0.5),
        typelink.events.RateLimitWaited(view.items.spec.info, 1, 0.5),
        typelink.events.CacheLookup(view.items.spec.info, "hit"),
        api.runtime.config.cache,
        RedisStore(url=redis_url),
        RedisTokenStore.from_url(redis_url),
        RedisBucket.from_url(redis_url),
        MemoryStore(),
        MemoryQuotaStore(),
        FileStore(directory / "cache"),
        FileTokenStore(directory / "tokens.json"),
        api.runtime.config.rate_limiter,
        QuotaLimiter(10, store=RedisBucket.from_url(redis_url)),
        GitHubQuotaLimiter(),
        GitHub(token=S["bearer"], base_url=server.url),
        OutgoingRequest("GET", f"{server.url}/x?X-Amz-Signature={S['signature']}"),
        DjangoCacheTokenStore(
            django_backend({"BACKEND": BACKEND_CLASSES["redis"], "LOCATION": redis_url})
        ),
        *async_specimens(server, auths[0], events, S),
        RedisStore(url=redis_url, async_client=True),
        RedisTokenStore.from_url(redis_url, async_client=True),
    ]
    try:
        yield objects
    finally:
        server.close()


def representations(obj: Any) -> Iterator[str]:
    yield repr(obj)
    yield str(obj)


def test_no_repr_or_str_of_any_public_object_shows_a_secret(specimens):
    shown = {}
    for obj in specimens:
        for text in representations(obj):
            found = [secret for secret in SECRETS if secret in text]
            if found:
                shown[type(obj).__name__] = (found, text[:300])
    assert shown == {}, "\n".join(f"{k}: {v}" for k, v in shown.items())


# -- completeness: every public class has a specimen, or a reason it holds no secret ------

NO_SECRET_STATE = {
    # declarations and markers: made at import time from code, never from credentials
    "BodyMarker",
    "FormMarker",
    "HeaderMarker",
    "PartMarker",
    "PathMarker",
    "QueryMarker",
    "Model",
    "EndpointInfo",
    "GitHubError",
    "GitHubFieldError",
    # strategies and policies: numbers and names only
    "Cursor",
    "LinkHeader",
    "NextUrl",
    "OffsetLimit",
    "PageNumber",
    "Paginator",
    "RetryPolicy",
    "FormStyle",
    "Telemetry",  # OpenTelemetry providers and a flag
    # values the caller or the response gives, not credentials: a sentinel, response values
    "NotGiven",
    "ProblemDetails",
    "UnknownEnumValue",
    "UnknownValue",
    # typing-only: protocols and TypedDicts have no instances
    "Auth",
    "CacheStore",
    "RateLimiter",
    "TokenProvider",
    "TokenStore",
    "PagedEndpoint",
    "AsyncPagedEndpoint",
    "ClientOptions",
    "ClientSettings",
    # abstract bases (their concrete subclasses have specimens)
    "Client",
    "Consumer",
    "AsyncClient",
    "AsyncConsumer",
}


def public_classes() -> set[type]:
    found: set[type] = set()
    for module in (typelink, typelink.auth, typelink.pagination, typelink.errors, typelink.github):
        for name in module.__all__:
            value = getattr(module, name)
            if inspect.isclass(value):
                found.add(value)
    for _, value in inspect.getmembers(typelink.events, inspect.isclass):
        if value.__module__ == "typelink.events":
            found.add(value)
    return found


def test_the_walk_covers_every_public_class(specimens):
    covered = {type(obj) for obj in specimens}
    missing = []
    for cls in public_classes():
        if cls.__name__ in NO_SECRET_STATE:
            continue
        if issubclass(cls, BaseException):
            continue  # errors: see test_every_error_class_hides_planted_secrets
        if not any(issubclass(kind, cls) for kind in covered):
            missing.append(cls.__name__)
    assert sorted(missing) == [], missing


def test_every_error_class_hides_planted_secrets():
    echo = f"server says: {S['bearer']}"
    for cls in public_classes():
        if not issubclass(cls, typelink.errors.APIStatusError):
            continue
        error = cls(
            status_code=400,
            method="GET",
            url=f"https://api.example/x?sig={S['signature']}",
            headers={"Set-Cookie": S["cookie"]},
            body=json.dumps({"message": echo}).encode(),
            request_id="req-2",
            secrets=(S["bearer"],),
        )
        typelink.errors.redact_error(error, (S["bearer"],))
        for text in (repr(error), str(error)):
            assert not [s for s in SECRETS if s in text], cls.__name__


def test_a_header_marked_sensitive_is_redacted_where_it_is_shown_or_echoed(specimens):
    from typelink._internal.redact import redact_headers

    server = ScriptedServer()
    body = json.dumps({"message": f"unknown partner signature {S['marked']}"}).encode()
    server.handler = lambda seen: Reply(status=403, body=body)
    try:
        api = Api(
            base_url=server.url,
            headers={"X-Partner-Signature": S["marked"]},
            sensitive_headers=["X-Partner-Signature"],
        )
        with pytest.raises(typelink.PermissionDeniedError) as caught:
            api.fail()
    finally:
        server.close()
    for text in (repr(caught.value), str(caught.value), repr(api.runtime.config)):
        assert S["marked"] not in text
    shown = redact_headers({"X-Partner-Signature": S["marked"], "Accept": "json"})
    assert shown == {"X-Partner-Signature": "[REDACTED]", "Accept": "json"}
