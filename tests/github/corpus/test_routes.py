"""Recorded requests find their typed method from the declarations alone."""

from __future__ import annotations

import pytest

from tests.github.corpus.routes import RouteTable, representation, text_representation

API = "https://api.github.com"
FULL = "application/vnd.github.v3.full+json"
STAR = "application/vnd.github.v3.star+json"


@pytest.fixture(scope="module")
def table() -> RouteTable:
    return RouteTable()


@pytest.mark.parametrize(
    ("method", "uri", "accept", "expected"),
    [
        ("GET", "/repos/o/r/issues/12", FULL, "issues.get"),
        ("GET", "/repos/o/r/issues/comments/5", FULL, "issue_comments.get"),
        ("GET", "/repos/o/r/releases/latest", "", "releases.get_latest"),
        ("GET", "/repos/o/r/releases/77", "", "releases.get"),
        ("GET", "/repos/o/r/contents/docs/a/b.md", FULL, "contents.get"),
        ("GET", "/repos/o/r/git/ref/tags/0.9.3", FULL, "refs.get"),
        ("GET", "/repositories/3710711/pulls?page=2", FULL, "pulls.list"),
        ("GET", "/repositories/3710711", FULL, "repos.get"),
        ("GET", "/user/240830/repos", FULL, "repos.list_for_user"),
        (
            "GET",
            "/repos/o/r/labels",
            "application/vnd.github.symmetra-preview+json",
            "labels.list_for_repo",
        ),
        (
            "GET",
            "/repos/o/r/releases/assets/1",
            "application/octet-stream",
            "release_assets.download",
        ),
        ("GET", "/repos/o/r/releases/assets/1", FULL, "release_assets.get"),
        ("DELETE", "/repos/o/r/issues/9/labels/in%20progress", FULL, "labels.remove_from_issue"),
        (
            "GET",
            "/repos/o/r/stargazers",
            "application/vnd.github.v3.star+json",
            "stars.list_stargazers_with_timestamps",
        ),
        ("GET", "/user/240830/starred", STAR, "stars.list_for_user_with_timestamps"),
        ("GET", "/repos/o/r/pulls/1", "application/vnd.github.diff", "pulls.get_diff"),
        ("GET", "/repos/o/r/pulls/1", "application/vnd.github.v3.patch", "pulls.get_patch"),
        (
            "GET",
            "/repos/o/r/commits/stable/2.6",
            "application/vnd.github.v3.sha",
            "commits.get_sha",
        ),
        (
            "GET",
            "/repos/o/r/contents/docs/a.md",
            "application/vnd.github.raw+json",
            "contents.get_raw",
        ),
        (
            "GET",
            "/repos/o/r/contents/docs/a.md",
            "application/vnd.github.v3.raw",
            "contents.get_raw",
        ),
        (
            "GET",
            "/repos/o/r/contents/docs/a.md",
            "application/vnd.github.html",
            "contents.get_html",
        ),
        (
            "GET",
            "/repos/o/r/readme",
            "application/vnd.github.v3.html+json",
            "contents.get_readme_html",
        ),
        ("GET", "/repos/o/r/readme", FULL, "contents.get_readme"),
        ("GET", "/repos/o/r/branches/stable/2.6", FULL, "branches.get"),
        ("GET", "/repos/o/r/branches/feature/x/protection", FULL, "branches.get_protection"),
        ("GET", "/repos/o/r/commits/feature/x/status", FULL, "statuses.get_combined"),
        ("GET", "/repos/o/r/commits/abc123", FULL, "commits.get"),
        ("GET", "/repos/o/r/commits/feature/x", FULL, "commits.get"),
        ("GET", "/repos/o/r/commits/abc123/pulls", FULL, "commits.list_pull_requests"),
        ("GET", "/repos/o/r/commits/abc123/comments", FULL, "commits.list_comments"),
        ("GET", "/repos/o/r/commits/feature/x/check-runs", FULL, "check_runs.list_for_ref"),
        ("GET", "/repos/o/r/compare/main...feature/x", FULL, "commits.compare"),
        ("GET", "/repos/o/r/actions/runs/1/jobs", FULL, "actions.jobs.list_for_run"),
        ("GET", "/repos/o/r/issues/1", "application/vnd.github.v3.raw+json", "issues.get"),
    ],
)
def test_requests_find_their_method(
    table: RouteTable, method: str, uri: str, accept: str, expected: str
) -> None:
    route = table.match(method, API + uri, accept)
    assert route is not None and route.name == expected


def test_uploads_go_to_the_uploads_host_only(table: RouteTable) -> None:
    path = "/repos/o/r/releases/1/assets?name=a.txt"
    route = table.match("POST", "https://uploads.github.com" + path, "")
    assert route is not None and route.name == "release_assets.uploads.upload"
    assert table.match("POST", API + path, "") is None


@pytest.mark.parametrize(
    ("method", "uri", "accept", "reason"),
    [
        ("GET", "/repos/o/r/issues/events", FULL, "operation not declared"),  # not an issue number
        ("GET", "/repos/o/r/issues/1", "application/vnd.github.diff", "diff not declared"),
        ("GET", "/repos/o/r/git/commits/abc123", FULL, "operation not declared"),
        ("POST", "/repos/o/r/issues/1", FULL, "operation not declared"),
        ("GET", "/repos/o/r/issues", "application/vnd.github.v3.unknown", "unknown not declared"),
    ],
)
def test_undeclared_requests_match_nothing(
    table: RouteTable, method: str, uri: str, accept: str, reason: str
) -> None:
    assert table.match(method, API + uri, accept) is None
    assert reason in table.unmatched_reason(method, API + uri, accept)


def test_other_hosts_match_nothing(table: RouteTable) -> None:
    assert table.match("GET", "https://example.com/repos/o/r", "") is None
    assert table.match("GET", "https://github.com/repos/o/r", "") is None


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("", "json"),
        ("application/json", "json"),
        ("application/vnd.github+json", "json"),
        ("application/vnd.github.v3.full+json", "json"),
        ("application/vnd.github.v3.raw+json", "json"),
        ("application/vnd.github.v3.full.text-match+json", "json"),
        ("application/vnd.github.drax-preview+json", "json"),
        ("application/vnd.github.cloak-preview", "json"),
        (
            "application/vnd.github.cloak-preview, application/vnd.github.v3.full.text-match+json",
            "json",
        ),
        ("application/vnd.github.v3.star+json", "star+json"),
        ("application/vnd.github.v3.raw", "raw"),
        ("application/vnd.github.diff", "diff"),
        ("application/vnd.github.v3.sha", "sha"),
        ("application/octet-stream", "application/octet-stream"),
        ("application/vnd.github.cloak-preview, application/vnd.github.diff", "diff"),
    ],
)
def test_representations(accept: str, expected: str) -> None:
    assert representation(accept) == expected


@pytest.mark.parametrize(
    ("accept", "expected"),
    [
        ("application/vnd.github.raw+json", "raw"),
        ("application/vnd.github.v3.raw", "raw"),
        ("application/vnd.github.html+json", "html"),
        ("application/vnd.github.v3.full+json", "full"),
        ("application/vnd.github.diff", "diff"),
        ("application/vnd.github.drax-preview+json", "json"),
        ("application/json", "json"),
        ("application/octet-stream", "application/octet-stream"),
    ],
)
def test_text_representations_keep_the_body_format(accept: str, expected: str) -> None:
    assert text_representation(accept) == expected
