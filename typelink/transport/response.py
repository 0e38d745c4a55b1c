"""The response as the pipeline steps and parsers see it, whichever transport received it.

:class:`HTTPResponse` is a protocol: ``requests.Response`` satisfies it as it is, and the
async transport's :class:`typelink.transport.aio.AiohttpResponse` implements it over a body
already read. Steps and parsers are typed against it, so neither transport's responses
have to imitate the other's (no fake ``requests.Response`` built from aiohttp data).
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from datetime import timedelta
from typing import Any, Protocol

from requests.utils import get_encoding_from_headers

__all__ = ["BufferedResponse", "HTTPResponse", "JoinedHeaders", "RequestLine", "SentRequest"]


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


class JoinedHeaders(Mapping[str, str]):
    """Case-insensitive headers over a multidict, repeated headers joined with ``", "``
    (as ``requests`` presents them), built without copying."""

    __slots__ = ("_multi",)

    def __init__(self, multi: Any) -> None:
        self._multi = multi

    def __getitem__(self, name: str) -> str:
        values: list[str] = self._multi.getall(name)
        return values[0] if len(values) == 1 else ", ".join(values)

    def __iter__(self) -> Iterator[str]:
        seen: set[str] = set()
        for name in self._multi:
            lowered = name.lower()
            if lowered not in seen:
                seen.add(lowered)
                yield name

    def __len__(self) -> int:
        return len({name.lower() for name in self._multi})

    def __contains__(self, name: object) -> bool:
        return name in self._multi

    def __repr__(self) -> str:
        return repr(dict(self.items()))


class RequestLine:
    """The method and URL of the request behind a :class:`BufferedResponse`."""

    __slots__ = ("method", "url")

    def __init__(self, method: str, url: str) -> None:
        self.method = method
        self.url = url


class BufferedResponse:
    """An :class:`HTTPResponse` whose body was read in full (the async transport's, and
    the token requests' under asyncio)."""

    __slots__ = ("_encoding", "_method", "_seconds", "content", "headers", "status_code", "url")

    def __init__(
        self,
        status_code: int,
        headers: Mapping[str, str],
        content: bytes,
        url: str,
        seconds: float,
        method: str,
    ) -> None:
        self.status_code = status_code
        self.headers = headers
        self.content = content
        self.url = url
        self._seconds = seconds
        self._method = method
        self._encoding: str | bool | None = False

    @property
    def elapsed(self) -> timedelta:
        """Time from sending the request to the arrival of the response headers."""
        return timedelta(seconds=self._seconds)

    @property
    def request(self) -> RequestLine:
        """The method and URL of the request."""
        return RequestLine(self._method, self.url)

    @property
    def encoding(self) -> str | None:
        """The charset from ``Content-Type``, with ``requests``' defaults."""
        if self._encoding is False:
            self._encoding = get_encoding_from_headers(self.headers)
        return self._encoding if isinstance(self._encoding, str) else None

    @property
    def text(self) -> str:
        """The body decoded in :attr:`encoding` (UTF-8 when unknown), never failing."""
        try:
            return self.content.decode(self.encoding or "utf-8", errors="replace")
        except LookupError:  # an unknown charset name
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body parsed as JSON."""
        return json.loads(self.content)

    def close(self) -> None:
        """Nothing to release: the connection went back to the pool when the body was read."""

    def __repr__(self) -> str:
        return f"<BufferedResponse [{self.status_code}]>"
