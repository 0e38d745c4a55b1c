# Generated from typelink/github/git.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Git references."""

from __future__ import annotations

import typelink as tl
from typelink import Body
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncGitRefs(AsyncGitHubConsumer):
    """Git references (branches are ``heads/<name>``, tags ``tags/<name>``)."""

    @tl.get("repos/{owner}/{repo}/git/matching-refs/{+ref}")
    async def list_matching(self, owner: str, repo: str, ref: str) -> list[models.GitRef]:
        """List matching references.

        ``GET /repos/{owner}/{repo}/git/matching-refs/{ref}``
        (operation ``git/list-matching-refs``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/git/ref/{+ref}")
    async def get(self, owner: str, repo: str, ref: str) -> models.GitRef:
        """Get a reference.

        ``GET /repos/{owner}/{repo}/git/ref/{ref}``
        (operation ``git/get-ref``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/git/refs")
    async def create(
        self, owner: str, repo: str, body: Body[models.GitCreateRefRequest]
    ) -> models.GitRef:
        """Create a reference.

        ``POST /repos/{owner}/{repo}/git/refs``
        (operation ``git/create-ref``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/git/refs/{+ref}")
    async def update(
        self, owner: str, repo: str, ref: str, body: Body[models.GitUpdateRefRequest]
    ) -> models.GitRef:
        """Update a reference.

        ``PATCH /repos/{owner}/{repo}/git/refs/{ref}``
        (operation ``git/update-ref``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/git/refs/{+ref}")
    async def delete(self, owner: str, repo: str, ref: str) -> None:
        """Delete a reference.

        ``DELETE /repos/{owner}/{repo}/git/refs/{ref}``
        (operation ``git/delete-ref``)
        """
        raise NotImplementedError
