"""aiohttp, imported only when something async needs it (an optional extra)."""

from __future__ import annotations

from typing import Any

from typelink.errors import ConfigurationError

__all__ = ["INSTALL_HINT", "load_aiohttp"]

INSTALL_HINT = "pip install typelink[async]"


def load_aiohttp() -> Any:
    """Import aiohttp or say how to install it."""
    try:
        import aiohttp
    except ImportError as exc:
        raise ConfigurationError(f"async clients need aiohttp: {INSTALL_HINT}") from exc
    return aiohttp
