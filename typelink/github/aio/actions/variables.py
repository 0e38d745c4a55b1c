# Generated from typelink/github/actions/variables.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Actions variables of a repository and of a deployment environment."""

from __future__ import annotations

import typelink as tl
from typelink import Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncRepoVariables(AsyncGitHubConsumer):
    """A repository's Actions variables (plain-text configuration, unlike secrets)."""

    @tl.get("repos/{owner}/{repo}/actions/variables")
    async def list(
        self,
        owner: str,
        repo: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.ActionsListRepoVariablesResponse:
        """List repository variables.

        Lists all repository variables.

        GitHub wraps the list: ``variables`` and ``total_count`` (all of them); one page per
        call, ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=10``, ``page=1``.

        ``GET /repos/{owner}/{repo}/actions/variables``
        (operation ``actions/list-repo-variables``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/actions/variables")
    async def create(
        self, owner: str, repo: str, body: Body[models.ActionsCreateRepoVariableRequest]
    ) -> models.EmptyObject:
        """Create a repository variable.

        Creates a repository variable that you can reference in a GitHub Actions workflow.

        ``POST /repos/{owner}/{repo}/actions/variables``
        (operation ``actions/create-repo-variable``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/variables/{name}")
    async def get(self, owner: str, repo: str, name: str) -> models.ActionsVariable:
        """Get a repository variable.

        Gets a specific variable in a repository.

        ``GET /repos/{owner}/{repo}/actions/variables/{name}``
        (operation ``actions/get-repo-variable``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/actions/variables/{name}")
    async def update(
        self,
        owner: str,
        repo: str,
        name: str,
        body: Body[models.ActionsUpdateRepoVariableRequest],
    ) -> None:
        """Update a repository variable.

        Updates a repository variable that you can reference in a GitHub Actions workflow.

        ``PATCH /repos/{owner}/{repo}/actions/variables/{name}``
        (operation ``actions/update-repo-variable``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/actions/variables/{name}")
    async def delete(self, owner: str, repo: str, name: str) -> None:
        """Delete a repository variable.

        Deletes a repository variable using the variable name.

        ``DELETE /repos/{owner}/{repo}/actions/variables/{name}``
        (operation ``actions/delete-repo-variable``)
        """
        raise NotImplementedError


class AsyncEnvironmentVariables(AsyncGitHubConsumer):
    """A deployment environment's Actions variables."""

    @tl.get("repos/{owner}/{repo}/environments/{environment_name}/variables")
    async def list(
        self,
        owner: str,
        repo: str,
        environment_name: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.ActionsListEnvironmentVariablesResponse:
        """List environment variables.

        Lists all environment variables.

        GitHub wraps the list: ``variables`` and ``total_count`` (all of them); one page per
        call, ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=10``, ``page=1``.

        ``GET /repos/{owner}/{repo}/environments/{environment_name}/variables``
        (operation ``actions/list-environment-variables``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/environments/{environment_name}/variables")
    async def create(
        self,
        owner: str,
        repo: str,
        environment_name: str,
        body: Body[models.ActionsCreateEnvironmentVariableRequest],
    ) -> models.EmptyObject:
        """Create an environment variable.

        Create an environment variable that you can reference in a GitHub Actions workflow.

        ``POST /repos/{owner}/{repo}/environments/{environment_name}/variables``
        (operation ``actions/create-environment-variable``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/environments/{environment_name}/variables/{name}")
    async def get(
        self, owner: str, repo: str, environment_name: str, name: str
    ) -> models.ActionsVariable:
        """Get an environment variable.

        Gets a specific variable in an environment.

        ``GET /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}``
        (operation ``actions/get-environment-variable``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/environments/{environment_name}/variables/{name}")
    async def update(
        self,
        owner: str,
        repo: str,
        environment_name: str,
        name: str,
        body: Body[models.ActionsUpdateEnvironmentVariableRequest],
    ) -> None:
        """Update an environment variable.

        Updates an environment variable that you can reference in a GitHub Actions workflow.

        ``PATCH /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}``
        (operation ``actions/update-environment-variable``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/environments/{environment_name}/variables/{name}")
    async def delete(self, owner: str, repo: str, environment_name: str, name: str) -> None:
        """Delete an environment variable.

        Deletes an environment variable using the variable name.

        ``DELETE /repos/{owner}/{repo}/environments/{environment_name}/variables/{name}``
        (operation ``actions/delete-environment-variable``)
        """
        raise NotImplementedError
