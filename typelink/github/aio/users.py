# Generated from typelink/github/users.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""GitHub users."""

from __future__ import annotations

import typelink as tl
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncUsers(AsyncGitHubConsumer):
    """GitHub users."""

    @tl.get("user")
    async def get_authenticated(self) -> models.PrivateUser | models.PublicUser:
        """Get the authenticated user.

        ``GET /user``
        (operation ``users/get-authenticated``)
        """
        raise NotImplementedError

    @tl.get("users/{username}")
    async def get(self, username: str) -> models.PrivateUser | models.PublicUser:
        """Get a user.

        ``GET /users/{username}``
        (operation ``users/get-by-username``)
        """
        raise NotImplementedError
