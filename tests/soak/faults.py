"""What the fault server injects, and how often: one value shared by the server and the engine.

Rates are per API request (the token endpoint has its own rate). They are deliberately
high, so a run of 1,000 calls meets every kind of fault many times.
"""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from typing import Any

FAULT_KINDS = (
    "reset_before",  # RST after reading the request, before any byte of the answer
    "reset_mid_body",  # headers and half the body, then RST (writes are applied first)
    "read_timeout",  # stall past the client's read timeout, then drop (writes applied first)
    "burst_5xx",  # the start of a burst: this and the next few requests get 500/502/503/504
    "rate_limited",  # 429 with Retry-After (seconds, HTTP date, retry-after-ms, or too long)
    "truncated_json",  # 200 with the JSON cut short (writes applied first)
    "malformed_json",  # 200 with broken JSON syntax (writes applied first)
    "html_error",  # an HTML proxy error page labelled application/json (200 or 5xx)
    "wrong_content_type",  # the right JSON labelled text/plain or octet-stream
    "empty_body",  # 200 or 503 with no body at all
    "huge_body",  # the right JSON padded to about a megabyte
    "slow_drip",  # the right JSON, a few bytes at a time (each gap under the read timeout)
    "connection_close",  # the right answer with Connection: close (the pool must reconnect)
    "restart",  # drop every connection and stop listening for a moment: connection refused
)


def default_rates() -> dict[str, float]:
    """About one request in four meets a fault."""
    return {
        "reset_before": 0.02,
        "reset_mid_body": 0.02,
        "read_timeout": 0.008,
        "burst_5xx": 0.01,
        "rate_limited": 0.03,
        "truncated_json": 0.008,
        "malformed_json": 0.008,
        "html_error": 0.02,
        "wrong_content_type": 0.02,
        "empty_body": 0.01,
        "huge_body": 0.01,
        "slow_drip": 0.02,
        "connection_close": 0.03,
        "restart": 0.003,
    }


@dataclass(frozen=True)
class FaultConfig:
    """Fault rates and sizes for one soak run (JSON-serialisable, passed to the server)."""

    seed: int = 7
    rates: dict[str, float] = field(default_factory=default_rates)
    burst_length: tuple[int, int] = (2, 6)
    stall_seconds: float = 0.6
    """How long a read-timeout fault stalls (must exceed the client's read timeout)."""
    drip_chunks: int = 12
    drip_gap: float = 0.006
    huge_bytes: int = 1_000_000
    restart_seconds: float = 0.08
    token_lifetime: float = 1.0
    """``expires_in`` the token endpoint advertises."""
    token_server_lifetime: float = 0.45
    """How long the API really accepts a token: shorter than advertised, so some calls meet
    a 401 before the client's refresh-ahead window (half the lifetime) kicks in."""
    token_fault_rate: float = 0.01
    too_long_retry_after: float = 600.0

    def to_json(self) -> str:
        return json.dumps(dataclasses.asdict(self))

    @classmethod
    def from_json(cls, text: str) -> FaultConfig:
        data: dict[str, Any] = json.loads(text)
        data["burst_length"] = tuple(data["burst_length"])
        return cls(**data)
