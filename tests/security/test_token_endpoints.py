"""Token endpoints never send a client secret, refresh token or JWT to another origin.

``requests`` follows a ``307``/``308`` from a token endpoint to any host with the same form
body (the client secret, the refresh token), and decides whether ``Authorization`` (Basic
client credentials, a GitHub App JWT) may follow with ``urlsplit``, which reads
``http://evil\\@good/`` as ``good`` while urllib3 connects to ``evil``. Token requests
must follow no redirect at all: a ``CredentialError`` instead. Their answers are read within
a size limit, decompressed size included.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from tests.fixtures.servers import Reply, ScriptedServer, Seen
from tests.github.fake import new_rsa_key
from tests.security.bombs import bomb, peak_memory
from tests.security.conftest import leaked, port_of
from typelink import Consumer, get
from typelink.auth import ClientCredentials, ExpiringTokenAuth, RefreshTokenGrant
from typelink.errors import CredentialError
from typelink.github.app import GitHubApp

CLIENT_SECRET = "cs_live_tokenEndpointSecret42"
REFRESH_TOKEN = "rt_live_refreshTokenSecret42"


def redirect_to(target: str, status: int = 307) -> Any:
    return lambda seen: Reply(status, body=b"", headers={"Location": target})


def confusing(good: ScriptedServer, evil: ScriptedServer) -> str:
    return f"http://127.0.0.1:{port_of(evil)}\\@127.0.0.1:{port_of(good)}/token"


@pytest.mark.parametrize("status", [307, 308])
@pytest.mark.parametrize("method", ["client_secret_post", "client_secret_basic"])
def test_client_credentials_never_follow_a_redirect_to_another_origin(good, evil, status, method):
    good.handler = redirect_to(f"{evil.url}/token", status)
    grant = ClientCredentials(f"{good.url}/token", "client", CLIENT_SECRET, auth_method=method)
    with pytest.raises(CredentialError, match="redirect") as caught:
        grant.fetch(None)
    assert evil.seen == []
    assert CLIENT_SECRET not in str(caught.value)


def test_client_credentials_never_follow_a_location_parsers_disagree_on(good, evil):
    good.handler = redirect_to(confusing(good, evil))
    grant = ClientCredentials(f"{good.url}/token", "client", CLIENT_SECRET)
    with pytest.raises(CredentialError, match="redirect"):
        grant.fetch(None)
    assert leaked(evil.seen, [CLIENT_SECRET, "Basic "]) == []


def test_a_refresh_token_never_follows_a_redirect(good, evil):
    good.handler = redirect_to(f"{evil.url}/token", 308)
    grant = RefreshTokenGrant(f"{good.url}/token", "public-client", REFRESH_TOKEN)
    with pytest.raises(CredentialError, match="redirect"):
        grant.fetch(None)
    assert leaked(evil.seen, [REFRESH_TOKEN]) == []


def test_a_github_app_jwt_never_follows_a_redirect(good, evil):
    pem, _ = new_rsa_key()
    good.handler = redirect_to(confusing(good, evil))
    app = GitHubApp(12345, pem, 678, base_url=good.url)
    with pytest.raises(CredentialError, match="redirect"):
        app.fetch(None)
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


def test_an_oversized_token_answer_is_refused(good):
    good.handler = lambda seen: Reply(body=token_body(padding=3 * 1024 * 1024))
    grant = ClientCredentials(f"{good.url}/token", "client", CLIENT_SECRET)
    with pytest.raises(CredentialError, match="more than"):
        grant.fetch(None)


@pytest.mark.parametrize("encoding", ["gzip", "deflate"])
def test_a_compressed_token_answer_bomb_is_refused_with_flat_memory(good, encoding):
    body = bomb(encoding, 64 * 1024 * 1024)

    def handler(seen: Seen) -> Reply:
        return Reply(body=body, headers={"Content-Encoding": encoding})

    good.handler = handler
    grant = ClientCredentials(f"{good.url}/token", "client", CLIENT_SECRET)
    peak, error = peak_memory(lambda: grant.fetch(None))
    assert isinstance(error, CredentialError) and "more than" in str(error)
    assert peak < 8 * 1024 * 1024, f"peak {peak} bytes for a 1 MiB limit"
