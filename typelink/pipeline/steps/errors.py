"""Error mapping: an answer that is not a success becomes the typed status error.

The API's own error classes come first (the endpoint's, then the consumer's, then the
client's, each list in its order): the first whose ``status_codes``, ``when`` fields and
declared body type all match the answer is raised, with the body parsed into that type.
Otherwise the class follows the status (:func:`typelink.errors.status_error_class`); a 403
whose headers ask for a wait (remaining quota 0, or a ``Retry-After``) is a
:class:`RateLimitError`, not a permission problem. The error keeps the status, headers, raw
body, the parsed body, an RFC 9457 problem (``application/problem+json``), the request id and
the wait the server asked for; the URL and the API's message are redacted. A ``304`` to a
request the cache made conditional is not an error: the cache step answers it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

import pydantic
import requests

from typelink.errors import (
    APIStatusError,
    ProblemDetails,
    RateLimitError,
    status_error_class,
)
from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow
from typelink.transport.config import ClientConfig
from typelink.transport.request import OutgoingRequest
from typelink.transport.response import HTTPResponse

__all__ = ["ErrorMappingStep", "declared_error", "problem_details"]

_MISSING = object()


class ErrorMappingStep:
    """Raises the typed error for any final answer of 300 or more."""

    __slots__ = ("error_classes", "error_model", "request_id_headers")

    def __init__(
        self,
        config: ClientConfig,
        error_classes: Sequence[type[APIStatusError[Any]]] = (),
    ) -> None:
        self.error_model = config.error_model
        self.error_classes = tuple(error_classes)
        self.request_id_headers = config.request_id_header

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        exchange = yield from proceed(request)
        response = exchange.response
        if response is None or response.status_code < 300:
            return exchange
        if response.status_code == 304 and call.conditional:
            return exchange
        retry_after = call.retry_after if response.status_code >= 400 else None
        raise self.status_error(call, response, exchange.request, retry_after)

    def status_error(
        self,
        call: Call,
        response: HTTPResponse,
        request: OutgoingRequest,
        retry_after: float | None,
    ) -> APIStatusError:
        """The typed error for ``response`` (its body read, if it can still be read)."""
        status = response.status_code
        headers = response.headers
        try:
            body = response.content
        except requests.RequestException:
            body = b""
        declared = declared_error(self.error_classes, status, body)
        if declared is not None:
            cls, parsed = declared
        else:
            cls, parsed = status_error_class(status), self._parsed(body)
            if status == 403 and (_quota_exhausted(call, headers) or retry_after is not None):
                cls = RateLimitError  # a 403 asking us to wait is a rate limit, not a permission
        return cls(
            status_code=status,
            method=request.method,
            url=call.redact(response.url or request.full_url()),
            headers=headers,
            body=body,
            parsed=parsed,
            request_id=self._request_id(headers),
            retry_after=retry_after,
            secrets=call.runtime.secrets,
            problem=problem_details(headers.get("Content-Type"), body),
        )

    def _parsed(self, body: bytes) -> Any:
        """The client's declared error model parsed from ``body``, or None if it does not fit."""
        if self.error_model is None or not body:
            return None
        try:
            return self.error_model.model_validate_json(body)
        except (pydantic.ValidationError, ValueError):
            return None

    def _request_id(self, headers: Mapping[str, str]) -> str | None:
        for name in self.request_id_headers:
            value = headers.get(name)
            if value:
                return value
        return None


def declared_error(
    classes: Sequence[type[APIStatusError[Any]]], status: int, body: bytes
) -> tuple[type[APIStatusError[Any]], Any] | None:
    """The first declared class matching the answer, with the body parsed into its type."""
    data: Any = _MISSING
    for cls in classes:
        if cls.status_codes and status not in cls.status_codes:
            continue
        if cls.when:
            if data is _MISSING:
                data = _json(body)
            if not all(_field(data, path) == value for path, value in cls.when.items()):
                continue
        fits, parsed = cls.parse_body(body)
        if fits:
            return cls, parsed
    return None


def _json(body: bytes) -> Any:
    try:
        return json.loads(body) if body else None
    except (ValueError, RecursionError):
        return None


def _field(data: Any, path: str) -> Any:
    """``data["a"]["b"]`` for ``"a.b"`` (a missing step gives a value nothing equals)."""
    for part in path.split("."):
        if not isinstance(data, Mapping) or part not in data:
            return _MISSING
        data = data[part]
    return data


def problem_details(content_type: str | None, body: bytes) -> ProblemDetails | None:
    """The RFC 9457 problem in an ``application/problem+json`` body, else None."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    if media != "application/problem+json" or not body:
        return None
    try:
        return ProblemDetails.model_validate_json(body)
    except (pydantic.ValidationError, ValueError):
        return None


def _quota_exhausted(call: Call, headers: Mapping[str, str]) -> bool:
    """True when rate-limit headers say no calls are left."""
    remaining = headers.get(call.runtime.config.retry.ratelimit_remaining_header)
    return remaining is not None and remaining.strip() == "0"
