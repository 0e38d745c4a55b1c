# Generated from typelink/github/apps.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""GitHub App endpoints needed to authenticate as an App installation."""

from __future__ import annotations

import typelink as tl
from typelink import Body
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncApps(AsyncGitHubConsumer):
    """GitHub App endpoints used for App authentication."""

    @tl.get("app")
    async def get_authenticated(self) -> models.Integration | None:
        """Get the authenticated app.

        ``GET /app``
        (operation ``apps/get-authenticated``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/installation")
    async def get_repo_installation(self, owner: str, repo: str) -> models.Installation:
        """Get a repository installation for the authenticated app.

        ``GET /repos/{owner}/{repo}/installation``
        (operation ``apps/get-repo-installation``)
        """
        raise NotImplementedError

    @tl.post("app/installations/{installation_id}/access_tokens")
    async def create_installation_access_token(
        self,
        installation_id: int,
        body: Body[models.AppsCreateInstallationAccessTokenRequest | None] = None,
    ) -> models.InstallationToken:
        """Create an installation access token for an app.

        ``POST /app/installations/{installation_id}/access_tokens``
        (operation ``apps/create-installation-access-token``)
        """
        raise NotImplementedError
