"""Blocking consumers (groups of declared endpoints) and the client root whose groups share
one runtime.

A :class:`Consumer` subclass declares endpoints with ``@get``/``@post``/...; it can be used on
its own (``Issues(base_url=...)``) or as a resource group of a :class:`Client`, declared as an
annotated class attribute (``issues: Issues``). Every group of one client instance shares the
client's runtime: its configuration, connection (session, pool, trusted origins, closed
state) and hook chain. The async twins are in :mod:`typelink.client.async_consumer`.
"""

from __future__ import annotations

from types import TracebackType

from typing_extensions import Self

from typelink.client.base import ConsumerBase, watch_credential
from typelink.client.bound import BoundEndpoint
from typelink.declare.compiler import DeclaredMethod
from typelink.transport.config import ClientConfig, ClientOptions, ClientSettings
from typelink.transport.connection import Connection

__all__ = ["Client", "ClientOptions", "ClientSettings", "Consumer", "watch_credential"]


class Consumer(ConsumerBase):
    """Base class for a group of declared endpoints, called with blocking I/O.

    Usable alone (``Issues(base_url="https://api.example.com")``) or as a resource group
    of a :class:`Client`. Groups may nest: a consumer's annotated ``Consumer`` attributes are
    groups too. Every keyword option is listed in :class:`typelink.transport.config.ClientConfig`.
    Calling it from a running event loop raises :class:`typelink.errors.BlockingCallError`
    (use :class:`typelink.AsyncConsumer` there).
    """

    def _typelink_connect(self, config: ClientConfig) -> Connection:
        return Connection(config)

    def _typelink_bind_endpoint(self, endpoint: DeclaredMethod) -> BoundEndpoint:
        return BoundEndpoint(*self._typelink_endpoint_settings(endpoint))

    # -- lifecycle --------------------------------------------------------------------

    def close(self) -> None:
        """Release the connection pool (a session you passed in is left open). Closing a
        ``with_options`` view stops only that view's calls."""
        self._typelink_runtime.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()


class Client(Consumer):
    """The root of an API client: ``base_url`` plus annotated resource groups.

    ```python
    class Tracker(Client):
        base_url = "https://api.example.com"
        issues: Issues
    ```
    """
