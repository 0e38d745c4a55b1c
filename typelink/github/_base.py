"""What every GitHub resource group shares: hosts, media type and API version.

Release assets are uploaded to a separate host: ``uploads.github.com`` for github.com,
``https://HOST/api/uploads`` for GitHub Enterprise Server (whose API lives under
``https://HOST/api/v3``), ``uploads.SUBDOMAIN.ghe.com`` for GHE.com. The upload group names
that host with ``base_url_name = "uploads"``, so the client's credential is sent there (a
trusted origin) and to no other host a redirect may lead to.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast
from urllib.parse import urlsplit, urlunsplit

from typing_extensions import Unpack

from typelink import Consumer, headers
from typelink.client import ClientOptions
from typelink.github.options import github_options

__all__ = [
    "API_VERSION",
    "BASE_URL",
    "MEDIA_DIFF",
    "MEDIA_HTML",
    "MEDIA_OBJECT",
    "MEDIA_PATCH",
    "MEDIA_RAW",
    "MEDIA_SHA",
    "MEDIA_STAR",
    "MEDIA_TYPE",
    "UPLOADS",
    "UPLOADS_URL",
    "GitHubConsumer",
    "github_base_urls",
    "uploads_url_for",
]

BASE_URL = "https://api.github.com"
UPLOADS_URL = "https://uploads.github.com"
"""Release assets are uploaded here, not to the API host."""
UPLOADS = "uploads"
"""The name of the uploads host in ``base_urls``."""
MEDIA_TYPE = "application/vnd.github+json"
"""The default representation: JSON (the class-wide ``Accept``)."""

# Other representations, asked for per method with ``@headers({"Accept": ...})``.
MEDIA_RAW = "application/vnd.github.raw+json"
"""A file's own bytes (contents, README)."""
MEDIA_HTML = "application/vnd.github.html+json"
"""A file rendered to HTML by GitHub's markup library (contents, README)."""
MEDIA_OBJECT = "application/vnd.github.object+json"
"""Contents as one object whatever the path is (a directory's listing under ``entries``)."""
MEDIA_DIFF = "application/vnd.github.diff"
MEDIA_PATCH = "application/vnd.github.patch"
MEDIA_SHA = "application/vnd.github.sha"
MEDIA_STAR = "application/vnd.github.star+json"
"""Stars with the time each was given (``starred_at``)."""
API_VERSION = "2022-11-28"
"""The REST API version the declarations and models were written against."""

_ENTERPRISE_API_PATH = "/api/v3"


def uploads_url_for(base_url: str) -> str:
    """The uploads host that goes with the API at ``base_url``.

    ``https://api.github.com`` -> ``https://uploads.github.com``; ``https://HOST/api/v3``
    (GitHub Enterprise Server) -> ``https://HOST/api/uploads``; ``https://api.X.ghe.com``
    -> ``https://uploads.X.ghe.com``. Any other URL (a proxy, a test server) is its own
    uploads host; pass ``uploads_url=`` when that is wrong.
    """
    parts = urlsplit(base_url)
    path = parts.path.rstrip("/")
    host = (parts.hostname or "").lower()
    if path.endswith(_ENTERPRISE_API_PATH):
        path = path[: -len(_ENTERPRISE_API_PATH)] + "/api/uploads"
        return urlunsplit((parts.scheme, parts.netloc, path, "", ""))
    if host == "api.github.com" or (host.startswith("api.") and host.endswith(".ghe.com")):
        netloc = "uploads." + parts.netloc[len("api.") :]
        return urlunsplit((parts.scheme, netloc, path, "", ""))
    return urlunsplit((parts.scheme, parts.netloc, path, "", ""))


def github_base_urls(
    base_url: str, uploads_url: str | None, base_urls: Mapping[str, str] | None
) -> dict[str, str]:
    """``base_urls`` for a GitHub client: the caller's, plus the uploads host.

    An explicit ``uploads_url`` wins over ``base_urls["uploads"]``, which wins over the host
    derived from ``base_url``.
    """
    merged = dict(base_urls or {})
    if uploads_url is not None:
        merged[UPLOADS] = uploads_url
    else:
        merged.setdefault(UPLOADS, uploads_url_for(base_url))
    return merged


@headers({"Accept": MEDIA_TYPE, "X-GitHub-Api-Version": API_VERSION})
class GitHubConsumer(Consumer):
    """Base of the GitHub resource groups; usable alone (``Issues(auth=...)``) or in ``GitHub``.

    Used alone it gets the same defaults as ``GitHub`` (error model, request id header,
    retry policy, adaptive rate limiter) and knows the uploads host (``uploads_url=``).

    Declarations compile on first use (``defer_compile``): their annotations name models
    through :mod:`typelink.github.models`, whose modules load when first used, so importing
    ``typelink.github`` builds no model.
    """

    base_url = BASE_URL
    defer_compile = True

    def __init__(
        self,
        base_url: str | None = None,
        *,
        uploads_url: str | None = None,
        base_urls: Mapping[str, str] | None = None,
        **options: Unpack[ClientOptions],
    ) -> None:
        api = base_url if base_url is not None else type(self).base_url
        urls = github_base_urls(api, uploads_url, base_urls)
        settings = cast(ClientOptions, github_options(options))
        super().__init__(base_url, base_urls=urls, **settings)
