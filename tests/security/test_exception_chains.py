"""Exception chains and messages carry no secret.

A token provider's own exception (a cloud SDK's, a vault client's) often quotes what it was
given; it must not reach the typed error's traceback through ``__cause__`` or
``__context__``, which logging and error trackers print. And a server message that echoes a
secret is redacted *before* it is shortened: cut first, a secret at the cut is no longer
recognised and half of it shows.
"""

from __future__ import annotations

import json
import traceback
from collections.abc import Iterator
from typing import Any

import pytest

from tests.fixtures.servers import Reply, ScriptedServer
from tests.github.fake import new_rsa_key
from typelink import BearerToken, Consumer, get
from typelink.auth import ClientCredentials, ExpiringTokenAuth, RefreshTokenGrant, Token
from typelink.errors import APIStatusError, CredentialError
from typelink.github.app import GitHubApp

VAULT_PASSWORD = "vault-pw-0f1e2d3c4b5a"
CLIENT_SECRET = "cs-chain-9a8b7c6d5e4f"
REFRESH_TOKEN = "rt-chain-1a2b3c4d5e6f7a8b9c0d"


class Protected(Consumer):
    @get("data")
    def read(self) -> dict[str, Any]:
        raise NotImplementedError


def chain(error: BaseException) -> Iterator[BaseException]:
    """The error and everything reachable through ``__cause__`` and ``__context__``."""
    seen: set[int] = set()
    todo = [error]
    while todo:
        current = todo.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        todo += [e for e in (current.__cause__, current.__context__) if e is not None]


def everything_shown(error: BaseException) -> str:
    """The traceback as printed, plus every chained exception's text and arguments."""
    parts = ["".join(traceback.format_exception(error, chain=True))]
    for link in chain(error):
        parts += [str(link), repr(link.args), repr(vars(link) if hasattr(link, "__dict__") else "")]
    return "\n".join(parts)


class VaultProvider:
    """A custom provider whose backend failure quotes the password it was given."""

    def fetch(self, previous: Token | None) -> Token:
        try:
            raise ConnectionRefusedError(f"vault login with password {VAULT_PASSWORD} refused")
        except ConnectionRefusedError as exc:
            raise RuntimeError(f"could not log in to vault ({VAULT_PASSWORD})") from exc

    def secret_values(self) -> list[str]:
        return [VAULT_PASSWORD]


def test_a_providers_own_exception_never_reaches_the_typed_errors_chain(good):
    good.handler = lambda seen: Reply(body=b"{}")
    with (
        Protected(base_url=good.url, auth=ExpiringTokenAuth(VaultProvider())) as api,
        pytest.raises(CredentialError) as caught,
    ):
        api.read()
    assert VAULT_PASSWORD not in everything_shown(caught.value)
    assert good.seen == []


class TypedButChatty:
    """A provider raising typelink's own error, but with the secret in the message."""

    def fetch(self, previous: Token | None) -> Token:
        raise CredentialError(f"vault rejected password {VAULT_PASSWORD}")

    def secret_values(self) -> list[str]:
        return [VAULT_PASSWORD]


def test_a_providers_credential_error_is_redacted(good):
    with (
        Protected(base_url=good.url, auth=ExpiringTokenAuth(TypedButChatty())) as api,
        pytest.raises(CredentialError) as caught,
    ):
        api.read()
    assert VAULT_PASSWORD not in everything_shown(caught.value)


def test_a_token_endpoints_garbage_answer_leaves_no_secret_in_the_chain(good):
    # The endpoint answers 200 with a body that is not JSON but echoes the refresh token:
    # the JSON decoder's error object keeps the whole body.
    good.handler = lambda seen: Reply(body=f"<html>{REFRESH_TOKEN} is invalid".encode())
    grant = RefreshTokenGrant(f"{good.url}/token", "client", REFRESH_TOKEN, CLIENT_SECRET)
    with (
        Protected(base_url=good.url, auth=ExpiringTokenAuth(grant)) as api,
        pytest.raises(CredentialError) as caught,
    ):
        api.read()
    assert REFRESH_TOKEN not in everything_shown(caught.value)


def visible_part(secret: str) -> str:
    """The part of ``secret`` that :func:`straddling` puts before the cut."""
    return secret[: min(len(secret) // 2, 100)]


def straddling(secret: str, limit: int, filler: str = "x") -> str:
    """Text whose shortening at ``limit`` characters would cut ``secret`` in two."""
    return filler * (limit - len(visible_part(secret))) + secret + " and more text after it"


def test_a_server_message_echoing_the_token_is_redacted_before_it_is_shortened(good):
    token = "tok_" + "a1b2c3d4e5f6" * 4
    good.handler = lambda seen: Reply(
        status=400, body=straddling(token, 500).encode(), headers={"Content-Type": "text/plain"}
    )
    with (
        Protected(base_url=good.url, auth=BearerToken(token)) as api,
        pytest.raises(APIStatusError) as caught,
    ):
        api.read()
    shown = everything_shown(caught.value).replace(caught.value.body.decode(), "")
    assert visible_part(token) not in shown


def test_an_oauth_error_description_is_redacted_before_it_is_shortened(good):
    body = {"error": "invalid_grant", "error_description": straddling(REFRESH_TOKEN, 200)}
    good.handler = lambda seen: Reply(status=400, body=json.dumps(body).encode())
    grant = RefreshTokenGrant(f"{good.url}/token", "client", REFRESH_TOKEN, CLIENT_SECRET)
    with pytest.raises(CredentialError) as caught:
        grant.fetch(None)
    assert visible_part(REFRESH_TOKEN) not in everything_shown(caught.value)


def test_a_github_message_echoing_the_jwt_is_redacted_before_it_is_shortened():
    pem, _ = new_rsa_key()
    server = ScriptedServer()
    app = GitHubApp(1, pem, 2, base_url=server.url)

    def echo(seen: Any) -> Reply:
        jwt = seen.headers["Authorization"].split()[-1]
        message = straddling(jwt, 200)
        return Reply(status=401, body=json.dumps({"message": message}).encode())

    server.handler = echo
    try:
        with pytest.raises(CredentialError) as caught:
            app.fetch(None)
    finally:
        server.close()
    (jwt,) = app.secret_values()
    assert visible_part(jwt) not in everything_shown(caught.value)


def test_client_credentials_unreachable_leave_no_context(good):
    grant = ClientCredentials("http://127.0.0.1:9/token", "client", CLIENT_SECRET, timeout=2)
    with pytest.raises(CredentialError) as caught:
        grant.fetch(None)
    assert caught.value.__context__ is None and caught.value.__cause__ is None
