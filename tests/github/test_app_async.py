"""GitHub App installation tokens under asyncio: fetched over aiohttp (no worker thread) with
the rules of the blocking fetch, against a fake GitHub running in the test's own event loop
(aiohttp.web) that verifies the JWT for real, and against hostile token endpoints."""

from __future__ import annotations

import asyncio
import json
import logging
import re
import ssl
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.asyncio_server import AsyncServer, Seen
from tests.fixtures.servers import Reply
from tests.fixtures.tls_server import make_pki
from tests.github.fake import (
    APP_ID,
    INSTALLATION_ID,
    TOKEN_LIFETIME,
    TOKEN_PATH,
    Clock,
    FakeGitHub,
    new_rsa_key,
)
from typelink.auth import ExpiringTokenAuth, Token
from typelink.errors import CredentialError
from typelink.github import AsyncGitHub
from typelink.github.app import GitHubApp
from typelink.github.models import FullRepository

TASKS = 50


@pytest.fixture(scope="module")
def app_key() -> tuple[str, Any]:
    return new_rsa_key()


@asynccontextmanager
async def fake_github(
    public_key: Any, clock: Clock, tls: ssl.SSLContext | None = None
) -> AsyncIterator[FakeGitHub]:
    async with AsyncServer(ssl_context=tls) as server:
        yield FakeGitHub(server, public_key, clock)


def app_for(url: str, pem: str, clock: Clock) -> GitHubApp:
    return GitHubApp(int(APP_ID), pem, INSTALLATION_ID, base_url=url, clock=clock)


def token_requests(server: AsyncServer) -> list[Seen]:
    return [seen for seen in server.seen if seen.path == TOKEN_PATH]


def test_fetch_async_posts_a_signed_jwt_over_aiohttp_as_fetch_does(app_key):
    clock = Clock()

    async def scenario() -> tuple[Token, Token, list[Seen]]:
        async with fake_github(app_key[1], clock) as fake:
            app = app_for(fake.url, app_key[0], clock)
            awaited = await app.fetch_async(None)
            blocking = await asyncio.to_thread(app.fetch, None)
            assert fake.jwt_failures == [] and fake.token_requests == 2
            app.close()
            return awaited, blocking, token_requests(fake.server)

    awaited, blocking, seen = asyncio.run(scenario())
    assert awaited.value.startswith("ghs_fake") and awaited.value != blocking.value
    assert awaited.expires_at == blocking.expires_at == Clock().now + TOKEN_LIFETIME
    assert awaited.obtained_at == blocking.obtained_at and awaited.token_type == "Bearer"
    assert "aiohttp" in seen[0].headers["User-Agent"]  # not the blocking fetch in a thread
    assert "python-requests" in seen[1].headers["User-Agent"]
    for name in ("Accept", "X-GitHub-Api-Version"):
        assert seen[0].headers[name] == seen[1].headers[name]
    assert seen[0].headers["Authorization"].startswith("Bearer ey")


def test_async_github_makes_one_token_request_for_a_wave_of_tasks(app_key):
    clock = Clock()

    async def scenario() -> FakeGitHub:
        async with fake_github(app_key[1], clock) as fake:
            app = app_for(fake.url, app_key[0], clock)
            async with AsyncGitHub(app=app, base_url=fake.url) as gh:
                assert isinstance(gh.runtime.auth, ExpiringTokenAuth)
                calls = (gh.repos.get("octocat", "Hello-World") for _ in range(TASKS))
                repos = await asyncio.gather(*calls)
                assert all(isinstance(r, FullRepository) for r in repos)
                assert fake.token_requests == 1 and fake.unauthorized == 0
                fake.revoke_all()  # a wave of 401s: one renewal for all tasks
                calls = (gh.repos.get("octocat", "Hello-World") for _ in range(TASKS))
                assert len(await asyncio.gather(*calls)) == TASKS
            return fake

    fake = asyncio.run(scenario())
    assert fake.token_requests == 2 and fake.unauthorized == TASKS
    assert all("aiohttp" in s.headers["User-Agent"] for s in token_requests(fake.server))


