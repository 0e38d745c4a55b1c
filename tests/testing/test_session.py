"""A cassette session in process: cassettes scrubbed under older rules keep replaying."""

from __future__ import annotations

from pathlib import Path

import requests

from typelink.testing.files import render_cassette
from typelink.testing.session import CassetteOptions, CassetteSession


def _country(code: str) -> dict[str, object]:
    return {
        "request": {"method": "GET", "uri": f"http://api.test/country?code={code}", "headers": {}},
        "response": {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Content-Type": ["application/json"]},
            "body": {"string": '{"ok": true}'},
        },
    }


def test_a_cassette_scrubbed_under_the_first_rules_still_replays(tmp_path: Path) -> None:
    # typelink before scrub_scheme 2 hid every "code" value, country codes included
    path = tmp_path / "old.yaml"
    metadata = {"typelink": {"scrubbed": True, "recorded_at": "2026-01-01T00:00:00+00:00"}}
    path.write_text(render_cassette(path, [_country("[REDACTED]")], metadata))
    with CassetteSession(path, CassetteOptions(record_mode="none")):
        assert requests.get("http://api.test/country", params={"code": "US"}).json() == {"ok": True}


def test_new_recordings_say_which_rules_they_follow(tmp_path: Path) -> None:
    path = tmp_path / "new.yaml"
    path.write_text(render_cassette(path, [_country("US")], {}))  # recorded elsewhere
    with CassetteSession(path, CassetteOptions(record_mode="none")) as session:
        assert requests.get("http://api.test/country", params={"code": "US"}).json() == {"ok": True}
        assert session.cassette is not None and session.cassette.scrub_scheme == 2
