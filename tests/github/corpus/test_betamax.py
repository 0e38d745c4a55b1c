"""Reading both of github3.py's betamax layouts, and converting them for vcrpy."""

from __future__ import annotations

import base64
import gzip
import json
from pathlib import Path
from typing import Any

import pytest

from tests.github.corpus.betamax import BetamaxFormatError, read_cassette, to_vcrpy

ISSUE = {"number": 1, "title": "Crash"}


def _write(tmp_path: Path, interactions: list[dict[str, Any]]) -> Path:
    path = tmp_path / "Issue_get.json"
    path.write_text(json.dumps({"http_interactions": interactions, "recorded_with": "betamax"}))
    return path


def _gzipped_interaction() -> dict[str, Any]:
    """betamax >= 0.5: status mapping, gzip bytes in base64_string."""
    return {
        "recorded_at": "2021-10-31T15:23:00",
        "request": {
            "method": "PATCH",
            "uri": "https://api.github.com/repos/o/r/issues/1",
            "headers": {"Accept": "application/vnd.github.v3.full+json"},
            "body": {"encoding": "utf-8", "string": '{"title": "Crash"}'},
        },
        "response": {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Content-Type": "application/json", "Content-Encoding": "gzip"},
            "body": {
                "encoding": "utf-8",
                "string": "",
                "base64_string": base64.b64encode(
                    gzip.compress(json.dumps(ISSUE).encode())
                ).decode(),
            },
            "url": "https://api.github.com/repos/o/r/issues/1",
        },
    }


def _old_interaction() -> dict[str, Any]:
    """betamax < 0.5 (2013): ``status_code``, lower-case header names with list values."""
    return {
        "recorded_at": "2013-11-28T01:44:13",
        "request": {
            "method": "get",
            "uri": "https://api.github.com/user",
            "headers": {},
            "body": "",
        },
        "response": {
            "status_code": 401,
            "headers": {"content-type": ["application/json; charset=utf-8"]},
            "body": {"encoding": "utf-8", "string": '{"message": "Bad credentials"}'},
            "url": "https://api.github.com/user",
        },
    }


def test_both_layouts_are_read_with_decoded_bodies(tmp_path: Path) -> None:
    new, old = read_cassette(_write(tmp_path, [_gzipped_interaction(), _old_interaction()]))
    assert (new.method, new.status, json.loads(new.body)) == ("PATCH", 200, ISSUE)
    assert new.request_body == b'{"title": "Crash"}'
    assert new.recorded_at.isoformat() == "2021-10-31T15:23:00+00:00"
    assert new.where == "Issue_get#0"
    assert (old.method, old.status, old.media_type) == ("GET", 401, "application/json")
    assert old.headers["Content-Type"] == "application/json; charset=utf-8"
    assert old.request_body == b""


def test_vcrpy_interactions_carry_the_decoded_body(tmp_path: Path) -> None:
    (converted,) = to_vcrpy(read_cassette(_write(tmp_path, [_gzipped_interaction()])))
    response = converted["response"]
    assert json.loads(response["body"]["string"]) == ISSUE
    assert "Content-Encoding" not in response["headers"]
    assert response["headers"]["Content-Length"] == [str(len(response["body"]["string"]))]
    assert converted["request"]["body"] == b'{"title": "Crash"}'


@pytest.mark.parametrize(
    "broken",
    [
        {"request": {}, "response": {}, "recorded_at": "2021-01-01T00:00:00"},
        {**_old_interaction(), "recorded_at": "yesterday"},
        {**_gzipped_interaction(), "response": {**_gzipped_interaction()["response"], "body": 3}},
    ],
    ids=["no method", "bad time", "bad body"],
)
def test_an_unusable_interaction_is_named(tmp_path: Path, broken: dict[str, Any]) -> None:
    with pytest.raises(BetamaxFormatError, match=r"Issue_get#0"):
        read_cassette(_write(tmp_path, [broken]))


def test_a_file_that_is_not_a_betamax_cassette_is_named(tmp_path: Path) -> None:
    path = tmp_path / "vcr.json"
    path.write_text(json.dumps({"interactions": [], "version": 1}))
    with pytest.raises(BetamaxFormatError, match=r"vcr\.json: no 'http_interactions'"):
        read_cassette(path)
