"""The typed GitHub REST client, built with typelink itself.

``GitHub`` is the client root; each resource group (``repos``, ``issues``, ``pulls``...) is
a consumer module here. ``models/`` is generated from GitHub's OpenAPI description
(``operations.txt`` lists the operations covered, ``overrides.json`` the known corrections);
every model is re-exported from :mod:`typelink.github.models`. ``GitHubApp`` authenticates as
a GitHub App installation; ``GitHubError`` is the parsed error body (``exc.parsed``).
"""

from __future__ import annotations

from typelink.github.app import GitHubApp
from typelink.github.client import GitHub
from typelink.github.errors import GitHubError, GitHubFieldError
from typelink.github.limits import GitHubQuotaLimiter

__all__ = ["GitHub", "GitHubApp", "GitHubError", "GitHubFieldError", "GitHubQuotaLimiter"]
