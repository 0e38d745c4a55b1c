"""The same Stripe-like session, replayed through the cassette plugin with the network blocked.

The cassette (``cassettes/interop/stripe/session.yaml``) is recorded from the strict local
server by ``make stripe-cassette``; this test replays it offline, with strict mode on (every
recorded interaction must be played), and must see exactly what the live run sees.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.interop.stripe.server import API_KEY
from tests.interop.stripe.test_stripe_like import EXPECTED, EXPECTED_WAITS, scripted_server
from tests.typing.stripe_like import connect, run_session
from typelink.cli import main

ROOT = Path(__file__).resolve().parents[3]

RECORD_PORT = 47613
"""The local server's port while recording (the cassette's URLs name it)."""
BASE_URL = f"http://127.0.0.1:{RECORD_PORT}/v1"
CASSETTE = "cassettes/interop/stripe/session.yaml"


@pytest.fixture
def stripe_origin(request: pytest.FixtureRequest) -> Iterator[None]:
    """When recording, the strict Stripe-like server on ``RECORD_PORT``; when replaying, nothing."""
    if request.config.getoption("--record-mode", default=None) in (None, "none"):
        yield
        return
    server = scripted_server(RECORD_PORT)
    try:
        yield
    finally:
        server.close()


@pytest.mark.typelink_cassette(path=CASSETTE)
def test_session_replays_offline(stripe_origin: None) -> None:
    waits: list[float] = []
    with connect(API_KEY, BASE_URL, sleep=waits.append) as api:
        assert run_session(api) == EXPECTED
    assert waits == EXPECTED_WAITS


def test_the_cassette_is_clean_and_matches_the_declarations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = str(ROOT / CASSETTE)
    assert main(["cassettes", "lint", path, "--cache-dir", str(tmp_path)]) == 0, capsys.readouterr()
    assert main(["cassettes", "check", path]) == 0, capsys.readouterr().out
    out = capsys.readouterr().out
    assert "Customers.list_all" in out and "REFUSED" not in out and "DRIFT" not in out
