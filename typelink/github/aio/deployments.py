# Generated from typelink/github/deployments.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Deployments and deployment statuses."""

from __future__ import annotations

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncDeployments(AsyncGitHubConsumer):
    """Deployments of a repository and their statuses."""

    @tl.get("repos/{owner}/{repo}/deployments")
    async def list(
        self,
        owner: str,
        repo: str,
        sha: Query[str | None] = None,
        ref: Query[str | None] = None,
        task: Query[str | None] = None,
        environment: Query[str | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Deployment]:
        """List deployments.

        Simple filtering of deployments is available via query parameters:

        Not sent unless given; GitHub then uses ``sha="none"``, ``ref="none"``, ``task="none"``,
        ``environment="none"``, ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/deployments``
        (operation ``repos/list-deployments``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/deployments")
    async def create(
        self, owner: str, repo: str, body: Body[models.ReposCreateDeploymentRequest]
    ) -> models.Deployment | models.ReposCreateDeploymentResponse:
        """Create a deployment.

        201: the deployment. 202: with ``auto_merge`` (the default), GitHub first merged the
        default branch into ``ref`` and answers only a ``message``; create it again to deploy
        the merge. 409 (a typed ``ConflictError``): the merge conflicted.

        ``POST /repos/{owner}/{repo}/deployments``
        (operation ``repos/create-deployment``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/deployments/{deployment_id}")
    async def get(self, owner: str, repo: str, deployment_id: int) -> models.Deployment:
        """Get a deployment.

        ``GET /repos/{owner}/{repo}/deployments/{deployment_id}``
        (operation ``repos/get-deployment``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/deployments/{deployment_id}")
    async def delete(self, owner: str, repo: str, deployment_id: int) -> None:
        """Delete a deployment.

        If the repository only has one deployment, you can delete the deployment regardless of
        its status. If the repository has more than one deployment, you can only delete inactive
        deployments. This ensures that repositories with multiple deployments will always have
        an active deployment.

        ``DELETE /repos/{owner}/{repo}/deployments/{deployment_id}``
        (operation ``repos/delete-deployment``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/deployments/{deployment_id}/statuses")
    async def list_statuses(
        self,
        owner: str,
        repo: str,
        deployment_id: int,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.DeploymentStatus]:
        """List deployment statuses.

        Users with pull access can view deployment statuses for a deployment:

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses``
        (operation ``repos/list-deployment-statuses``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/deployments/{deployment_id}/statuses")
    async def create_status(
        self,
        owner: str,
        repo: str,
        deployment_id: int,
        body: Body[models.ReposCreateDeploymentStatusRequest],
    ) -> models.DeploymentStatus:
        """Create a deployment status.

        Users with ``push`` access can create deployment statuses for a given deployment.

        ``POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses``
        (operation ``repos/create-deployment-status``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}")
    async def get_status(
        self, owner: str, repo: str, deployment_id: int, status_id: int
    ) -> models.DeploymentStatus:
        """Get a deployment status.

        Users with pull access can view a deployment status for a deployment:

        ``GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses/{status_id}``
        (operation ``repos/get-deployment-status``)
        """
        raise NotImplementedError
