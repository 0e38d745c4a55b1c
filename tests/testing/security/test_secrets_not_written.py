"""Nothing secret is written: on record, and by ``typelink cassettes lint`` / ``scrub``.

Each value below sits where recordings used to keep it: URLs inside response headers
(``Location``, ``Content-Location``, ``Link`` query and fragment), a JSON body served as
``text/plain``, secret fields whose value is a list or an object, a ``multipart/form-data``
field, a registered secret spelled by another URL encoder, and webhook tokens in URL paths.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.testing.security.conftest import typelink_cli, write_test
from tests.testing.security.hostile_server import (
    CONTENT_LOCATION_SIG,
    FRAGMENT_TOKEN,
    LINK_TOKEN,
    LISTED_LIST,
    LISTED_OBJECT,
    LOCATION_TOKEN,
    TEXT_JSON_TOKEN,
    HostileServer,
)

pytest_plugins = ("pytester",)

MULTIPART_PASSWORD = "multipart-pw-hunter2-xyz"
SPACED_SECRET = "open sesame! ~42 door"
SLACK_TOKEN = "abcdEFGH1234ijklMNOP5678"
DISCORD_TOKEN = "Xy9_" + "kLmN0pQrStUvWxYz-" * 3 + "AbCd"

INNER = """
import typelink.testing

@pytest.mark.typelink_cassette(scrub=SCRUB)
def test_leaky():
    typelink.testing.register_secret(SPACED_SECRET)
    s = requests.Session()
    assert s.get(URL + "/redirect").json() == {"page": 2}
    assert s.get(URL + "/text-json").json()["token_type"] == "bearer"
    assert s.get(URL + "/listed").json()["token"]["ok"] is True
    files = {"password": (None, MULTIPART_PASSWORD), "note": (None, "hello")}
    assert s.post(URL + "/upload", files=files).json()["method"] == "POST"
    assert s.get(URL + "/search/" + SPACED_SECRET).ok  # requests sends %20 and a raw "!"
    assert s.get(URL + "/find", params={"q": SPACED_SECRET}).ok  # and here "+" and %21
    assert s.post(URL + "/services/T0123ABCD/B0456EFGH/" + SLACK_TOKEN, json={"text": "hi"}).ok
    assert s.post(URL + "/api/webhooks/123456789012345678/" + DISCORD_TOKEN, json={}).ok
"""

SECRETS = {
    "Location query": LOCATION_TOKEN,
    "Content-Location query": CONTENT_LOCATION_SIG,
    "Link query": LINK_TOKEN,
    "Link fragment": FRAGMENT_TOKEN,
    "JSON served as text/plain": TEXT_JSON_TOKEN,
    "secret field holding a list (1)": LISTED_LIST[0],
    "secret field holding a list (2)": LISTED_LIST[1],
    "secret field holding an object": LISTED_OBJECT,
    "multipart form field": MULTIPART_PASSWORD,
    "secret, raw": SPACED_SECRET,
    "secret, %20 and raw !": "open%20sesame!%20~42%20door",
    "secret, form-encoded": "open+sesame%21+~42+door",
    "Slack webhook token": SLACK_TOKEN,
    "Discord webhook token": DISCORD_TOKEN,
}


def _leaks(text: str) -> list[str]:
    return [where for where, value in SECRETS.items() if value in text]


def _write(inner: pytest.Pytester, server: HostileServer, scrub: bool) -> None:
    write_test(
        inner,
        INNER,
        URL=server.url,
        SCRUB=scrub,
        SPACED_SECRET=SPACED_SECRET,
        MULTIPART_PASSWORD=MULTIPART_PASSWORD,
        SLACK_TOKEN=SLACK_TOKEN,
        DISCORD_TOKEN=DISCORD_TOKEN,
    )


def _cassette(inner: pytest.Pytester) -> Path:
    return inner.path / "cassettes" / "test_inner" / "test_leaky.yaml"


def test_recording_writes_no_secret_and_replays(
    inner: pytest.Pytester, hostile_server: HostileServer
) -> None:
    _write(inner, hostile_server, scrub=True)
    inner.runpytest("--record-mode=once").assert_outcomes(passed=1)
    assert _leaks(_cassette(inner).read_text()) == []

    hostile_server.hits.clear()
    inner.runpytest().assert_outcomes(passed=1)  # replay after scrubbing, network blocked
    assert hostile_server.hits == []


def test_lint_reports_and_scrub_removes_them_and_replay_still_works(
    inner: pytest.Pytester, hostile_server: HostileServer
) -> None:
    _write(inner, hostile_server, scrub=False)
    inner.runpytest("--record-mode=once").assert_outcomes(passed=1)
    path = _cassette(inner)
    # recorded as they were (the raw spelling never travels: both encoders changed it)
    assert set(SECRETS) - set(_leaks(path.read_text())) == {"secret, raw"}

    lint = typelink_cli("cassettes", "lint", str(path), "--secret", SPACED_SECRET, cwd=inner.path)
    assert lint.returncode == 1, lint.stdout + lint.stderr
    assert _leaks(lint.stdout) == []  # the report never repeats a secret
    for kind in ("Slack webhook URL", "Discord webhook URL", "secret field", "secret form field"):
        assert kind in lint.stdout, kind

    scrub = typelink_cli("cassettes", "scrub", str(path), "--secret", SPACED_SECRET, cwd=inner.path)
    assert scrub.returncode == 0, scrub.stdout + scrub.stderr
    assert _leaks(path.read_text()) == []

    again = typelink_cli("cassettes", "lint", str(path), "--secret", SPACED_SECRET, cwd=inner.path)
    assert "secret" not in again.stdout.replace("0 problem", ""), again.stdout

    source = (inner.path / "test_inner.py").read_text()
    (inner.path / "test_inner.py").write_text(source.replace("SCRUB = False", "SCRUB = True"))
    hostile_server.hits.clear()
    inner.runpytest().assert_outcomes(passed=1)
    assert hostile_server.hits == []
