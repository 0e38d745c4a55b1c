from __future__ import annotations

import base64
import socket
from collections.abc import Iterator

import pytest
import requests

from tests.auth.token_server import TokenServer
from typelink.auth import ClientCredentials, ExpiringTokenAuth, RefreshTokenGrant, Token
from typelink.declare.spec import ANONYMOUS_ENDPOINT
from typelink.errors import ConfigurationError, CredentialError
from typelink.transport.request import OutgoingRequest

CLIENT_SECRET = "client-secret-value"
NOW = 1_700_000_000.0


@pytest.fixture
def server() -> Iterator[TokenServer]:
    with TokenServer(expires_in=3600) as running:
        yield running


def credentials(server: TokenServer, **options) -> ClientCredentials:
    return ClientCredentials(
        server.token_url, "my-client", CLIENT_SECRET, clock=lambda: NOW, **options
    )


def test_client_credentials_with_basic_client_auth(server: TokenServer):
    token = credentials(server, scopes=["read", "write"]).fetch(None)
    assert token == Token("access-1", NOW + 3600, "bearer", None, None, obtained_at=NOW)
    (request,) = server.token_requests
    assert request["form"] == {"grant_type": "client_credentials", "scope": "read write"}
    expected = base64.b64encode(f"my-client:{CLIENT_SECRET}".encode()).decode()
    assert request["headers"]["Authorization"] == f"Basic {expected}"
    assert request["headers"]["Content-Type"] == "application/x-www-form-urlencoded"


def test_client_credentials_with_post_client_auth(server: TokenServer):
    credentials(server, auth_method="client_secret_post").fetch(None)
    (request,) = server.token_requests
    assert request["form"] == {
        "grant_type": "client_credentials",
        "client_id": "my-client",
        "client_secret": CLIENT_SECRET,
    }
    assert "Authorization" not in request["headers"]


def test_basic_client_auth_form_encodes_id_and_secret(server: TokenServer):
    ClientCredentials(server.token_url, "id:1", "p@ss word").fetch(None)
    header = server.token_requests[0]["headers"]["Authorization"]
    assert base64.b64decode(header.split()[1]).decode() == "id%3A1:p%40ss+word"


def test_refresh_token_grant_rotates_and_reuses_the_newest_refresh_token(server: TokenServer):
    server.rotate_refresh_tokens = True
    grant = RefreshTokenGrant(server.token_url, "app", "refresh-0", scopes=["repo"])
    first = grant.fetch(None)
    assert first.refresh_token == "refresh-1"
    second = grant.fetch(None)  # no stored token: the grant remembers the rotation
    assert second.refresh_token == "refresh-2"
    third = grant.fetch(Token("x", refresh_token="refresh-from-store"))
    assert third.value == "access-3"
    used = [(r["form"]["grant_type"], r["form"]["refresh_token"]) for r in server.token_requests]
    assert used == [
        ("refresh_token", "refresh-0"),
        ("refresh_token", "refresh-1"),
        ("refresh_token", "refresh-from-store"),
    ]
    assert all(r["form"]["scope"] == "repo" for r in server.token_requests)
    assert all(r["form"]["client_id"] == "app" for r in server.token_requests)  # public client
    assert {"refresh-0", "refresh-1", "refresh-2", "refresh-3"} <= set(grant.secret_values())


def test_refresh_token_is_kept_when_the_server_does_not_rotate(server: TokenServer):
    grant = RefreshTokenGrant(server.token_url, "app", "refresh-0", client_secret=CLIENT_SECRET)
    assert grant.fetch(None).refresh_token == "refresh-0"
    assert server.token_requests[0]["headers"]["Authorization"].startswith("Basic ")
    assert CLIENT_SECRET in grant.secret_values()


def test_store_keys_name_the_grant_without_secrets(server: TokenServer):
    key = credentials(server).store_key
    assert key.startswith("oauth2:client_credentials:") and CLIENT_SECRET not in key
    assert key != credentials(server, scopes=["x"]).store_key
    one = RefreshTokenGrant(server.token_url, "app", "refresh-user-1").store_key
    two = RefreshTokenGrant(server.token_url, "app", "refresh-user-2").store_key
    assert one != two and "refresh-user" not in one


def test_missing_expires_in_is_an_error_unless_a_default_is_given(server: TokenServer):
    server.mode = "no_expires_in"
    with pytest.raises(CredentialError, match=r"no expires_in.*default_expires_in"):
        credentials(server).fetch(None)
    token = credentials(server, default_expires_in=300).fetch(None)
    assert token.expires_at == NOW + 300
    forever = credentials(server, default_expires_in=float("inf")).fetch(None)
    assert forever.expires_at is None


@pytest.mark.parametrize(
    ("mode", "message"),
    [
        ("500", "answered 500"),
        ("garbage", "not JSON"),
        ("array", "not an object"),
        ("no_access_token", "without an access_token"),
        ("bad_expires_in", "invalid expires_in"),
        ("oauth_error", "answered 401: invalid_client: client authentication failed"),
    ],
)
def test_bad_token_responses_raise_credential_error(server: TokenServer, mode, message):
    server.mode = mode
    with pytest.raises(CredentialError, match=message) as caught:
        credentials(server, auth_method="client_secret_post").fetch(None)
    assert server.token_url in str(caught.value)
    assert CLIENT_SECRET not in str(caught.value)


def test_unreachable_token_endpoint_raises_credential_error():
    url = f"http://127.0.0.1:{closed_port()}/token?client_secret={CLIENT_SECRET}"
    with pytest.raises(CredentialError, match="could not be reached") as caught:
        ClientCredentials(url, "id", CLIENT_SECRET, timeout=2).fetch(None)
    assert CLIENT_SECRET not in str(caught.value)
    assert caught.value.__cause__ is None and caught.value.__suppress_context__


@pytest.mark.parametrize("mode", ["500", "garbage", "no_expires_in"])
def test_expiring_auth_surfaces_endpoint_failures_without_looping(server: TokenServer, mode):
    server.mode = mode
    auth = ExpiringTokenAuth(credentials(server))
    request = OutgoingRequest("GET", server.api_url)
    with pytest.raises(CredentialError):
        auth.apply(request, ANONYMOUS_ENDPOINT)
    assert len(server.token_requests) == 1
    with pytest.raises(CredentialError):
        auth.refresh(0, ANONYMOUS_ENDPOINT)
    assert len(server.token_requests) == 2
    assert "Authorization" not in request.headers


def test_unknown_auth_method_is_a_configuration_error():
    with pytest.raises(ConfigurationError):
        ClientCredentials("http://127.0.0.1/t", "id", "s", auth_method="nope")  # type: ignore[arg-type]


def test_closing_keeps_a_borrowed_session_open(server: TokenServer):
    session = requests.Session()
    grant = credentials(server, session=session)
    grant.fetch(None)
    grant.close()
    assert session.adapters  # still usable
    assert credentials(server, session=session).fetch(None).value == "access-2"
    own = credentials(server)
    own.fetch(None)
    own.close()
    assert own.fetch(None).value == "access-4"  # a closed own session is recreated


def closed_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])
