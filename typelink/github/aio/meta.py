# Generated from typelink/github/meta.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""The API root and the rate-limit status."""

from __future__ import annotations

import typelink as tl
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncMeta(AsyncGitHubConsumer):
    """The API root: links to the main resources."""

    @tl.get("")
    async def root(self) -> models.Root:
        """GitHub API Root.

        ``GET /``
        (operation ``meta/root``)
        """
        raise NotImplementedError


class AsyncRateLimits(AsyncGitHubConsumer):
    """Your current rate-limit status (this call does not count against it)."""

    @tl.get("rate_limit")
    async def get(self) -> models.RateLimitOverview:
        """Get rate limit status for the authenticated user.

        ``GET /rate_limit``
        (operation ``rate-limit/get``)
        """
        raise NotImplementedError
