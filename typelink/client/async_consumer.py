"""Async consumers and the async client root: the same declarations, awaited.

```python
class Issues(AsyncConsumer):
    @get("repos/{owner}/{repo}/issues/{number}")
    async def fetch(self, owner: str, repo: str, number: int) -> Issue:
        raise NotImplementedError

class Tracker(AsyncClient):
    base_url = "https://api.example.com"
    issues: Issues

async with Tracker(auth=BearerToken(token)) as api:
    issue = await api.issues.fetch("acme", "web", 1)      # typed: Issue
```

Methods are ``async def`` with the same decorators, markers, models and return contracts
(``AsyncPage[T]`` for pages); type checkers see each call as an awaitable of the declared
type. Every group of one client shares one pooled ``aiohttp.ClientSession``; the client's
options are the blocking client's, plus ``aiohttp_session=`` (yours, never closed by
typelink) and ``async_sleep=`` (for tests).
"""

from __future__ import annotations

from types import TracebackType
from typing import ClassVar

from typing_extensions import Self

from typelink.client.async_bound import AsyncBoundEndpoint
from typelink.client.base import ConsumerBase
from typelink.declare.compiler import DeclaredMethod
from typelink.transport.async_connection import AsyncConnection
from typelink.transport.config import ClientConfig

__all__ = ["AsyncClient", "AsyncConsumer"]


class AsyncConsumer(ConsumerBase):
    """Base class for a group of declared ``async def`` endpoints.

    Usable alone (``async with Issues(base_url=...) as issues``) or as a resource group of
    an :class:`AsyncClient`. A client belongs to the event loop of its first call.
    """

    typelink_async: ClassVar[bool] = True

    def _typelink_connect(self, config: ClientConfig) -> AsyncConnection:
        return AsyncConnection(config)

    def _typelink_bind_endpoint(self, endpoint: DeclaredMethod) -> AsyncBoundEndpoint:
        return AsyncBoundEndpoint(*self._typelink_endpoint_settings(endpoint))

    # -- lifecycle --------------------------------------------------------------------

    async def aclose(self) -> None:
        """Close the connection pool (an ``aiohttp_session`` you passed in is left open).
        Closing a ``with_options`` view stops only that view's calls."""
        runtime = self._typelink_runtime
        if runtime.is_view:
            runtime.close()
        else:
            connection: AsyncConnection = runtime.connection
            await connection.aclose()

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.aclose()


class AsyncClient(AsyncConsumer):
    """The root of an async API client: ``base_url`` plus annotated resource groups.

    ```python
    class Tracker(AsyncClient):
        base_url = "https://api.example.com"
        issues: Issues          # an AsyncConsumer
    ```
    """
