"""The client layer: :class:`Consumer`, :class:`Client` and their bound endpoints."""

from __future__ import annotations

from typelink.client.bound import BoundEndpoint
from typelink.client.consumer import Client, ClientOptions, ClientSettings, Consumer

__all__ = ["BoundEndpoint", "Client", "ClientOptions", "ClientSettings", "Consumer"]
