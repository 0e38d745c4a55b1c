"""Helpers for pagination and cache tests: a tiny auth, a counting limiter, JSON replies."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from typelink.declare.spec import EndpointInfo
from typelink.transport.request import OutgoingRequest


class TokenAuth:
    """A minimal static bearer auth implementing the Auth protocol (with an identity)."""

    def __init__(self, token: str, who: str) -> None:
        self.token = token
        self.who = who

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        request.headers["Authorization"] = f"Bearer {self.token}"
        return 0

    def refresh(self, failed_generation: int, endpoint: EndpointInfo) -> bool:
        return False

    def secret_values(self) -> Sequence[str]:
        return [self.token]

    def identity(self) -> str:
        return self.who


class CountingLimiter:
    """A RateLimiter that never waits but counts the slots taken."""

    def __init__(self) -> None:
        self.acquired: list[str] = []

    def acquire(self, endpoint: EndpointInfo, url: str) -> float:
        self.acquired.append(url)
        return 0.0

    def observe(self, endpoint: EndpointInfo, url: str, status: int, headers: Any) -> None:
        return None


def json_response(body: Any, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(
        json.dumps(body), status=status, headers=headers or {}, content_type="application/json"
    )


def items(start: int, count: int) -> list[dict[str, Any]]:
    return [{"id": i, "name": f"item-{i}"} for i in range(start, start + count)]


def route(server: HTTPServer, path: str, handler: Callable[[Request], Response]) -> None:
    server.expect_request(path).respond_with_handler(handler)


def requests_to(server: HTTPServer, path: str) -> list[Request]:
    return [req for req, _ in server.log if req.path == path]
