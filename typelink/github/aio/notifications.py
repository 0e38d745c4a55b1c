# Generated from typelink/github/notifications.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Notifications of the authenticated user."""

from __future__ import annotations

from datetime import datetime

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncNotifications(AsyncGitHubConsumer):
    """Notifications of the authenticated user."""

    @tl.get("notifications")
    async def list(
        self,
        all: Query[bool | None] = None,
        participating: Query[bool | None] = None,
        since: Query[datetime | None] = None,
        before: Query[datetime | None] = None,
        page: Query[int | None] = None,
        per_page: Query[int | None] = None,
    ) -> AsyncPage[models.Thread]:
        """List notifications for the authenticated user.

        Not sent unless given; GitHub then uses ``all=False``, ``participating=False``,
        ``page=1``, ``per_page=50``.

        ``GET /notifications``
        (operation ``activity/list-notifications-for-authenticated-user``)
        """
        raise NotImplementedError

    @tl.put("notifications")
    async def mark_as_read(
        self, body: Body[models.ActivityMarkNotificationsAsReadRequest | None] = None
    ) -> models.ActivityMarkNotificationsAsReadResponse | None:
        """Mark notifications as read.

        ``PUT /notifications``
        (operation ``activity/mark-notifications-as-read``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/notifications")
    async def list_for_repo(
        self,
        owner: str,
        repo: str,
        all: Query[bool | None] = None,
        participating: Query[bool | None] = None,
        since: Query[datetime | None] = None,
        before: Query[datetime | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Thread]:
        """List repository notifications for the authenticated user.

        Not sent unless given; GitHub then uses ``all=False``, ``participating=False``,
        ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/notifications``
        (operation ``activity/list-repo-notifications-for-authenticated-user``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/notifications")
    async def mark_repo_as_read(
        self,
        owner: str,
        repo: str,
        body: Body[models.ActivityMarkRepoNotificationsAsReadRequest | None] = None,
    ) -> models.ActivityMarkRepoNotificationsAsReadResponse | None:
        """Mark repository notifications as read.

        ``PUT /repos/{owner}/{repo}/notifications``
        (operation ``activity/mark-repo-notifications-as-read``)
        """
        raise NotImplementedError

    @tl.get("notifications/threads/{thread_id}")
    async def get_thread(self, thread_id: int) -> models.Thread:
        """Get a thread.

        ``GET /notifications/threads/{thread_id}``
        (operation ``activity/get-thread``)
        """
        raise NotImplementedError

    @tl.patch("notifications/threads/{thread_id}")
    async def mark_thread_as_read(self, thread_id: int) -> None:
        """Mark a thread as read.

        ``PATCH /notifications/threads/{thread_id}``
        (operation ``activity/mark-thread-as-read``)
        """
        raise NotImplementedError
