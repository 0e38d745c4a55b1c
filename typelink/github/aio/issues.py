# Generated from typelink/github/issues.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Issues."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncIssues(AsyncGitHubConsumer):
    """Issues (pull requests are issues too)."""

    @tl.get("repos/{owner}/{repo}/issues")
    async def list_for_repo(
        self,
        owner: str,
        repo: str,
        milestone: Query[str | None] = None,
        state: Query[Literal["open", "closed", "all"] | None] = None,
        assignee: Query[str | None] = None,
        type: Query[str | None] = None,
        creator: Query[str | None] = None,
        mentioned: Query[str | None] = None,
        issue_field_values: Query[str | None] = None,
        labels: Query[str | None] = None,
        sort: Query[Literal["created", "updated", "comments"] | None] = None,
        direction: Query[Literal["asc", "desc"] | None] = None,
        since: Query[datetime | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Issue]:
        """List repository issues.

        Not sent unless given; GitHub then uses ``state="open"``, ``sort="created"``,
        ``direction="desc"``, ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/issues``
        (operation ``issues/list-for-repo``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/issues/{issue_number}")
    async def get(self, owner: str, repo: str, issue_number: int) -> models.Issue:
        """Get an issue.

        ``GET /repos/{owner}/{repo}/issues/{issue_number}``
        (operation ``issues/get``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/issues")
    async def create(
        self, owner: str, repo: str, body: Body[models.IssuesCreateRequest]
    ) -> models.Issue:
        """Create an issue.

        ``POST /repos/{owner}/{repo}/issues``
        (operation ``issues/create``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/issues/{issue_number}")
    async def update(
        self, owner: str, repo: str, issue_number: int, body: Body[models.IssuesUpdateRequest]
    ) -> models.IssuesUpdateResponse:
        """Update an issue.

        ``PATCH /repos/{owner}/{repo}/issues/{issue_number}``
        (operation ``issues/update``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/issues/{issue_number}/lock")
    async def lock(
        self,
        owner: str,
        repo: str,
        issue_number: int,
        body: Body[models.IssuesLockRequest | None] = None,
    ) -> None:
        """Lock an issue.

        ``PUT /repos/{owner}/{repo}/issues/{issue_number}/lock``
        (operation ``issues/lock``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/issues/{issue_number}/lock")
    async def unlock(self, owner: str, repo: str, issue_number: int) -> None:
        """Unlock an issue.

        ``DELETE /repos/{owner}/{repo}/issues/{issue_number}/lock``
        (operation ``issues/unlock``)
        """
        raise NotImplementedError
