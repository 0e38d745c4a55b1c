"""Token endpoints never send a client secret, refresh token or JWT to another origin.

``requests`` follows a ``307``/``308`` from a token endpoint to any host with the same form
body (the client secret, the refresh token), and decides whether ``Authorization`` (Basic
client credentials, a GitHub App JWT) may follow with ``urlsplit``, which reads
``http://evil\\@good/`` as ``good`` while urllib3 connects to ``evil``. Token requests
must follow no redirect at all: a ``CredentialError`` instead. Their answers are read within
a size limit, decompressed size included. The async grants (over aiohttp) obey the same rules.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import Any

import pytest

from tests.fixtures.servers import Reply, ScriptedServer, Seen
from tests.github.fake import new_rsa_key
from tests.security.bombs import bomb, peak_memory
from tests.security.conftest import leaked, port_of
from typelink import AsyncConsumer, Consumer, get
from typelink._internal.limits import CallLimits, call_limits
from typelink.auth import ClientCredentials, ExpiringTokenAuth, RefreshTokenGrant
from typelink.errors import CredentialError
from typelink.github.app import GitHubApp

CLIENT_SECRET = "cs_live_tokenEndpointSecret42"
REFRESH_TOKEN = "rt_live_refreshTokenSecret42"


def redirect_to(target: str, status: int = 307) -> Any:
    return lambda seen: Reply(status, body=b"", headers={"Location": target})


def confusing(good: ScriptedServer, evil: ScriptedServer) -> str:
    return f"http://127.0.0.1:{port_of(evil)}\\@127.0.0.1:{port_of(good)}/token"


def fetch(grant: ClientCredentials | RefreshTokenGrant | GitHubApp, flavour: str) -> Any:
    """The grant's token request, with ``requests`` or (``"async"``) with aiohttp."""
    if flavour == "async":
        return asyncio.run(grant.fetch_async(None))
    return grant.fetch(None)


FLAVOURS = pytest.mark.parametrize("flavour", ["blocking", "async"])


@FLAVOURS
@pytest.mark.parametrize("status", [307, 308])
@pytest.mark.parametrize("method", ["client_secret_post", "client_secret_basic"])
def test_client_credentials_never_follow_a_redirect_to_another_origin(
    good, evil, status, method, flavour
):
    good.handler = redirect_to(f"{evil.url}/token", status)
    grant = ClientCredentials(f"{good.url}/token", "client", CLIENT_SECRET, auth_method=method)
    with pytest.raises(CredentialError, match="redirect") as caught:
        fetch(grant, flavour)
    assert evil.seen == []
    assert CLIENT_SECRET not in str(caught.value)
    assert caught.value.__context__ is None and caught.value.__cause__ is None


def test_client_credentials_never_follow_a_location_parsers_disagree_on(good, evil):
    good.handler = redirect_to(confusing(good, evil))
    grant = ClientCredentials(f"{good.url}/token", "client", CLIENT_SECRET)
    with pytest.raises(CredentialError, match="redirect"):
        grant.fetch(None)
    assert leaked(evil.seen, [CLIENT_SECRET, "Basic "]) == []


@FLAVOURS
@pytest.mark.parametrize("where", ["another-origin", "parsers-disagree"])
def test_a_refresh_token_never_follows_a_redirect(good, evil, where, flavour):
    target = f"{evil.url}/token" if where == "another-origin" else confusing(good, evil)
    good.handler = redirect_to(target, 308)
    grant = RefreshTokenGrant(f"{good.url}/token", "public-client", REFRESH_TOKEN)
    with pytest.raises(CredentialError, match="redirect"):
        fetch(grant, flavour)
    assert leaked(evil.seen, [REFRESH_TOKEN]) == []


@FLAVOURS
def test_a_github_app_jwt_never_follows_a_redirect(good, evil, flavour):
    pem, _ = new_rsa_key()
    good.handler = redirect_to(confusing(good, evil))
    app = GitHubApp(12345, pem, 678, base_url=good.url)
    with pytest.raises(CredentialError, match="redirect"):
        fetch(app, flavour)
    assert evil.seen == []
    assert leaked(evil.seen, list(app.secret_values())) == []


class Protected(Consumer):
    @get("data")
    def read(self) -> dict[str, Any]:
        raise NotImplementedError


def test_a_call_whose_token_endpoint_redirects_fails_typed(good, evil):
    token_server = ScriptedServer()
    try:
        token_server.handler = redirect_to(f"{evil.url}/token")
        grant = ClientCredentials(f"{token_server.url}/token", "c", CLIENT_SECRET, ["a", "b"])
        with (
            Protected(base_url=good.url, auth=ExpiringTokenAuth(grant)) as api,
            pytest.raises(CredentialError, match="redirect"),
        ):
            api.read()
    finally:
        token_server.close()
    assert evil.seen == [] and good.seen == []


def token_body(padding: int = 0) -> bytes:
    data = {"access_token": "at", "token_type": "bearer", "expires_in": 3600}
    if padding:
        data["padding"] = "x" * padding
    return json.dumps(data).encode()


@FLAVOURS
def test_an_oversized_token_answer_is_refused(good, flavour):
    good.handler = lambda seen: Reply(body=token_body(padding=3 * 1024 * 1024))
    grant = ClientCredentials(f"{good.url}/token", "client", CLIENT_SECRET)
    with pytest.raises(CredentialError, match="more than"):
        fetch(grant, flavour)


@FLAVOURS
@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compressed_token_answer_bomb_is_refused_with_flat_memory(good, encoding, flavour):
    body = bomb(encoding, 64 * 1024 * 1024)

    def handler(seen: Seen) -> Reply:
        return Reply(body=body, headers={"Content-Encoding": encoding})

    good.handler = handler
    grant = ClientCredentials(f"{good.url}/token", "client", CLIENT_SECRET)
    peak, error = peak_memory(lambda: fetch(grant, flavour))
    assert isinstance(error, CredentialError) and "more than" in str(error)
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes for a 1 MiB limit"


# -- the same rules for token requests under asyncio (over aiohttp) ----------------------


class AsyncProtected(AsyncConsumer):
    @get("data")
    async def read(self) -> dict[str, Any]:
        raise NotImplementedError


def test_an_async_call_whose_token_endpoint_redirects_fails_typed(good, evil):
    token_server = ScriptedServer()

    async def call() -> None:
        grant = ClientCredentials(f"{token_server.url}/token", "c", CLIENT_SECRET)
        async with AsyncProtected(base_url=good.url, auth=ExpiringTokenAuth(grant)) as api:
            await api.read()

    try:
        token_server.handler = redirect_to(f"{evil.url}/token")
        with pytest.raises(CredentialError, match="redirect"):
            asyncio.run(call())
    finally:
        token_server.close()
    assert evil.seen == [] and good.seen == []


@FLAVOURS
def test_a_token_request_gets_no_more_time_than_the_call_has_left(good, flavour):
    good.handler = lambda seen: Reply(body=token_body(), delay=5.0)
    grant = ClientCredentials(f"{good.url}/token", "client", CLIENT_SECRET, timeout=30)
    started = time.monotonic()
    with (
        call_limits(CallLimits(timeout=None, deadline=time.monotonic() + 0.5)),
        pytest.raises(CredentialError, match=r"could not be reached|timed out"),
    ):
        fetch(grant, flavour)
    assert time.monotonic() - started < 5.0  # it ended before the endpoint answered
