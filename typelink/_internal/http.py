"""HTTP facts the layers share (one definition each)."""

from __future__ import annotations

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})
"""Methods that RFC 9110 defines as idempotent: sending one twice has the effect of once."""

REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
