"""``AsyncPage[T]``: the same walk as ``Page`` (next state, trust checks, loop guard, resume),
awaited, against a real asyncio server."""

from __future__ import annotations

import asyncio
import json
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.fixtures.asyncio_server import AsyncServer, Seen
from tests.fixtures.servers import Reply
from typelink import (
    AsyncConsumer,
    AsyncPage,
    BearerToken,
    InternalServerError,
    Model,
    PageState,
    PaginationError,
    Query,
    RetryPolicy,
    get,
    resume,
)


class Row(Model):
    id: int


class Rows(AsyncConsumer):
    @get("rows")
    async def list(self, size: Query[int] = 3) -> AsyncPage[Row]:
        raise NotImplementedError


def paged(pages: int, base: str = "", fail_page: int | None = None, link_to: str | None = None):
    """Pages of ``size`` rows linked with ``Link: rel="next"``; ``fail_page`` answers 500 once."""
    failed: set[int] = set()

    async def handle(seen: Seen) -> Reply:
        query = parse_qs(urlsplit(seen.path).query)
        page, size = int(query.get("page", ["1"])[0]), int(query.get("size", ["3"])[0])
        if page == fail_page and page not in failed:
            failed.add(page)
            return Reply(status=500, body=b"{}")
        rows = [{"id": (page - 1) * size + i} for i in range(size)]
        headers = {"Content-Type": "application/json"}
        if page < pages:
            target = link_to or f"{base()}/rows?size={size}&page={page + 1}"
            headers["Link"] = f'<{target}>; rel="next"'
        return Reply(body=json.dumps(rows).encode(), headers=headers)

    return handle


def test_async_for_walks_every_page_and_the_helpers_agree() -> None:
    async def scenario() -> None:
        server = AsyncServer()
        server.handle = paged(3, lambda: server.url)
        async with server, Rows(server.url) as rows:
            first = await rows.list()
            assert [row.id async for row in first] == list(range(9))
            assert [row.id for row in await first.to_list()] == list(range(9))
            assert [row.id async for row in first.limit(4)] == [0, 1, 2, 3]
            assert len(await first.to_list(max_items=5)) == 5
            numbers = [page.number async for page in first.iter_pages()]
            assert numbers == [1, 2, 3]
            second = await first.next_page()
            assert second.number == 2 and second.has_next_page()
            third = await second.next_page()
            with pytest.raises(PaginationError, match="last page"):
                await third.next_page()

    asyncio.run(scenario())


def test_a_failed_page_is_retried_by_awaiting_again_without_repeating_items() -> None:
    async def scenario() -> None:
        server = AsyncServer()
        server.handle = paged(3, lambda: server.url, fail_page=2)
        no_retry = RetryPolicy(max_retries=0)
        async with server, Rows(server.url, retry=no_retry) as rows:
            walk = aiter(await rows.list())
            got = [(await anext(walk)).id for _ in range(3)]
            with pytest.raises(InternalServerError) as caught:
                await anext(walk)
            assert caught.value.page_number == 2  # type: ignore[attr-defined]
            got += [row.id async for row in walk]
            assert got == list(range(9))

    asyncio.run(scenario())


def test_resume_continues_from_a_saved_state() -> None:
    async def scenario() -> None:
        server = AsyncServer()
        server.handle = paged(3, lambda: server.url)
        async with server, Rows(server.url) as rows:
            walk = aiter(await rows.list())
            for _ in range(4):
                await anext(walk)
            saved = walk.state
            assert saved is not None
            text = saved.to_json()
            async with Rows(server.url) as later:
                resumed = await later.list.resume(text)
                assert [row.id async for row in resumed] == list(range(4, 9))
                typed = await resume(later.list, PageState.from_json(text))
                assert [row.id for row in await typed.to_list()] == list(range(4, 9))

    asyncio.run(scenario())


def test_the_walk_refuses_another_host_and_a_loop() -> None:
    async def scenario() -> None:
        server = AsyncServer()
        server.handle = paged(3, lambda: server.url, link_to="http://elsewhere.example/rows")
        async with server, Rows(server.url, auth=BearerToken("t0ken-value")) as rows:
            with pytest.raises(PaginationError, match="not on the client's host"):
                await (await rows.list()).to_list()
        looping = AsyncServer()
        looping.handle = paged(3, lambda: looping.url, link_to="/rows?size=3")
        async with looping, Rows(looping.url) as rows:
            with pytest.raises(PaginationError, match="instead of looping"):
                await (await rows.list()).to_list()

    asyncio.run(scenario())
