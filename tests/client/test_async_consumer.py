"""Async consumers and clients: declarations, groups, lifecycle and the guards around them,
against a real asyncio server on 127.0.0.1."""

from __future__ import annotations

import asyncio
import json
import threading

import aiohttp
import pytest

from tests.fixtures.asyncio_server import AsyncServer, Seen, replies
from tests.fixtures.servers import Reply
from typelink import (
    AsyncClient,
    AsyncConsumer,
    AsyncPage,
    BearerToken,
    BlockingCallError,
    Body,
    Client,
    ConfigurationError,
    Consumer,
    DeclarationError,
    Model,
    NotFoundError,
    Page,
    RawResponse,
    get,
    post,
)


class Item(Model):
    id: int
    name: str


class Items(AsyncConsumer):
    @get("items/{item_id}")
    async def fetch(self, item_id: int) -> Item:
        raise NotImplementedError

    @post("items")
    async def create(self, item: Body[Item]) -> Item:
        raise NotImplementedError


class Users(AsyncConsumer):
    @get("users/{name}")
    async def fetch(self, name: str) -> dict[str, int | str]:
        raise NotImplementedError


class Api(AsyncClient):
    items: Items
    users: Users


async def echo(seen: Seen) -> Reply:
    if seen.method == "POST":
        return Reply(body=seen.body)
    name = seen.headers.get("Authorization", "")
    return Reply(body=json.dumps({"id": 7, "name": name}).encode())


def test_an_awaited_call_returns_the_declared_model_through_the_pipeline() -> None:
    async def scenario() -> None:
        async with AsyncServer(echo) as server, Api(server.url, auth=BearerToken("tok")) as api:
            item = await api.items.fetch(7)
            assert item == Item(id=7, name="Bearer tok")
            created = await api.items.create(Item(id=1, name="one"))
            assert created == Item(id=1, name="one")
            assert server.seen[1].headers["Content-Type"] == "application/json"
            assert json.loads(server.seen[1].body) == {"id": 1, "name": "one"}

    asyncio.run(scenario())


def test_groups_share_one_pooled_session_that_async_with_closes() -> None:
    async def scenario() -> None:
        async with AsyncServer(echo) as server:
            api = Api(server.url)
            async with api:
                await asyncio.gather(api.items.fetch(1), api.users.fetch("ann"))
                session = api.runtime.connection.transport.session
                assert session is api.users.runtime.connection.transport.session
                assert session is not None and not session.closed
            assert session.closed and api.runtime.closed
            with pytest.raises(ConfigurationError, match="closed"):
                await api.items.fetch(1)

    asyncio.run(scenario())


def test_a_session_you_pass_is_used_and_never_closed() -> None:
    async def scenario() -> None:
        async with AsyncServer(echo) as server, aiohttp.ClientSession() as mine:
            async with Api(server.url, aiohttp_session=mine) as api:
                await api.items.fetch(1)
                assert api.runtime.connection.transport.session is mine
            assert not mine.closed

    asyncio.run(scenario())


def test_option_sessions_belong_to_their_kind_of_client() -> None:
    with pytest.raises(ConfigurationError, match="aiohttp_session"):
        Api("http://127.0.0.1:1", session=__import__("requests").Session())

    class Plain(Client):
        pass

    async def make() -> None:
        async with aiohttp.ClientSession() as session:
            with pytest.raises(ConfigurationError, match="async clients"):
                Plain("http://127.0.0.1:1", aiohttp_session=session)

    asyncio.run(make())


def test_status_errors_are_typed_as_for_blocking_calls() -> None:
    async def scenario() -> None:
        handle = replies(Reply(status=404, body=b'{"message": "no such item"}'))
        async with AsyncServer(handle) as server, Items(server.url) as items:
            with pytest.raises(NotFoundError, match="no such item") as caught:
                await items.fetch(9)
            assert caught.value.status_code == 404 and caught.value.body

    asyncio.run(scenario())


