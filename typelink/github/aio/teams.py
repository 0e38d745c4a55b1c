# Generated from typelink/github/teams.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Teams of an organization, their members and repositories."""

from __future__ import annotations

from typing import Literal

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncTeams(AsyncGitHubConsumer):
    """Teams, team memberships and team repositories."""

    @tl.get("orgs/{org}/teams")
    async def list(
        self,
        org: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
        team_type: Query[Literal["all", "enterprise", "organization"] | None] = None,
    ) -> AsyncPage[models.Team]:
        """List teams.

        Lists all teams in an organization that are visible to the authenticated user.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``,
        ``team_type="all"``.

        ``GET /orgs/{org}/teams``
        (operation ``teams/list``)
        """
        raise NotImplementedError

    @tl.post("orgs/{org}/teams")
    async def create(self, org: str, body: Body[models.TeamsCreateRequest]) -> models.TeamFull:
        """Create a team.

        To create a team, the authenticated user must be a member or owner of ``{org}``. By
        default, organization members can create teams. Organization owners can limit team
        creation to organization owners. For more information, see "Setting team creation
        permissions."

        ``POST /orgs/{org}/teams``
        (operation ``teams/create``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/teams/{team_slug}")
    async def get(self, org: str, team_slug: str) -> models.TeamFull:
        """Get a team by name.

        Gets a team using the team's ``slug``. To create the ``slug``, GitHub replaces special
        characters in the ``name`` string, changes all words to lowercase, and replaces spaces
        with a ``-`` separator. For example, ``"My TEam Näme"`` would become ``my-team-name``.

        ``GET /orgs/{org}/teams/{team_slug}``
        (operation ``teams/get-by-name``)
        """
        raise NotImplementedError

    @tl.patch("orgs/{org}/teams/{team_slug}")
    async def update(
        self,
        org: str,
        team_slug: str,
        body: Body[models.TeamsUpdateInOrgRequest | None] = None,
    ) -> models.TeamFull:
        """Update a team.

        To edit a team, the authenticated user must either be an organization owner or a team
        maintainer.

        ``PATCH /orgs/{org}/teams/{team_slug}``
        (operation ``teams/update-in-org``)
        """
        raise NotImplementedError

    @tl.delete("orgs/{org}/teams/{team_slug}")
    async def delete(self, org: str, team_slug: str) -> None:
        """Delete a team.

        To delete a team, the authenticated user must be an organization owner or team
        maintainer.

        ``DELETE /orgs/{org}/teams/{team_slug}``
        (operation ``teams/delete-in-org``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/teams/{team_slug}/teams")
    async def list_children(
        self,
        org: str,
        team_slug: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Team]:
        """List child teams.

        Lists the child teams of the team specified by ``{team_slug}``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /orgs/{org}/teams/{team_slug}/teams``
        (operation ``teams/list-child-in-org``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/teams/{team_slug}/members")
    async def list_members(
        self,
        org: str,
        team_slug: str,
        role: Query[Literal["member", "maintainer", "all"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.TeamMember]:
        """List team members.

        Team members will include the members of child teams.

        Not sent unless given; GitHub then uses ``role="all"``, ``per_page=30``, ``page=1``.

        ``GET /orgs/{org}/teams/{team_slug}/members``
        (operation ``teams/list-members-in-org``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/teams/{team_slug}/invitations")
    async def list_pending_invitations(
        self,
        org: str,
        team_slug: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.OrganizationInvitation]:
        """List pending team invitations.

        The return hash contains a ``role`` field which refers to the Organization Invitation
        role and will be one of the following values: ``direct_member``, ``admin``,
        ``billing_manager``, ``hiring_manager``, or ``reinstate``. If the invitee is not a
        GitHub member, the ``login`` field in the return hash will be ``null``.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /orgs/{org}/teams/{team_slug}/invitations``
        (operation ``teams/list-pending-invitations-in-org``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/teams/{team_slug}/memberships/{username}")
    async def get_membership(
        self, org: str, team_slug: str, username: str
    ) -> models.TeamMembership:
        """Get team membership for a user.

        Team members will include the members of child teams.

        ``GET /orgs/{org}/teams/{team_slug}/memberships/{username}``
        (operation ``teams/get-membership-for-user-in-org``)
        """
        raise NotImplementedError

    @tl.put("orgs/{org}/teams/{team_slug}/memberships/{username}")
    async def add_or_update_membership(
        self,
        org: str,
        team_slug: str,
        username: str,
        body: Body[models.TeamsAddOrUpdateMembershipForUserInOrgRequest | None] = None,
    ) -> models.TeamMembership:
        """Add or update team membership for a user.

        Adds an organization member to a team. An authenticated organization owner or team
        maintainer can add organization members to a team.

        ``PUT /orgs/{org}/teams/{team_slug}/memberships/{username}``
        (operation ``teams/add-or-update-membership-for-user-in-org``)
        """
        raise NotImplementedError

    @tl.delete("orgs/{org}/teams/{team_slug}/memberships/{username}")
    async def remove_membership(self, org: str, team_slug: str, username: str) -> None:
        """Remove team membership for a user.

        To remove a membership between a user and a team, the authenticated user must have
        'admin' permissions to the team or be an owner of the organization that the team is
        associated with. Removing team membership does not delete the user, it just removes
        their membership from the team.

        ``DELETE /orgs/{org}/teams/{team_slug}/memberships/{username}``
        (operation ``teams/remove-membership-for-user-in-org``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/teams/{team_slug}/repos")
    async def list_repos(
        self,
        org: str,
        team_slug: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.MinimalRepository]:
        """List team repositories.

        Lists a team's repositories visible to the authenticated user.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /orgs/{org}/teams/{team_slug}/repos``
        (operation ``teams/list-repos-in-org``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}")
    async def check_repo_permissions(
        self, org: str, team_slug: str, owner: str, repo: str
    ) -> models.TeamRepository | None:
        """Check team permissions for a repository.

        Checks whether a team has ``admin``, ``push``, ``maintain``, ``triage``, or ``pull``
        permission for a repository. Repositories inherited through a parent team will also be
        checked.

        With this ``Accept`` (JSON), GitHub answers 204 (``None``) when the team has access and
        404 (``NotFoundError``) when it has not. The repository with the team's
        ``permissions`` comes only for ``Accept: application/vnd.github.v3.repository+json``,
        a representation not declared here.

        ``GET /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}``
        (operation ``teams/check-permissions-for-repo-in-org``)
        """
        raise NotImplementedError

    @tl.put("orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}")
    async def add_or_update_repo_permissions(
        self,
        org: str,
        team_slug: str,
        owner: str,
        repo: str,
        body: Body[models.TeamsAddOrUpdateRepoPermissionsInOrgRequest | None] = None,
    ) -> None:
        """Add or update team repository permissions.

        ``PUT /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}``
        (operation ``teams/add-or-update-repo-permissions-in-org``)
        """
        raise NotImplementedError

    @tl.delete("orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}")
    async def remove_repo(self, org: str, team_slug: str, owner: str, repo: str) -> None:
        """Remove a repository from a team.

        ``DELETE /orgs/{org}/teams/{team_slug}/repos/{owner}/{repo}``
        (operation ``teams/remove-repo-in-org``)
        """
        raise NotImplementedError

    @tl.get("user/teams")
    async def list_for_authenticated_user(
        self, per_page: Query[int | None] = None, page: Query[int | None] = None
    ) -> AsyncPage[models.TeamFull]:
        """List teams for the authenticated user.

        List all of the teams across all of the organizations to which the authenticated user
        belongs.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /user/teams``
        (operation ``teams/list-for-authenticated-user``)
        """
        raise NotImplementedError
