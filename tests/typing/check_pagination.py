"""Static typing contract for pagination and caching (``mypy --strict`` and ``pyright --strict``).

Never executed: ``assert_type`` lines prove ``Page[T]`` hands out ``T`` everywhere.
"""

from __future__ import annotations

from typing_extensions import assert_type

from typelink import Consumer, Model, Page, Query, get
from typelink.pagination import (
    Cursor,
    LinkHeader,
    PageIterator,
    PageNumber,
    PageState,
    resume,
)
from typelink.policies.cache import Cache
from typelink.policies.cache_stores import FileStore, MemoryStore


class Issue(Model):
    number: int


class Issues(Consumer):
    @get("issues", paginate=PageNumber(items_key="items", total_key="total_count"))
    def search(self, q: Query[str]) -> Page[Issue]:
        raise NotImplementedError

    @get("issues/{number}", cache=60)
    def one(self, number: int) -> Issue:
        raise NotImplementedError


def check(api: Issues) -> None:
    page = api.search("bug")
    assert_type(page, Page[Issue])
    assert_type(page.items, list[Issue])
    assert_type(page.total, int | None)
    assert_type(page.next_page(), Page[Issue])
    assert_type(page.has_next_page(), bool)
    assert_type(page.limit(5), Page[Issue])
    assert_type(page.to_list(), list[Issue])
    for issue in page:
        assert_type(issue, Issue)
    for each in page.iter_pages():
        assert_type(each, Page[Issue])
    iterator = iter(page)
    assert_type(iterator, PageIterator[Issue])
    assert_type(iterator.state, PageState | None)
    state = page.next_page_state()
    if state is not None:
        assert_type(resume(api.search, state.to_json()), Page[Issue])
    assert_type(api.one(1), Issue)


def configure() -> None:
    Issues("https://api.example.com", paginate=Cursor(next_header="X-Next"))
    Issues("https://api.example.com", paginate=LinkHeader(allow_hosts=["cdn.example.com"]))
    Issues("https://api.example.com", cache=Cache(store=FileStore("/tmp/x"), ttl=30))
    Issues("https://api.example.com", cache=Cache(store=MemoryStore()))
    Issues("https://api.example.com", cache=True)
