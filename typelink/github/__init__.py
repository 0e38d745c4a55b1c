"""The typed GitHub REST client, built with typelink itself.

``GitHub`` is the client root; each resource group (``repos``, ``issues``, ``pulls``...) is
a consumer module here. ``models/`` is generated from GitHub's OpenAPI description
(``operations.txt`` lists the operations covered, ``overrides.json`` the known corrections);
every model is re-exported from :mod:`typelink.github.models`. ``GitHubApp`` authenticates as
a GitHub App installation; ``GitHubError`` is the parsed error body (``exc.parsed``).

``AsyncGitHub`` is the same client under asyncio, generated from these declarations into
:mod:`typelink.github.aio` (``python -m typelink.github._generate_async``); it is imported on
first use of the name, so ``import typelink.github`` loads none of it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from typelink.github.app import GitHubApp
from typelink.github.client import GitHub
from typelink.github.errors import GitHubError, GitHubFieldError
from typelink.github.limits import GitHubQuotaLimiter

if TYPE_CHECKING:
    from typelink.github.aio.client import AsyncGitHub

__all__ = [
    "AsyncGitHub",
    "GitHub",
    "GitHubApp",
    "GitHubError",
    "GitHubFieldError",
    "GitHubQuotaLimiter",
]


def __getattr__(name: str) -> Any:
    if name == "AsyncGitHub":
        from typelink.github.aio.client import AsyncGitHub

        return AsyncGitHub
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
