"""``Page[T]``: the type a paginated endpoint returns, and iteration across its pages.

Declaring ``-> Page[Issue]`` makes a call fetch the first page and return a :class:`Page`.
Iterating a page yields its items and then fetches the following pages one at a time. A page
holds only itself and its :class:`PageSource` (what every page of one walk shares, provided by
:mod:`typelink.pagination`), so memory stays flat however many pages there are.

The only state needed to continue is a :class:`PageState` (the next URL plus counters), which
serialises to a short JSON string, so a walk can be resumed later, even in another process.
A page that fails raises the typed error, annotated with the page number and the state to
resume from; calling ``next()`` on the same iterator again retries that page without
repeating items already yielded.

:class:`PageBase` is what ``Page`` and :class:`typelink.declare.async_page.AsyncPage` share:
the page's data, where the next page is (decided once, by the walk's :class:`PageRules`),
the loop guard, and the resume bookkeeping; they differ only in how the next page is fetched.
"""

from __future__ import annotations

import dataclasses
import json
import operator
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, get_args, get_origin

from typing_extensions import Self

from typelink._internal.redact import redact_url
from typelink.errors import PaginationError
from typelink.policies.paginators import PageData, Paginator, lookup

__all__ = [
    "Page",
    "PageBase",
    "PageIterator",
    "PageRules",
    "PageSource",
    "PageState",
    "PageWalk",
    "page_item_type",
    "resume_state",
    "skip_consumed",
]

T = TypeVar("T")


@dataclass(frozen=True)
class PageState:
    """Where an iteration stands: the URL of a page, its number, the items on pages before
    it (``seen``) and how many of its own items were already consumed (``skip``)."""

    url: str
    number: int = 1
    seen: int = 0
    skip: int = 0

    def __repr__(self) -> str:  # the URL may carry a token or a signature in its query
        return (
            f"PageState(url={redact_url(self.url)!r}, number={self.number}, "
            f"seen={self.seen}, skip={self.skip})"
        )

    def to_json(self) -> str:
        """A short JSON string for storing or passing to another process (the real URL: keep
        it as safe as the credential it may carry)."""
        return json.dumps(dataclasses.asdict(self), separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str | bytes) -> PageState:
        """Parse :meth:`to_json` output; raises :class:`PaginationError` if it is not one."""
        try:
            data = json.loads(text)
            state = cls(
                url=str(data["url"]),
                number=int(data.get("number", 1)),
                seen=int(data.get("seen", 0)),
                skip=int(data.get("skip", 0)),
            )
        except (ValueError, TypeError, KeyError) as exc:
            raise PaginationError(f"not a saved page state: {type(exc).__name__}") from None
        if state.number < 1 or state.seen < 0 or state.skip < 0:
            raise PaginationError("not a saved page state: negative counters")
        return state


class PageRules(Protocol):
    """What every page of one walk shares, however it is fetched: the strategy and where
    the next page is."""

    @property
    def qualname(self) -> str:
        """``Consumer.method`` of the paginated endpoint, for messages."""
        ...

    @property
    def paginator(self) -> Paginator:
        """The pagination strategy."""
        ...

    def redact(self, url: str) -> str:
        """``url`` without secrets."""
        ...

    def next_state(self, data: PageData, state: PageState) -> PageState | None:
        """Where the page after ``state`` is (None on the last page); raises
        :class:`PaginationError` when the answer says there is more but gives no usable way."""
        ...


class PageSource(PageRules, Protocol):
    """The rules of a blocking walk, and the way to fetch a page."""

    def fetch(self, state: PageState, max_items: int | None) -> Page[Any]:
        """Fetch the page at ``state`` through the full call pipeline."""
        ...


S = TypeVar("S", bound=PageRules)


def page_item_type(tp: Any) -> Any:
    """``T`` for ``Page[T]`` or ``AsyncPage[T]``, else None."""
    origin = get_origin(tp)
    if isinstance(origin, type) and issubclass(origin, PageBase):
        (item,) = get_args(tp)
        return item
    return None


