"""The pytest plugin end to end: record from a real local server, replay offline."""

from __future__ import annotations

import gzip
import textwrap
from pathlib import Path

import pytest
import yaml

from tests.testing.cassette_server import RESPONSE_API_KEY, SERVER_REFRESH, SERVER_TOKEN, ApiServer
from typelink.cli import main

pytest_plugins = ("pytester",)

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _subprocess_runs(monkeypatch: pytest.MonkeyPatch, pytester: pytest.Pytester) -> None:
    """Inner pytest runs go to a subprocess: vcrpy patches and in-process module
    snapshots do not mix (requests' cookie classes go stale between runs)."""
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    fast = ("-p", "no:hypothesispytest", "-p", "no:pytest_httpserver")
    monkeypatch.setattr(
        pytester, "runpytest", lambda *args: pytester.runpytest_subprocess(*fast, *args)
    )


CLIENT_TOKEN = "ghp_" + "A1b2C3d4E5f6G7h8I9j0" * 2
PATH_SECRET = "path-secret-0c4ee1d2b3"
FORM_SECRET = "form-client-secret-9911aa"


def write_test(pytester: pytest.Pytester, url: str, body: str, name: str = "test_api") -> None:
    source = f"import pytest, requests\nURL = {url!r}\n\n" + textwrap.dedent(body)
    pytester.makepyfile(**{name: source})


def cassette(pytester: pytest.Pytester, module: str, test: str) -> Path:
    return pytester.path / "cassettes" / module / f"{test}.yaml"


SIMPLE = """
@pytest.mark.typelink_cassette
def test_user():
    r = requests.get(URL + "/users/octocat", params={"b": "2", "a": "1"})
    assert r.json()["login"] == "octocat"
"""


