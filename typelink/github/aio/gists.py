# Generated from typelink/github/gists.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Gists."""

from __future__ import annotations

from datetime import datetime

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncGists(AsyncGitHubConsumer):
    """Gists."""

    @tl.get("gists")
    async def list(
        self,
        since: Query[datetime | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.BaseGist]:
        """List gists for the authenticated user.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /gists``
        (operation ``gists/list``)
        """
        raise NotImplementedError

    @tl.get("gists/public")
    async def list_public(
        self,
        since: Query[datetime | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.BaseGist]:
        """List public gists.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /gists/public``
        (operation ``gists/list-public``)
        """
        raise NotImplementedError

    @tl.get("users/{username}/gists")
    async def list_for_user(
        self,
        username: str,
        since: Query[datetime | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.BaseGist]:
        """List gists for a user.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /users/{username}/gists``
        (operation ``gists/list-for-user``)
        """
        raise NotImplementedError

    @tl.get("gists/{gist_id}")
    async def get(self, gist_id: str) -> models.GistSimple:
        """Get a gist.

        ``GET /gists/{gist_id}``
        (operation ``gists/get``)
        """
        raise NotImplementedError

    @tl.post("gists")
    async def create(self, body: Body[models.GistsCreateRequest]) -> models.GistSimple:
        """Create a gist.

        ``POST /gists``
        (operation ``gists/create``)
        """
        raise NotImplementedError

    @tl.patch("gists/{gist_id}")
    async def update(
        self, gist_id: str, body: Body[models.GistsUpdateRequest]
    ) -> models.GistSimple:
        """Update a gist.

        ``PATCH /gists/{gist_id}``
        (operation ``gists/update``)
        """
        raise NotImplementedError

    @tl.delete("gists/{gist_id}")
    async def delete(self, gist_id: str) -> None:
        """Delete a gist.

        ``DELETE /gists/{gist_id}``
        (operation ``gists/delete``)
        """
        raise NotImplementedError
