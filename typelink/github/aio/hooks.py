# Generated from typelink/github/hooks.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Repository webhooks: configuration, deliveries, pings and test pushes."""

from __future__ import annotations

from typing import Any, Literal

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncRepoHooks(AsyncGitHubConsumer):
    """A repository's webhooks."""

    @tl.get("repos/{owner}/{repo}/hooks")
    async def list(
        self,
        owner: str,
        repo: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.Hook]:
        """List repository webhooks.

        Lists webhooks for a repository. ``last response`` may return null if there have not
        been any deliveries within 30 days.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /repos/{owner}/{repo}/hooks``
        (operation ``repos/list-webhooks``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/hooks")
    async def create(
        self,
        owner: str,
        repo: str,
        body: Body[models.ReposCreateWebhookRequest | None | None] = None,
    ) -> models.Hook:
        """Create a repository webhook.

        Repositories can have multiple webhooks installed. Each webhook should have a unique
        ``config``. Multiple webhooks can share the same ``config`` as long as those webhooks do
        not have any ``events`` that overlap.

        ``POST /repos/{owner}/{repo}/hooks``
        (operation ``repos/create-webhook``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/hooks/{hook_id}")
    async def get(self, owner: str, repo: str, hook_id: int) -> models.Hook:
        """Get a repository webhook.

        Returns a webhook configured in a repository. To get only the webhook ``config``
        properties, see "Get a webhook configuration for a repository."

        ``GET /repos/{owner}/{repo}/hooks/{hook_id}``
        (operation ``repos/get-webhook``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/hooks/{hook_id}")
    async def update(
        self,
        owner: str,
        repo: str,
        hook_id: int,
        body: Body[models.ReposUpdateWebhookRequest],
    ) -> models.Hook:
        """Update a repository webhook.

        Updates a webhook configured in a repository. If you previously had a ``secret`` set,
        you must provide the same ``secret`` or set a new ``secret`` or the secret will be
        removed. If you are only updating individual webhook ``config`` properties, use "Update
        a webhook configuration for a repository."

        ``PATCH /repos/{owner}/{repo}/hooks/{hook_id}``
        (operation ``repos/update-webhook``)
        """
        raise NotImplementedError

    @tl.delete("repos/{owner}/{repo}/hooks/{hook_id}")
    async def delete(self, owner: str, repo: str, hook_id: int) -> None:
        """Delete a repository webhook.

        Delete a webhook for an organization.

        ``DELETE /repos/{owner}/{repo}/hooks/{hook_id}``
        (operation ``repos/delete-webhook``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/hooks/{hook_id}/config")
    async def get_config(self, owner: str, repo: str, hook_id: int) -> models.WebhookConfig:
        """Get a webhook configuration for a repository.

        Returns the webhook configuration for a repository. To get more information about the
        webhook, including the ``active`` state and ``events``, use "Get a repository webhook."

        ``GET /repos/{owner}/{repo}/hooks/{hook_id}/config``
        (operation ``repos/get-webhook-config-for-repo``)
        """
        raise NotImplementedError

    @tl.patch("repos/{owner}/{repo}/hooks/{hook_id}/config")
    async def update_config(
        self,
        owner: str,
        repo: str,
        hook_id: int,
        body: Body[models.ReposUpdateWebhookConfigForRepoRequest | None] = None,
    ) -> models.WebhookConfig:
        """Update a webhook configuration for a repository.

        Updates the webhook configuration for a repository. To update more information about the
        webhook, including the ``active`` state and ``events``, use "Update a repository
        webhook."

        ``PATCH /repos/{owner}/{repo}/hooks/{hook_id}/config``
        (operation ``repos/update-webhook-config-for-repo``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/hooks/{hook_id}/deliveries")
    async def list_deliveries(
        self,
        owner: str,
        repo: str,
        hook_id: int,
        per_page: Query[int | None] = None,
        cursor: Query[str | None] = None,
        status: Query[Literal["success", "failure"] | None] = None,
    ) -> AsyncPage[models.HookDeliveryItem]:
        """List deliveries for a repository webhook.

        Returns a list of webhook deliveries for a webhook configured in a repository.

        Pages follow the ``Link`` header (GitHub pages deliveries by ``cursor``).

        Not sent unless given; GitHub then uses ``per_page=30``.

        ``GET /repos/{owner}/{repo}/hooks/{hook_id}/deliveries``
        (operation ``repos/list-webhook-deliveries``)
        """
        raise NotImplementedError

    @tl.get("repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}")
    async def get_delivery(
        self, owner: str, repo: str, hook_id: int, delivery_id: int
    ) -> models.HookDelivery:
        """Get a delivery for a repository webhook.

        Returns a delivery for a webhook configured in a repository.

        ``GET /repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}``
        (operation ``repos/get-webhook-delivery``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}/attempts")
    async def redeliver(
        self, owner: str, repo: str, hook_id: int, delivery_id: int
    ) -> dict[str, Any]:
        """Redeliver a delivery for a repository webhook.

        Redeliver a webhook delivery for a webhook configured in a repository.

        ``POST /repos/{owner}/{repo}/hooks/{hook_id}/deliveries/{delivery_id}/attempts``
        (operation ``repos/redeliver-webhook-delivery``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/hooks/{hook_id}/pings")
    async def ping(self, owner: str, repo: str, hook_id: int) -> None:
        """Ping a repository webhook.

        This will trigger a ping event to be sent to the hook.

        ``POST /repos/{owner}/{repo}/hooks/{hook_id}/pings``
        (operation ``repos/ping-webhook``)
        """
        raise NotImplementedError

    @tl.post("repos/{owner}/{repo}/hooks/{hook_id}/tests")
    async def test_push(self, owner: str, repo: str, hook_id: int) -> None:
        """Test the push repository webhook.

        This will trigger the hook with the latest push to the current repository if the hook is
        subscribed to ``push`` events. If the hook is not subscribed to ``push`` events, the
        server will respond with 204 but no test POST will be generated.

        ``POST /repos/{owner}/{repo}/hooks/{hook_id}/tests``
        (operation ``repos/test-push-webhook``)
        """
        raise NotImplementedError
