"""GitHub users."""

from __future__ import annotations

import typelink as tl
from typelink.github._base import GitHubConsumer
from typelink.github.models import PrivateUser, PublicUser


class Users(GitHubConsumer):
    """GitHub users."""

    @tl.get("user")
    def get_authenticated(self) -> PrivateUser | PublicUser:
        """Get the authenticated user.

        ``GET /user``
        (operation ``users/get-authenticated``)
        """
        raise NotImplementedError

    @tl.get("users/{username}")
    def get(self, username: str) -> PrivateUser | PublicUser:
        """Get a user.

        ``GET /users/{username}``
        (operation ``users/get-by-username``)
        """
        raise NotImplementedError
