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

from typing import Any

from typelink import Client
from typelink.errors import ConfigurationError
from typelink.github._base import BASE_URL
from typelink.github.apps import Apps
from typelink.github.branches import Branches
from typelink.github.collaborators import Collaborators, Invitations
from typelink.github.comments import IssueComments
from typelink.github.contents import Contents
from typelink.github.gists import Gists
from typelink.github.git import GitRefs
from typelink.github.issues import Issues
from typelink.github.labels import Labels
from typelink.github.markdown import Markdown
from typelink.github.meta import Meta, RateLimits
from typelink.github.notifications import Notifications
from typelink.github.orgs import Orgs
from typelink.github.pulls import Pulls
from typelink.github.releases import ReleaseAssets, Releases
from typelink.github.repos import Repos
from typelink.github.search import Search
from typelink.github.stars import Stars
from typelink.github.statuses import Statuses
from typelink.github.users import Users
from typelink.hooks import Auth

__all__ = ["GitHub"]


class GitHub(Client):
    """The GitHub REST API (``https://api.github.com``; pass ``base_url`` for GitHub Enterprise).

    Authenticate with ``token=`` (a personal access token or an installation token) or with
    any ``auth=`` scheme; every other keyword is a :class:`typelink.Client` option.
    """

    base_url = BASE_URL

    meta: Meta
    rate_limit: RateLimits
    users: Users
    orgs: Orgs
    apps: Apps
    repos: Repos
    branches: Branches
    collaborators: Collaborators
    invitations: Invitations
    contents: Contents
    refs: GitRefs
    issues: Issues
    labels: Labels
    issue_comments: IssueComments
    pulls: Pulls
    search: Search
    releases: Releases
    release_assets: ReleaseAssets
    statuses: Statuses
    notifications: Notifications
    markdown: Markdown
    gists: Gists
    stars: Stars

    def __init__(
        self,
        token: str | None = None,
        *,
        auth: Auth | None = None,
        base_url: str | None = None,
        **options: Any,
    ) -> None:
        if token is not None and auth is not None:
            raise ConfigurationError("GitHub: pass token= or auth=, not both")
        if token is not None:
            from typelink.auth import BearerToken

            auth = BearerToken(token)
        super().__init__(base_url, auth=auth, **options)
