from __future__ import annotations

import base64

import pytest
import requests
from pytest_httpserver import HTTPServer

from typelink.auth import (
    APIKeyHeader,
    APIKeyQuery,
    BasicAuth,
    BearerToken,
    CallableAuth,
    HeaderScheme,
)
from typelink.auth.static import fingerprint, set_header
from typelink.declare.spec import ANONYMOUS_ENDPOINT
from typelink.policies.protocols import Auth
from typelink.transport.request import OutgoingRequest

SECRET = "s3cr3t-value-123"


def applied(auth: Auth) -> OutgoingRequest:
    request = OutgoingRequest("GET", "http://127.0.0.1/x")
    assert auth.apply(request, ANONYMOUS_ENDPOINT) == 0
    return request


ALL = [
    BearerToken(SECRET),
    HeaderScheme("token", SECRET),
    APIKeyHeader(SECRET),
    APIKeyQuery(SECRET),
    BasicAuth("user", SECRET),
    CallableAuth(lambda r: r.headers.update({"X-Sig": SECRET}), secrets=[SECRET]),
]


@pytest.mark.parametrize("auth", ALL, ids=lambda a: type(a).__name__)
def test_static_schemes_implement_the_auth_protocol(auth: Auth):
    assert isinstance(auth, Auth)
    assert auth.refresh(0, ANONYMOUS_ENDPOINT) is False
    assert SECRET in auth.secret_values()
    assert SECRET not in repr(auth)
    assert SECRET not in auth.identity()
    assert auth.identity() == auth.identity()


def test_bearer_token_header():
    assert applied(BearerToken(SECRET)).headers == {"Authorization": f"Bearer {SECRET}"}
    assert BearerToken(SECRET).identity() == f"bearer:{fingerprint(SECRET)}"
    assert BearerToken(SECRET).identity() != BearerToken("other-token").identity()


def test_header_scheme_with_custom_scheme_and_header():
    assert applied(HeaderScheme("token", SECRET)).headers == {"Authorization": f"token {SECRET}"}
    request = applied(HeaderScheme("Key", SECRET, header="X-Auth"))
    assert request.headers == {"X-Auth": f"Key {SECRET}"}


def test_header_replaces_existing_value_in_any_case():
    request = OutgoingRequest("GET", "http://x", headers={"authorization": "old", "Accept": "*/*"})
    BearerToken(SECRET).apply(request, ANONYMOUS_ENDPOINT)
    assert request.headers == {"Accept": "*/*", "Authorization": f"Bearer {SECRET}"}
    headers = {"X-API-KEY": "a", "x-api-key": "b"}
    set_header(headers, "X-Api-Key", "c")
    assert headers == {"X-Api-Key": "c"}


def test_api_key_header_and_query():
    assert applied(APIKeyHeader(SECRET)).headers == {"X-API-Key": SECRET}
    assert applied(APIKeyHeader(SECRET, header="Api-Key")).headers == {"Api-Key": SECRET}
    assert applied(APIKeyQuery(SECRET)).params == {"api_key": SECRET}
    assert applied(APIKeyQuery(SECRET, param="key")).params == {"key": SECRET}


def test_api_key_query_also_redacts_the_url_encoded_form():
    assert APIKeyQuery("a b/c").secret_values() == ("a b/c", "a%20b%2Fc")


def test_basic_auth_matches_rfc_7617():
    request = applied(BasicAuth("Aladdin", "open sesame"))
    assert request.headers == {"Authorization": "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ=="}
    encoded = base64.b64encode(f"user:{SECRET}".encode()).decode()
    assert encoded in BasicAuth("user", SECRET).secret_values()
    assert "alice" not in repr(BasicAuth("alice", SECRET))


def test_callable_auth_edits_the_request_and_names_itself():
    def sign(request: OutgoingRequest) -> None:
        request.headers["X-Signature"] = f"{request.method}:{SECRET}"

    auth = CallableAuth(sign, secrets=[SECRET])
    assert applied(auth).headers == {"X-Signature": f"GET:{SECRET}"}
    assert auth.identity().startswith("callable:") and "sign" in auth.identity()
    assert CallableAuth(sign, name="hmac").identity() == "callable:hmac"


def test_credentials_reach_a_real_server(httpserver: HTTPServer):
    httpserver.expect_request(
        "/h", headers={"Authorization": f"token {SECRET}"}, query_string={"q": "1"}
    ).respond_with_data("ok")
    httpserver.expect_request("/q", query_string={"api_key": SECRET}).respond_with_data("ok")
    for auth, path in ((HeaderScheme("token", SECRET), "/h"), (APIKeyQuery(SECRET), "/q")):
        request = OutgoingRequest("GET", httpserver.url_for(path))
        if path == "/h":
            request.params["q"] = "1"
        auth.apply(request, ANONYMOUS_ENDPOINT)
        method, url, extras = request.to_uplink()
        assert requests.request(method, url, timeout=5, **extras).text == "ok"
