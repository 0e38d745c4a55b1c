"""GitHub App installation auth against a fake GitHub that verifies the JWT for real."""

from __future__ import annotations

import logging
import threading

import pytest

from tests.github.fake import (
    APP_ID,
    INSTALLATION_ID,
    TOKEN_LIFETIME,
    Clock,
    FakeGitHub,
    new_rsa_key,
)
from typelink.auth import ExpiringTokenAuth
from typelink.auth.expiring import REFRESHES_PER_CALL
from typelink.errors import AuthenticationError, ConfigurationError, CredentialError
from typelink.github import GitHub
from typelink.github.app import GitHubApp, parse_expires_at
from typelink.github.models import FullRepository


@pytest.fixture(scope="module")
def app_key() -> tuple[str, object]:
    return new_rsa_key()


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def fake(api, app_key, clock) -> FakeGitHub:
    return FakeGitHub(api, app_key[1], clock)


def make_app(fake: FakeGitHub, key: str, clock: Clock) -> GitHubApp:
    return GitHubApp(int(APP_ID), key, INSTALLATION_ID, base_url=fake.url, clock=clock)


def test_the_jwt_is_signed_and_dated_as_github_requires(fake, app_key, clock):
    app = make_app(fake, app_key[0], clock)
    token = app.fetch(None)
    assert fake.jwt_failures == [] and fake.token_requests == 1
    assert token.value.startswith("ghs_fake")
    assert token.expires_at == clock.now + TOKEN_LIFETIME
    assert token.obtained_at == clock.now
    assert token.token_type == "Bearer"
    assert repr(token).count("ghs_") == 0


def test_github_with_an_app_authenticates_calls_with_one_token(fake, app_key, clock):
    app = make_app(fake, app_key[0], clock)
    with GitHub(app=app, base_url=fake.url) as gh:
        assert isinstance(gh.runtime.auth, ExpiringTokenAuth)
        assert gh.runtime.auth.refresh_window == 60
        repo = gh.repos.get("octocat", "Hello-World")
        assert isinstance(repo, FullRepository) and repo.full_name == "octocat/Hello-World"
        gh.repos.get("octocat", "Hello-World")
    assert fake.token_requests == 1
    assert fake.unauthorized == 0


def test_the_token_is_renewed_a_minute_before_it_expires(fake, app_key, clock):
    app = make_app(fake, app_key[0], clock)
    with GitHub(app=app, base_url=fake.url) as gh:
        gh.repos.get("octocat", "Hello-World")
        clock.now += TOKEN_LIFETIME - 61  # 61 s left: still used as is
        gh.repos.get("octocat", "Hello-World")
        assert fake.token_requests == 1
        clock.now += 2  # 59 s left: renewed before the call, which never sees a 401
        gh.repos.get("octocat", "Hello-World")
        assert fake.token_requests == 2
        gh.repos.get("octocat", "Hello-World")
    assert fake.token_requests == 2
    assert fake.unauthorized == 0
    assert fake.jwt_failures == []  # the second JWT was dated by the moved clock


def test_a_401_renews_the_token_once_and_replays_the_call(fake, app_key, clock):
    app = make_app(fake, app_key[0], clock)
    with GitHub(app=app, base_url=fake.url) as gh:
        gh.repos.get("octocat", "Hello-World")
        fake.revoke_all()  # e.g. the installation's permissions changed
        repo = gh.repos.get("octocat", "Hello-World")
        assert repo.name == "Hello-World"
    assert fake.token_requests == 2
    assert fake.unauthorized == 1
    assert fake.api_calls == 3


