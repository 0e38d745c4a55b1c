# Generated from typelink/github/reactions.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Reactions to issues, comments and releases."""

from __future__ import annotations

from typing import Literal

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncReactions(AsyncGitHubConsumer):
    """Reactions (``+1``, ``heart``, ``rocket``...) to issues, comments and releases."""

    @tl.get("repos/{owner}/{repo}/issues/{issue_number}/reactions")
    async def list_for_issue(
        self,
        owner: str,
        repo: str,
        issue_number: int,
        content: Query[
            Literal["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"] | None
        ] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Reaction]:
        """List reactions for an issue.

        List the reactions to an issue.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/issues/{issue_number}/reactions``
        (operation ``reactions/list-for-issue``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/issues/{issue_number}/reactions")
    async def create_for_issue(
        self,
        owner: str,
        repo: str,
        issue_number: int,
        body: Body[models.ReactionsCreateForIssueRequest],
    ) -> models.Reaction:
        """Create reaction for an issue.

        Create a reaction to an issue. A response with an HTTP ``200`` status means that you
        already added the reaction type to this issue.

        ``POST /repos/{owner}/{repo}/issues/{issue_number}/reactions``
        (operation ``reactions/create-for-issue``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/issues/{issue_number}/reactions/{reaction_id}")
    async def delete_for_issue(
        self, owner: str, repo: str, issue_number: int, reaction_id: int
    ) -> None:
        """Delete an issue reaction.

        You can also specify a repository by ``repository_id`` using the route ``DELETE
        /repositories/:repository_id/issues/:issue_number/reactions/:reaction_id``.

        ``DELETE /repos/{owner}/{repo}/issues/{issue_number}/reactions/{reaction_id}``
        (operation ``reactions/delete-for-issue``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/issues/comments/{comment_id}/reactions")
    async def list_for_issue_comment(
        self,
        owner: str,
        repo: str,
        comment_id: int,
        content: Query[
            Literal["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"] | None
        ] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Reaction]:
        """List reactions for an issue comment.

        List the reactions to an issue comment.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions``
        (operation ``reactions/list-for-issue-comment``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/issues/comments/{comment_id}/reactions")
    async def create_for_issue_comment(
        self,
        owner: str,
        repo: str,
        comment_id: int,
        body: Body[models.ReactionsCreateForIssueCommentRequest],
    ) -> models.Reaction:
        """Create reaction for an issue comment.

        Create a reaction to an issue comment. A response with an HTTP ``200`` status means that
        you already added the reaction type to this issue comment.

        ``POST /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions``
        (operation ``reactions/create-for-issue-comment``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/issues/comments/{comment_id}/reactions/{reaction_id}")
    async def delete_for_issue_comment(
        self, owner: str, repo: str, comment_id: int, reaction_id: int
    ) -> None:
        """Delete an issue comment reaction.

        You can also specify a repository by ``repository_id`` using the route ``DELETE delete
        /repositories/:repository_id/issues/comments/:comment_id/reactions/:reaction_id``.

        ``DELETE /repos/{owner}/{repo}/issues/comments/{comment_id}/reactions/{reaction_id}``
        (operation ``reactions/delete-for-issue-comment``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/comments/{comment_id}/reactions")
    async def list_for_commit_comment(
        self,
        owner: str,
        repo: str,
        comment_id: int,
        content: Query[
            Literal["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"] | None
        ] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Reaction]:
        """List reactions for a commit comment.

        List the reactions to a commit comment.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/comments/{comment_id}/reactions``
        (operation ``reactions/list-for-commit-comment``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/comments/{comment_id}/reactions")
    async def create_for_commit_comment(
        self,
        owner: str,
        repo: str,
        comment_id: int,
        body: Body[models.ReactionsCreateForCommitCommentRequest],
    ) -> models.Reaction:
        """Create reaction for a commit comment.

        Create a reaction to a commit comment. A response with an HTTP ``200`` status means that
        you already added the reaction type to this commit comment.

        ``POST /repos/{owner}/{repo}/comments/{comment_id}/reactions``
        (operation ``reactions/create-for-commit-comment``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/comments/{comment_id}/reactions/{reaction_id}")
    async def delete_for_commit_comment(
        self, owner: str, repo: str, comment_id: int, reaction_id: int
    ) -> None:
        """Delete a commit comment reaction.

        You can also specify a repository by ``repository_id`` using the route ``DELETE
        /repositories/:repository_id/comments/:comment_id/reactions/:reaction_id``.

        ``DELETE /repos/{owner}/{repo}/comments/{comment_id}/reactions/{reaction_id}``
        (operation ``reactions/delete-for-commit-comment``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions")
    async def list_for_pull_request_review_comment(
        self,
        owner: str,
        repo: str,
        comment_id: int,
        content: Query[
            Literal["+1", "-1", "laugh", "confused", "heart", "hooray", "rocket", "eyes"] | None
        ] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Reaction]:
        """List reactions for a pull request review comment.

        List the reactions to a pull request review comment.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions``
        (operation ``reactions/list-for-pull-request-review-comment``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions")
    async def create_for_pull_request_review_comment(
        self,
        owner: str,
        repo: str,
        comment_id: int,
        body: Body[models.ReactionsCreateForPullRequestReviewCommentRequest],
    ) -> models.Reaction:
        """Create reaction for a pull request review comment.

        Create a reaction to a pull request review comment. A response with an HTTP ``200``
        status means that you already added the reaction type to this pull request review
        comment.

        ``POST /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions``
        (operation ``reactions/create-for-pull-request-review-comment``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions/{reaction_id}")
    async def delete_for_pull_request_review_comment(
        self, owner: str, repo: str, comment_id: int, reaction_id: int
    ) -> None:
        """Delete a pull request comment reaction.

        You can also specify a repository by ``repository_id`` using the route ``DELETE
        /repositories/:repository_id/pulls/comments/:comment_id/reactions/:reaction_id.``

        ``DELETE /repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions/{reaction_id}``
        (operation ``reactions/delete-for-pull-request-comment``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/releases/{release_id}/reactions")
    async def list_for_release(
        self,
        owner: str,
        repo: str,
        release_id: int,
        content: Query[Literal["+1", "laugh", "heart", "hooray", "rocket", "eyes"] | None] = None,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Reaction]:
        """List reactions for a release.

        List the reactions to a release.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/releases/{release_id}/reactions``
        (operation ``reactions/list-for-release``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/releases/{release_id}/reactions")
    async def create_for_release(
        self,
        owner: str,
        repo: str,
        release_id: int,
        body: Body[models.ReactionsCreateForReleaseRequest],
    ) -> models.Reaction:
        """Create reaction for a release.

        Create a reaction to a release. A response with a ``Status: 200 OK`` means that you
        already added the reaction type to this release.

        ``POST /repos/{owner}/{repo}/releases/{release_id}/reactions``
        (operation ``reactions/create-for-release``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/releases/{release_id}/reactions/{reaction_id}")
    async def delete_for_release(
        self, owner: str, repo: str, release_id: int, reaction_id: int
    ) -> None:
        """Delete a release reaction.

        You can also specify a repository by ``repository_id`` using the route ``DELETE delete
        /repositories/:repository_id/releases/:release_id/reactions/:reaction_id``.

        ``DELETE /repos/{owner}/{repo}/releases/{release_id}/reactions/{reaction_id}``
        (operation ``reactions/delete-for-release``)
        """
        raise NotImplementedError
