"""Repository contents: files and directories, the README, and source archives."""

from __future__ import annotations

import typelink as tl
from typelink import Body, Query
from typelink.github import models
from typelink.github._base import GitHubConsumer


class Contents(GitHubConsumer):
    """Files, directories, the README and archives of a repository."""

    @tl.get("repos/{owner}/{repo}/contents/{+path}")
    def get(
        self, owner: str, repo: str, path: str, ref: Query[str | None] = None
    ) -> (
        models.ContentDirectory
        | models.ContentFile
        | models.ContentSymlink
        | models.ContentSubmodule
    ):
        """Get a file (with base64 ``content``), a directory listing, a symlink or a submodule.

        ``path`` may contain slashes (``docs/index.md``); they are kept as they are.

        ``GET /repos/{owner}/{repo}/contents/{path}``
        (operation ``repos/get-content``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/contents/{+path}")
    def create_or_update_file(
        self,
        owner: str,
        repo: str,
        path: str,
        body: Body[models.ReposCreateOrUpdateFileContentsRequest],
    ) -> models.FileCommit:
        """Create or update file contents.

        ``PUT /repos/{owner}/{repo}/contents/{path}``
        (operation ``repos/create-or-update-file-contents``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/contents/{+path}")
    def delete_file(
        self, owner: str, repo: str, path: str, body: Body[models.ReposDeleteFileRequest]
    ) -> models.FileCommit:
        """Delete a file.

        ``DELETE /repos/{owner}/{repo}/contents/{path}``
        (operation ``repos/delete-file``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/readme")
    def get_readme(
        self, owner: str, repo: str, ref: Query[str | None] = None
    ) -> models.ContentFile:
        """Get a repository README.

        ``GET /repos/{owner}/{repo}/readme``
        (operation ``repos/get-readme``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/tarball/{ref}")
    def download_tarball(self, owner: str, repo: str, ref: str) -> bytes:
        """Download a repository archive (tar) at ``ref``.

        GitHub redirects to ``codeload.github.com``; the redirect is followed and the archive
        bytes are returned.

        ``GET /repos/{owner}/{repo}/tarball/{ref}``
        (operation ``repos/download-tarball-archive``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/zipball/{ref}")
    def download_zipball(self, owner: str, repo: str, ref: str) -> bytes:
        """Download a repository archive (zip) at ``ref``.

        GitHub redirects to ``codeload.github.com``; the redirect is followed and the archive
        bytes are returned.

        ``GET /repos/{owner}/{repo}/zipball/{ref}``
        (operation ``repos/download-zipball-archive``)
        """
        raise NotImplementedError
