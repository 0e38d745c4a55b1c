"""What a hook needs to know about the endpoint a call serves.

Every hook (auth, rate limit, retry, logging, events, the testing plugin) receives an
:class:`EndpointInfo`, so behaviour and diagnostics can depend on *which* declared method
made the call without reaching back into the consumer class.
"""

from __future__ import annotations

from dataclasses import dataclass

IDEMPOTENT_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "PUT", "DELETE"})


@dataclass(frozen=True, slots=True)
class EndpointInfo:
    """Static facts about one declared endpoint.

    ``ref`` is an importable reference (``"package.module:Class.method"``) so tools such as
    ``typelink cassettes check`` can find the declaration again from a recorded cassette.
    """

    consumer: str
    name: str
    path: str
    http_method: str
    idempotent: bool
    ref: str = ""

    @property
    def qualname(self) -> str:
        """``Consumer.method``, the form used in messages and logs."""
        return f"{self.consumer}.{self.name}"


ANONYMOUS_ENDPOINT = EndpointInfo(
    consumer="<direct>", name="request", path="", http_method="GET", idempotent=True
)
