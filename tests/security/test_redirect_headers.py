"""Cross-origin redirects strip every credential-bearing header: default-deny.

A header list of known credential names always misses one (``X-Tenant-Key``,
``X-Vendor-Token``, the header a custom auth scheme sets...). A request that a redirect takes
to another origin carries only headers on the known-safe list: whatever the client, the
consumer class, the endpoint, a ``with_options`` view, an argument or the session added is
left behind, under the blocking transport and the aiohttp one (whose session's cookies stay
home too).
"""

from __future__ import annotations

import asyncio
from typing import Annotated, Any

import aiohttp
import pytest
import requests
import yarl

from tests.fixtures.servers import Reply, ScriptedServer, Seen
from tests.security.conftest import leaked
from typelink import APIKeyHeader, AsyncConsumer, Body, Consumer, Header, get, headers, post

SECRETS = {
    "client": "client-header-secret-111",
    "class": "class-header-secret-222",
    "method": "method-header-secret-333",
    "view": "view-header-secret-444",
    "argument": "argument-header-secret-555",
    "session": "session-header-secret-666",
    "auth": "auth-header-secret-777",
    "cookie": "cookie-header-secret-888",
}

SAFE = {
    "accept",
    "accept-encoding",
    "connection",
    "content-length",
    "content-type",
    "host",
    "user-agent",
}


@headers({"X-Team-Secret": SECRETS["class"]})
class Reports(Consumer):
    @headers({"X-Vendor-Token": SECRETS["method"]})
    @get("reports/{name}")
    def fetch(
        self, name: str, signature: Annotated[str, Header("X-Request-Signature")]
    ) -> dict[str, Any]:
        raise NotImplementedError

    @post("reports", idempotent=True)
    def upload(
        self, body: Body[dict[str, Any]], signature: Annotated[str, Header("X-Request-Signature")]
    ) -> dict[str, Any]:
        raise NotImplementedError


def reports(good: ScriptedServer) -> Reports:
    session = requests.Session()
    session.headers["X-Session-Secret"] = SECRETS["session"]
    api = Reports(
        base_url=good.url,
        auth=APIKeyHeader(SECRETS["auth"], header="X-Custom-Key"),
        headers={"X-Tenant-Key": SECRETS["client"], "Cookie": f"sid={SECRETS['cookie']}"},
        session=session,
    )
    return api.with_options(headers={"X-Debug-Token": SECRETS["view"]})


@pytest.mark.parametrize("status", [302, 307])
def test_a_cross_origin_redirect_carries_only_safe_headers(good, evil, status):
    good.handler = lambda seen: Reply(status, headers={"Location": f"{evil.url}/elsewhere"})
    evil.handler = lambda seen: Reply(body=b'{"moved": true}')
    api = reports(good)
    if status == 302:
        assert api.fetch("q3", signature=SECRETS["argument"]) == {"moved": True}
    else:
        assert api.upload({"rows": 1}, signature=SECRETS["argument"]) == {"moved": True}
    (arrived,) = evil.seen
    assert leaked(evil.seen, SECRETS.values()) == []
    assert {name.lower() for name in arrived.headers} <= SAFE
    # the trusted origin got everything it was meant to (upload has no method header)
    meant = [v for k, v in SECRETS.items() if not (k == "method" and status == 307)]
    assert leaked(good.seen, SECRETS.values()) == meant


def bounce_back(good: ScriptedServer, evil: ScriptedServer) -> None:
    """``good`` redirects to ``evil``, which redirects back to ``good``."""

    def on_good(seen: Seen) -> Reply:
        if seen.path == "/reports/q3":
            return Reply(302, headers={"Location": f"{evil.url}/hop"})
        return Reply(body=b'{"back": true}')

    good.handler = on_good
    evil.handler = lambda seen: Reply(302, headers={"Location": f"{good.url}/landing"})


def test_a_redirect_back_to_the_trusted_origin_carries_the_credential_again(good, evil):
    bounce_back(good, evil)
    api = reports(good)
    assert api.fetch("q3", signature=SECRETS["argument"]) == {"back": True}
    assert leaked(evil.seen, SECRETS.values()) == []
    assert good.seen[-1].headers.get("X-Custom-Key") == SECRETS["auth"]


# -- the same rule for the aiohttp transport ---------------------------------------------


@headers({"X-Team-Secret": SECRETS["class"]})
class AsyncReports(AsyncConsumer):
    @headers({"X-Vendor-Token": SECRETS["method"]})
    @get("reports/{name}")
    async def fetch(
        self, name: str, signature: Annotated[str, Header("X-Request-Signature")]
    ) -> dict[str, Any]:
        raise NotImplementedError

    @post("reports", idempotent=True)
    async def upload(
        self, body: Body[dict[str, Any]], signature: Annotated[str, Header("X-Request-Signature")]
    ) -> dict[str, Any]:
        raise NotImplementedError


JAR_SECRET = "jar-cookie-secret-999"


async def async_reports_call(good: ScriptedServer, status: int) -> Any:
    """One call through an aiohttp session that holds secrets of its own: a default header
    and a cookie for the trusted host (127.0.0.1: the attacker's port is on the same host,
    and cookies ignore ports)."""
    jar = aiohttp.CookieJar(unsafe=True)
    jar.update_cookies({"jar": JAR_SECRET}, yarl.URL(good.url))
    async with aiohttp.ClientSession(
        headers={"X-Session-Secret": SECRETS["session"]}, cookie_jar=jar
    ) as session:
        api = AsyncReports(
            base_url=good.url,
            auth=APIKeyHeader(SECRETS["auth"], header="X-Custom-Key"),
            headers={"X-Tenant-Key": SECRETS["client"], "Cookie": f"sid={SECRETS['cookie']}"},
            aiohttp_session=session,
        ).with_options(headers={"X-Debug-Token": SECRETS["view"]})
        if status == 302:
            return await api.fetch("q3", signature=SECRETS["argument"])
        return await api.upload({"rows": 1}, signature=SECRETS["argument"])


@pytest.mark.parametrize("status", [302, 307])
def test_an_async_cross_origin_redirect_carries_only_safe_headers(good, evil, status):
    good.handler = lambda seen: Reply(status, headers={"Location": f"{evil.url}/elsewhere"})
    evil.handler = lambda seen: Reply(body=b'{"moved": true}')
    assert asyncio.run(async_reports_call(good, status)) == {"moved": True}
    (arrived,) = evil.seen
    assert leaked(evil.seen, [*SECRETS.values(), JAR_SECRET]) == []
    assert {name.lower() for name in arrived.headers} <= SAFE
    meant = [v for k, v in SECRETS.items() if not (k == "method" and status == 307)]
    assert leaked(good.seen, SECRETS.values()) == meant
    assert leaked(good.seen, [JAR_SECRET]) == [JAR_SECRET]  # the session's own cookie, at home


def test_an_async_redirect_back_to_the_trusted_origin_carries_the_credential_again(good, evil):
    bounce_back(good, evil)
    assert asyncio.run(async_reports_call(good, 302)) == {"back": True}
    assert leaked(evil.seen, [*SECRETS.values(), JAR_SECRET]) == []
    assert good.seen[-1].headers.get("X-Custom-Key") == SECRETS["auth"]