def test_async_github_renews_the_token_a_minute_before_it_expires(app_key):
    clock = Clock()

    async def scenario() -> FakeGitHub:
        async with fake_github(app_key[1], clock) as fake:
            app = app_for(fake.url, app_key[0], clock)
            async with AsyncGitHub(app=app, base_url=fake.url) as gh:
                await gh.repos.get("octocat", "Hello-World")
                clock.now += TOKEN_LIFETIME - 61  # 61 s left: still used as is
                await gh.repos.get("octocat", "Hello-World")
                assert fake.token_requests == 1
                clock.now += 2  # 59 s left: renewed before the call, which sees no 401
                await gh.repos.get("octocat", "Hello-World")
                assert fake.token_requests == 2
            return fake

    fake = asyncio.run(scenario())
    assert fake.unauthorized == 0 and fake.jwt_failures == []


def test_secrets_never_reach_logs_errors_or_reprs(app_key, caplog):
    caplog.set_level(logging.DEBUG)
    clock = Clock()

    async def scenario() -> tuple[FakeGitHub, GitHubApp, list[str], str]:
        async with fake_github(app_key[1], clock) as fake:
            app = app_for(fake.url, app_key[0], clock)
            async with AsyncGitHub(app=app, base_url=fake.url) as gh:
                await gh.repos.get("octocat", "Hello-World")
                fake.revoke_all()
                await gh.repos.get("octocat", "Hello-World")
                with pytest.raises(Exception) as info:
                    await gh.repos.get("octocat", "missing")
                shown = f"{info.value} {gh.runtime.auth!r} {app!r}"
                return fake, app, [*fake.tokens, *app.secret_values()], shown

    fake, app, secrets, shown = asyncio.run(scenario())
    assert len(fake.tokens) == 2 and len(secrets) == 4
    for secret in secrets:
        assert secret not in caplog.text and secret not in shown


# -- hostile token endpoints: the async fetch refuses what the blocking one refuses ----------


async def failure_of(fetch: Callable[[], Awaitable[Token]]) -> CredentialError:
    with pytest.raises(CredentialError) as info:
        await fetch()
    error = info.value
    assert error.__cause__ is None and error.__context__ is None
    return error


async def both_failures(app: GitHubApp) -> tuple[CredentialError, CredentialError]:
    """The blocking fetch's error (in a thread) and the async fetch's, for one answer."""
    blocking = await failure_of(lambda: asyncio.to_thread(app.fetch, None))
    awaited = await failure_of(lambda: app.fetch_async(None))
    return blocking, awaited


def quoting_the_jwt(seen: Seen) -> Reply:
    """A 401 whose message quotes the JWT it was sent (it must be redacted)."""
    jwt = seen.headers.get("Authorization", "").removeprefix("Bearer ")
    body = {"message": f"JWT {jwt} is not valid", "documentation_url": f"https://d/{jwt}"}
    return Reply(status=401, body=json.dumps(body).encode())


def fixed(status: int, body: bytes) -> Callable[[Seen], Reply]:
    return lambda seen: Reply(status=status, body=body)


ANSWERS = {
    "oversized": (fixed(201, b'{"token": "' + b"x" * (2 << 20) + b'"}'), "more than 1048576"),
    "malformed expires_at": (
        fixed(201, b'{"token": "ghs_x", "expires_at": "soon"}'),
        "answered 201 without a valid expires_at",
    ),
    "no token": (fixed(201, b'{"expires_at": "2030-01-01T00:00:00Z"}'), "without a token"),
    "not json": (fixed(201, b"<html>"), "answered 201 without a JSON object"),
    "401 quoting the JWT": (quoting_the_jwt, r"answered 401: JWT \[REDACTED\] is not valid"),
    "404": (
        fixed(404, b'{"message": "Not Found", "documentation_url": "https://d"}'),
        r"answered 404: Not Found \(https://d\)",
    ),
}


