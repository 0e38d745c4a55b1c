"""The response as the pipeline steps and parsers see it, whichever transport received it.

:class:`HTTPResponse` is a protocol: ``requests.Response`` satisfies it as it is, and the
async transport's :class:`typelink.transport.aio.AiohttpResponse` implements it over a body
already read. Steps and parsers are typed against it, so neither transport's responses
have to imitate the other's (no fake ``requests.Response`` built from aiohttp data).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any, Protocol

__all__ = ["HTTPResponse", "SentRequest"]


class SentRequest(Protocol):
    """What a response says about the request that produced it."""

    @property
    def method(self) -> str | None:
        """The HTTP method."""
        ...


class HTTPResponse(Protocol):
    """A received response whose body can be read without waiting."""

    @property
    def status_code(self) -> int:
        """The HTTP status code."""
        ...

    @property
    def headers(self) -> Mapping[str, str]:
        """Case-insensitive headers; repeated headers joined with ``", "``."""
        ...

    @property
    def content(self) -> bytes:
        """The body bytes (decoded from any content coding)."""
        ...

    @property
    def text(self) -> str:
        """The body as text, in :attr:`encoding`."""
        ...

    @property
    def encoding(self) -> str | None:
        """The charset of the body, from ``Content-Type`` (None: unknown)."""
        ...

    @property
    def url(self) -> str:
        """The URL the response came from."""
        ...

    @property
    def elapsed(self) -> timedelta:
        """Time from sending the request to the arrival of the response headers."""
        ...

    @property
    def request(self) -> SentRequest:
        """The request that produced this response."""
        ...

    def json(self) -> Any:
        """The body parsed as JSON (``ValueError`` when it is not JSON)."""
        ...

    def close(self) -> None:
        """Release the connection (the body is not needed any more)."""
        ...