def test_mixing_blocking_and_async_groups_is_refused() -> None:
    class SyncItems(Consumer):
        @get("items/{item_id}")
        def fetch(self, item_id: int) -> Item:
            raise NotImplementedError

    class Mixed(AsyncClient):
        items: SyncItems

    class MixedTheOtherWay(Client):
        items: Items

    with pytest.raises(DeclarationError, match="all blocking or all async"):
        Mixed("http://127.0.0.1:1")
    with pytest.raises(DeclarationError, match=r"derive Items from typelink\.Consumer"):
        MixedTheOtherWay("http://127.0.0.1:1")


def test_declarations_must_match_their_kind_of_consumer() -> None:
    with pytest.raises(DeclarationError, match="AsyncConsumer"):

        class AsyncInBlocking(Consumer):
            @get("x")
            async def x(self) -> Item:
                raise NotImplementedError

    with pytest.raises(DeclarationError, match="async def"):

        class BlockingInAsync(AsyncConsumer):
            @get("x")
            def x(self) -> Item:
                raise NotImplementedError

    with pytest.raises(DeclarationError, match=r"AsyncPage\[...\]"):

        class SyncPageInAsync(AsyncConsumer):
            @get("x")
            async def x(self) -> Page[Item]:
                raise NotImplementedError

    with pytest.raises(DeclarationError, match=r"returns Page\[...\]"):

        class AsyncPageInBlocking(Consumer):
            @get("x")
            def x(self) -> AsyncPage[Item]:
                raise NotImplementedError


class BlockingItems(Consumer):
    @get("items/{item_id}")
    def fetch(self, item_id: int) -> Item:
        raise NotImplementedError


def test_a_blocking_client_inside_a_running_loop_raises_instead_of_stalling_it() -> None:
    async def scenario() -> None:
        async with AsyncServer(echo) as server:
            items = BlockingItems(server.url)
            with pytest.raises(BlockingCallError, match=r"asyncio\.to_thread"):
                items.fetch(1)
            assert server.seen == []  # refused before anything was sent
            assert await asyncio.to_thread(items.fetch, 1) == Item(id=7, name="")
            items.close()

    asyncio.run(scenario())


def test_no_thread_is_started_per_call() -> None:
    async def scenario() -> None:
        async with AsyncServer(echo) as server, Items(server.url) as items:
            await items.fetch(0)  # the pool and the loop are warm
            before = set(threading.enumerate())  # threads of earlier tests may end meanwhile
            for _ in range(4):
                await asyncio.gather(*(items.fetch(i) for i in range(50)))
            assert set(threading.enumerate()) - before == set()

    asyncio.run(scenario())


def test_a_client_belongs_to_the_loop_of_its_first_call() -> None:
    async def serve_once(items: Items, url: str) -> None:
        await items.fetch(1)

    async def scenario() -> None:
        async with AsyncServer(echo) as server:
            items = Items(server.url)
            await items.fetch(1)
            other = await asyncio.to_thread(asyncio.run, _call_in_new_loop(items))
            assert "another event loop" in other
            await items.aclose()

    asyncio.run(scenario())


async def _call_in_new_loop(items: Items) -> str:
    try:
        await items.fetch(1)
    except ConfigurationError as exc:
        return str(exc)
    return "no error"


class Raw(AsyncConsumer):
    @get("items/{item_id}")
    async def fetch(self, item_id: int) -> RawResponse[Item]:
        raise NotImplementedError


def test_a_raw_response_keeps_status_headers_timing_and_parses_later() -> None:
    async def scenario() -> None:
        async with AsyncServer(echo) as server, Raw(server.url) as raw:
            answer = await raw.fetch(3)
            assert answer.status_code == 200 and answer.headers["content-type"]
            assert answer.elapsed.total_seconds() >= 0
            assert answer.parse() == Item(id=7, name="")
            assert answer.url == f"{server.url}/items/3"

    asyncio.run(scenario())
