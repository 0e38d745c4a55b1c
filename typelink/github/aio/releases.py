# Generated from typelink/github/releases.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Releases and release assets."""

from __future__ import annotations

from typing import Annotated

import typelink as tl
from typelink import AsyncPage, Body, Query, header
from typelink.github import models
from typelink.github._base import UPLOADS, AsyncGitHubConsumer


class AsyncReleases(AsyncGitHubConsumer):
    """Releases."""

    @tl.get("repos/{owner}/{repo}/releases")
    async def list(
        self,
        owner: str,
        repo: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Release]:
        """List releases.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/releases``
        (operation ``repos/list-releases``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/releases/{release_id}")
    async def get(self, owner: str, repo: str, release_id: int) -> models.Release:
        """Get a release.

        ``GET /repos/{owner}/{repo}/releases/{release_id}``
        (operation ``repos/get-release``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/releases/tags/{tag}")
    async def get_by_tag(self, owner: str, repo: str, tag: str) -> models.Release:
        """Get a release by tag name.

        ``GET /repos/{owner}/{repo}/releases/tags/{tag}``
        (operation ``repos/get-release-by-tag``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/releases/latest")
    async def get_latest(self, owner: str, repo: str) -> models.Release:
        """Get the latest release.

        ``GET /repos/{owner}/{repo}/releases/latest``
        (operation ``repos/get-latest-release``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/releases")
    async def create(
        self, owner: str, repo: str, body: Body[models.ReposCreateReleaseRequest]
    ) -> models.Release:
        """Create a release.

        ``POST /repos/{owner}/{repo}/releases``
        (operation ``repos/create-release``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/releases/{release_id}")
    async def update(
        self, owner: str, repo: str, release_id: int, body: Body[models.ReposUpdateReleaseRequest]
    ) -> models.Release:
        """Update a release.

        ``PATCH /repos/{owner}/{repo}/releases/{release_id}``
        (operation ``repos/update-release``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/releases/{release_id}")
    async def delete(self, owner: str, repo: str, release_id: int) -> None:
        """Delete a release.

        ``DELETE /repos/{owner}/{repo}/releases/{release_id}``
        (operation ``repos/delete-release``)
        """
        raise NotImplementedError


class AsyncReleaseAssetUploads(AsyncGitHubConsumer):
    """Uploads, on the uploads host (``uploads.github.com``, ``HOST/api/uploads`` for GHES)."""

    base_url_name = UPLOADS

    @tl.post("repos/{owner}/{repo}/releases/{release_id}/assets")
    async def upload(
        self,
        owner: str,
        repo: str,
        release_id: int,
        data: Body[bytes],
        content_type: Annotated[str, header("Content-Type")],
        name: Query[str],
        label: Query[str | None] = None,
    ) -> models.ReleaseAsset:
        """Upload a release asset to the uploads host.

        ``POST https://uploads.github.com/repos/{owner}/{repo}/releases/{release_id}/assets``
        (operation ``repos/upload-release-asset``)
        """
        raise NotImplementedError


class AsyncReleaseAssets(AsyncGitHubConsumer):
    """Release assets; uploads go to the uploads host (see :meth:`upload`)."""

    uploads: AsyncReleaseAssetUploads

    @tl.get("repos/{owner}/{repo}/releases/{release_id}/assets")
    async def list(
        self,
        owner: str,
        repo: str,
        release_id: int,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.ReleaseAsset]:
        """List release assets.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/releases/{release_id}/assets``
        (operation ``repos/list-release-assets``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/releases/assets/{asset_id}")
    async def get(self, owner: str, repo: str, asset_id: int) -> models.ReleaseAsset:
        """Get a release asset.

        ``GET /repos/{owner}/{repo}/releases/assets/{asset_id}``
        (operation ``repos/get-release-asset``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/releases/assets/{asset_id}")
    async def update(
        self,
        owner: str,
        repo: str,
        asset_id: int,
        body: Body[models.ReposUpdateReleaseAssetRequest],
    ) -> models.ReleaseAsset:
        """Update a release asset.

        ``PATCH /repos/{owner}/{repo}/releases/assets/{asset_id}``
        (operation ``repos/update-release-asset``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/releases/assets/{asset_id}")
    async def delete(self, owner: str, repo: str, asset_id: int) -> None:
        """Delete a release asset.

        ``DELETE /repos/{owner}/{repo}/releases/assets/{asset_id}``
        (operation ``repos/delete-release-asset``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/releases/assets/{asset_id}", max_response_size=2 * 1024**3)
    @tl.headers({"Accept": "application/octet-stream"})
    async def download(self, owner: str, repo: str, asset_id: int) -> bytes:
        """Download a release asset's bytes (up to 2 GiB, GitHub's largest asset).

        With ``Accept: application/octet-stream`` GitHub answers with a redirect to the
        asset storage (or with the bytes); the redirect is followed, without the token.

        ``GET /repos/{owner}/{repo}/releases/assets/{asset_id}``
        (operation ``repos/get-release-asset``)
        """
        raise NotImplementedError

    async def upload(
        self,
        owner: str,
        repo: str,
        release_id: int,
        data: bytes,
        content_type: str,
        name: str,
        label: str | None = None,
    ) -> models.ReleaseAsset:
        """Upload a release asset (to the uploads host, with the client's credential).

        ``content_type`` is the asset's own media type (e.g. ``application/zip``); ``name``
        is its file name. GitHub answers 422 if an asset with that name already exists.
        The same call as ``self.uploads.upload(...)``.
        """
        return await self.uploads.upload(owner, repo, release_id, data, content_type, name, label)
