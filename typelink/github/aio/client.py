# Generated from typelink/github/client.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""``AsyncGitHub``: every resource group and operation of
:class:`typelink.github.GitHub`, awaited.

```python
from typelink.github import AsyncGitHub

async with AsyncGitHub(token=os.environ["GITHUB_TOKEN"]) as gh:
    repo = await gh.repos.get("octocat", "Hello-World")
    async for issue in await gh.issues.list_for_repo("octocat", "Hello-World", state="all"):
        ...
```
"""

from __future__ import annotations

from typelink.github.aio.actions import AsyncActions
from typelink.github.aio.apps import AsyncApps
from typelink.github.aio.branches import AsyncBranches
from typelink.github.aio.checks import AsyncCheckRuns, AsyncCheckSuites
from typelink.github.aio.collaborators import AsyncCollaborators, AsyncInvitations
from typelink.github.aio.comments import AsyncIssueComments
from typelink.github.aio.commits import AsyncCommits
from typelink.github.aio.contents import AsyncContents
from typelink.github.aio.deployments import AsyncDeployments
from typelink.github.aio.environments import AsyncEnvironments
from typelink.github.aio.gists import AsyncGists
from typelink.github.aio.git import AsyncGitRefs
from typelink.github.aio.hooks import AsyncRepoHooks
from typelink.github.aio.issues import AsyncIssues
from typelink.github.aio.labels import AsyncLabels
from typelink.github.aio.markdown import AsyncMarkdown
from typelink.github.aio.meta import AsyncMeta, AsyncRateLimits
from typelink.github.aio.notifications import AsyncNotifications
from typelink.github.aio.org_hooks import AsyncOrgHooks
from typelink.github.aio.orgs import AsyncOrgs
from typelink.github.aio.pulls import AsyncPulls
from typelink.github.aio.reactions import AsyncReactions
from typelink.github.aio.releases import AsyncReleaseAssets, AsyncReleases
from typelink.github.aio.repos import AsyncRepos
from typelink.github.aio.search import AsyncSearch
from typelink.github.aio.stars import AsyncStars
from typelink.github.aio.statuses import AsyncStatuses
from typelink.github.aio.teams import AsyncTeams
from typelink.github.aio.users import AsyncUsers
from typelink.github.client import AsyncGitHubRoot

__all__ = ["AsyncGitHub"]


class AsyncGitHub(AsyncGitHubRoot):
    """The GitHub REST API under asyncio: the groups, operations, options and defaults
    of :class:`typelink.github.GitHub`, each call awaited (pages are ``AsyncPage``).
    Close it with ``async with`` or ``await gh.aclose()``."""

    meta: AsyncMeta
    rate_limit: AsyncRateLimits
    users: AsyncUsers
    orgs: AsyncOrgs
    teams: AsyncTeams
    org_hooks: AsyncOrgHooks
    apps: AsyncApps
    repos: AsyncRepos
    branches: AsyncBranches
    collaborators: AsyncCollaborators
    invitations: AsyncInvitations
    contents: AsyncContents
    hooks: AsyncRepoHooks
    refs: AsyncGitRefs
    commits: AsyncCommits
    issues: AsyncIssues
    labels: AsyncLabels
    issue_comments: AsyncIssueComments
    pulls: AsyncPulls
    search: AsyncSearch
    releases: AsyncReleases
    release_assets: AsyncReleaseAssets
    statuses: AsyncStatuses
    check_runs: AsyncCheckRuns
    check_suites: AsyncCheckSuites
    actions: AsyncActions
    deployments: AsyncDeployments
    environments: AsyncEnvironments
    reactions: AsyncReactions
    notifications: AsyncNotifications
    markdown: AsyncMarkdown
    gists: AsyncGists
    stars: AsyncStars
