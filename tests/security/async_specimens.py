"""The async client's part of the repr walk (tests/security/test_reprs.py): the same secrets
in an ``AsyncConsumer`` and in what its calls return, built in an event loop of their own."""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any

import typelink
from tests.fixtures.servers import ScriptedServer
from typelink import (
    AsyncConsumer,
    AsyncPage,
    Cache,
    MemoryStore,
    Model,
    QuotaLimiter,
    RawResponse,
    get,
)


class Item(Model):
    id: int


class AsyncApi(AsyncConsumer):
    @get("items")
    async def items(self) -> AsyncPage[Item]:
        raise NotImplementedError

    @get("raw")
    async def raw(self) -> RawResponse[dict[str, Any]]:
        raise NotImplementedError

    @get("fail")
    async def fail(self) -> dict[str, Any]:
        raise NotImplementedError


def async_specimens(
    server: ScriptedServer, auth: Any, events: list[Any], S: Mapping[str, str]
) -> list[Any]:
    """The secrets ``S`` in an async client and what its calls return (built in a loop)."""

    async def build() -> list[Any]:
        async with AsyncApi(
            base_url=server.url,
            auth=auth,
            headers={"X-Vendor-Token": S["header"], "Cookie": f"sid={S['marked']}"},
            proxies={"https": f"http://proxyuser:{S['proxy']}@proxy.example:3128"},
            cache=Cache(store=MemoryStore()),
            rate_limiter=QuotaLimiter(10),
            listeners=[events.append],
        ) as api:
            view = api.with_options(headers={"Authorization": f"Bearer {S['bearer']}"})
            page = await view.items()
            errors: list[Any] = []
            try:
                await view.fail()
            except typelink.TypelinkError as exc:
                errors.append(exc)
            return [
                api,
                view,
                api.runtime,
                api.runtime.connection,
                api.runtime.connection.transport,
                view.items,
                page,
                aiter(page),
                page.iter_pages(),
                page._context,
                await view.raw(),
                *errors,
            ]

    return asyncio.run(build())
