"""Whole github3.py sessions replay through typed ``typelink.github`` calls, request for request.

Each session below is a recorded github3.py test (2018-2021) redone with typed calls. Its
betamax cassette is converted to a vcrpy cassette in a temporary folder and replayed with
the network blocked, in strict mode (every recorded interaction must be played, in a
session that plays no other), matching method, scheme, host, port, path, query and JSON
body exactly, and the representation the ``Accept`` header asks for (JSON, a diff, star
timestamps...): so the typed client sends exactly what github3.py sent, nothing more (no
default ``per_page``/``state``/``sort``), and parses every answer.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.github.corpus.betamax import read_cassette, to_vcrpy
from tests.github.corpus.routes import representation
from typelink.github import GitHub
from typelink.github.models import (
    ContentFile,
    IssuesCreateRequest,
    IssuesUpdateRequest,
    PullsCreateRequest,
    PullsUpdateRequest,
)
from typelink.testing.files import render_cassette, write_atomically
from typelink.testing.matching import DEFAULT_MATCH_ON
from typelink.testing.session import CassetteOptions, CassetteSession


def same_representation(r1: Any, r2: Any) -> None:
    """Both requests ask for the same representation (``v3.full+json`` and ``+json`` are JSON)."""
    asked, recorded = (representation(r.headers.get("Accept", "")) for r in (r1, r2))
    if asked != recorded:
        raise AssertionError(f"Accept asks for {asked}, the recording for {recorded}")


EXACT = ("method", "scheme", "host", "port", "path", "query", "body")
Session = Callable[[GitHub], None]
SESSIONS: dict[str, Session] = {}


def session(name: str) -> Callable[[Session], Session]:
    """Register the typed redo of github3.py's cassette ``name``."""

    def register(function: Session) -> Session:
        SESSIONS[name] = function
        return function

    return register


@session("Repository_pull_requests_accept_sort")
def _pulls_of_a_renamed_repository(gh: GitHub) -> None:
    # sigmavirus24/betamax moved: GitHub answers 301 to /repositories/11439734
    repo = gh.repos.get("sigmavirus24", "betamax")
    assert repo.full_name == "betamaxpy/betamax"
    pulls = gh.pulls.list(
        repo.owner.login, repo.name, sort="updated", direction="asc", per_page=100
    ).to_list()
    assert pulls
    assert any(p.head.repo is None for p in pulls)  # a pull request from a deleted fork


@session("Repository_create_pull_from_issue")
def _pull_request_from_an_issue(gh: GitHub) -> None:
    repo = gh.repos.get("github3py", "fork_this")
    issue = gh.issues.create(
        repo.owner.login, repo.name, IssuesCreateRequest(title="Test create pull from issue")
    )
    pull = gh.pulls.create(
        repo.owner.login,
        repo.name,
        PullsCreateRequest(issue=issue.number, base="master", head="sigmavirus24:master"),
    )
    assert pull.number == issue.number == 22


@session("PullFile_contents")
def _contents_of_a_changed_file(gh: GitHub) -> None:
    pull = gh.pulls.get("sigmavirus24", "github3.py", 286)
    files = gh.pulls.list_files("sigmavirus24", "github3.py", 286, per_page=100).to_list()
    content = gh.contents.get("sigmavirus24", "github3.py", files[0].filename, ref=pull.head.sha)
    assert isinstance(content, ContentFile)
    assert content.path == "github3/pulls.py"


@session("PullRequest_close")
def _close_a_pull_request(gh: GitHub) -> None:
    pull = gh.pulls.get("github3py", "delete_contents", 2)
    closed = gh.pulls.update(
        "github3py",
        "delete_contents",
        pull.number,
        PullsUpdateRequest(title=pull.title, body="", state="closed"),
    )
    assert closed.state == "closed"


@session("PullRequest_is_merged")
def _merged_pull_request(gh: GitHub) -> None:
    pull = gh.pulls.get("sigmavirus24", "github3.py", 235)
    gh.pulls.check_if_merged("sigmavirus24", "github3.py", pull.number)  # 204: merged
    assert pull.merged


