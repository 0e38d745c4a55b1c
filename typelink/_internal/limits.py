"""How long and how much: the limits of one call, independent of any transport.

A call has a deadline (its ``total_budget``, counted on the real monotonic clock from the
start of the call) and each response a maximum size (decompressed). The transports (the
blocking one today, an async one later) read bodies through :class:`BodyBudget`, which
counts bytes and checks the deadline between reads; blocking policies (a Redis-backed store)
ask :func:`blocking_allowance` how long they may wait, so a hanging store cannot hold a call
past its timeout or its budget.
"""

from __future__ import annotations

import contextlib
import contextvars
import math
import time
from dataclasses import dataclass

__all__ = [
    "DEFAULT_MAX_RESPONSE_SIZE",
    "TOKEN_RESPONSE_LIMIT",
    "BodyBudget",
    "CallLimits",
    "DeadlineExceeded",
    "ResponseLimits",
    "ResponseTooLarge",
    "blocking_allowance",
    "call_limits",
    "current_call_limits",
]

DEFAULT_MAX_RESPONSE_SIZE = 64 * 1024 * 1024
"""64 MiB of decoded body: generous for JSON APIs; raise it per endpoint for downloads."""

TOKEN_RESPONSE_LIMIT = 1024 * 1024
"""A token endpoint's answer is a few hundred bytes; 1 MiB is far more than any needs."""


class ResponseTooLarge(Exception):
    """The body passed ``limit`` bytes (raised by the reader; the pipeline types it)."""

    def __init__(self, limit: int, declared: bool = False) -> None:
        where = "declares" if declared else "has"
        super().__init__(f"the response {where} a body larger than {limit} bytes")
        self.limit = limit
        self.status_code = 0


class DeadlineExceeded(Exception):
    """The call's deadline passed while waiting (the pipeline types it as a timeout)."""


@dataclass(frozen=True, slots=True)
class ResponseLimits:
    """What a transport may spend on one response: ``max_size`` decoded bytes (None: no
    limit) and time until ``deadline`` (``time.monotonic()`` seconds; None: no deadline)."""

    max_size: int | None = DEFAULT_MAX_RESPONSE_SIZE
    deadline: float | None = None

    def remaining(self) -> float | None:
        """Seconds left before the deadline (never negative), or None without one."""
        if self.deadline is None:
            return None
        return max(0.0, self.deadline - time.monotonic())

    def capped(self, seconds: float | None) -> float | None:
        """``seconds`` (a socket timeout) shortened to what is left of the deadline."""
        left = self.remaining()
        if left is None:
            return seconds
        return left if seconds is None else min(seconds, left)


class BodyBudget:
    """Counts a body's decoded bytes and checks the deadline after every read.

    ``check_declared`` refuses a ``Content-Length`` over the limit before anything is read.
    """

    __slots__ = ("limits", "size")

    def __init__(self, limits: ResponseLimits) -> None:
        self.limits = limits
        self.size = 0

    def check_declared(self, content_length: str | None, encoded: bool) -> None:
        """Refuse at once a declared (unencoded) length over the limit."""
        limit = self.limits.max_size
        if limit is None or encoded or not content_length:
            return
        try:
            declared = int(content_length)
        except ValueError:
            return
        if declared > limit:
            raise ResponseTooLarge(limit, declared=True)

    def add(self, count: int) -> None:
        """Account ``count`` more decoded bytes; raise once over the size or the deadline."""
        self.size += count
        limit = self.limits.max_size
        if limit is not None and self.size > limit:
            raise ResponseTooLarge(limit)
        self.check_deadline()

    def check_deadline(self) -> None:
        """Raise :class:`DeadlineExceeded` once the deadline has passed."""
        deadline = self.limits.deadline
        if deadline is not None and time.monotonic() >= deadline:
            raise DeadlineExceeded("the call's total budget ran out while reading the body")


@dataclass(frozen=True, slots=True)
class CallLimits:
    """The running call's bounds for blocking work: ``timeout`` seconds per operation (its
    read timeout) and the budget's ``deadline`` (``time.monotonic()``; None: no budget)."""

    timeout: float | None = None
    deadline: float | None = None


_current: contextvars.ContextVar[CallLimits | None] = contextvars.ContextVar(
    "typelink_call_limits", default=None
)


class _Applied:
    """``with call_limits(limits):`` (a plain class: entered on every call)."""

    __slots__ = ("limits", "token")

    def __init__(self, limits: CallLimits) -> None:
        self.limits = limits

    def __enter__(self) -> None:
        self.token = _current.set(self.limits)

    def __exit__(self, *exc_info: object) -> None:
        _current.reset(self.token)


def call_limits(limits: CallLimits) -> contextlib.AbstractContextManager[None]:
    """Make ``limits`` visible to blocking policies run during the ``with`` block."""
    return _Applied(limits)


def current_call_limits() -> CallLimits | None:
    """The limits of the call running in this context, if any."""
    return _current.get()


def blocking_allowance(own_timeout: float | None) -> float:
    """How long a blocking operation started now may take: the smallest of its own timeout,
    the running call's timeout and what is left of the call's budget (``inf``: no bound)."""
    bounds = [own_timeout] if own_timeout is not None else []
    limits = _current.get()
    if limits is not None:
        if limits.timeout is not None:
            bounds.append(limits.timeout)
        if limits.deadline is not None:
            bounds.append(max(0.0, limits.deadline - time.monotonic()))
    return min(bounds) if bounds else math.inf