@pytest.mark.parametrize("answer", list(ANSWERS))
def test_unusable_answers_fail_alike_in_both_drivers(app_key, answer):
    handler, expected = ANSWERS[answer]

    async def scenario() -> tuple[CredentialError, CredentialError, list[str]]:
        async with AsyncServer() as server:
            server.handle = lambda seen: asyncio.sleep(0, handler(seen))
            app = app_for(server.url, app_key[0], Clock())
            blocking, awaited = await both_failures(app)
            app.close()
            return blocking, awaited, list(app.secret_values())

    blocking, awaited, jwts = asyncio.run(scenario())
    assert str(awaited) == str(blocking)
    assert awaited.args[0].startswith("GitHub App installation token request (http://127.0.0.1:")
    assert re.search(expected, str(awaited)), str(awaited)
    for jwt in jwts:
        assert jwt not in str(awaited) and jwt not in repr(awaited)


@pytest.mark.parametrize("where", ["another host 307", "another host 308", "parsers disagree"])
def test_a_redirect_is_never_followed(app_key, where):
    async def scenario() -> tuple[CredentialError, CredentialError, list[Seen], list[str]]:
        async with AsyncServer() as evil, AsyncServer() as good:
            evil_port, good_port = evil.url.rsplit(":", 1)[1], good.url.rsplit(":", 1)[1]
            target = {
                "another host 307": (307, f"{evil.url}/app/installations/1/access_tokens"),
                "another host 308": (308, f"{evil.url}/steal"),
                "parsers disagree": (307, f"http://127.0.0.1:{evil_port}\\@127.0.0.1:{good_port}/"),
            }[where]
            answer = Reply(status=target[0], body=b"", headers={"Location": target[1]})
            good.handle = lambda seen: asyncio.sleep(0, answer)
            app = app_for(good.url, app_key[0], Clock())
            blocking, awaited = await both_failures(app)
            app.close()
            return blocking, awaited, evil.seen, list(app.secret_values())

    blocking, awaited, evil_seen, jwts = asyncio.run(scenario())
    assert evil_seen == []
    assert "redirect" in str(awaited) and str(awaited) == str(blocking)
    assert "never follow redirects" in str(awaited)
    assert all(jwt not in str(awaited) for jwt in jwts)


def test_an_unreachable_token_endpoint_is_a_credential_error(app_key):
    app = GitHubApp(APP_ID, app_key[0], 1, base_url="http://127.0.0.1:9", clock=Clock())
    error = asyncio.run(failure_of(lambda: app.fetch_async(None)))
    assert "could not be reached" in str(error)
    assert app.token_requests == 1


def test_the_token_request_follows_the_clients_tls_setting(app_key, tmp_path: Path):
    """A GHES behind a private CA: refused by default, trusted with the client's
    ``verify=`` CA bundle, which the async client passes to its app as the blocking one does."""
    pki = make_pki(tmp_path)
    tls = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    tls.load_cert_chain(pki.server_cert, pki.server_key)
    clock = Clock()

    async def scenario() -> tuple[CredentialError, FakeGitHub]:
        async with fake_github(app_key[1], clock, tls) as fake:
            assert fake.url.startswith("https://")
            unverified = app_for(fake.url, app_key[0], clock)
            refused = await failure_of(lambda: unverified.fetch_async(None))
            app = app_for(fake.url, app_key[0], clock)
            async with AsyncGitHub(app=app, base_url=fake.url, verify=pki.ca_file) as gh:
                assert app.verify == pki.ca_file
                await gh.repos.get("octocat", "Hello-World")
            return refused, fake

    refused, fake = asyncio.run(scenario())
    assert "could not be reached" in str(refused)
    assert fake.token_requests == 1 and fake.unauthorized == 0