@session("Issue_pull_request")
def _pull_request_of_an_issue(gh: GitHub) -> None:
    issue = gh.issues.get("sigmavirus24", "github3.py", 301)
    assert issue.pull_request is not None
    pull = gh.pulls.get("sigmavirus24", "github3.py", issue.number)
    assert pull.number == 301


@session("Invitation_accept")
def _accept_an_invitation(gh: GitHub) -> None:
    me = gh.users.get_authenticated()
    invitations = gh.invitations.list_for_authenticated_user(per_page=100).to_list()
    mine = [i for i in invitations if i.invitee is not None and i.invitee.login == me.login]
    gh.invitations.accept(mine[0].id)


@session("Issue_add_assignees")
def _assign_an_issue(gh: GitHub) -> None:
    issue = gh.issues.get("sigmavirus24", "github3.py", 711)
    updated = gh.issues.update(
        "sigmavirus24", "github3.py", issue.number, IssuesUpdateRequest(assignees=["jacquerie"])
    )
    assert [a.login for a in updated.assignees or []] == ["jacquerie"]


@session("Issue_remove_assignees")
def _unassign_an_issue(gh: GitHub) -> None:
    issue = gh.issues.get("sigmavirus24", "github3.py", 711)
    updated = gh.issues.update(
        "sigmavirus24", "github3.py", issue.number, IssuesUpdateRequest(assignees=[])
    )
    assert updated.assignees == []


@session("GitHub_search_commits")
def _search_commits(gh: GitHub) -> None:
    found = gh.search.commits("css repo:octocat/Spoon-Knife", per_page=100)
    assert found.total_count == len(found.items) > 0


@session("PullRequest_diff")
def _diff_of_a_pull_request(gh: GitHub) -> None:
    pull = gh.pulls.get("sigmavirus24", "github3.py", 235)
    diff = gh.pulls.get_diff("sigmavirus24", "github3.py", pull.number)
    assert diff.startswith("diff --git a/")
    assert diff.count("\ndiff --git a/") + 1 == pull.changed_files  # one per file changed


@session("PullRequest_patch")
def _patch_of_a_pull_request(gh: GitHub) -> None:
    pull = gh.pulls.get("sigmavirus24", "github3.py", 235)
    patch = gh.pulls.get_patch("sigmavirus24", "github3.py", pull.number)
    assert patch.startswith("From ") and "Subject: [PATCH" in patch
    assert patch.count("\nSubject: [PATCH") + patch.startswith("Subject") == pull.commits


@session("Repository_stargazers")
def _stargazers_with_the_time_they_starred(gh: GitHub) -> None:
    # sigmavirus24/betamax moved: GitHub answers 301 to /repositories/11439734
    repo = gh.repos.get("sigmavirus24", "betamax")
    stars = gh.stars.list_stargazers_with_timestamps(
        repo.owner.login, repo.name, per_page=100
    ).to_list()
    assert len(stars) > 400
    assert all(s.starred_at.tzinfo is not None for s in stars)
    assert stars == sorted(stars, key=lambda s: s.starred_at)  # oldest first, as GitHub lists


def test_matching_is_exact() -> None:
    assert set(EXACT) <= set(DEFAULT_MATCH_ON)


@pytest.mark.parametrize("name", sorted(SESSIONS))
def test_session_replays_whole(name: str, github3_cassette_dir: Path, tmp_path: Path) -> None:
    cassette = tmp_path / f"{name}.yaml"
    interactions = to_vcrpy(read_cassette(github3_cassette_dir / f"{name}.json"))
    write_atomically(cassette, render_cassette(cassette, interactions, {}))
    options = CassetteOptions(
        record_mode="none", strict=True, match_on=(*EXACT, same_representation)
    )
    with GitHub(token="ghp_" + "0" * 36) as gh, CassetteSession(cassette, options) as replay:
        SESSIONS[name](gh)
        replay.check_all_played()
    assert replay.play_count == len(interactions)
