# Generated from typelink/github/contents.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Repository contents: files and directories, the README, and source archives.

A file comes as JSON (``get``: base64 ``content`` and metadata), as its own bytes
(``get_raw``) or rendered to HTML (``get_html``); ``get_object`` answers one object for a
file or a directory alike. ``path`` keeps its slashes (``docs/index.md``: GitHub names files
that way) and ``ref`` (a branch, tag or SHA, ``feature/x`` included) is a query parameter.
Asking for the raw bytes or the HTML of a directory (or a submodule) is a typed
:class:`~typelink.ResponseValidationError`: GitHub answers those with its JSON listing.
"""

from __future__ import annotations

import typelink as tl
from typelink import Body, Query
from typelink.github import models
from typelink.github._base import MEDIA_HTML, MEDIA_OBJECT, MEDIA_RAW, AsyncGitHubConsumer


class AsyncContents(AsyncGitHubConsumer):
    """Files, directories, the README and archives of a repository."""

    @tl.get("repos/{owner}/{repo}/contents/{+path}")
    async def get(
        self, owner: str, repo: str, path: str, ref: Query[str | None] = None
    ) -> (
        models.ContentDirectory
        | models.ContentFile
        | models.ContentSymlink
        | models.ContentSubmodule
    ):
        """Get a file (with base64 ``content``), a directory listing, a symlink or a submodule.

        ``GET /repos/{owner}/{repo}/contents/{path}``
        (operation ``repos/get-content``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_RAW})
    @tl.get("repos/{owner}/{repo}/contents/{+path}")
    async def get_raw(
        self, owner: str, repo: str, path: str, ref: Query[str | None] = None
    ) -> bytes:
        """A file's own bytes (no base64, no metadata); a symlink's target file's bytes.

        ``GET /repos/{owner}/{repo}/contents/{path}`` with
        ``Accept: application/vnd.github.raw+json``
        (operation ``repos/get-content``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_HTML})
    @tl.get("repos/{owner}/{repo}/contents/{+path}")
    async def get_html(
        self, owner: str, repo: str, path: str, ref: Query[str | None] = None
    ) -> str:
        """A file rendered to HTML (Markdown and the other markup languages GitHub renders).

        ``GET /repos/{owner}/{repo}/contents/{path}`` with
        ``Accept: application/vnd.github.html+json``
        (operation ``repos/get-content``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_OBJECT})
    @tl.get("repos/{owner}/{repo}/contents/{+path}")
    async def get_object(
        self, owner: str, repo: str, path: str, ref: Query[str | None] = None
    ) -> models.ContentTree:
        """A file or a directory as one object: a directory's listing is under ``entries``.

        ``GET /repos/{owner}/{repo}/contents/{path}`` with
        ``Accept: application/vnd.github.object+json``
        (operation ``repos/get-content``)
        """
        raise NotImplementedError

    @tl.put("repos/{owner}/{repo}/contents/{+path}")
    async def create_or_update_file(
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
    async def delete_file(
        self, owner: str, repo: str, path: str, body: Body[models.ReposDeleteFileRequest]
    ) -> models.FileCommit:
        """Delete a file.

        ``DELETE /repos/{owner}/{repo}/contents/{path}``
        (operation ``repos/delete-file``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/readme")
    async def get_readme(
        self, owner: str, repo: str, ref: Query[str | None] = None
    ) -> models.ContentFile:
        """Get a repository README.

        ``GET /repos/{owner}/{repo}/readme``
        (operation ``repos/get-readme``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_RAW})
    @tl.get("repos/{owner}/{repo}/readme")
    async def get_readme_raw(self, owner: str, repo: str, ref: Query[str | None] = None) -> bytes:
        """The README's own bytes.

        ``GET /repos/{owner}/{repo}/readme`` with ``Accept: application/vnd.github.raw+json``
        (operation ``repos/get-readme``)
        """
        raise NotImplementedError

    @tl.headers({"Accept": MEDIA_HTML})
    @tl.get("repos/{owner}/{repo}/readme")
    async def get_readme_html(self, owner: str, repo: str, ref: Query[str | None] = None) -> str:
        """The README rendered to HTML.

        ``GET /repos/{owner}/{repo}/readme`` with ``Accept: application/vnd.github.html+json``
        (operation ``repos/get-readme``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/tarball/{+ref}")
    async def download_tarball(self, owner: str, repo: str, ref: str) -> bytes:
        """Download a repository archive (tar) at ``ref`` (a branch, tag or SHA; its slashes
        are kept: ``tarball/feature/x``).

        GitHub redirects to ``codeload.github.com``; the redirect is followed and the archive
        bytes are returned.

        ``GET /repos/{owner}/{repo}/tarball/{ref}``
        (operation ``repos/download-tarball-archive``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/zipball/{+ref}")
    async def download_zipball(self, owner: str, repo: str, ref: str) -> bytes:
        """Download a repository archive (zip) at ``ref`` (a branch, tag or SHA; its slashes
        are kept: ``zipball/feature/x``).

        GitHub redirects to ``codeload.github.com``; the redirect is followed and the archive
        bytes are returned.

        ``GET /repos/{owner}/{repo}/zipball/{ref}``
        (operation ``repos/download-zipball-archive``)
        """
        raise NotImplementedError
