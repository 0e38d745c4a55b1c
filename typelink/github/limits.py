"""GitHub's rate limits, learned from its response headers.

GitHub counts calls per resource: ``core`` (most endpoints, 5,000 an hour for a token),
``search`` (30 a minute) and ``code_search`` (10 a minute) are separate budgets, and every
response says ``x-ratelimit-remaining`` / ``x-ratelimit-reset`` for the budget it used. A
secondary limit (too many calls at once) answers 403 or 429 with ``retry-after``.

:class:`GitHubQuotaLimiter` is the adaptive :class:`typelink.ratelimit.QuotaLimiter` keyed by
that resource, so an exhausted search budget makes later searches wait for the reset without
holding up ``gh.repos.get``. ``GitHub`` installs one by default.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping

from typelink.declare.spec import EndpointInfo
from typelink.policies.ratelimit import QuotaLimiter, QuotaStore

__all__ = ["UNLIMITED", "GitHubQuotaLimiter", "rate_limit_resource"]

UNLIMITED = "unlimited"
"""``GET /rate_limit`` counts against no budget: it is never held back, and never blocks."""


def rate_limit_resource(endpoint: EndpointInfo) -> str:
    """The GitHub rate-limit budget a call to ``endpoint`` counts against.

    Read from the declared path template (``search/code``, ``search/issues``...), not from
    the URL, where a repository named ``search`` would look the same.
    """
    path = endpoint.path.lstrip("/")
    if path == "rate_limit":
        return UNLIMITED
    if path == "search/code":
        return "code_search"
    if path.startswith("search/"):
        return "search"
    return "core"


class GitHubQuotaLimiter(QuotaLimiter):
    """Server-driven waits per GitHub resource (``core``, ``search``, ``code_search``).

    ``calls``/``period`` add an optional client-side quota on top (per resource too).
    ``store``: a :class:`typelink.ratelimit.RedisBucket` makes workers sharing one token
    share what they learn; give them the same ``name``.
    """

    def __init__(
        self,
        calls: int | None = None,
        period: float = 1.0,
        *,
        clock: Callable[[], float] = time.monotonic,
        wall_clock: Callable[[], float] = time.time,
        store: QuotaStore | None = None,
        name: str = "github",
    ) -> None:
        super().__init__(
            calls,
            period,
            per="client",
            clock=clock,
            store=store,
            name=name,
            wall_clock=wall_clock,
        )

    def acquire(self, endpoint: EndpointInfo, url: str) -> float:
        """0.0 when the call may go now, else seconds until its budget resets."""
        resource = rate_limit_resource(endpoint)
        if resource == UNLIMITED:
            return 0.0
        return self.store.take(f"{self.name}:{resource}", self.calls, self.period, self._clock())

    def observe(
        self, endpoint: EndpointInfo, url: str, status: int, headers: Mapping[str, str]
    ) -> None:
        """Learn an exhausted budget (or a secondary-limit wait) for ``endpoint``'s resource."""
        resource = rate_limit_resource(endpoint)
        if resource == UNLIMITED:
            return
        wait = self.server_wait(status, headers)
        if wait is not None and wait > 0:
            self.store.block(f"{self.name}:{resource}", wait, self._clock())

    def __repr__(self) -> str:
        quota = "adaptive" if self.calls is None else f"{self.calls}/{self.period:g}s"
        return f"GitHubQuotaLimiter({quota}, name={self.name!r}, store={self.store!r})"
