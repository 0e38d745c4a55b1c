# Generated from typelink/github/search.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Search: issues and pull requests, repositories, code, users, commits."""

from __future__ import annotations

from typing import Literal

import typelink as tl
from typelink import Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncSearch(AsyncGitHubConsumer):
    """Search; every result carries ``total_count`` and ``incomplete_results``."""

    @tl.get("search/issues")
    async def issues_and_pull_requests(
        self,
        q: Query[str],
        sort: Query[
            Literal[
                "comments",
                "reactions",
                "reactions-+1",
                "reactions--1",
                "reactions-smile",
                "reactions-thinking_face",
                "reactions-heart",
                "reactions-tada",
                "interactions",
                "created",
                "updated",
            ]
            | None
        ] = None,
        order: Query[Literal["desc", "asc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
        advanced_search: Query[str | None] = None,
        search_type: Query[Literal["semantic", "hybrid"] | None] = None,
    ) -> models.SearchIssuesAndPullRequestsResponse:
        """Search issues and pull requests.

        Not sent unless given; GitHub then uses ``order="desc"``, ``per_page=30``, ``page=1``.

        ``GET /search/issues``
        (operation ``search/issues-and-pull-requests``)
        """
        raise NotImplementedError

    @tl.get("search/repositories")
    async def repos(
        self,
        q: Query[str],
        sort: Query[Literal["stars", "forks", "help-wanted-issues", "updated"] | None] = None,
        order: Query[Literal["desc", "asc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.SearchReposResponse:
        """Search repositories.

        Not sent unless given; GitHub then uses ``order="desc"``, ``per_page=30``, ``page=1``.

        ``GET /search/repositories``
        (operation ``search/repos``)
        """
        raise NotImplementedError

    @tl.get("search/code")
    async def code(
        self,
        q: Query[str],
        sort: Query[Literal["indexed"] | None] = None,
        order: Query[Literal["desc", "asc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.SearchCodeResponse:
        """Search code.

        Not sent unless given; GitHub then uses ``order="desc"``, ``per_page=30``, ``page=1``.

        ``GET /search/code``
        (operation ``search/code``)
        """
        raise NotImplementedError

    @tl.get("search/users")
    async def users(
        self,
        q: Query[str],
        sort: Query[Literal["followers", "repositories", "joined"] | None] = None,
        order: Query[Literal["desc", "asc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.SearchUsersResponse:
        """Search users.

        Not sent unless given; GitHub then uses ``order="desc"``, ``per_page=30``, ``page=1``.

        ``GET /search/users``
        (operation ``search/users``)
        """
        raise NotImplementedError

    @tl.get("search/commits")
    async def commits(
        self,
        q: Query[str],
        sort: Query[Literal["author-date", "committer-date"] | None] = None,
        order: Query[Literal["desc", "asc"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> models.SearchCommitsResponse:
        """Search commits.

        Not sent unless given; GitHub then uses ``order="desc"``, ``per_page=30``, ``page=1``.

        ``GET /search/commits``
        (operation ``search/commits``)
        """
        raise NotImplementedError