def test_record_then_replay_with_the_server_gone(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    write_test(pytester, api_server.url, SIMPLE)
    pytester.runpytest("--record-mode=once").assert_outcomes(passed=1)
    assert api_server.hits == ["GET /users/octocat?b=2&a=1"]
    path = cassette(pytester, "test_api", "test_user")
    data = yaml.safe_load(path.read_text())
    assert len(data["interactions"]) == 1
    assert data["metadata"]["typelink"]["recorded_at"]
    assert data["interactions"][0]["response"]["typelink"]["typelink_version"]

    api_server.hits.clear()
    result = pytester.runpytest()  # default: replay only, network blocked
    result.assert_outcomes(passed=1)
    assert api_server.hits == []


def test_replay_is_the_default_and_blocks_the_network(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    write_test(pytester, api_server.url, SIMPLE)
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*the cassette doesn't exist*"])
    assert api_server.hits == []
    assert not (pytester.path / "cassettes").exists()

    write_test(
        pytester,
        api_server.url,
        """
        import socket
        @pytest.mark.typelink_cassette
        def test_socket():
            with pytest.raises(RuntimeError, match="Network is disabled"):
                socket.create_connection(("127.0.0.1", int(URL.rsplit(":", 1)[1])))
            with pytest.raises(RuntimeError, match="Network is disabled"):
                socket.getaddrinfo("example.com", 443)
        """,
        name="test_block",
    )
    pytester.runpytest("test_block.py").assert_outcomes(passed=1)


def test_ci_forces_replay_only(
    pytester: pytest.Pytester, api_server: ApiServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CI", "true")
    write_test(pytester, api_server.url, SIMPLE)
    result = pytester.runpytest("--record-mode=all")
    result.assert_outcomes(failed=1)
    assert api_server.hits == []
    assert not cassette(pytester, "test_api", "test_user").exists()


def test_unmarked_tests_are_untouched(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    write_test(
        pytester,
        api_server.url,
        """
        def test_plain():
            assert requests.get(URL + "/users/x").status_code == 200
        """,
    )
    pytester.runpytest().assert_outcomes(passed=1)
    assert api_server.hits == ["GET /users/x"]
    assert not (pytester.path / "cassettes").exists()


def test_fixture_alone_activates_a_cassette(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    write_test(
        pytester,
        api_server.url,
        """
        def test_direct(typelink_cassette):
            assert typelink_cassette.recording == (typelink_cassette.record_mode != "none")
            requests.get(URL + "/users/direct")
        """,
    )
    pytester.makeini(
        "[pytest]\ntypelink_cassette_dir = recorded\ntypelink_cassette_format = json\n"
    )
    pytester.runpytest("--record-mode=once").assert_outcomes(passed=1)
    path = pytester.path / "recorded" / "test_api" / "test_direct.json"
    assert '"uri": "http://127.0.0.1' in path.read_text()
    pytester.runpytest().assert_outcomes(passed=1)


SECRETS_TEST = f"""
import typelink.testing

@pytest.mark.typelink_cassette
def test_secrets(typelink_cassette):
    typelink.testing.register_secret({PATH_SECRET!r})
    typelink_cassette.add_secret({FORM_SECRET!r})
    s = requests.Session()
    s.headers["Authorization"] = "Bearer {CLIENT_TOKEN}"
    s.headers["Cookie"] = "sid=cookie-value-123456"
    r = s.post(URL + "/token", data={{"grant_type": "client_credentials",
               "client_secret": {FORM_SECRET!r}, "scope": "repo"}})
    assert r.json()["access_token"]
    params = {{"access_token": "qs-token-abcdef", "page": "2"}}
    r = s.get(URL + "/hooks/{PATH_SECRET}", params=params)
    assert r.ok
    r = s.put(URL + "/login", json={{"user": "me", "password": "pw-hunter2-hunter2"}},
              headers={{"X-Api-Key": "req-api-key-0a0b0c0d"}})
    assert r.status_code == 200
"""

LEAKS = (
    CLIENT_TOKEN,
    PATH_SECRET,
    FORM_SECRET,
    "cookie-value-123456",
    "qs-token-abcdef",
    "pw-hunter2-hunter2",
    "req-api-key-0a0b0c0d",
    SERVER_TOKEN,
    SERVER_REFRESH,
    RESPONSE_API_KEY,
    "cafe0123456789",
)


def test_secrets_are_scrubbed_when_recording_and_replay_still_works(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    write_test(pytester, api_server.url, SECRETS_TEST)
    pytester.runpytest("--record-mode=once").assert_outcomes(passed=1)
    text = cassette(pytester, "test_api", "test_secrets").read_text()
    for leak in LEAKS:
        assert leak not in text, leak
    assert "Bearer [REDACTED]" in text
    assert "access_token=[REDACTED]" in text
    assert "session=[REDACTED]; Path=/; HttpOnly" in text

    api_server.hits.clear()
    pytester.runpytest().assert_outcomes(passed=1)
    assert api_server.hits == []


def test_matching_is_semantic_and_errors_show_the_closest_request(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    record = """
        @pytest.mark.typelink_cassette("shared")
        def test_calls():
            requests.post(URL + "/a", data=b'{"x": 1, "y": [1, 2]}',
                          headers={"Content-Type": "application/vnd.github+json"})
            requests.post(URL + "/b", data={"k1": "v1", "k2": "v2"})
            requests.get(URL + "/c?p=1&q=2")
        """
    write_test(pytester, api_server.url, record)
    pytester.runpytest("--record-mode=once").assert_outcomes(passed=1)

    replay_reordered = """
        @pytest.mark.typelink_cassette("shared")
        def test_calls():
            requests.post(URL + "/a", data=b'{"y": [1, 2],   "x": 1}',
                          headers={"Content-Type": "application/vnd.github+json"})
            requests.post(URL + "/b", data=[("k2", "v2"), ("k1", "v1")])
            requests.get(URL + "/c?q=2&p=1")
        """
    write_test(pytester, api_server.url, replay_reordered)
    pytester.runpytest().assert_outcomes(passed=1)

    replay_changed = """
        @pytest.mark.typelink_cassette("shared")
        def test_calls():
            requests.get(URL + "/c?q=3&p=1")
        """
    write_test(pytester, api_server.url, replay_changed)
    result = pytester.runpytest()
    result.assert_outcomes(failed=1)
    result.stdout.fnmatch_lines(["*Closest recorded requests*", "*GET */c?p=1&q=2*", "*query*"])


STRICT_RECORD = """
@pytest.mark.typelink_cassette("two")
def test_two():
    requests.get(URL + "/users/one")
    requests.get(URL + "/users/two")
"""
STRICT_REPLAY = """
@pytest.mark.typelink_cassette("two")
def test_two():
    requests.get(URL + "/users/one")
"""


def test_strict_mode_names_unplayed_interactions(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    write_test(pytester, api_server.url, STRICT_RECORD)
    pytester.runpytest("--record-mode=once").assert_outcomes(passed=1)
    write_test(pytester, api_server.url, STRICT_REPLAY)
    pytester.runpytest().assert_outcomes(passed=1)  # lenient by default

    pytester.makeini("[pytest]\ntypelink_strict = true\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1, errors=1)
    result.stdout.fnmatch_lines(["*1 recorded interaction(s)*not played*", "*#1 GET */users/two*"])


def test_gzip_is_recorded_decoded_and_old_gzip_cassettes_replay(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    write_test(
        pytester,
        api_server.url,
        """
        @pytest.mark.typelink_cassette
        def test_gz():
            assert requests.get(URL + "/gzip").json()["compressed"] is True
        """,
    )
    pytester.runpytest("--record-mode=once").assert_outcomes(passed=1)
    path = cassette(pytester, "test_api", "test_gz")
    data = yaml.safe_load(path.read_text())
    response = data["interactions"][0]["response"]
    assert '"compressed": true' in response["body"]["string"]
    assert "Content-Encoding" not in response["headers"]

    # A cassette as urllib3 1.x recorded it: gzip bytes and the header kept.
    response["body"]["string"] = gzip.compress(response["body"]["string"].encode())
    response["headers"]["Content-Encoding"] = ["gzip"]
    path.write_text(yaml.safe_dump(data))
    before = path.read_bytes()
    pytester.runpytest().assert_outcomes(passed=1)
    assert path.read_bytes() == before  # decoded in memory, the file is left alone


def test_bad_cassettes_fail_clearly_and_are_not_rewritten(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    write_test(pytester, api_server.url, SIMPLE)
    path = cassette(pytester, "test_api", "test_user")
    path.parent.mkdir(parents=True)
    path.write_text("interactions: [\n  - request: {")
    result = pytester.runpytest("--record-mode=once")
    result.assert_outcomes(errors=1)
    result.stdout.fnmatch_lines(["*test_user.yaml: not valid YAML*line*"])
    assert path.read_text() == "interactions: [\n  - request: {"

    path.write_text("- request: {method: GET, uri: 'http://x/'}\n  response: {}\n")
    result = pytester.runpytest()
    result.stdout.fnmatch_lines(["*test_user.yaml: *vcrpy < 1.0*"])

    path.write_text("version: 1\ninteractions:\n- request: {method: GET, uri: 'http://x/'}\n")
    result = pytester.runpytest()
    result.stdout.fnmatch_lines(["*test_user.yaml, interaction #0: *no 'response'*"])


def test_stale_cassettes_warn(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    write_test(pytester, api_server.url, SIMPLE)
    pytester.runpytest("--record-mode=once").assert_outcomes(passed=1)
    path = cassette(pytester, "test_api", "test_user")
    data = yaml.safe_load(path.read_text())
    data["interactions"][0]["response"]["typelink"]["recorded_at"] = "2020-01-01T00:00:00+00:00"
    path.write_text(yaml.safe_dump(data))
    pytester.makeini("[pytest]\ntypelink_max_age_days = 30\n")
    result = pytester.runpytest()
    result.assert_outcomes(passed=1)
    result.stdout.fnmatch_lines(["*StaleCassetteWarning*test_user.yaml was recorded * days ago*"])


def test_rewrite_records_from_scratch(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    write_test(pytester, api_server.url, STRICT_RECORD)
    pytester.runpytest("--record-mode=once").assert_outcomes(passed=1)
    write_test(pytester, api_server.url, STRICT_REPLAY)
    pytester.runpytest("--record-mode=rewrite").assert_outcomes(passed=1)
    data = yaml.safe_load(cassette(pytester, "test_api", "two").read_text())
    assert [i["request"]["uri"].rsplit("/", 1)[1] for i in data["interactions"]] == ["one"]


def test_cassettes_name_the_consumer_method_and_check_finds_drift(
    pytester: pytest.Pytester,
    api_server: ApiServer,
    no_ci: None,
    capsys: pytest.CaptureFixture[str],
) -> None:
    write_test(
        pytester,
        api_server.url,
        f"""
        from typelink.auth import BearerToken
        from tests.testing.cassette_consumers import Api

        @pytest.mark.typelink_cassette
        def test_tracked():
            with Api(base_url=URL, auth=BearerToken({CLIENT_TOKEN!r})) as api:
                assert api.users.fetch("octocat").login == "octocat"
            requests.get(URL + "/users/direct")
        """,
    )
    pytester.runpytest("--record-mode=once").assert_outcomes(passed=1)
    path = cassette(pytester, "test_api", "test_tracked")
    text = path.read_text()
    assert CLIENT_TOKEN not in text
    data = yaml.safe_load(text)
    first, second = (i["response"]["typelink"] for i in data["interactions"])
    assert first["endpoint"] == "tests.testing.cassette_consumers:Users.fetch"
    assert first["method"] == "Users.fetch"
    assert "endpoint" not in second

    pytester.runpytest().assert_outcomes(passed=1)  # the consumer replays offline

    # pytester runs in a temporary folder: the project whose endpoints are named is ours
    assert main(["cassettes", "check", "--project", str(ROOT), str(path)]) == 1
    out = capsys.readouterr().out
    assert "DRIFT tests.testing.cassette_consumers:Users.fetch" in out
    assert "new field (not declared): plan" in out
    assert "new field (not declared): site_admin" in out


def test_usage_is_remembered_for_lint(
    pytester: pytest.Pytester, api_server: ApiServer, no_ci: None
) -> None:
    write_test(pytester, api_server.url, STRICT_RECORD)
    pytester.runpytest("--record-mode=once").assert_outcomes(passed=1)
    write_test(pytester, api_server.url, STRICT_REPLAY)
    pytester.runpytest().assert_outcomes(passed=1)
    usage = pytester.path / ".pytest_cache" / "v" / "typelink" / "cassette_usage"
    assert '"unplayed": [\n      1\n    ]' in usage.read_text()


def test_once_with_an_existing_cassette_blocks_the_network_too(
    tmp_path: Path, api_server: ApiServer
) -> None:
    import socket

    import requests

    from typelink.testing.session import CassetteOptions, CassetteSession

    path = tmp_path / "c.yaml"
    with CassetteSession(path, CassetteOptions(record_mode="once")):
        requests.get(api_server.url + "/users/a")  # records: the network is open
    port = int(api_server.url.rsplit(":", 1)[1])
    with CassetteSession(path, CassetteOptions(record_mode="once")):
        assert requests.get(api_server.url + "/users/a").json()["login"] == "a"
        with pytest.raises(RuntimeError, match="Network is disabled"):
            socket.create_connection(("127.0.0.1", port))
    assert api_server.hits == ["GET /users/a"]
