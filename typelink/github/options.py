"""The defaults a GitHub client adds to typelink's client options."""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

from typelink.github.errors import REQUEST_ID_HEADER, GitHubError
from typelink.github.limits import GitHubQuotaLimiter
from typelink.policies.retry import RetryPolicy

__all__ = ["DEFAULT_RETRY", "github_options"]

DEFAULT_RETRY = RetryPolicy(retry_rate_limited_403=True, retry_rate_limited_writes=True)
"""typelink's defaults, plus: a 403 that asks for a wait (a rate limit) is retried like a 429,
and a rate-limited POST/PATCH is retried too (GitHub refused it before doing anything)."""


def github_options(options: Mapping[str, Any]) -> dict[str, Any]:
    """``options`` with GitHub's defaults filled in where the caller gave nothing.

    Error bodies parse into :class:`GitHubError`; the request id comes from
    ``x-github-request-id``; rate-limited 403s are retried (:data:`DEFAULT_RETRY`); an
    adaptive :class:`GitHubQuotaLimiter` makes calls wait for an exhausted budget's reset.
    Pass ``rate_limiter=None`` to turn the limiter off, ``retry=`` for another policy.
    """
    merged = dict(options)
    if merged.get("error_model") is None:
        merged["error_model"] = GitHubError
    if merged.get("request_id_header") is None:
        merged["request_id_header"] = REQUEST_ID_HEADER
    if merged.get("retry") is None:
        merged["retry"] = DEFAULT_RETRY
    if "rate_limiter" not in merged:
        merged["rate_limiter"] = GitHubQuotaLimiter(
            clock=merged.get("clock", time.monotonic),
            wall_clock=merged.get("wall_clock", time.time),
        )
    return merged
