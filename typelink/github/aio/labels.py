# Generated from typelink/github/labels.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Labels, for a repository and on an issue."""

from __future__ import annotations

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncLabels(AsyncGitHubConsumer):
    """Labels of a repository and of its issues."""

    @tl.get("repos/{owner}/{repo}/labels")
    async def list_for_repo(
        self,
        owner: str,
        repo: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Label]:
        """List labels for a repository.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/labels``
        (operation ``issues/list-labels-for-repo``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/labels/{name}")
    async def get(self, owner: str, repo: str, name: str) -> models.Label:
        """Get a label.

        ``GET /repos/{owner}/{repo}/labels/{name}``
        (operation ``issues/get-label``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/labels")
    async def create(
        self, owner: str, repo: str, body: Body[models.IssuesCreateLabelRequest]
    ) -> models.Label:
        """Create a label.

        ``POST /repos/{owner}/{repo}/labels``
        (operation ``issues/create-label``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/labels/{name}")
    async def update(
        self, owner: str, repo: str, name: str, body: Body[models.IssuesUpdateLabelRequest]
    ) -> models.Label:
        """Update a label.

        ``PATCH /repos/{owner}/{repo}/labels/{name}``
        (operation ``issues/update-label``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/labels/{name}")
    async def delete(self, owner: str, repo: str, name: str) -> None:
        """Delete a label.

        ``DELETE /repos/{owner}/{repo}/labels/{name}``
        (operation ``issues/delete-label``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/issues/{issue_number}/labels")
    async def list_on_issue(
        self,
        owner: str,
        repo: str,
        issue_number: int,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Label]:
        """List labels for an issue.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/issues/{issue_number}/labels``
        (operation ``issues/list-labels-on-issue``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/issues/{issue_number}/labels")
    async def add_to_issue(
        self, owner: str, repo: str, issue_number: int, body: Body[models.IssuesAddLabelsRequest]
    ) -> list[models.Label]:
        """Add labels to an issue.

        ``POST /repos/{owner}/{repo}/issues/{issue_number}/labels``
        (operation ``issues/add-labels``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/issues/{issue_number}/labels")
    async def set_on_issue(
        self,
        owner: str,
        repo: str,
        issue_number: int,
        body: Body[models.IssuesSetLabelsRequest1 | models.IssuesSetLabelsRequest2],
    ) -> list[models.Label]:
        """Set labels for an issue.

        ``PUT /repos/{owner}/{repo}/issues/{issue_number}/labels``
        (operation ``issues/set-labels``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/issues/{issue_number}/labels/{name}")
    async def remove_from_issue(
        self, owner: str, repo: str, issue_number: int, name: str
    ) -> list[models.Label]:
        """Remove a label from an issue.

        ``DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels/{name}``
        (operation ``issues/remove-label``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/issues/{issue_number}/labels")
    async def remove_all_from_issue(self, owner: str, repo: str, issue_number: int) -> None:
        """Remove all labels from an issue.

        ``DELETE /repos/{owner}/{repo}/issues/{issue_number}/labels``
        (operation ``issues/remove-all-labels``)
        """
        raise NotImplementedError
