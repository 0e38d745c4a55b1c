"""What every GitHub resource group shares: the base URL, media type and API version."""

from __future__ import annotations

from typelink import Consumer, headers

__all__ = ["API_VERSION", "BASE_URL", "MEDIA_TYPE", "UPLOADS_URL", "GitHubConsumer"]

BASE_URL = "https://api.github.com"
UPLOADS_URL = "https://uploads.github.com"
"""Release assets are uploaded here, not to the API host."""
MEDIA_TYPE = "application/vnd.github+json"
API_VERSION = "2022-11-28"
"""The REST API version the declarations and models were written against."""


@headers({"Accept": MEDIA_TYPE, "X-GitHub-Api-Version": API_VERSION})
class GitHubConsumer(Consumer):
    """Base of the GitHub resource groups; usable alone (``Issues(auth=...)``) or in ``GitHub``."""

    base_url = BASE_URL
