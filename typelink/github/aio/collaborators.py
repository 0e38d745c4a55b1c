# Generated from typelink/github/collaborators.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Repository collaborators and repository invitations."""

from __future__ import annotations

from typing import Literal

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncCollaborators(AsyncGitHubConsumer):
    """Repository collaborators."""

    @tl.get("repos/{owner}/{repo}/collaborators")
    async def list(
        self,
        owner: str,
        repo: str,
        affiliation: Query[Literal["outside", "direct", "all"] | None] = None,
        permission: Query[Literal["pull", "triage", "push", "maintain", "admin"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Collaborator]:
        """List repository collaborators.

        Not sent unless given; GitHub then uses ``affiliation="all"``, ``per_page=30``,
        ``page=1``.

        ``GET /repos/{owner}/{repo}/collaborators``
        (operation ``repos/list-collaborators``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/collaborators/{username}")
    async def check(self, owner: str, repo: str, username: str) -> None:
        """Check if a user is a repository collaborator: returns if they are, raises
        :class:`~typelink.NotFoundError` (404) if they are not.

        ``GET /repos/{owner}/{repo}/collaborators/{username}``
        (operation ``repos/check-collaborator``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/collaborators/{username}")
    async def add(
        self,
        owner: str,
        repo: str,
        username: str,
        body: Body[models.ReposAddCollaboratorRequest | None] = None,
    ) -> models.RepositoryInvitation | None:
        """Add a repository collaborator.

        ``PUT /repos/{owner}/{repo}/collaborators/{username}``
        (operation ``repos/add-collaborator``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/collaborators/{username}")
    async def remove(self, owner: str, repo: str, username: str) -> None:
        """Remove a repository collaborator.

        ``DELETE /repos/{owner}/{repo}/collaborators/{username}``
        (operation ``repos/remove-collaborator``)
        """
        raise NotImplementedError


class AsyncInvitations(AsyncGitHubConsumer):
    """Repository invitations, as the repository and as the invitee."""

    @tl.get("repos/{owner}/{repo}/invitations")
    async def list_for_repo(
        self,
        owner: str,
        repo: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.RepositoryInvitation]:
        """List repository invitations.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/invitations``
        (operation ``repos/list-invitations``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/invitations/{invitation_id}")
    async def delete(self, owner: str, repo: str, invitation_id: int) -> None:
        """Delete a repository invitation.

        ``DELETE /repos/{owner}/{repo}/invitations/{invitation_id}``
        (operation ``repos/delete-invitation``)
        """
        raise NotImplementedError

    @tl.get("user/repository_invitations")
    async def list_for_authenticated_user(
        self, per_page: Query[int | None] = None, page: Query[int | None] = None
    ) -> AsyncPage[models.RepositoryInvitation]:
        """List repository invitations for the authenticated user.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /user/repository_invitations``
        (operation ``repos/list-invitations-for-authenticated-user``)
        """
        raise NotImplementedError

    @tl.patch("user/repository_invitations/{invitation_id}")
    async def accept(self, invitation_id: int) -> None:
        """Accept a repository invitation.

        ``PATCH /user/repository_invitations/{invitation_id}``
        (operation ``repos/accept-invitation-for-authenticated-user``)
        """
        raise NotImplementedError

    @tl.delete("user/repository_invitations/{invitation_id}")
    async def decline(self, invitation_id: int) -> None:
        """Decline a repository invitation.

        ``DELETE /user/repository_invitations/{invitation_id}``
        (operation ``repos/decline-invitation-for-authenticated-user``)
        """
        raise NotImplementedError
