# Generated from typelink/github/pulls.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Pull requests."""

from __future__ import annotations

from typing import Literal

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import MEDIA_DIFF, MEDIA_PATCH, AsyncGitHubConsumer


class AsyncPulls(AsyncGitHubConsumer):
    """Pull requests."""

    @tl.get("repos/{owner}/{repo}/pulls")
    async def list(
        self,
        owner: str,
        repo: str,
        state: Query[Literal["open", "closed", "all"] | None] = None,
        head: Query[str | None] = None,
        base: Query[str | None] = None,
        sort: Query[Literal["created", "updated", "popularity", "long-running"] | None] = None,
        direction: Query[Literal["asc", "desc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.PullRequestSimple]:
        """List pull requests.

        Not sent unless given; GitHub then uses ``state="open"``, ``sort="created"``,
        ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/pulls``
        (operation ``pulls/list``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/pulls/{pull_number}")
    async def get(self, owner: str, repo: str, pull_number: int) -> models.PullRequest:
        """Get a pull request.

        ``GET /repos/{owner}/{repo}/pulls/{pull_number}``
        (operation ``pulls/get``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_DIFF})
    @tl.get("repos/{owner}/{repo}/pulls/{pull_number}")
    async def get_diff(self, owner: str, repo: str, pull_number: int) -> str:
        """The pull request's changes as a unified diff (``git diff`` output).

        ``GET /repos/{owner}/{repo}/pulls/{pull_number}`` with
        ``Accept: application/vnd.github.diff``
        (operation ``pulls/get``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_PATCH})
    @tl.get("repos/{owner}/{repo}/pulls/{pull_number}")
    async def get_patch(self, owner: str, repo: str, pull_number: int) -> str:
        """The pull request's commits as patches (``git format-patch`` output).

        ``GET /repos/{owner}/{repo}/pulls/{pull_number}`` with
        ``Accept: application/vnd.github.patch``
        (operation ``pulls/get``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/pulls")
    async def create(
        self, owner: str, repo: str, body: Body[models.PullsCreateRequest]
    ) -> models.PullRequest:
        """Create a pull request.

        ``POST /repos/{owner}/{repo}/pulls``
        (operation ``pulls/create``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/pulls/{pull_number}")
    async def update(
        self, owner: str, repo: str, pull_number: int, body: Body[models.PullsUpdateRequest]
    ) -> models.PullRequest:
        """Update a pull request.

        ``PATCH /repos/{owner}/{repo}/pulls/{pull_number}``
        (operation ``pulls/update``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/pulls/{pull_number}/merge")
    async def merge(
        self,
        owner: str,
        repo: str,
        pull_number: int,
        body: Body[models.PullsMergeRequest | None] = None,
    ) -> models.PullRequestMergeResult:
        """Merge a pull request.

        ``PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge``
        (operation ``pulls/merge``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/pulls/{pull_number}/files")
    async def list_files(
        self,
        owner: str,
        repo: str,
        pull_number: int,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.DiffEntry]:
        """List pull requests files.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/pulls/{pull_number}/files``
        (operation ``pulls/list-files``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/pulls/{pull_number}/merge")
    async def check_if_merged(self, owner: str, repo: str, pull_number: int) -> None:
        """Check if a pull request has been merged: returns if it was, raises
        :class:`~typelink.NotFoundError` (404) if it was not.

        ``GET /repos/{owner}/{repo}/pulls/{pull_number}/merge``
        (operation ``pulls/check-if-merged``)
        """
        raise NotImplementedError
