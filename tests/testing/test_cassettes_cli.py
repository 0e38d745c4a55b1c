"""``typelink cassettes lint|scrub|check`` on real cassette files."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path
from typing import Any

import pytest

from tests.testing.cassette_server import ApiServer
from typelink.cli import main
from typelink.testing.files import render_cassette

pytest_plugins = ("pytester",)

ROOT = Path(__file__).resolve().parents[2]
CONSUMERS = "tests.testing.cassette_consumers"
GH_TOKEN = "ghp_" + "Z9y8X7w6V5u4T3s2R1q0" * 2
JWT = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4ifQ.c2lnbmF0dXJlMTIz"
AWS = "AKIAIOSFODNN7EXAMPLE"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main(["cassettes", *argv])
    return code, capsys.readouterr().out


def interaction(
    uri: str,
    body: Any,
    *,
    method: str = "GET",
    status: int = 200,
    endpoint: str | None = None,
    request_headers: dict[str, list[str]] | None = None,
    request_body: str | None = None,
    content_type: str = "application/json",
) -> dict[str, Any]:
    response: dict[str, Any] = {
        "status": {"code": status, "message": "OK"},
        "headers": {"Content-Type": [content_type]},
        "body": {"string": body if isinstance(body, (str, bytes)) else json.dumps(body)},
    }
    if endpoint:
        response["typelink"] = {"endpoint": endpoint, "recorded_at": "2026-01-01T00:00:00+00:00"}
    return {
        "request": {
            "method": method,
            "uri": uri,
            "body": request_body,
            "headers": request_headers or {},
        },
        "response": response,
    }


def write(path: Path, items: list[dict[str, Any]], metadata: bool = True) -> Path:
    meta = {"typelink": {"recorded_at": "2026-01-01T00:00:00+00:00"}} if metadata else {}
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_cassette(path, items, meta))
    return path


def leaky(tmp_path: Path) -> Path:
    return write(
        tmp_path / "leaky.yaml",
        [
            interaction(
                "https://api.example.com/user?client_secret=cs-1234567890&page=1",
                {"login": "me", "jwt": JWT, "note": f"key {AWS}"},
                request_headers={"Authorization": [f"token {GH_TOKEN}"]},
            ),
            interaction(
                "https://api.example.com/login",
                {"ok": True},
                method="POST",
                request_body="user=me&password=pa55word-xyz",
                request_headers={
                    "Content-Type": ["application/x-www-form-urlencoded"],
                    "X-Webhook-Secret": ["Qm9vbGVhbnMgYXJlIG5vdCBzZWNyZXRzIQ9f"],
                },
            ),
            interaction("https://api.example.com/ping", {"pong": 1}),
            interaction("https://api.example.com/ping", {"pong": 1}),
        ],
    )


def test_lint_finds_secrets_and_duplicates(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(capsys, "lint", str(tmp_path), "--cache-dir", str(tmp_path / "none"))
    assert code == 0
    leaky(tmp_path)
    code, out = run(capsys, "lint", str(tmp_path), "--cache-dir", str(tmp_path / "none"))
    assert code == 1
    for expected in (
        "secret header in header 'Authorization'",
        "secret query parameter in query parameter 'client_secret'",
        "JWT in field $.jwt in response body",
        "AWS access key id in field $.note in response body",
        "secret form field in form field 'password'",
        "high-entropy value in header 'X-Webhook-Secret'",
        "#3: duplicate: GET https://api.example.com/ping repeats interaction #2",
    ):
        assert expected in out, expected
    for secret in (GH_TOKEN, JWT, AWS, "pa55word-xyz", "cs-1234567890"):
        assert secret not in out


def test_scrub_is_idempotent_and_lint_is_then_clean(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = leaky(tmp_path)
    code, out = run(capsys, "scrub", str(path), "--dry-run")
    assert code == 0 and "would scrub" in out
    assert GH_TOKEN in path.read_text()

    code, out = run(capsys, "scrub", str(path))
    assert code == 0 and "scrubbed" in out
    text = path.read_text()
    for secret in (GH_TOKEN, JWT, AWS, "pa55word-xyz", "cs-1234567890"):
        assert secret not in text
    assert "token [REDACTED]" in text

    once = path.read_bytes()
    code, out = run(capsys, "scrub", str(path))
    assert code == 0 and "0 value(s) scrubbed" in out
    assert path.read_bytes() == once

    code, out = run(capsys, "lint", str(path), "--cache-dir", str(tmp_path / "none"))
    assert "secret" not in out.replace("0 problem", "")
    assert "duplicate" in out  # duplicates are reported, never silently removed


def test_bad_files_are_named_and_left_alone(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corrupt = tmp_path / "corrupt.yaml"
    corrupt.write_text("interactions: [\n")
    old = tmp_path / "old.yaml"
    old.write_text("- request: {method: GET, uri: 'http://x/'}\n  response: {}\n")
    binary = tmp_path / "binary.json"
    binary.write_bytes(b"\xff\xfe\x00junk")
    broken = tmp_path / "broken.yaml"
    broken.write_text("version: 1\ninteractions:\n- request: {method: GET, uri: 'http://x/'}\n")
    before = {p: p.read_bytes() for p in tmp_path.iterdir()}
    for command in ("lint", "scrub", "check"):
        code, out = run(capsys, command, str(tmp_path))
        assert code == 1
        assert f"{corrupt}: not valid YAML" in out
        assert f"{old}: this cassette uses the format of vcrpy < 1.0" in out
        assert f"{binary}: not UTF-8 text" in out
        assert f"{broken}, interaction #0: the interaction has no 'response'" in out
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_lint_reports_interactions_the_last_run_did_not_play(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(
        tmp_path / "c.yaml",
        [interaction("https://a.example/1", {}), interaction("https://a.example/2", {})],
    )
    cache = tmp_path / "cache"
    (cache / "v" / "typelink").mkdir(parents=True)
    (cache / "v" / "typelink" / "cassette_usage").write_text(
        json.dumps({str(path.resolve()): {"total": 2, "unplayed": [1], "checked_at": "now"}})
    )
    code, out = run(capsys, "lint", str(path), "--cache-dir", str(cache))
    assert code == 1
    assert "#1: unused: GET https://a.example/2 was not played" in out


def test_check_reports_drift_per_endpoint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    get = f"{CONSUMERS}:Users.fetch"
    lst = f"{CONSUMERS}:Users.list_all"
    write(
        tmp_path / "users.yaml",
        [
            interaction("https://a/u/1", {"login": "a", "id": 1, "plan": "pro"}, endpoint=get),
            interaction("https://a/u/2", {"login": "b"}, endpoint=get),
            interaction(
                "https://a/u",
                [{"login": "c", "id": "x", "owner": {"login": "o", "type": "Org"}}],
                endpoint=lst,
            ),
            interaction("https://a/u/3", {"message": "Not Found"}, status=404, endpoint=get),
            interaction("https://a/other", {"x": 1}),
            interaction("https://a/av", b"\x89PNG\x00", endpoint=f"{CONSUMERS}:Users.avatar"),
        ],
    )
    code, out = run(capsys, "check", str(tmp_path))
    assert code == 1
    assert "DRIFT tests.testing.cassette_consumers:Users.fetch" in out
    assert "missing field: id" in out
    assert "new field (not declared): plan" in out
    assert "DRIFT tests.testing.cassette_consumers:Users.list_all" in out
    assert "wrong type: [].id:" in out
    assert "new field (not declared): [].owner.type" in out
    assert "skipped 1 of tests.testing.cassette_consumers:Users.fetch: status 404" in out
    assert "endpoint" in out and "result" in out  # the summary table
    assert "<no endpoint metadata>" in out


def test_check_passes_without_drift(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        tmp_path / "ok.yaml",
        [
            interaction(
                "https://a/u/1", {"login": "a", "id": 1}, endpoint=f"{CONSUMERS}:Users.fetch"
            )
        ],
    )
    code, out = run(capsys, "check", str(tmp_path))
    assert code == 0, out
    assert "ok" in out


def test_scrubbed_cassette_still_replays(
    pytester: pytest.Pytester,
    api_server: ApiServer,
    no_ci: None,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Record a leaky cassette (scrubbing switched off), scrub it with the CLI, replay offline.
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    pytester.makepyfile(
        test_leak=f"import pytest, requests\nURL = {api_server.url!r}\n"
        + textwrap.dedent(
            f"""
            @pytest.mark.typelink_cassette(scrub=False)
            def test_it():
                s = requests.Session()
                s.headers["Authorization"] = "Bearer {GH_TOKEN}"
                r = s.get(URL + "/users/me", params={{"access_token": "qs-secret-99887766"}})
                assert r.json()["login"] == "me"
                r = s.post(URL + "/token", data={{"refresh_token": "rt-55443322110"}})
                assert r.ok
            """
        ),
    )
    fast = ("-p", "no:hypothesispytest", "-p", "no:pytest_httpserver")
    pytester.runpytest_subprocess(*fast, "--record-mode=once").assert_outcomes(passed=1)
    path = pytester.path / "cassettes" / "test_leak" / "test_it.yaml"
    assert GH_TOKEN in path.read_text()

    code, out = run(capsys, "lint", str(path))
    assert code == 1 and "secret header in header 'Authorization'" in out
    code, _out = run(capsys, "scrub", str(path))
    assert code == 0
    text = path.read_text()
    for secret in (GH_TOKEN, "qs-secret-99887766", "rt-55443322110"):
        assert secret not in text

    # Replay as the test normally runs, with scrubbing on (incoming requests are scrubbed
    # by the same rules, so they match the placeholders).
    source = (pytester.path / "test_leak.py").read_text()
    (pytester.path / "test_leak.py").write_text(source.replace("(scrub=False)", ""))
    api_server.hits.clear()
    pytester.runpytest_subprocess(*fast).assert_outcomes(passed=1)
    assert api_server.hits == []


def test_cassettes_without_a_subcommand_prints_help(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["cassettes"]) == 2
    assert "lint" in capsys.readouterr().err
