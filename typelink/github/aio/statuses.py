# Generated from typelink/github/statuses.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Commit statuses.

``ref`` (a SHA, a branch such as ``feature/x``, or ``heads/...``/``tags/...``) keeps its
slashes on the wire (``commits/feature/x/status``), as for every ref GitHub routes.
"""

from __future__ import annotations

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncStatuses(AsyncGitHubConsumer):
    """Commit statuses."""

    @tl.post("repos/{owner}/{repo}/statuses/{sha}")
    async def create(
        self, owner: str, repo: str, sha: str, body: Body[models.ReposCreateCommitStatusRequest]
    ) -> models.Status:
        """Create a commit status.

        ``POST /repos/{owner}/{repo}/statuses/{sha}``
        (operation ``repos/create-commit-status``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/commits/{+ref}/statuses")
    async def list_for_ref(
        self,
        owner: str,
        repo: str,
        ref: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Status]:
        """List commit statuses for a reference.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/commits/{ref}/statuses``
        (operation ``repos/list-commit-statuses-for-ref``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/commits/{+ref}/status")
    async def get_combined(
        self,
        owner: str,
        repo: str,
        ref: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.CombinedCommitStatus:
        """Get the combined status for a specific reference.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/commits/{ref}/status``
        (operation ``repos/get-combined-status-for-ref``)
        """
        raise NotImplementedError
