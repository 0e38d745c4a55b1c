# Generated from typelink/github/stars.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Stars: starring repositories and listing stargazers.

The ``..._with_timestamps`` lists ask for GitHub's star media type
(``application/vnd.github.star+json``): each item says when the star was given
(``starred_at``) and holds the repository (``repo``) or the user (``user``).
"""

from __future__ import annotations

from typing import Literal

import typelink as tl
from typelink import AsyncPage, Query
from typelink.github import models
from typelink.github._base import MEDIA_STAR, AsyncGitHubConsumer


class AsyncStars(AsyncGitHubConsumer):
    """Starring repositories."""

    @tl.get("user/starred")
    async def list_for_authenticated_user(
        self,
        sort: Query[Literal["created", "updated"] | None] = None,
        direction: Query[Literal["asc", "desc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Repository]:
        """List repositories starred by the authenticated user.

        Not sent unless given; GitHub then uses ``sort="created"``, ``direction="desc"``,
        ``per_page=30``, ``page=1``.

        ``GET /user/starred``
        (operation ``activity/list-repos-starred-by-authenticated-user``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_STAR})
    @tl.get("user/starred")
    async def list_for_authenticated_user_with_timestamps(
        self,
        sort: Query[Literal["created", "updated"] | None] = None,
        direction: Query[Literal["asc", "desc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.StarredRepository]:
        """Repositories starred by the authenticated user, each with when it was starred.

        Not sent unless given; GitHub then uses ``sort="created"``, ``direction="desc"``,
        ``per_page=30``, ``page=1``.

        ``GET /user/starred`` with ``Accept: application/vnd.github.star+json``
        (operation ``activity/list-repos-starred-by-authenticated-user``)
        """
        raise NotImplementedError

    @tl.get("users/{username}/starred")
    async def list_for_user(
        self,
        username: str,
        sort: Query[Literal["created", "updated"] | None] = None,
        direction: Query[Literal["asc", "desc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Repository]:
        """List repositories starred by a user.

        Not sent unless given; GitHub then uses ``sort="created"``, ``direction="desc"``,
        ``per_page=30``, ``page=1``.

        ``GET /users/{username}/starred``
        (operation ``activity/list-repos-starred-by-user``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_STAR})
    @tl.get("users/{username}/starred")
    async def list_for_user_with_timestamps(
        self,
        username: str,
        sort: Query[Literal["created", "updated"] | None] = None,
        direction: Query[Literal["asc", "desc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.StarredRepository]:
        """Repositories starred by a user, each with when it was starred.

        Not sent unless given; GitHub then uses ``sort="created"``, ``direction="desc"``,
        ``per_page=30``, ``page=1``.

        ``GET /users/{username}/starred`` with ``Accept: application/vnd.github.star+json``
        (operation ``activity/list-repos-starred-by-user``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/stargazers")
    async def list_stargazers(
        self,
        owner: str,
        repo: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.SimpleUser]:
        """List stargazers.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/stargazers``
        (operation ``activity/list-stargazers-for-repo``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_STAR})
    @tl.get("repos/{owner}/{repo}/stargazers")
    async def list_stargazers_with_timestamps(
        self,
        owner: str,
        repo: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Stargazer]:
        """The people who starred a repository, each with when they starred it.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/stargazers`` with
        ``Accept: application/vnd.github.star+json``
        (operation ``activity/list-stargazers-for-repo``)
        """
        raise NotImplementedError

    @tl.get("user/starred/{owner}/{repo}")
    async def check(self, owner: str, repo: str) -> None:
        """Check if a repository is starred by the authenticated user: returns if it is,
        raises :class:`~typelink.NotFoundError` (404) if it is not.

        ``GET /user/starred/{owner}/{repo}``
        (operation ``activity/check-repo-is-starred-by-authenticated-user``)
        """
        raise NotImplementedError

    @tl.put("user/starred/{owner}/{repo}")
    async def star(self, owner: str, repo: str) -> None:
        """Star a repository for the authenticated user.

        ``PUT /user/starred/{owner}/{repo}``
        (operation ``activity/star-repo-for-authenticated-user``)
        """
        raise NotImplementedError

    @tl.delete("user/starred/{owner}/{repo}")
    async def unstar(self, owner: str, repo: str) -> None:
        """Unstar a repository for the authenticated user.

        ``DELETE /user/starred/{owner}/{repo}``
        (operation ``activity/unstar-repo-for-authenticated-user``)
        """
        raise NotImplementedError
