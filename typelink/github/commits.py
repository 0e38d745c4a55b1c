"""Commits: a commit as a diff or a patch, or just its SHA.

``ref`` is a commit SHA, a branch (``main``, ``feature/x``) or a tag, or a qualified ref
(``heads/feature/x``, ``tags/v1.0``); slashes are sent as they are (``commits/feature/x``,
as sessions recorded against api.github.com sent ``commits/stable/2.6``), and every other
character that is not plain is percent-encoded.

The commit as JSON (``repos/get-commit``'s default representation) is not declared here yet.
"""

from __future__ import annotations

import typelink as tl
from typelink.github._base import MEDIA_DIFF, MEDIA_PATCH, MEDIA_SHA, GitHubConsumer


class Commits(GitHubConsumer):
    """A single commit as text: its diff, its patch, its SHA."""

    @tl.headers({"Accept": MEDIA_DIFF})
    @tl.get("repos/{owner}/{repo}/commits/{+ref}")
    def get_diff(self, owner: str, repo: str, ref: str) -> str:
        """The commit's changes as a unified diff (``git diff`` output).

        Very large diffs may time out on GitHub's side (a 5xx, retried like any other).

        ``GET /repos/{owner}/{repo}/commits/{ref}`` with ``Accept: application/vnd.github.diff``
        (operation ``repos/get-commit``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_PATCH})
    @tl.get("repos/{owner}/{repo}/commits/{+ref}")
    def get_patch(self, owner: str, repo: str, ref: str) -> str:
        """The commit as a patch (``git format-patch`` output: headers, message, diff).

        ``GET /repos/{owner}/{repo}/commits/{ref}`` with ``Accept: application/vnd.github.patch``
        (operation ``repos/get-commit``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_SHA})
    @tl.get("repos/{owner}/{repo}/commits/{+ref}")
    def get_sha(self, owner: str, repo: str, ref: str) -> str:
        """The full SHA-1 of the commit ``ref`` names (a branch's head, a tag's commit).

        ``GET /repos/{owner}/{repo}/commits/{ref}`` with ``Accept: application/vnd.github.sha``
        (operation ``repos/get-commit``)
        """
        raise NotImplementedError
