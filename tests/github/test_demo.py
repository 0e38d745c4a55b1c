"""``python -m typelink.github demo``: offline on the bundled cassette, and the record path."""

from __future__ import annotations

import io
import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.fixtures.servers import Reply, ScriptedServer, Seen
from typelink.github.demo import DEFAULT_CASSETTE, main
from typelink.testing.files import read_cassette

TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0" * 2


@pytest.mark.parametrize("client", [[], ["--async"]], ids=["blocking", "async"])
def test_offline_demo_replays_every_step(client: list[str]) -> None:
    out = io.StringIO()
    assert main(["demo", *client], out=out) == 0
    text = out.getvalue()
    assert "repository octocat/Hello-World" in text
    assert "issues page 3: #1343" in text
    assert "created issue #1348" in text
    assert "typed UnprocessableEntityError (status 422" in text
    assert "field 'title' of Issue: missing_field" in text
    assert "rate limit: 4999/5000" in text


def test_demo_cassette_says_where_it_comes_from() -> None:
    metadata = read_cassette(DEFAULT_CASSETTE).typelink_metadata
    assert "not recorded from a live server" in metadata["source"]
    assert "--live --record" in metadata["rerecord"]


def test_live_flags_are_validated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN", raising=False)
    with pytest.raises(SystemExit):
        main(["demo", "--live", "--repo", "me/sandbox"], out=io.StringIO())
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    with pytest.raises(SystemExit):
        main(["demo", "--live"], out=io.StringIO())  # no --repo: it would create an issue
    with pytest.raises(SystemExit):
        main(["demo", "--record"], out=io.StringIO())


def _replaying_server(server: ScriptedServer) -> None:
    """Serve the bundled demo's responses from a local 'GitHub Enterprise' in order."""
    interactions = read_cassette(DEFAULT_CASSETTE).interactions
    queue = list(interactions)

    def handler(seen: Seen) -> Reply:
        item = queue.pop(0)
        response = item["response"]
        headers = {k: v[0] for k, v in response["headers"].items() if k.lower() != "content-length"}
        if "Link" in headers:
            headers["Link"] = headers["Link"].replace(
                "https://api.github.com/", server.url + "/api/v3/"
            )
        body = response["body"]["string"]
        assert urlsplit(item["request"]["uri"]).path.endswith(
            seen.path.split("?")[0].removeprefix("/api/v3")
        )
        return Reply(
            status=response["status"]["code"],
            headers=headers,
            body=body if isinstance(body, bytes) else body.encode(),
        )

    server.handler = handler


@pytest.mark.parametrize(
    ("client", "other"), [([], ["--async"]), (["--async"], [])], ids=["blocking", "async"]
)
def test_live_record_writes_a_scrubbed_cassette_that_replays(
    scripted: ScriptedServer,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    client: list[str],
    other: list[str],
) -> None:
    _replaying_server(scripted)
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    monkeypatch.delenv("CI", raising=False)
    cassette = tmp_path / "session.yaml"
    out = io.StringIO()
    code = main(
        [
            "demo",
            "--live",
            "--record",
            "--repo",
            "octocat/Hello-World",
            "--base-url",
            scripted.url + "/api/v3",
            "--cassette",
            str(cassette),
            *client,
        ],
        out=out,
    )
    assert code == 0, out.getvalue()
    assert all(s.headers["Authorization"] == f"Bearer {TOKEN}" for s in scripted.seen)
    text = cassette.read_text()
    assert TOKEN not in text
    assert len(read_cassette(cassette).interactions) == 7
    assert json.loads(json.dumps(read_cassette(cassette).typelink_metadata))["scrubbed"] is True
    # the other kind of client replays what this one recorded; the server sees nothing
    scripted.handler = None
    seen = len(scripted.seen)
    replayed = io.StringIO()
    base = ["--base-url", scripted.url + "/api/v3"]
    code = main(["demo", "--cassette", str(cassette), *base, *other], out=replayed)
    assert code == 0, replayed.getvalue()
    assert len(scripted.seen) == seen
    assert "created issue #1348" in replayed.getvalue()