def test_a_wave_of_401s_renews_once(fake, app_key, clock):
    app = make_app(fake, app_key[0], clock)
    with GitHub(app=app, base_url=fake.url) as gh:
        gh.repos.get("octocat", "Hello-World")
        fake.revoke_all()
        errors: list[BaseException] = []

        def call() -> None:
            try:
                gh.repos.get("octocat", "Hello-World")
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)

        threads = [threading.Thread(target=call) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert errors == []
    assert fake.token_requests == 2


def test_a_token_that_keeps_failing_ends_in_authentication_error(fake, app_key, clock):
    app = make_app(fake, app_key[0], clock)
    with GitHub(app=app, base_url=fake.url) as gh:
        gh.repos.get("octocat", "Hello-World")
        original = fake._issue

        def issue_revoked(seen):
            reply = original(seen)
            fake.revoke_all()
            return reply

        fake._issue = issue_revoked  # type: ignore[method-assign]
        fake.revoke_all()
        with pytest.raises(AuthenticationError) as info:
            gh.repos.get("octocat", "Hello-World")
    assert info.value.request_id == "CAFE:1:2:3:4"
    # each refused replay renews the (still current) token again, up to the bound per
    # call; then the 401 stands
    assert fake.token_requests == 1 + REFRESHES_PER_CALL
    assert fake.api_calls == 1 + 1 + REFRESHES_PER_CALL


def test_token_endpoint_failures_name_status_and_message_but_no_secret(
    fake, app_key, clock, caplog
):
    caplog.set_level(logging.DEBUG)
    other_pem, _ = new_rsa_key()
    app = make_app(fake, other_pem, clock)  # GitHub knows another public key
    with GitHub(app=app, base_url=fake.url) as gh, pytest.raises(CredentialError) as info:
        gh.repos.get("octocat", "Hello-World")
    message = str(info.value)
    assert "401" in message
    assert "A JSON web token could not be decoded" in message
    assert fake.url in message
    secrets = [*app.secret_values(), other_pem, other_pem.splitlines()[1]]
    assert app.secret_values()  # the JWT it sent
    for secret in secrets:
        assert secret not in message
        assert secret not in caplog.text
        assert secret not in repr(info.value.__cause__ or "")
    assert fake.api_calls == 0  # nothing was sent without a credential


def test_secrets_never_reach_logs_or_errors_on_success_paths(fake, app_key, clock, caplog):
    caplog.set_level(logging.DEBUG)
    app = make_app(fake, app_key[0], clock)
    with GitHub(app=app, base_url=fake.url) as gh:
        gh.repos.get("octocat", "Hello-World")
        fake.revoke_all()
        gh.repos.get("octocat", "Hello-World")
        with pytest.raises(Exception) as info:
            gh.repos.get("octocat", "missing")
        secrets = [*fake.tokens, *app.secret_values(), *gh.runtime.secrets]
    assert len(fake.tokens) == 2
    for secret in secrets:
        assert secret not in caplog.text
        assert secret not in str(info.value)
        assert secret not in repr(gh.runtime.auth)
        assert secret not in repr(app)


def test_unreachable_and_malformed_token_answers(app_key, clock, api):
    from tests.fixtures.servers import Reply

    dead = GitHubApp(APP_ID, app_key[0], 1, base_url="http://127.0.0.1:9", clock=clock)
    with pytest.raises(CredentialError, match="failed: ConnectionError"):
        dead.fetch(None)
    app = GitHubApp(APP_ID, app_key[0], 1, base_url=api.url, clock=clock)
    api.script = [
        Reply(status=201, body=b"not json"),
        Reply(status=201, body=b'{"expires_at": "2030-01-01T00:00:00Z"}'),
        Reply(status=201, body=b'{"token": "ghs_x", "expires_at": "soon"}'),
        Reply(status=404, body=b'{"message": "Not Found", "documentation_url": "https://d"}'),
    ]
    with pytest.raises(CredentialError, match="without a JSON object"):
        app.fetch(None)
    with pytest.raises(CredentialError, match="without a token"):
        app.fetch(None)
    with pytest.raises(CredentialError, match="without a valid expires_at"):
        app.fetch(None)
    with pytest.raises(CredentialError, match=r"answered 404: Not Found \(https://d\)"):
        app.fetch(None)
    assert app.token_requests == 4


def test_construction_errors(fake, app_key, clock):
    with pytest.raises(ConfigurationError, match="not an unencrypted PEM private key"):
        GitHubApp(APP_ID, "-----BEGIN RSA PRIVATE KEY-----\nnope\n", 1)
    with pytest.raises(ConfigurationError, match="app_id"):
        GitHubApp(" ", app_key[0], 1)
    with pytest.raises(ConfigurationError, match="base_url"):
        GitHubApp(APP_ID, app_key[0], 1, base_url="api.github.com")
    app = make_app(fake, app_key[0], clock)
    with pytest.raises(ConfigurationError, match="not the client's"):
        GitHub(app=app)  # the app talks to the fake, the client to api.github.com
    with pytest.raises(ConfigurationError, match="one of token=, app= or auth="):
        GitHub("tok", app=app, base_url=fake.url)
    assert "BEGIN" not in repr(app) and APP_ID in repr(app)
    assert app.store_key.startswith("github-app:") and APP_ID not in app.store_key
    assert app.token_url == f"{fake.url}/app/installations/{INSTALLATION_ID}/access_tokens"


def test_an_ec_key_is_refused():
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric import ec

    pem = (
        ec.generate_private_key(ec.SECP256R1())
        .private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        .decode()
    )
    with pytest.raises(ConfigurationError, match="RSA"):
        GitHubApp(APP_ID, pem, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2016-07-11T22:14:10Z", 1468275250.0),
        ("2016-07-11T22:14:10+00:00", 1468275250.0),
        ("2016-07-11T23:14:10+01:00", 1468275250.0),
        ("2016-07-11T22:14:10", 1468275250.0),
        ("yesterday", None),
        ("", None),
        (None, None),
        (12, None),
    ],
)
def test_parse_expires_at(text, expected):
    assert parse_expires_at(text) == expected


def test_the_app_follows_the_clients_tls_setting_and_closes_with_it(fake, app_key, clock):
    app = make_app(fake, app_key[0], clock)
    gh = GitHub(app=app, base_url=fake.url, verify="/etc/ssl/private-ca.pem")
    assert app.verify == "/etc/ssl/private-ca.pem"
    own = GitHubApp(APP_ID, app_key[0], 1, base_url=fake.url, verify=False)
    GitHub(app=own, base_url=fake.url, verify="/etc/ssl/private-ca.pem").close()
    assert own.verify is False  # an explicit choice is kept
    app.verify = True
    gh.repos.get("octocat", "Hello-World")
    view = gh.with_options(retries=0)
    view.close()  # a view does not own the app
    assert app._session is not None
    gh.close()
    assert app._session is None
