"""The client layer: blocking and async consumers, clients and their bound endpoints."""

from __future__ import annotations

from typelink.client.async_bound import AsyncBoundEndpoint
from typelink.client.async_consumer import AsyncClient, AsyncConsumer
from typelink.client.bound import BoundEndpoint
from typelink.client.consumer import Client, ClientOptions, ClientSettings, Consumer

__all__ = [
    "AsyncBoundEndpoint",
    "AsyncClient",
    "AsyncConsumer",
    "BoundEndpoint",
    "Client",
    "ClientOptions",
    "ClientSettings",
    "Consumer",
]
