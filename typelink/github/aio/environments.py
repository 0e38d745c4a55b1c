# Generated from typelink/github/environments.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Deployment environments (their secrets are ``actions.environment_secrets``)."""

from __future__ import annotations

import typelink as tl
from typelink import Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncEnvironments(AsyncGitHubConsumer):
    """A repository's deployment environments."""

    @tl.get("repos/{owner}/{repo}/environments")
    async def list(
        self,
        owner: str,
        repo: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.ReposGetAllEnvironmentsResponse:
        """List environments.

        Lists the environments for a repository.

        GitHub wraps the list: the items and ``total_count`` (all of them); one page per call,
        ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/environments``
        (operation ``repos/get-all-environments``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/environments/{environment_name}")
    async def get(self, owner: str, repo: str, environment_name: str) -> models.Environment:
        """Get an environment.

        To get information about name patterns that branches must match in order to deploy to
        this environment, see "Get a deployment branch policy."

        ``GET /repos/{owner}/{repo}/environments/{environment_name}``
        (operation ``repos/get-environment``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/environments/{environment_name}")
    async def create_or_update(
        self,
        owner: str,
        repo: str,
        environment_name: str,
        body: Body[models.ReposCreateOrUpdateEnvironmentRequest | None | None] = None,
    ) -> models.Environment:
        """Create or update an environment.

        Create or update an environment with protection rules, such as required reviewers. For
        more information about environment protection rules, see "Environments."

        ``PUT /repos/{owner}/{repo}/environments/{environment_name}``
        (operation ``repos/create-or-update-environment``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/environments/{environment_name}")
    async def delete(self, owner: str, repo: str, environment_name: str) -> None:
        """Delete an environment.

        ``DELETE /repos/{owner}/{repo}/environments/{environment_name}``
        (operation ``repos/delete-an-environment``)
        """
        raise NotImplementedError
