"""The API root and the rate-limit status."""

from __future__ import annotations

import typelink as tl
from typelink.github import models
from typelink.github._base import GitHubConsumer


class Meta(GitHubConsumer):
    """The API root: links to the main resources."""

    @tl.get("")
    def root(self) -> models.Root:
        """GitHub API Root.

        ``GET /``
        (operation ``meta/root``)
        """
        raise NotImplementedError


class RateLimits(GitHubConsumer):
    """Your current rate-limit status (this call does not count against it)."""

    @tl.get("rate_limit")
    def get(self) -> models.RateLimitOverview:
        """Get rate limit status for the authenticated user.

        ``GET /rate_limit``
        (operation ``rate-limit/get``)
        """
        raise NotImplementedError
