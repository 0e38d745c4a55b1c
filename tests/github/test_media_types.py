"""GitHub's other representations: each method asks for its own and returns its own type.

Each alternative is its own declared method with its ``Accept`` header (the class-wide
``application/vnd.github+json`` and the API version header stay): raw and HTML contents and
README (``bytes``/``str``), diffs and patches (``str``), a commit's SHA (``str``), stars with
their timestamps (typed pages). When GitHub answers its default JSON instead (a raw request
for a directory), the call raises a typed error rather than handing the listing back as
the file.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timezone
from typing import Any

import pytest

from tests.fixtures.servers import Reply, ScriptedServer
from typelink import errors as tl_errors
from typelink.github import GitHub
from typelink.github._base import API_VERSION

TOKEN = "ghp_" + "0" * 36


@pytest.fixture
def gh(api: ScriptedServer) -> GitHub:
    return GitHub(token=TOKEN, base_url=api.url)


def _text(body: bytes, media: str) -> Reply:
    return Reply(body=body, headers={"Content-Type": media})


ASKED = [
    (
        lambda gh: gh.contents.get_raw("o", "r", "logo.png"),
        "application/vnd.github.raw+json",
        _text(b"\x89PNG\r\n\x1a\n", "application/vnd.github.raw"),
        b"\x89PNG\r\n\x1a\n",
    ),
    (
        lambda gh: gh.contents.get_html("o", "r", "README.md", ref="main"),
        "application/vnd.github.html+json",
        _text("<p>Grüße</p>".encode(), "application/vnd.github.html; charset=utf-8"),
        "<p>Grüße</p>",
    ),
    (
        lambda gh: gh.contents.get_readme_raw("o", "r"),
        "application/vnd.github.raw+json",
        _text(b"# Hello\n", "application/vnd.github.raw; charset=utf-8"),
        b"# Hello\n",
    ),
    (
        lambda gh: gh.contents.get_readme_html("o", "r"),
        "application/vnd.github.html+json",
        _text(b"<h1>Hello</h1>", "application/vnd.github.html; charset=utf-8"),
        "<h1>Hello</h1>",
    ),
    (
        lambda gh: gh.pulls.get_diff("o", "r", 7),
        "application/vnd.github.diff",
        _text(b"diff --git a/x b/x\n", "application/vnd.github.diff; charset=utf-8"),
        "diff --git a/x b/x\n",
    ),
    (
        lambda gh: gh.pulls.get_patch("o", "r", 7),
        "application/vnd.github.patch",
        _text(b"From 1 Mon Sep 17\n", "application/vnd.github.patch; charset=utf-8"),
        "From 1 Mon Sep 17\n",
    ),
    (
        lambda gh: gh.commits.get_diff("o", "r", "main"),
        "application/vnd.github.diff",
        _text(b"diff --git a/y b/y\n", "application/vnd.github.diff; charset=utf-8"),
        "diff --git a/y b/y\n",
    ),
    (
        lambda gh: gh.commits.get_patch("o", "r", "main"),
        "application/vnd.github.patch",
        _text(b"From 2 Mon Sep 17\n", "application/vnd.github.patch; charset=utf-8"),
        "From 2 Mon Sep 17\n",
    ),
    (
        lambda gh: gh.commits.get_sha("o", "r", "stable/2.6"),
        "application/vnd.github.sha",
        _text(b"1254fe8f5cfcbd4afc2f692827da4f04a3033c56", "application/vnd.github.sha"),
        "1254fe8f5cfcbd4afc2f692827da4f04a3033c56",
    ),
]


@pytest.mark.parametrize(
    ("call", "accept", "reply", "expected"), ASKED, ids=[a for _, a, _, _ in ASKED]
)
def test_each_method_asks_for_its_representation_and_returns_it(
    gh: GitHub,
    api: ScriptedServer,
    call: Callable[[GitHub], Any],
    accept: str,
    reply: Reply,
    expected: Any,
) -> None:
    api.script = [reply]
    assert call(gh) == expected
    (seen,) = api.seen
    assert seen.headers["Accept"] == accept
    assert seen.headers["X-GitHub-Api-Version"] == API_VERSION


LISTING = json.dumps([{"type": "dir", "name": "docs", "path": "docs"}]).encode()


@pytest.mark.parametrize(
    "call",
    [
        lambda gh: gh.contents.get_raw("o", "r", "docs"),
        lambda gh: gh.contents.get_html("o", "r", "docs"),
        lambda gh: gh.release_assets.download("o", "r", 1),
    ],
)
def test_the_default_json_instead_of_the_representation_asked_for_is_a_typed_error(
    gh: GitHub, api: ScriptedServer, call: Callable[[GitHub], Any]
) -> None:
    # GitHub lists a directory when asked for its raw bytes or its HTML (a submodule too)
    api.script = [Reply(body=LISTING, headers={"Content-Type": "application/json; charset=utf-8"})]
    with pytest.raises(tl_errors.ResponseValidationError, match="answered application/json") as e:
        call(gh)
    assert e.value.body == LISTING
    assert TOKEN not in str(e.value)


STARRED = [
    {
        "starred_at": "2011-01-16T19:06:43Z",
        "user": {
            "login": "octocat",
            "id": 1,
            "node_id": "MDQ6VXNlcjE=",
            "avatar_url": "https://github.com/images/error/octocat_happy.gif",
            "gravatar_id": "",
            "url": "https://api.github.com/users/octocat",
            "html_url": "https://github.com/octocat",
            "followers_url": "https://api.github.com/users/octocat/followers",
            "following_url": "https://api.github.com/users/octocat/following{/other_user}",
            "gists_url": "https://api.github.com/users/octocat/gists{/gist_id}",
            "starred_url": "https://api.github.com/users/octocat/starred{/owner}{/repo}",
            "subscriptions_url": "https://api.github.com/users/octocat/subscriptions",
            "organizations_url": "https://api.github.com/users/octocat/orgs",
            "repos_url": "https://api.github.com/users/octocat/repos",
            "events_url": "https://api.github.com/users/octocat/events{/privacy}",
            "received_events_url": "https://api.github.com/users/octocat/received_events",
            "type": "User",
            "site_admin": False,
        },
    },
    {"starred_at": "2012-03-04T05:06:07Z", "user": None},  # a deleted account
]


def test_stargazers_with_timestamps_page_through_typed_stars(
    gh: GitHub, api: ScriptedServer
) -> None:
    nxt = f'<{api.url}/repositories/1296269/stargazers?per_page=1&page=2>; rel="next"'
    api.script = [
        Reply(body=json.dumps(STARRED[:1]).encode(), headers={"Link": nxt}),
        Reply(body=json.dumps(STARRED[1:]).encode()),
    ]
    stars = gh.stars.list_stargazers_with_timestamps("o", "r", per_page=1).to_list()
    assert [s.starred_at for s in stars] == [
        datetime(2011, 1, 16, 19, 6, 43, tzinfo=timezone.utc),
        datetime(2012, 3, 4, 5, 6, 7, tzinfo=timezone.utc),
    ]
    assert stars[0].user is not None and stars[0].user.login == "octocat"
    assert stars[1].user is None
    first, second = api.seen
    assert first.path == "/repos/o/r/stargazers?per_page=1"
    assert second.path == "/repositories/1296269/stargazers?per_page=1&page=2"
    assert {s.headers["Accept"] for s in api.seen} == {"application/vnd.github.star+json"}
