"""``GitHub``: the client root, one resource group per part of the REST API.

```python
from typelink.github import GitHub
from typelink.github.models import IssuesCreateRequest

with GitHub(token=os.environ["GITHUB_TOKEN"]) as gh:
    repo = gh.repos.get("octocat", "Hello-World")
    issue = gh.issues.create("octocat", "Hello-World", IssuesCreateRequest(title="Crash"))
    for issue in gh.issues.list_for_repo("octocat", "Hello-World", state="all"):
        ...
```
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import cast

from typing_extensions import Unpack

from typelink import AsyncClient, Client
from typelink.auth.expiring import ExpiringTokenAuth
from typelink.client import ClientSettings
from typelink.errors import ConfigurationError
from typelink.github._base import BASE_URL, github_base_urls
from typelink.github.actions import Actions
from typelink.github.app import GitHubApp
from typelink.github.apps import Apps
from typelink.github.branches import Branches
from typelink.github.checks import CheckRuns, CheckSuites
from typelink.github.collaborators import Collaborators, Invitations
from typelink.github.comments import IssueComments
from typelink.github.commits import Commits
from typelink.github.contents import Contents
from typelink.github.deployments import Deployments
from typelink.github.environments import Environments
from typelink.github.gists import Gists
from typelink.github.git import GitRefs
from typelink.github.hooks import RepoHooks
from typelink.github.issues import Issues
from typelink.github.labels import Labels
from typelink.github.markdown import Markdown
from typelink.github.meta import Meta, RateLimits
from typelink.github.notifications import Notifications
from typelink.github.options import github_options
from typelink.github.org_hooks import OrgHooks
from typelink.github.orgs import Orgs
from typelink.github.pulls import Pulls
from typelink.github.reactions import Reactions
from typelink.github.releases import ReleaseAssets, Releases
from typelink.github.repos import Repos
from typelink.github.search import Search
from typelink.github.stars import Stars
from typelink.github.statuses import Statuses
from typelink.github.teams import Teams
from typelink.github.users import Users
from typelink.policies.protocols import Auth

__all__ = ["APP_TOKEN_REFRESH_WINDOW", "AsyncGitHubRoot", "GitHub", "client_settings"]

APP_TOKEN_REFRESH_WINDOW = 60.0
"""Installation tokens are renewed this many seconds before ``expires_at``."""


class GitHub(Client):
    """The GitHub REST API (``https://api.github.com``).

    Authenticate with ``token=`` (a personal access or installation token), ``app=`` (a
    :class:`GitHubApp` installation: tokens renewed before expiry and after a 401) or any
    ``auth=`` scheme. GitHub Enterprise Server: ``base_url="https://HOST/api/v3"`` (uploads
    then go to ``https://HOST/api/uploads``; ``uploads_url=`` overrides the uploads host).

    Defaults on top of :class:`typelink.Client`'s: error bodies parse into
    :class:`typelink.github.errors.GitHubError` (``exc.parsed``), the request id is
    ``x-github-request-id``, a rate-limited 403 is retried like a 429 when the wait is within
    ``max_server_wait`` (else :class:`typelink.errors.RateLimitError` with ``retry_after``),
    and a :class:`typelink.github.limits.GitHubQuotaLimiter` makes later calls wait for an
    exhausted budget's reset (``rate_limiter=None`` turns it off). Every other keyword is a
    :class:`typelink.Client` option.
    """

    base_url = BASE_URL

    meta: Meta
    rate_limit: RateLimits
    users: Users
    orgs: Orgs
    teams: Teams
    org_hooks: OrgHooks
    apps: Apps
    repos: Repos
    branches: Branches
    collaborators: Collaborators
    invitations: Invitations
    contents: Contents
    hooks: RepoHooks
    refs: GitRefs
    commits: Commits
    issues: Issues
    labels: Labels
    issue_comments: IssueComments
    pulls: Pulls
    search: Search
    releases: Releases
    release_assets: ReleaseAssets
    statuses: Statuses
    check_runs: CheckRuns
    check_suites: CheckSuites
    actions: Actions
    deployments: Deployments
    environments: Environments
    reactions: Reactions
    notifications: Notifications
    markdown: Markdown
    gists: Gists
    stars: Stars

    def __init__(
        self,
        token: str | None = None,
        *,
        app: GitHubApp | None = None,
        auth: Auth | None = None,
        base_url: str | None = None,
        uploads_url: str | None = None,
        base_urls: Mapping[str, str] | None = None,
        **options: Unpack[ClientSettings],
    ) -> None:
        self._app = app
        auth, urls, settings = client_settings(
            type(self), token, app, auth, base_url, uploads_url, base_urls, options
        )
        super().__init__(base_url, auth=auth, base_urls=urls, **settings)

    def close(self) -> None:
        """Release the connection pools (the client's, and the App's token session)."""
        super().close()
        app: GitHubApp | None = getattr(self, "_app", None)  # views from with_options have none
        if app is not None:
            app.close()


def client_settings(
    cls: type[Client] | type[AsyncClient],
    token: str | None,
    app: GitHubApp | None,
    auth: Auth | None,
    base_url: str | None,
    uploads_url: str | None,
    base_urls: Mapping[str, str] | None,
    options: ClientSettings,
) -> tuple[Auth | None, dict[str, str], ClientSettings]:
    """``(auth, base_urls, options)`` of a GitHub client root (blocking or async):
    one credential out of ``token=``/``app=``/``auth=``, the uploads host, GitHub's defaults."""
    given = [n for n, v in (("token", token), ("app", app), ("auth", auth)) if v is not None]
    if len(given) > 1:
        raise ConfigurationError(f"GitHub: pass one of token=, app= or auth=, not {given}")
    api = base_url if base_url is not None else cls.base_url
    if token is not None:
        from typelink.auth import BearerToken

        auth = BearerToken(token)
    elif app is not None:
        if app.base_url.rstrip("/") != api.rstrip("/"):
            raise ConfigurationError(
                f"GitHub: the app's base_url {app.base_url!r} is not the client's {api!r}"
            )
        if app.verify is True and "verify" in options:
            app.verify = options["verify"]
        auth = ExpiringTokenAuth(app, refresh_window=APP_TOKEN_REFRESH_WINDOW, clock=app.clock)
    urls = github_base_urls(api, uploads_url, base_urls)
    return auth, urls, cast(ClientSettings, github_options(options))


class AsyncGitHubRoot(AsyncClient):
    """What :class:`typelink.github.AsyncGitHub` adds to :class:`typelink.AsyncClient`: the
    same constructor as :class:`GitHub` (``token=``, ``app=``, ``auth=``, hosts, defaults).
    The resource groups are declared by the generated ``AsyncGitHub`` itself.

    Under ``app=`` the installation token is requested over aiohttp
    (:meth:`GitHubApp.fetch_async`), one request for all tasks (single flight).
    """

    base_url = BASE_URL

    def __init__(
        self,
        token: str | None = None,
        *,
        app: GitHubApp | None = None,
        auth: Auth | None = None,
        base_url: str | None = None,
        uploads_url: str | None = None,
        base_urls: Mapping[str, str] | None = None,
        **options: Unpack[ClientSettings],
    ) -> None:
        self._app = app
        auth, urls, settings = client_settings(
            type(self), token, app, auth, base_url, uploads_url, base_urls, options
        )
        super().__init__(base_url, auth=auth, base_urls=urls, **settings)

    async def aclose(self) -> None:
        """Close the connection pool (and the App's token session)."""
        await super().aclose()
        app: GitHubApp | None = getattr(self, "_app", None)  # views from with_options have none
        if app is not None:
            app.close()
