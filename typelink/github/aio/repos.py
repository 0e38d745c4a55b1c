# Generated from typelink/github/repos.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Repositories: get, list, create, update (and rename), delete, topics, languages."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncRepos(AsyncGitHubConsumer):
    """Repositories. Rename a repository with ``update(..., ReposUpdateRequest(name=...))``."""

    @tl.get("repos/{owner}/{repo}")
    async def get(self, owner: str, repo: str) -> models.FullRepository:
        """Get a repository.

        ``GET /repos/{owner}/{repo}``
        (operation ``repos/get``)
        """
        raise NotImplementedError

    @tl.get("users/{username}/repos")
    async def list_for_user(
        self,
        username: str,
        type: Query[Literal["all", "owner", "member"] | None] = None,
        sort: Query[Literal["created", "updated", "pushed", "full_name"] | None] = None,
        direction: Query[Literal["asc", "desc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.MinimalRepository]:
        """List repositories for a user.

        Not sent unless given; GitHub then uses ``type="owner"``, ``sort="full_name"``,
        ``per_page=30``, ``page=1``.

        ``GET /users/{username}/repos``
        (operation ``repos/list-for-user``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/repos")
    async def list_for_org(
        self,
        org: str,
        type: Query[
            Literal["all", "public", "private", "forks", "sources", "member"] | None
        ] = None,
        sort: Query[Literal["created", "updated", "pushed", "full_name"] | None] = None,
        direction: Query[Literal["asc", "desc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.MinimalRepository]:
        """List organization repositories.

        Not sent unless given; GitHub then uses ``type="all"``, ``sort="created"``,
        ``per_page=30``, ``page=1``.

        ``GET /orgs/{org}/repos``
        (operation ``repos/list-for-org``)
        """
        raise NotImplementedError

    @tl.get("user/repos")
    async def list_for_authenticated_user(
        self,
        visibility: Query[Literal["all", "public", "private"] | None] = None,
        affiliation: Query[str | None] = None,
        type: Query[Literal["all", "owner", "public", "private", "member"] | None] = None,
        sort: Query[Literal["created", "updated", "pushed", "full_name"] | None] = None,
        direction: Query[Literal["asc", "desc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
        since: Query[datetime | None] = None,
        before: Query[datetime | None] = None,
    ) -> AsyncPage[models.Repository]:
        """List repositories for the authenticated user.

        ``type`` cannot be combined with ``visibility`` or ``affiliation`` (GitHub answers 422).

        Not sent unless given; GitHub then uses ``visibility="all"``,
        ``affiliation="owner,collaborator,organization_member"``, ``type="all"``,
        ``sort="full_name"``, ``per_page=30``, ``page=1``.

        ``GET /user/repos``
        (operation ``repos/list-for-authenticated-user``)
        """
        raise NotImplementedError

    @tl.post("user/repos")
    async def create(
        self, body: Body[models.ReposCreateForAuthenticatedUserRequest]
    ) -> models.FullRepository:
        """Create a repository for the authenticated user.

        ``POST /user/repos``
        (operation ``repos/create-for-authenticated-user``)
        """
        raise NotImplementedError

    @tl.post("orgs/{org}/repos")
    async def create_in_org(
        self, org: str, body: Body[models.ReposCreateInOrgRequest]
    ) -> models.FullRepository:
        """Create an organization repository.

        ``POST /orgs/{org}/repos``
        (operation ``repos/create-in-org``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}")
    async def update(
        self, owner: str, repo: str, body: Body[models.ReposUpdateRequest]
    ) -> models.FullRepository:
        """Update a repository.

        ``PATCH /repos/{owner}/{repo}``
        (operation ``repos/update``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}")
    async def delete(self, owner: str, repo: str) -> None:
        """Delete a repository.

        ``DELETE /repos/{owner}/{repo}``
        (operation ``repos/delete``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/topics")
    async def get_topics(
        self,
        owner: str,
        repo: str,
        page: Query[int | None] = None,
        per_page: Query[int | None] = None,
    ) -> models.Topic:
        """Get all repository topics.

        Not sent unless given; GitHub then uses ``page=1``, ``per_page=30``.

        ``GET /repos/{owner}/{repo}/topics``
        (operation ``repos/get-all-topics``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/topics")
    async def replace_topics(
        self, owner: str, repo: str, body: Body[models.ReposReplaceAllTopicsRequest]
    ) -> models.Topic:
        """Replace all repository topics.

        ``PUT /repos/{owner}/{repo}/topics``
        (operation ``repos/replace-all-topics``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/languages")
    async def list_languages(self, owner: str, repo: str) -> models.Language:
        """List repository languages.

        ``GET /repos/{owner}/{repo}/languages``
        (operation ``repos/list-languages``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/contributors")
    async def list_contributors(
        self,
        owner: str,
        repo: str,
        anon: Query[str | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Contributor]:
        """List repository contributors.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/contributors``
        (operation ``repos/list-contributors``)
        """
        raise NotImplementedError
