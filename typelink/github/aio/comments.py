# Generated from typelink/github/comments.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Issue (and pull request) comments."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncIssueComments(AsyncGitHubConsumer):
    """Comments on issues and pull requests."""

    @tl.get("repos/{owner}/{repo}/issues/{issue_number}/comments")
    async def list(
        self,
        owner: str,
        repo: str,
        issue_number: int,
        since: Query[datetime | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.IssueComment]:
        """List issue comments.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/issues/{issue_number}/comments``
        (operation ``issues/list-comments``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/issues/comments")
    async def list_for_repo(
        self,
        owner: str,
        repo: str,
        sort: Query[Literal["created", "updated"] | None] = None,
        direction: Query[Literal["asc", "desc"] | None] = None,
        since: Query[datetime | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.IssueComment]:
        """List issue comments for a repository.

        Not sent unless given; GitHub then uses ``sort="created"``, ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/issues/comments``
        (operation ``issues/list-comments-for-repo``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/issues/comments/{comment_id}")
    async def get(self, owner: str, repo: str, comment_id: int) -> models.IssueComment:
        """Get an issue comment.

        ``GET /repos/{owner}/{repo}/issues/comments/{comment_id}``
        (operation ``issues/get-comment``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/issues/{issue_number}/comments")
    async def create(
        self,
        owner: str,
        repo: str,
        issue_number: int,
        body: Body[models.IssuesCreateCommentRequest],
    ) -> models.IssueComment:
        """Create an issue comment.

        ``POST /repos/{owner}/{repo}/issues/{issue_number}/comments``
        (operation ``issues/create-comment``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/issues/comments/{comment_id}")
    async def update(
        self, owner: str, repo: str, comment_id: int, body: Body[models.IssuesUpdateCommentRequest]
    ) -> models.IssueComment:
        """Update an issue comment.

        ``PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}``
        (operation ``issues/update-comment``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/issues/comments/{comment_id}")
    async def delete(self, owner: str, repo: str, comment_id: int) -> None:
        """Delete an issue comment.

        ``DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}``
        (operation ``issues/delete-comment``)
        """
        raise NotImplementedError
