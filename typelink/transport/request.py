"""The outgoing request as the pipeline steps and auth schemes see it.

uplink builds a ``(method, url, extras)`` tuple from a declaration. typelink's steps work on
this small mutable object instead, so auth can set a header, the retry step can add an
idempotency key, and a replay after a 401 or a redirect starts from the same values.
``trusted`` says whether the request's origin may receive the client's credentials;
``limits`` bound the response (its decoded size, and the call's deadline).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from typelink._internal.limits import ResponseLimits
from typelink._internal.redact import redact_url


def _replayable(value: Any) -> bool:
    if value is None or isinstance(value, (bytes, bytearray, str, int, float, bool)):
        return True
    if isinstance(value, Mapping):
        return all(_replayable(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return all(_replayable(v) for v in value)
    return False  # file objects, generators and other iterators are read once


class OutgoingRequest:
    """A request about to be sent; ``kwargs`` are the remaining ``requests`` options."""

    __slots__ = ("headers", "kwargs", "limits", "method", "params", "trusted", "url")

    def __init__(
        self,
        method: str,
        url: str,
        headers: dict[str, str] | None = None,
        params: dict[str, Any] | None = None,
        kwargs: dict[str, Any] | None = None,
        trusted: bool = True,
        limits: ResponseLimits | None = None,
    ) -> None:
        self.method = method.upper()
        self.trusted = trusted
        self.limits = limits if limits is not None else _DEFAULT_LIMITS
        self.url = url
        self.headers: dict[str, str] = headers if headers is not None else {}
        self.params: dict[str, Any] = params if params is not None else {}
        self.kwargs: dict[str, Any] = kwargs if kwargs is not None else {}

    @classmethod
    def from_uplink(cls, request: tuple[str, str, Mapping[str, Any]]) -> OutgoingRequest:
        """Build from uplink's ``(method, url, extras)`` tuple, copying so replays start clean."""
        method, url, extras = request
        kwargs = dict(extras)
        headers = dict(kwargs.pop("headers", None) or {})
        raw_params = kwargs.pop("params", None) or {}
        params = dict(raw_params) if isinstance(raw_params, Mapping) else {}
        if raw_params and not isinstance(raw_params, Mapping):
            kwargs["params"] = raw_params
        return cls(method, url, headers, params, kwargs)

    def to_uplink(self) -> tuple[str, str, dict[str, Any]]:
        """The tuple uplink's requests client sends."""
        extras = dict(self.kwargs)
        extras["headers"] = dict(self.headers)
        if self.params:
            extras["params"] = dict(self.params)
        return (self.method, self.url, extras)

    def full_url(self) -> str:
        """The URL with the query parameters appended (for logs, events and messages)."""
        if not self.params:
            return self.url
        query = urlencode([(k, v) for k, v in self.params.items() if v is not None], doseq=True)
        if not query:
            return self.url
        return f"{self.url}{'&' if '?' in self.url else '?'}{query}"

    @property
    def body_is_replayable(self) -> bool:
        """False when the body (or a form field or file part) is a stream, file object or
        generator that the first send has used up."""
        return all(_replayable(self.kwargs.get(key)) for key in ("data", "files", "json"))

    def copy(self) -> OutgoingRequest:
        """An independent copy (headers and params are copied; bodies are shared)."""
        return OutgoingRequest(
            self.method,
            self.url,
            dict(self.headers),
            dict(self.params),
            dict(self.kwargs),
            self.trusted,
            self.limits,
        )

    def __repr__(self) -> str:
        return f"OutgoingRequest({self.method} {redact_url(self.url)})"


_DEFAULT_LIMITS = ResponseLimits()
