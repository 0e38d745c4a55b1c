"""The typed methods build exactly the requests github3.py recorded against api.github.com.

Every recorded request a declared method makes is rebuilt by that method from the recorded
values (see :mod:`tests.github.corpus.requests`) and must come out the same: method, raw
path, query. Names with slashes are the point: GitHub answered ``branches/stable/2.6``,
``commits/stable/2.6`` (``Accept: application/vnd.github.v3.sha``), ``git/ref/tags/0.9.3``
and ``contents/github3/repos/repo.py`` as they were sent, so a typed call must send them so.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.github.corpus.requests import RequestReport, evaluate_requests

KNOWN_DIFFERENCES = {
    "Repository_branches_protected#1": (
        "github3.py spells the boolean protected=1; typelink sends protected=true, the JSON "
        "boolean GitHub's description declares"
    ),
}
"""Recorded requests a typed call sends differently on purpose (this list only shrinks)."""

SLASHED = {
    ("branches.get", "/repos/PyCQA/flake8/branches/stable/2.6"),
    ("commits.get_sha", "/repos/PyCQA/flake8/commits/stable/2.6"),
    ("contents.get", "/repos/sigmavirus24/github3.py/contents/github3/repos/repo.py"),
    ("contents.get", "/repos/sigmavirus24/github3.py/contents/github3/search/"),
    ("refs.get", "/repos/sigmavirus24/github3.py/git/ref/tags/0.9.3"),
    ("refs.update", "/repos/github3py/delete_contents/git/refs/heads/master"),
    ("refs.delete", "/repos/github3py/fork_this/git/refs/heads/test-branch-646fc8"),
}
"""Recorded requests whose branch, ref or file name has a slash (GitHub answered each)."""


@pytest.fixture(scope="module")
def requests_report(github3_cassette_dir: Path) -> RequestReport:
    return evaluate_requests(github3_cassette_dir)


def test_every_rebuilt_request_is_the_recorded_one(requests_report: RequestReport) -> None:
    different = {r.recorded.where: r for r in requests_report.mismatches()}
    unexplained = [
        f"{r.recorded.where} {r.route}: recorded {r.recorded.method} {r.recorded.uri}, "
        f"rebuilt {r.method} {r.path} {list(r.query)}"
        for where, r in different.items()
        if where not in KNOWN_DIFFERENCES
    ]
    assert not unexplained, "typed calls that send another request:\n" + "\n".join(unexplained)
    gone = set(KNOWN_DIFFERENCES) - set(different)
    assert not gone, f"no longer different, remove from KNOWN_DIFFERENCES: {sorted(gone)}"


def test_names_with_slashes_go_out_as_github_answered_them(
    requests_report: RequestReport,
) -> None:
    rebuilt = {(r.route, r.path) for r in requests_report.rebuilt if r.matches}
    assert sorted(SLASHED - rebuilt) == []


def test_the_corpus_reaches_the_request_builders(requests_report: RequestReport) -> None:
    """Guards the other tests against passing on nothing (a broken mapping or download)."""
    assert len(requests_report.rebuilt) >= 500, requests_report.not_rebuilt
    assert len({r.route for r in requests_report.rebuilt}) >= 60
    representations = {r.route for r in requests_report.rebuilt}
    assert {"pulls.get_diff", "pulls.get_patch", "commits.get_diff", "commits.get_sha"} <= (
        representations
    )
    assert {"stars.list_stargazers_with_timestamps"} <= representations
