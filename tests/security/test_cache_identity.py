"""Cache identity: two different credentials never share a cached answer (or a token).

The cache key hashes ``auth.identity()``. An identity that leaves part of the credential
out lets a second client be answered from the first one's entries: the same user with a
wrong password, two tenants signing with one function, two App keys on one shared token
store. Identity derives from the whole credential; an auth whose identity cannot be derived
gets one unique to the object, so its answers are not shared.
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable, Sequence
from typing import Any

import pytest

from tests.fixtures.servers import Reply, ScriptedServer, Seen
from tests.github.fake import new_rsa_key
from typelink import BasicAuth, Cache, CallableAuth, Consumer, get
from typelink import errors as tl_errors
from typelink.auth import ClientCredentials, ExpiringTokenAuth, MemoryTokenStore, Token
from typelink.declare.spec import EndpointInfo
from typelink.github.app import GitHubApp
from typelink.transport.request import OutgoingRequest


class Profile(Consumer):
    @get("me", cache=300)
    def me(self) -> dict[str, Any]:
        raise NotImplementedError


def json_reply(data: Any, status: int = 200) -> Reply:
    return Reply(status=status, body=json.dumps(data).encode())


def answers_by_header(name: str, valid: dict[str, str]) -> Callable[[Seen], Reply]:
    """``/me`` answers who the header value belongs to, or 401."""

    def handler(seen: Seen) -> Reply:
        who = valid.get(seen.headers.get(name, ""))
        return json_reply({"who": who}) if who else json_reply({"message": "bad"}, 401)

    return handler


def two_clients(server: ScriptedServer, first: Any, second: Any) -> tuple[Profile, Profile]:
    shared = Cache()
    return (
        Profile(base_url=server.url, auth=first, cache=shared),
        Profile(base_url=server.url, auth=second, cache=shared),
    )


def test_basic_auth_with_a_wrong_password_is_not_answered_from_the_cache(good):
    right = "Basic " + base64.b64encode(b"alice:right-password").decode()
    good.handler = answers_by_header("Authorization", {right: "alice"})
    one, two = two_clients(
        good, BasicAuth("alice", "right-password"), BasicAuth("alice", "wrong-password")
    )
    assert one.me() == {"who": "alice"}
    with pytest.raises(tl_errors.AuthenticationError):
        two.me()


def signer(token: str) -> Callable[[OutgoingRequest], None]:
    def sign(request: OutgoingRequest) -> None:
        request.headers["X-Signature"] = token

    return sign


def test_two_tenants_signing_with_one_function_do_not_share_entries(good):
    good.handler = answers_by_header("X-Signature", {"tenant-a": "a", "tenant-b": "b"})
    one, two = two_clients(good, CallableAuth(signer("tenant-a")), CallableAuth(signer("tenant-b")))
    assert one.me() == {"who": "a"}
    assert two.me() == {"who": "b"}


class HandWrittenAuth:
    """A custom scheme with neither ``identity()`` nor declared secrets."""

    def __init__(self, token: str) -> None:
        self._token = token

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        request.headers["X-Signature"] = self._token
        return 0

    def refresh(self, failed_generation: int, endpoint: EndpointInfo) -> bool:
        return False

    def secret_values(self) -> Sequence[str]:
        return ()


def test_an_auth_that_names_no_principal_does_not_share_entries(good):
    good.handler = answers_by_header("X-Signature", {"tenant-a": "a", "tenant-b": "b"})
    one, two = two_clients(good, HandWrittenAuth("tenant-a"), HandWrittenAuth("tenant-b"))
    assert one.me() == {"who": "a"}
    assert two.me() == {"who": "b"}


class TenantTokens:
    """A token provider with no ``store_key``: nothing names the tenant."""

    def __init__(self, token: str) -> None:
        self.token = token

    def fetch(self, previous: Token | None) -> Token:
        return Token(self.token, expires_at=None)


def test_expiring_tokens_of_a_provider_without_a_key_do_not_share_entries(good):
    good.handler = answers_by_header("Authorization", {"Bearer ta": "a", "Bearer tb": "b"})
    one, two = two_clients(
        good, ExpiringTokenAuth(TenantTokens("ta")), ExpiringTokenAuth(TenantTokens("tb"))
    )
    assert one.me() == {"who": "a"}
    assert two.me() == {"who": "b"}


def token_endpoint(valid_basic: str) -> Callable[[Seen], Reply]:
    def handler(seen: Seen) -> Reply:
        if seen.path == "/token":
            if seen.headers.get("Authorization") != valid_basic:
                return json_reply({"error": "invalid_client"}, 401)
            return json_reply({"access_token": "issued-token", "expires_in": 3600})
        if seen.headers.get("Authorization") == "Bearer issued-token":
            return json_reply({"who": "service"})
        return json_reply({"message": "bad"}, 401)

    return handler


def test_a_client_with_a_wrong_secret_never_uses_a_shared_stores_token(good):
    valid = "Basic " + base64.b64encode(b"svc:right-secret").decode()
    good.handler = token_endpoint(valid)
    store = MemoryTokenStore()  # shared by both, as a Redis store would be
    url = f"{good.url}/token"
    right = ExpiringTokenAuth(ClientCredentials(url, "svc", "right-secret"), store)
    wrong = ExpiringTokenAuth(ClientCredentials(url, "svc", "wrong-secret"), store)
    one, two = two_clients(good, right, wrong)
    assert one.me() == {"who": "service"}
    with pytest.raises(tl_errors.CredentialError):
        two.me()


def test_a_github_app_with_another_key_never_uses_a_shared_stores_token(good):
    store = MemoryTokenStore()
    (pem_one, _), (pem_two, _) = new_rsa_key(), new_rsa_key()
    app_one = GitHubApp(1, pem_one, 7, base_url=good.url)
    app_two = GitHubApp(1, pem_two, 7, base_url=good.url)
    store.set(app_one.store_key, Token("installation-token-of-key-one", expires_at=None))
    assert app_two.store_key != app_one.store_key
    assert (
        ExpiringTokenAuth(app_two, store).identity() != ExpiringTokenAuth(app_one, store).identity()
    )
