"""Replay never answers one request with another's recording.

* Redaction must not make different requests equal: ``code`` is a secret in OAuth and a
  country in ``/country?code=FR``; two calls that differ only there keep their own answers.
* JSON bodies match by JSON meaning, where ``true`` is not ``1``.
* A value the scrubber replaced (an id under a "session" name) that the client sends back
  in a path, percent-encoded by the client, still finds its recording.
"""

from __future__ import annotations

import pytest

from tests.testing.security.conftest import write_test
from tests.testing.security.hostile_server import HostileServer

pytest_plugins = ("pytester",)

RECORD = """
from typelink import Consumer, get

class Sessions(Consumer):
    @get("sessions")
    def create(self) -> dict:
        raise NotImplementedError

    @get("sessions/{sid}")
    def fetch(self, sid: str) -> dict:
        raise NotImplementedError

@pytest.mark.typelink_cassette("countries")
def test_countries():
    for code in ORDER:
        assert requests.get(URL + "/country", params={"code": code}).json() == {"country": code}

@pytest.mark.typelink_cassette("flags")
def test_flags():
    for value in VALUES:
        sent = requests.post(URL + "/flags", json={"enabled": value}).json()["body"]
        assert sent == '{"enabled": ' + ("true" if value is True else str(value)) + '}'

@pytest.mark.typelink_cassette("sessions")
def test_sessions():
    api = Sessions(base_url=URL)
    sid = api.create()["session_id"]
    assert api.fetch(sid)["open"] is True
"""


def _write(
    inner: pytest.Pytester, server: HostileServer, order: list[str], values: list[object]
) -> None:
    write_test(inner, RECORD, URL=server.url, ORDER=order, VALUES=values)


def test_requests_differing_only_in_a_redactable_value_keep_their_own_answers(
    inner: pytest.Pytester, hostile_server: HostileServer
) -> None:
    _write(inner, hostile_server, ["US", "FR"], [True, 1])
    inner.runpytest("--record-mode=once").assert_outcomes(passed=3)
    recorded = (inner.path / "cassettes" / "test_inner" / "sessions.yaml").read_text()
    assert "9f8e7d6c5b4a39281706f5e4d3c2b1a0" not in recorded  # the session id was scrubbed

    # Replayed in another order, each request gets its own recording; the session id the
    # client received scrubbed goes back in a path and still replays.
    _write(inner, hostile_server, ["FR", "US"], [1, True])
    hostile_server.hits.clear()
    result = inner.runpytest()
    result.assert_outcomes(passed=3)
    assert hostile_server.hits == []
