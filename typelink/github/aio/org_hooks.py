# Generated from typelink/github/org_hooks.py
# by `python -m typelink.github._generate_async`:
# do not edit; change the blocking declarations and regenerate.
"""Organization webhooks: configuration, deliveries and pings."""

from __future__ import annotations

from typing import Any, Literal

import typelink as tl
from typelink import AsyncPage, Body, Query
from typelink.github import models
from typelink.github._base import AsyncGitHubConsumer


class AsyncOrgHooks(AsyncGitHubConsumer):
    """An organization's webhooks."""

    @tl.get("orgs/{org}/hooks")
    async def list(
        self,
        org: str,
        per_page: Query[int | None] = None,
        page: Query[int | None] = None,
    ) -> AsyncPage[models.OrgHook]:
        """List organization webhooks.

        List webhooks for an organization.

        Not sent unless given; GitHub then uses ``per_page=30``, ``page=1``.

        ``GET /orgs/{org}/hooks``
        (operation ``orgs/list-webhooks``)
        """
        raise NotImplementedError

    @tl.post("orgs/{org}/hooks")
    async def create(self, org: str, body: Body[models.OrgsCreateWebhookRequest]) -> models.OrgHook:
        """Create an organization webhook.

        Create a hook that posts payloads in JSON format.

        ``POST /orgs/{org}/hooks``
        (operation ``orgs/create-webhook``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/hooks/{hook_id}")
    async def get(self, org: str, hook_id: int) -> models.OrgHook:
        """Get an organization webhook.

        Returns a webhook configured in an organization. To get only the webhook ``config``
        properties, see "Get a webhook configuration for an organization.

        ``GET /orgs/{org}/hooks/{hook_id}``
        (operation ``orgs/get-webhook``)
        """
        raise NotImplementedError

    @tl.patch("orgs/{org}/hooks/{hook_id}")
    async def update(
        self,
        org: str,
        hook_id: int,
        body: Body[models.OrgsUpdateWebhookRequest | None] = None,
    ) -> models.OrgHook:
        """Update an organization webhook.

        ``PATCH /orgs/{org}/hooks/{hook_id}``
        (operation ``orgs/update-webhook``)
        """
        raise NotImplementedError

    @tl.delete("orgs/{org}/hooks/{hook_id}")
    async def delete(self, org: str, hook_id: int) -> None:
        """Delete an organization webhook.

        Delete a webhook for an organization.

        ``DELETE /orgs/{org}/hooks/{hook_id}``
        (operation ``orgs/delete-webhook``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/hooks/{hook_id}/config")
    async def get_config(self, org: str, hook_id: int) -> models.WebhookConfig:
        """Get a webhook configuration for an organization.

        Returns the webhook configuration for an organization. To get more information about the
        webhook, including the ``active`` state and ``events``, use "Get an organization webhook
        ."

        ``GET /orgs/{org}/hooks/{hook_id}/config``
        (operation ``orgs/get-webhook-config-for-org``)
        """
        raise NotImplementedError

    @tl.patch("orgs/{org}/hooks/{hook_id}/config")
    async def update_config(
        self,
        org: str,
        hook_id: int,
        body: Body[models.OrgsUpdateWebhookConfigForOrgRequest | None] = None,
    ) -> models.WebhookConfig:
        """Update a webhook configuration for an organization.

        Updates the webhook configuration for an organization. To update more information about
        the webhook, including the ``active`` state and ``events``, use "Update an organization
        webhook ."

        ``PATCH /orgs/{org}/hooks/{hook_id}/config``
        (operation ``orgs/update-webhook-config-for-org``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/hooks/{hook_id}/deliveries")
    async def list_deliveries(
        self,
        org: str,
        hook_id: int,
        per_page: Query[int | None] = None,
        cursor: Query[str | None] = None,
        status: Query[Literal["success", "failure"] | None] = None,
    ) -> AsyncPage[models.HookDeliveryItem]:
        """List deliveries for an organization webhook.

        Returns a list of webhook deliveries for a webhook configured in an organization.

        Pages follow the ``Link`` header (GitHub pages deliveries by ``cursor``).

        Not sent unless given; GitHub then uses ``per_page=30``.

        ``GET /orgs/{org}/hooks/{hook_id}/deliveries``
        (operation ``orgs/list-webhook-deliveries``)
        """
        raise NotImplementedError

    @tl.get("orgs/{org}/hooks/{hook_id}/deliveries/{delivery_id}")
    async def get_delivery(self, org: str, hook_id: int, delivery_id: int) -> models.HookDelivery:
        """Get a webhook delivery for an organization webhook.

        Returns a delivery for a webhook configured in an organization.

        ``GET /orgs/{org}/hooks/{hook_id}/deliveries/{delivery_id}``
        (operation ``orgs/get-webhook-delivery``)
        """
        raise NotImplementedError

    @tl.post("orgs/{org}/hooks/{hook_id}/deliveries/{delivery_id}/attempts")
    async def redeliver(self, org: str, hook_id: int, delivery_id: int) -> dict[str, Any]:
        """Redeliver a delivery for an organization webhook.

        Redeliver a delivery for a webhook configured in an organization.

        ``POST /orgs/{org}/hooks/{hook_id}/deliveries/{delivery_id}/attempts``
        (operation ``orgs/redeliver-webhook-delivery``)
        """
        raise NotImplementedError

    @tl.post("orgs/{org}/hooks/{hook_id}/pings")
    async def ping(self, org: str, hook_id: int) -> None:
        """Ping an organization webhook.

        This will trigger a ping event to be sent to the hook.

        ``POST /orgs/{org}/hooks/{hook_id}/pings``
        (operation ``orgs/ping-webhook``)
        """
        raise NotImplementedError
