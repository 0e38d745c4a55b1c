"""``AsyncPage[T]``: what a paginated endpoint of an async consumer returns.

``page = await api.issues.list(...)`` fetches the first page; ``async for issue in page``
yields its items and then those of the following pages, each fetched when reached. It is a
:class:`typelink.declare.page.PageBase`, like ``Page``: the page's data, where the next page
is (checked by the walk's rules: same origin, secrets dropped from the query), the loop
guard and the resume bookkeeping are the same code; only fetching awaits.

```python
page = await api.issues.list("acme", "web")
async for issue in page.limit(50):
    ...
```
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Iterator
from typing import Any, Generic, Protocol, TypeVar

from typelink.declare.page import (
    PageBase,
    PageRules,
    PageState,
    resume_state,
    skip_consumed,
)
from typelink.errors import PaginationError

__all__ = ["AsyncPage", "AsyncPageIterator", "AsyncPageSource", "AsyncPageWalk"]

T = TypeVar("T")

_END: Any = object()


class AsyncPageSource(PageRules, Protocol):
    """The rules of an async walk, and the way to fetch a page."""

    async def fetch(self, state: PageState, max_items: int | None) -> AsyncPage[Any]:
        """Fetch the page at ``state`` through the full call pipeline."""
        ...


class AsyncPage(PageBase[T, AsyncPageSource]):
    """One page of results of an async endpoint, and the way to the rest.

    ``async for item in page`` yields this page's items, then those of every following
    page; ``page.items`` is this page only. :meth:`iter_pages` walks page by page,
    :meth:`to_list` collects (up to :meth:`limit`), and ``page.state`` /
    :meth:`AsyncPageIterator.state` are resume points for ``api.x.list.resume(state)``.
    """

    __slots__ = ()

    async def next_page(self) -> AsyncPage[T]:
        """Fetch the next page (raises :class:`PaginationError` on the last page)."""
        state = self.next_page_state()
        if state is None:
            raise PaginationError(f"{self._context.qualname}: page {self.number} is the last page")
        page: AsyncPage[T] = await self._context.fetch(state, self._max_items)
        return page

    async def follow(self, seen_urls: set[str]) -> AsyncPage[T] | None:
        """The next page, or None; a URL already in ``seen_urls`` (this walk) is a loop."""
        state = self.following_state(seen_urls)
        if state is None:
            return None
        page: AsyncPage[T] = await self._context.fetch(state, None)
        seen_urls.add(state.url)
        return page

    def iter_pages(self) -> AsyncIterator[AsyncPage[T]]:
        """This page and the following ones, each fetched when reached."""
        return AsyncPageWalk(self)

    def __aiter__(self) -> AsyncPageIterator[T]:
        return AsyncPageIterator(self, self._max_items)

    async def to_list(self, max_items: int | None = None) -> list[T]:
        """Every item from this page on (at most ``max_items``, or the :meth:`limit`)."""
        cap = self._max_items if max_items is None else max_items
        return [item async for item in AsyncPageIterator(self, cap)]


class AsyncPageWalk(Generic[T]):
    """Async iterator over pages; keeps only the current page and the URLs seen."""

    __slots__ = ("_page", "_pending", "_seen_urls")

    def __init__(self, page: AsyncPage[T]) -> None:
        self._page = page
        self._pending = True
        self._seen_urls = {page.state.url}

    def __aiter__(self) -> AsyncPageWalk[T]:
        return self

    async def __anext__(self) -> AsyncPage[T]:
        if self._pending:
            self._pending = False
            return self._page
        page = await self._page.follow(self._seen_urls)
        if page is None:
            raise StopAsyncIteration
        self._page = page
        return page


class AsyncPageIterator(Generic[T]):
    """Items across pages. Re-entrant after an error: awaiting ``__anext__`` again retries
    the failed page, and items already yielded are not yielded twice.

    The items come from an async generator over this object's own fields (one resumed
    frame per item instead of a new coroutine per item); a failure drops the generator and
    the next ``__anext__`` starts another from where the fields say the walk is."""

    __slots__ = ("_items", "_left", "_page", "_seen_urls", "_walk")

    def __init__(self, page: AsyncPage[T], max_items: int | None = None) -> None:
        self._page = page
        self._items: Iterator[T] = skip_consumed(page)
        self._left = max_items
        self._seen_urls = {page.state.url}
        self._walk: AsyncIterator[T] | None = None

    def __aiter__(self) -> AsyncPageIterator[T]:
        return self

    def __anext__(self) -> Awaitable[T]:
        walk = self._walk
        if walk is None:
            walk = self._walk = self._walk_items()
        return walk.__anext__()

    async def _walk_items(self) -> AsyncIterator[T]:
        while True:
            left = self._left
            if left is not None and left <= 0:
                return
            item = next(self._items, _END)
            if item is _END:
                try:
                    item = await self._from_next_page()
                except StopAsyncIteration:
                    return
                except BaseException:
                    self._walk = None  # the next __anext__ retries the page
                    raise
            if left is not None:
                self._left = left - 1
            yield item

    async def _from_next_page(self) -> T:
        while True:
            page = await self._page.follow(self._seen_urls)
            if page is None:
                raise StopAsyncIteration
            self._page = page
            self._items = iter(page.items)
            for item in self._items:
                return item

    @property
    def state(self) -> PageState | None:
        """Resume point just after the last item yielded, or None when all were yielded."""
        return resume_state(self._page, self._items)
