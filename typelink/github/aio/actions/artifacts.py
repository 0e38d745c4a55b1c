# Generated from typelink/github/actions/artifacts.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Workflow artifacts: list, get, delete, download."""

from __future__ import annotations

from typing import Literal

import typelink as tl
from typelink import Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncArtifacts(AsyncGitHubConsumer):
    """Artifacts that workflow runs uploaded."""

    @tl.get("repos/{owner}/{repo}/actions/artifacts")
    async def list(
        self,
        owner: str,
        repo: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
        name: Query[str | None] = None,
    ) -> models.ActionsListArtifactsForRepoResponse:
        """List artifacts for a repository.

        Lists all artifacts for a repository.

        GitHub wraps the list: ``artifacts`` and ``total_count`` (all of them); one page per
        call, ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/actions/artifacts``
        (operation ``actions/list-artifacts-for-repo``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/runs/{run_id}/artifacts")
    async def list_for_run(
        self,
        owner: str,
        repo: str,
        run_id: int,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
        name: Query[str | None] = None,
        direction: Query[Literal["asc", "desc"] | None] = None,
    ) -> models.ActionsListWorkflowRunArtifactsResponse:
        """List workflow run artifacts.

        Lists artifacts for a workflow run.

        GitHub wraps the list: ``artifacts`` and ``total_count`` (all of them); one page per
        call, ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``,
        ``direction="desc"``.

        ``GET /repos/{owner}/{repo}/actions/runs/{run_id}/artifacts``
        (operation ``actions/list-workflow-run-artifacts``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/artifacts/{artifact_id}")
    async def get(self, owner: str, repo: str, artifact_id: int) -> models.Artifact:
        """Get an artifact.

        Gets a specific artifact for a workflow run.

        ``GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}``
        (operation ``actions/get-artifact``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/actions/artifacts/{artifact_id}")
    async def delete(self, owner: str, repo: str, artifact_id: int) -> None:
        """Delete an artifact.

        Deletes an artifact for a workflow run. OAuth tokens and personal access tokens
        (classic) need the ``repo`` scope to use this endpoint.

        ``DELETE /repos/{owner}/{repo}/actions/artifacts/{artifact_id}``
        (operation ``actions/delete-artifact``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}")
    async def download(self, owner: str, repo: str, artifact_id: int, archive_format: str) -> bytes:
        """Download an artifact.

        Gets a redirect URL to download an archive for a repository. This URL expires after 1
        minute. ``archive_format`` must be ``"zip"``.

        GitHub redirects to a short-lived download URL on its storage host; the redirect is
        followed (without the token) and the zip's bytes are returned.

        ``GET /repos/{owner}/{repo}/actions/artifacts/{artifact_id}/{archive_format}``
        (operation ``actions/download-artifact``)
        """
        raise NotImplementedError
