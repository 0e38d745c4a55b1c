# Generated from typelink/github/orgs.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Organizations: the organization itself, its repositories and its members."""

from __future__ import annotations

from typing import Literal

import typelink as tl
from typelink import AsyncPage, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncOrgs(AsyncGitHubConsumer):
    """Organizations."""

    @tl.get("orgs/{org}")
    async def get(self, org: str) -> models.OrganizationFull:
        """Get an organization.

        ``GET /orgs/{org}``
        (operation ``orgs/get``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/repos")
    async def list_repos(
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

    @tl.get("orgs/{org}/members")
    async def list_members(
        self,
        org: str,
        filter: Query[Literal["2fa_disabled", "2fa_insecure", "all"] | None] = None,
        role: Query[Literal["all", "admin", "member"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.SimpleUser]:
        """List organization members.

        Not sent unless given; GitHub then uses ``filter="all"``, ``role="all"``, ``per_page=30``,
        ``page=1``.

        ``GET /orgs/{org}/members``
        (operation ``orgs/list-members``)
        """
        raise NotImplementedError
