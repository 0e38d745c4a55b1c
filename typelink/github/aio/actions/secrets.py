# Generated from typelink/github/actions/secrets.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Actions secrets of a repository, an organization and an environment.

A secret's value is never readable; writes send it encrypted with the public key of the
repository, organization or environment (``get_public_key``) as a libsodium sealed box,
base64-encoded, with that key's ``key_id``. typelink does not encrypt: use PyNaCl's
``SealedBox`` (or any libsodium binding) before building the request model.
"""

from __future__ import annotations

import typelink as tl
from typelink import Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncRepoSecrets(AsyncGitHubConsumer):
    """A repository's Actions secrets."""

    @tl.get("repos/{owner}/{repo}/actions/secrets/public-key")
    async def get_public_key(self, owner: str, repo: str) -> models.ActionsPublicKey:
        """Get a repository public key.

        Gets your public key, which you need to encrypt secrets. You need to encrypt a secret
        before you can create or update secrets.

        ``GET /repos/{owner}/{repo}/actions/secrets/public-key``
        (operation ``actions/get-repo-public-key``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/secrets")
    async def list(
        self,
        owner: str,
        repo: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.ActionsListRepoSecretsResponse:
        """List repository secrets.

        Lists all secrets available in a repository without revealing their encrypted values.

        GitHub wraps the list: ``secrets`` and ``total_count`` (all of them); one page per call,
        ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/actions/secrets``
        (operation ``actions/list-repo-secrets``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/actions/secrets/{secret_name}")
    async def get(self, owner: str, repo: str, secret_name: str) -> models.ActionsSecret:
        """Get a repository secret.

        Gets a single repository secret without revealing its encrypted value.

        ``GET /repos/{owner}/{repo}/actions/secrets/{secret_name}``
        (operation ``actions/get-repo-secret``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/actions/secrets/{secret_name}")
    async def create_or_update(
        self,
        owner: str,
        repo: str,
        secret_name: str,
        body: Body[models.ActionsCreateOrUpdateRepoSecretRequest],
    ) -> models.EmptyObject | None:
        """Create or update a repository secret.

        Creates or updates a repository secret with an encrypted value. Encrypt your secret
        using LibSodium. For more information, see "Encrypting secrets for the REST API."

        ``PUT /repos/{owner}/{repo}/actions/secrets/{secret_name}``
        (operation ``actions/create-or-update-repo-secret``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/actions/secrets/{secret_name}")
    async def delete(self, owner: str, repo: str, secret_name: str) -> None:
        """Delete a repository secret.

        Deletes a secret in a repository using the secret name.

        ``DELETE /repos/{owner}/{repo}/actions/secrets/{secret_name}``
        (operation ``actions/delete-repo-secret``)
        """
        raise NotImplementedError


class AsyncOrgSecrets(AsyncGitHubConsumer):
    """An organization's Actions secrets."""

    @tl.get("orgs/{org}/actions/secrets/public-key")
    async def get_public_key(self, org: str) -> models.ActionsPublicKey:
        """Get an organization public key.

        Gets your public key, which you need to encrypt secrets. You need to encrypt a secret
        before you can create or update secrets.

        ``GET /orgs/{org}/actions/secrets/public-key``
        (operation ``actions/get-org-public-key``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/actions/secrets")
    async def list(
        self,
        org: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.ActionsListOrgSecretsResponse:
        """List organization secrets.

        Lists all secrets available in an organization without revealing their encrypted values.

        GitHub wraps the list: ``secrets`` and ``total_count`` (all of them); one page per call,
        ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /orgs/{org}/actions/secrets``
        (operation ``actions/list-org-secrets``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/actions/secrets/{secret_name}")
    async def get(self, org: str, secret_name: str) -> models.OrganizationActionsSecret:
        """Get an organization secret.

        Gets a single organization secret without revealing its encrypted value.

        ``GET /orgs/{org}/actions/secrets/{secret_name}``
        (operation ``actions/get-org-secret``)
        """
        raise NotImplementedError

    @tl.put("orgs/{org}/actions/secrets/{secret_name}")
    async def create_or_update(
        self,
        org: str,
        secret_name: str,
        body: Body[models.ActionsCreateOrUpdateOrgSecretRequest],
    ) -> models.EmptyObject | None:
        """Create or update an organization secret.

        Creates or updates an organization secret with an encrypted value. Encrypt your secret
        using LibSodium. You must authenticate using an access token with the ``admin:org``
        scope to use this endpoint. GitHub Apps must have the ``secrets`` organization
        permission to use this endpoint.

        ``PUT /orgs/{org}/actions/secrets/{secret_name}``
        (operation ``actions/create-or-update-org-secret``)
        """
        raise NotImplementedError

    @tl.delete("orgs/{org}/actions/secrets/{secret_name}")
    async def delete(self, org: str, secret_name: str) -> None:
        """Delete an organization secret.

        Deletes a secret in an organization using the secret name.

        ``DELETE /orgs/{org}/actions/secrets/{secret_name}``
        (operation ``actions/delete-org-secret``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/actions/secrets/{secret_name}/repositories")
    async def list_selected_repos(
        self,
        org: str,
        secret_name: str,
        page: Query[int | None] = None,
        per_page: Query[int | None] = None,
    ) -> models.ActionsListSelectedReposForOrgSecretResponse:
        """List selected repositories for an organization secret.

        Lists all repositories that have been selected when the ``visibility`` for repository
        access to a secret is set to ``selected``.

        GitHub wraps the list: the items and ``total_count`` (all of them); one page per call,
        ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``page=1``, ``per_page=30``.

        ``GET /orgs/{org}/actions/secrets/{secret_name}/repositories``
        (operation ``actions/list-selected-repos-for-org-secret``)
        """
        raise NotImplementedError


class AsyncEnvironmentSecrets(AsyncGitHubConsumer):
    """A deployment environment's Actions secrets."""

    @tl.get("repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key")
    async def get_public_key(
        self, owner: str, repo: str, environment_name: str
    ) -> models.ActionsPublicKey:
        """Get an environment public key.

        Get the public key for an environment, which you need to encrypt environment secrets.
        You need to encrypt a secret before you can create or update secrets.

        ``GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/public-key``
        (operation ``actions/get-environment-public-key``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/environments/{environment_name}/secrets")
    async def list(
        self,
        owner: str,
        repo: str,
        environment_name: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.ActionsListEnvironmentSecretsResponse:
        """List environment secrets.

        Lists all secrets available in an environment without revealing their encrypted values.

        GitHub wraps the list: ``secrets`` and ``total_count`` (all of them); one page per call,
        ask for the next with ``page=``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/environments/{environment_name}/secrets``
        (operation ``actions/list-environment-secrets``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}")
    async def get(
        self, owner: str, repo: str, environment_name: str, secret_name: str
    ) -> models.ActionsSecret:
        """Get an environment secret.

        Gets a single environment secret without revealing its encrypted value.

        ``GET /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}``
        (operation ``actions/get-environment-secret``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}")
    async def create_or_update(
        self,
        owner: str,
        repo: str,
        environment_name: str,
        secret_name: str,
        body: Body[models.ActionsCreateOrUpdateEnvironmentSecretRequest],
    ) -> models.EmptyObject | None:
        """Create or update an environment secret.

        Creates or updates an environment secret with an encrypted value. Encrypt your secret
        using LibSodium. For more information, see "Encrypting secrets for the REST API."

        ``PUT /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}``
        (operation ``actions/create-or-update-environment-secret``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}")
    async def delete(self, owner: str, repo: str, environment_name: str, secret_name: str) -> None:
        """Delete an environment secret.

        Deletes a secret in an environment using the secret name.

        ``DELETE /repos/{owner}/{repo}/environments/{environment_name}/secrets/{secret_name}``
        (operation ``actions/delete-environment-secret``)
        """
        raise NotImplementedError