class PageBase(Generic[T, S]):
    """One page of results: its data and where the next one is (see :class:`Page`)."""

    __slots__ = ("__weakref__", "_context", "_data", "_max_items", "_next", "_next_error", "_state")

    def __init__(
        self,
        context: S,
        data: PageData,
        state: PageState,
        max_items: int | None = None,
    ) -> None:
        self._context = context
        self._data = data
        self._state = state
        self._max_items = max_items
        self._next: PageState | None = None
        self._next_error: PaginationError | None = None
        try:
            self._next = context.next_state(data, state)
        except PaginationError as exc:
            self._next_error = exc

    # -- this page -------------------------------------------------------------------------

    @property
    def items(self) -> list[T]:
        """This page's items."""
        items: list[T] = self._data.items
        return items

    @property
    def fields(self) -> Mapping[str, Any]:
        """Fields of a wrapped body other than the items (empty for a bare list)."""
        return self._data.fields

    @property
    def headers(self) -> Mapping[str, str]:
        """This page's response headers."""
        return self._data.headers

    @property
    def number(self) -> int:
        """1 for the page the call returned (or the resumed page), then 2, 3, ..."""
        return self._state.number

    @property
    def url(self) -> str:
        """This page's URL, with secrets redacted."""
        return self._context.redact(self._state.url)

    @property
    def total(self) -> int | None:
        """The total item count declared by the body (strategy ``total_key``), if any."""
        key = getattr(self._context.paginator, "total_key", None)
        if key is None:
            return None
        value = lookup(self._data.fields, key)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    @property
    def state(self) -> PageState:
        """Resume point at the start of this page (see :func:`resume`)."""
        return self._state

    # -- navigation ------------------------------------------------------------------------

    def has_next_page(self) -> bool:
        """True when the response points to another page (it may still be refused)."""
        return self._next is not None or self._next_error is not None

    def next_page_state(self) -> PageState | None:
        """Resume point at the start of the next page, or None on the last page."""
        if self._next_error is not None:
            raise self._next_error
        return self._next

    def following_state(self, seen_urls: set[str]) -> PageState | None:
        """Where the walk goes next, or None; a URL already in ``seen_urls`` (this walk)
        is a loop and raises :class:`PaginationError`."""
        state = self.next_page_state()
        if state is not None and state.url in seen_urls:
            context = self._context
            raise PaginationError(
                f"{context.qualname}: page {state.number} would fetch "
                f"{context.redact(state.url)} again (a repeating cursor or link); "
                "stopping instead of looping"
            )
        return state

    def limit(self, max_items: int) -> Self:
        """This page, with iteration (and ``to_list``) stopping after ``max_items``."""
        if max_items < 0:
            raise ValueError(f"max_items must be >= 0, got {max_items}")
        return type(self)(self._context, self._data, self._state, max_items)

    def __repr__(self) -> str:
        return (
            f"<{type(self).__name__} {self.number} of {self._context.qualname}: "
            f"{len(self._data.items)} items, {'more' if self.has_next_page() else 'last'}>"
        )


class Page(PageBase[T, PageSource]):
    """One page of results, and the way to the rest.

    ``for item in page`` yields this page's items, then those of every following page,
    fetched lazily. ``page.items`` is this page only; ``page.fields`` holds the other fields
    of a wrapped body (``page.fields["total_count"]``); ``page.total`` reads the total the
    strategy declares (``total_key``).
    """

    __slots__ = ()

    def next_page(self) -> Page[T]:
        """Fetch the next page (raises :class:`PaginationError` on the last page)."""
        state = self.next_page_state()
        if state is None:
            raise PaginationError(f"{self._context.qualname}: page {self.number} is the last page")
        page: Page[T] = self._context.fetch(state, self._max_items)
        return page

    def follow(self, seen_urls: set[str]) -> Page[T] | None:
        """The next page, or None; a URL already in ``seen_urls`` (this walk) is a loop."""
        state = self.following_state(seen_urls)
        if state is None:
            return None
        page: Page[T] = self._context.fetch(state, None)
        seen_urls.add(state.url)
        return page

    def iter_pages(self) -> Iterator[Page[T]]:
        """This page and the following ones, each fetched when reached."""
        return PageWalk(self)

    def __iter__(self) -> PageIterator[T]:
        return PageIterator(self, self._max_items)

    def to_list(self, max_items: int | None = None) -> list[T]:
        """Every item from this page on (at most ``max_items``, or the :meth:`limit`)."""
        cap = self._max_items if max_items is None else max_items
        return list(PageIterator(self, cap))


class PageWalk(Generic[T]):
    """Iterator over pages; keeps only the current page and the digests of URLs seen."""

    __slots__ = ("_page", "_pending", "_seen_urls")

    def __init__(self, page: Page[T]) -> None:
        self._page = page
        self._pending = True
        self._seen_urls = {page.state.url}

    def __iter__(self) -> PageWalk[T]:
        return self

    def __next__(self) -> Page[T]:
        if self._pending:
            self._pending = False
            return self._page
        page = self._page.follow(self._seen_urls)
        if page is None:
            raise StopIteration
        self._page = page
        return page


class PageIterator(Generic[T]):
    """Items across pages. Re-entrant after an error: ``next()`` again retries the failed
    page, and items already yielded are not yielded twice.

    Items come from the page list's own C iterator, so the per-item cost is one call.
    """

    __slots__ = ("_items", "_left", "_page", "_seen_urls")

    def __init__(self, page: Page[T], max_items: int | None = None) -> None:
        self._page = page
        self._items: Iterator[T] = skip_consumed(page)
        self._left = max_items
        self._seen_urls = {page.state.url}

    def __iter__(self) -> PageIterator[T]:
        return self

    def __next__(self) -> T:
        left = self._left
        if left is None:
            for item in self._items:
                return item
            return self._from_next_page()
        if left <= 0:
            raise StopIteration
        item = self._take()
        self._left = left - 1
        return item

    def _take(self) -> T:
        for item in self._items:
            return item
        return self._from_next_page()

    def _from_next_page(self) -> T:
        while True:
            page = self._page.follow(self._seen_urls)
            if page is None:
                raise StopIteration
            self._page = page
            self._items = iter(page.items)
            for item in self._items:
                return item

    @property
    def state(self) -> PageState | None:
        """Resume point just after the last item yielded, or None when all were yielded."""
        return resume_state(self._page, self._items)


def skip_consumed(page: PageBase[T, Any]) -> Iterator[T]:
    """An iterator over the page's items, past those a resumed state already consumed."""
    items = iter(page.items)
    for _ in range(page.state.skip):
        next(items, None)
    return items


def resume_state(page: PageBase[T, Any], items: Iterator[T]) -> PageState | None:
    """Resume point just after the items taken from ``items`` (None when all were)."""
    remaining = operator.length_hint(items)
    if remaining:
        return dataclasses.replace(page.state, skip=len(page.items) - remaining)
    return page.next_page_state()
