"""Expiring credentials: the :class:`Token` value and the :class:`TokenProvider` protocol.

A provider knows how to obtain a token (an OAuth 2.0 grant, a cloud metadata endpoint, a
GitHub App installation...). :class:`typelink.auth.ExpiringTokenAuth` decides *when* to call
it: ahead of expiry, or after a 401, with a single flight across threads and processes.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from typelink._internal.redact import REDACTED

__all__ = ["StoredToken", "Token", "TokenProvider"]


@dataclass(frozen=True, slots=True, repr=False)
class Token:
    """An access token and what is known about it.

    ``expires_at`` and ``obtained_at`` are epoch seconds (``None``: unknown / never
    expires). ``scope`` is the space-separated scope string the server granted.
    ``refresh_token`` is kept so a refresh-token grant can rotate it.
    """

    value: str
    expires_at: float | None = None
    token_type: str = "Bearer"
    refresh_token: str | None = None
    scope: str | None = None
    obtained_at: float | None = None

    def __repr__(self) -> str:
        refresh = REDACTED if self.refresh_token else None
        return (
            f"Token(value={REDACTED}, expires_at={self.expires_at!r}, "
            f"token_type={self.token_type!r}, refresh_token={refresh}, scope={self.scope!r})"
        )

    def secret_values(self) -> tuple[str, ...]:
        """The access and refresh token values, for redaction."""
        return tuple(v for v in (self.value, self.refresh_token) if v)

    def refresh_due(self, now: float, window: float) -> bool:
        """True when the token expires within ``window`` seconds of ``now``.

        The window shrinks to half the token's lifetime when the lifetime is known and short,
        so a token that lives 30 s with a 60 s window is not renewed on every call.
        """
        if self.expires_at is None:
            return False
        if self.obtained_at is not None:
            window = min(window, max(0.0, self.expires_at - self.obtained_at) / 2)
        return now >= self.expires_at - window

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (contains the secrets: for token stores only)."""
        return {
            "value": self.value,
            "expires_at": self.expires_at,
            "token_type": self.token_type,
            "refresh_token": self.refresh_token,
            "scope": self.scope,
            "obtained_at": self.obtained_at,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Token:
        """Rebuild from :meth:`to_dict` output; ``ValueError`` when the data is malformed."""
        value = data.get("value")
        if not isinstance(value, str) or not value:
            raise ValueError("stored token has no value")
        return cls(
            value=value,
            expires_at=_optional_number(data.get("expires_at"), "expires_at"),
            token_type=_optional_str(data.get("token_type"), "token_type") or "Bearer",
            refresh_token=_optional_str(data.get("refresh_token"), "refresh_token"),
            scope=_optional_str(data.get("scope"), "scope"),
            obtained_at=_optional_number(data.get("obtained_at"), "obtained_at"),
        )


def _optional_number(value: Any, name: str) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        raise ValueError(f"stored token has an invalid {name}")
    return float(value)


def _optional_str(value: Any, name: str) -> str | None:
    if value is None or isinstance(value, str):
        return value
    raise ValueError(f"stored token has an invalid {name}")


@runtime_checkable
class TokenProvider(Protocol):
    """Obtains a fresh token; ``previous`` is the token being replaced (or None).

    Raise :class:`typelink.errors.CredentialError` when no token can be obtained. A provider
    may also define ``secret_values() -> Sequence[str]`` (client secrets to redact) and a
    ``store_key`` string attribute (the default key in shared token stores).
    """

    def fetch(self, previous: Token | None) -> Token:
        """Return a new token."""
        ...


@dataclass(frozen=True, slots=True)
class StoredToken:
    """A token with the generation the store gave it."""

    token: Token
    generation: int
