# Generated from typelink/github/branches.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Branches and branch protection.

A branch name keeps its slashes on the wire (``branches/feature/x/protection``): that is
how GitHub spells these resources in its own answers (a branch's ``_links.self`` and
``protection_url``), and how real sessions recorded against api.github.com sent them. Every
other character that is not plain is percent-encoded; a ``.`` or ``..`` segment is refused.
"""

from __future__ import annotations

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncBranches(AsyncGitHubConsumer):
    """Branches and branch protection."""

    @tl.get("repos/{owner}/{repo}/branches")
    async def list(
        self,
        owner: str,
        repo: str,
        protected: Query[bool | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.ShortBranch]:
        """List branches.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/branches``
        (operation ``repos/list-branches``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/branches/{+branch}")
    async def get(self, owner: str, repo: str, branch: str) -> models.BranchWithProtection:
        """Get a branch.

        ``GET /repos/{owner}/{repo}/branches/{branch}``
        (operation ``repos/get-branch``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/branches/{+branch}/protection")
    async def get_protection(self, owner: str, repo: str, branch: str) -> models.BranchProtection:
        """Get branch protection.

        ``GET /repos/{owner}/{repo}/branches/{branch}/protection``
        (operation ``repos/get-branch-protection``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/branches/{+branch}/protection")
    async def update_protection(
        self,
        owner: str,
        repo: str,
        branch: str,
        body: Body[models.ReposUpdateBranchProtectionRequest],
    ) -> models.ProtectedBranch:
        """Update branch protection.

        ``PUT /repos/{owner}/{repo}/branches/{branch}/protection``
        (operation ``repos/update-branch-protection``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/branches/{+branch}/protection")
    async def delete_protection(self, owner: str, repo: str, branch: str) -> None:
        """Delete branch protection.

        ``DELETE /repos/{owner}/{repo}/branches/{branch}/protection``
        (operation ``repos/delete-branch-protection``)
        """
        raise NotImplementedError
