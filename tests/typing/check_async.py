"""Static typing contract of async clients, checked by ``mypy --strict`` and ``pyright --strict``.

``assert_type`` lines prove an ``async def`` declaration types each call as an awaitable of the
declared type, and ``AsyncPage[T]`` hands out ``T`` under ``async for``. Lines marked with both
``# type: ignore[code]`` and ``# pyright: ignore[rule]`` MUST be rejected (unused ignores fail
``make check``). This file is never executed.
"""

from __future__ import annotations

from typing_extensions import assert_type

from typelink import (
    AsyncClient,
    AsyncConsumer,
    AsyncPage,
    Body,
    Model,
    PageState,
    Query,
    RawResponse,
    get,
    post,
    resume,
)
from typelink.pagination import AsyncPageIterator


class Issue(Model):
    number: int
    title: str


class NewIssue(Model):
    title: str


class Issues(AsyncConsumer):
    @get("meta")
    async def meta(self) -> dict[str, list[str]] | None:
        raise NotImplementedError

    @get("repos/{owner}/{repo}/issues/{number}")
    async def fetch(self, owner: str, repo: str, number: int) -> Issue:
        raise NotImplementedError

    @get("repos/{owner}/{repo}/issues")
    async def list(self, owner: str, repo: str, state: Query[str] = "open") -> AsyncPage[Issue]:
        raise NotImplementedError

    @post("repos/{owner}/{repo}/issues")
    async def create(self, owner: str, repo: str, issue: Body[NewIssue]) -> Issue:
        raise NotImplementedError

    @get("repos/{owner}/{repo}/issues/{number}")
    async def raw(self, owner: str, repo: str, number: int) -> RawResponse[Issue]:
        raise NotImplementedError


class Tracker(AsyncClient):
    base_url = "https://api.example.com"
    issues: Issues


async def typed_calls(api: Tracker) -> None:
    assert_type(api.issues, Issues)
    call = api.issues.fetch("acme", "web", 1)  # an awaitable, not yet an Issue
    assert_type(await call, Issue)
    assert_type(await api.issues.fetch("acme", "web", 1), Issue)
    assert_type(await api.issues.create("acme", "web", NewIssue(title="t")), Issue)
    assert_type((await api.issues.raw("acme", "web", 1)).parse(), Issue)
    assert_type(await api.issues.meta(), dict[str, list[str]] | None)
    assert_type(await api.with_options(retries=0).issues.fetch("a", "b", 2), Issue)
    page = await api.issues.list("acme", "web", state="closed")
    assert_type(page, AsyncPage[Issue])
    assert_type(page.items, list[Issue])
    assert_type(page.limit(10), AsyncPage[Issue])
    assert_type(await page.to_list(), list[Issue])
    assert_type(await page.next_page(), AsyncPage[Issue])
    assert_type(aiter(page), AsyncPageIterator[Issue])
    async for issue in page:
        assert_type(issue, Issue)
    async for each in page.iter_pages():
        assert_type(each, AsyncPage[Issue])
    state = page.next_page_state()
    assert state is not None
    assert_type(await resume(api.issues.list, state), AsyncPage[Issue])
    assert_type(await resume(api.issues.list, PageState(url="u").to_json()), AsyncPage[Issue])


async def lifecycle() -> None:
    async with Tracker() as api:
        assert_type(api, Tracker)
        assert_type(await api.issues.fetch("a", "b", 1), Issue)
    await api.aclose()


async def rejected_calls(api: Tracker) -> None:
    issue: Issue = api.issues.fetch("acme", "web", 1)  # type: ignore[assignment]  # pyright: ignore[reportAssignmentType]
    await api.issues.fetch("acme", "web", "1")  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    await api.issues.fetch("acme", "web")  # type: ignore[call-arg]  # pyright: ignore[reportCallIssue]
    await api.issues.create("acme", "web", {"title": "t"})  # type: ignore[arg-type]  # pyright: ignore[reportArgumentType]
    _ = api.issues.fetch("a", "b", 1).title  # type: ignore[attr-defined]  # pyright: ignore[reportAttributeAccessIssue]
    page = await api.issues.list("acme", "web")
    for item in page:  # type: ignore[attr-defined]  # pyright: ignore[reportGeneralTypeIssues]
        print(item, issue)
    with Tracker() as blocking:  # type: ignore[attr-defined]  # pyright: ignore[reportGeneralTypeIssues]
        print(blocking)
