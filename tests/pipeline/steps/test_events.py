"""The debug log shows what went on the wire: request and response bodies on the attempt's
line, redacted, binary ones summarised, long ones cut; and ``TYPELINK_LOG=debug`` turns it on
in a real process."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from collections.abc import Iterator

import pytest

from tests.fixtures.servers import Reply, ScriptedServer
from typelink import APIConnectionError, Body, Consumer, Form, RetryPolicy, get, post
from typelink._internal.debug_bodies import BODY_LOG_LIMIT
from typelink.auth import BearerToken
from typelink.declare.spec import EndpointInfo
from typelink.transport.request import OutgoingRequest

TOKEN = "ghp_Bd81kQz0PqLmN3vX"


class Accounts(Consumer):
    @post("accounts")
    def create(self, account: Body[dict[str, object]]) -> dict[str, object]:
        raise NotImplementedError

    @post("oauth/token")
    def token(self, grant_type: Form[str], client_secret: Form[str]) -> str:
        raise NotImplementedError

    @get("avatar")
    def avatar(self) -> bytes:
        raise NotImplementedError

    @get("log")
    def log(self) -> str:
        raise NotImplementedError


@pytest.fixture
def debug_log(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    with caplog.at_level(logging.DEBUG, logger="typelink"):
        yield caplog


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == "typelink"]


def test_json_bodies_are_on_the_attempts_line_with_secrets_hidden(
    scripted: ScriptedServer, debug_log: pytest.LogCaptureFixture
) -> None:
    answer = {"id": 7, "access_token": "at-Yb29", "echo": f"Bearer {TOKEN}"}
    scripted.script = [Reply(status=201, body=json.dumps(answer).encode())]
    api = Accounts(base_url=scripted.url, auth=BearerToken(TOKEN))
    api.create({"login": "octo", "password": "pw-Kx81", "profile": {"apiKey": "ak-Q3"}})
    (line,) = lines(debug_log)
    head, sent, received = line.split("\n")
    assert head.startswith("POST http://127.0.0.1:") and "-> 201 in " in head
    assert sent.startswith("    request body (application/json, ")
    assert '"login": "octo"' in sent and "pw-Kx81" not in sent and "ak-Q3" not in sent
    assert received.startswith("    response body (application/json, ")
    assert '"id": 7' in received and "at-Yb29" not in received
    assert TOKEN not in debug_log.text and "[REDACTED]" in received


def test_form_bodies_hide_sensitive_fields(
    scripted: ScriptedServer, debug_log: pytest.LogCaptureFixture
) -> None:
    scripted.script = [
        Reply(
            body=b"access_token=at-Mm02&token_type=bearer",
            headers={"Content-Type": "application/x-www-form-urlencoded"},
        )
    ]
    Accounts(base_url=scripted.url).token("client_credentials", "cs-Rr55")
    text = debug_log.text
    assert "grant_type=client_credentials" in text and "token_type=bearer" in text
    assert "cs-Rr55" not in text and "at-Mm02" not in text
    assert scripted.seen[0].body == b"grant_type=client_credentials&client_secret=cs-Rr55"


def test_binary_bodies_are_summarised_and_long_ones_cut(
    scripted: ScriptedServer, debug_log: pytest.LogCaptureFixture
) -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    long_text = "line of log output\n" * 1000
    scripted.script = [
        Reply(body=png, headers={"Content-Type": "image/png"}),
        Reply(body=long_text.encode(), headers={"Content-Type": "text/plain"}),
    ]
    api = Accounts(base_url=scripted.url)
    assert api.avatar() == png
    assert api.log() == long_text
    avatar, log = lines(debug_log)
    assert avatar.endswith(f"response body (image/png, {len(png)} bytes) binary, not shown")
    assert "PNG" not in avatar
    assert log.endswith(f"[cut at {BODY_LOG_LIMIT} characters, {len(long_text)} bytes in all]")
    assert len(log) < BODY_LOG_LIMIT + 300


def test_a_request_that_got_no_answer_still_shows_its_body(
    scripted: ScriptedServer, debug_log: pytest.LogCaptureFixture
) -> None:
    scripted.script = [Reply(reset=True)]
    api = Accounts(base_url=scripted.url, retry=RetryPolicy(max_retries=0))
    with pytest.raises(APIConnectionError):
        api.create({"name": "x", "secret": "s-Tt90"})
    text = debug_log.text
    assert "(attempt 1, no answer) request body (application/json" in text
    assert '"name": "x"' in text and "s-Tt90" not in text


def test_nothing_about_bodies_is_computed_when_debug_is_off(
    scripted: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    scripted.script = [Reply(body=b'{"id": 1}')]
    with caplog.at_level(logging.INFO, logger="typelink"):
        Accounts(base_url=scripted.url).create({"password": "pw"})
    assert lines(caplog) == []


def test_typelink_log_debug_shows_bodies_on_stderr(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(status=201, body=json.dumps({"refresh_token": "rt-Hh3"}).encode())]
    script = f"""
from tests.pipeline.steps.test_events import Accounts
from typelink.auth import BearerToken
Accounts(base_url={scripted.url!r}, auth=BearerToken({TOKEN!r})).create(
    {{"title": "hello", "password": "pw-Zz1", "note": {TOKEN!r}}}
)
"""
    env = {**os.environ, "TYPELINK_LOG": "debug"}
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=env, check=True
    )
    err = done.stderr
    assert "typelink DEBUG POST http://127.0.0.1:" in err
    assert '"title": "hello"' in err and "request body" in err and "response body" in err
    for secret in (TOKEN, "pw-Zz1", "rt-Hh3"):
        assert secret not in err


class Renewing:
    """An Auth whose refresh after a 401 switches to a second token."""

    def __init__(self) -> None:
        self.tokens = [f"{TOKEN}-1"]

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        request.headers["Authorization"] = f"Bearer {self.tokens[-1]}"
        return len(self.tokens)

    def refresh(self, failed_generation: int, endpoint: EndpointInfo) -> bool:
        self.tokens.append(f"{TOKEN}-2")
        return True

    def secret_values(self) -> list[str]:
        return list(self.tokens)

    def identity(self) -> str:
        return "renewing"


def test_a_401_body_quoting_the_token_fetched_after_it_is_logged_redacted(
    scripted: ScriptedServer, debug_log: pytest.LogCaptureFixture
) -> None:
    """The records are written when the call ends: by then the renewed token is a known secret."""
    scripted.script = [
        Reply(status=401, body=f'{{"message": "use {TOKEN}-2 instead"}}'.encode()),
        Reply(body=b'{"id": 1}'),
    ]
    Accounts(base_url=scripted.url, auth=Renewing()).create({"name": "x"})
    first, second = lines(debug_log)
    assert "-> 401 in " in first and "(attempt 1)" in first and "-> 200 in " in second
    assert f"{TOKEN}-2" not in debug_log.text and "use [REDACTED] instead" in first
