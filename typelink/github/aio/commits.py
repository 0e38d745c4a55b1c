# Generated from typelink/github/commits.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Commits: list them, compare two, get one as JSON, as a diff or a patch, or just its SHA.

``ref`` is a commit SHA, a branch (``main``, ``feature/x``) or a tag, or a qualified ref
(``heads/feature/x``, ``tags/v1.0``); slashes are sent as they are (``commits/feature/x``,
as sessions recorded against api.github.com sent ``commits/stable/2.6``), and every other
character that is not plain is percent-encoded.

``compare``'s ``basehead`` is ``BASE...HEAD`` (each a branch, tag or SHA; ``USER:branch`` for
a fork in the same network); slashes in the branch names are kept (``main...feature/x``).
"""

from __future__ import annotations

from datetime import datetime

import typelink as tl
from typelink import AsyncPage, Query
from typelink.github import models
from typelink.github._base import MEDIA_DIFF, MEDIA_PATCH, MEDIA_SHA, AsyncGitHubConsumer


class AsyncCommits(AsyncGitHubConsumer):
    """Commits: the history, comparisons, and a single commit as JSON, diff, patch or SHA."""

    @tl.get("repos/{owner}/{repo}/commits")
    async def list(
        self,
        owner: str,
        repo: str,
        sha: Query[str | None] = None,
        path: Query[str | None] = None,
        author: Query[str | None] = None,
        committer: Query[str | None] = None,
        since: Query[datetime | None] = None,
        until: Query[datetime | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Commit]:
        """List commits.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/commits``
        (operation ``repos/list-commits``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/compare/{+basehead}")
    async def compare(
        self,
        owner: str,
        repo: str,
        basehead: str,
        page: Query[int | None] = None,
        per_page: Query[int | None] = None,
    ) -> models.CommitComparison:
        """Compare two commits.

        Not sent unless given; GitHub then uses ``page=1``, ``per_page=30``.

        ``GET /repos/{owner}/{repo}/compare/{basehead}``
        (operation ``repos/compare-commits-with-basehead``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/commits/{commit_sha}/comments")
    async def list_comments(
        self,
        owner: str,
        repo: str,
        commit_sha: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.CommitComment]:
        """List the comments on a commit.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/commits/{commit_sha}/comments``
        (operation ``repos/list-comments-for-commit``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/commits/{commit_sha}/pulls")
    async def list_pull_requests(
        self,
        owner: str,
        repo: str,
        commit_sha: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.PullRequestSimple]:
        """List the pull requests associated with a commit.

        A commit on the default branch lists the merged pull requests that brought it in;
        on another branch, the open ones that contain it.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/commits/{commit_sha}/pulls``
        (operation ``repos/list-pull-requests-associated-with-commit``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/commits/{+ref}")
    async def get(
        self,
        owner: str,
        repo: str,
        ref: str,
        page: Query[int | None] = None,
        per_page: Query[int | None] = None,
    ) -> models.Commit:
        """Get a commit: its message, author, parents, stats and changed files.

        ``files`` holds at most 300 entries per page (``page=``, ``per_page=`` page through
        the files of a large commit).

        Not sent unless given; GitHub then uses ``page=1``, ``per_page=30``.

        ``GET /repos/{owner}/{repo}/commits/{ref}``
        (operation ``repos/get-commit``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_DIFF})
    @tl.get("repos/{owner}/{repo}/commits/{+ref}")
    async def get_diff(self, owner: str, repo: str, ref: str) -> str:
        """The commit's changes as a unified diff (``git diff`` output).

        Very large diffs may time out on GitHub's side (a 5xx, retried like any other).

        ``GET /repos/{owner}/{repo}/commits/{ref}`` with ``Accept: application/vnd.github.diff``
        (operation ``repos/get-commit``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_PATCH})
    @tl.get("repos/{owner}/{repo}/commits/{+ref}")
    async def get_patch(self, owner: str, repo: str, ref: str) -> str:
        """The commit as a patch (``git format-patch`` output: headers, message, diff).

        ``GET /repos/{owner}/{repo}/commits/{ref}`` with ``Accept: application/vnd.github.patch``
        (operation ``repos/get-commit``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_SHA})
    @tl.get("repos/{owner}/{repo}/commits/{+ref}")
    async def get_sha(self, owner: str, repo: str, ref: str) -> str:
        """The full SHA-1 of the commit ``ref`` names (a branch's head, a tag's commit).

        ``GET /repos/{owner}/{repo}/commits/{ref}`` with ``Accept: application/vnd.github.sha``
        (operation ``repos/get-commit``)
        """
        raise NotImplementedError
