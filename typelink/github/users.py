"""GitHub users."""

from __future__ import annotations

import typelink as tl
from typelink.github import models
from typelink.github._base import GitHubConsumer


class Users(GitHubConsumer):
    """GitHub users."""

    @tl.get("user")
    def get_authenticated(self) -> models.PrivateUser | models.PublicUser:
        """Get the authenticated user.

        ``GET /user``
        (operation ``users/get-authenticated``)
        """
        raise NotImplementedError

    @tl.get("users/{username}")
    def get(self, username: str) -> models.PrivateUser | models.PublicUser:
        """Get a user.

        ``GET /users/{username}``
        (operation ``users/get-by-username``)
        """
        raise NotImplementedError
