"""Pagination: ``Page[T]``, the strategies, and resuming a walk.

```python
from typelink.pagination import PageNumber, PageState, resume
```

The strategies (:class:`LinkHeader`, the default; :class:`PageNumber`, :class:`Cursor`,
:class:`OffsetLimit`, :class:`NextUrl`) are declared per endpoint (``@get(...,
paginate=PageNumber())``) or per client (``Client(paginate=...)``).
"""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any, TypeVar, overload

from typelink.declare.async_page import AsyncPage, AsyncPageIterator, AsyncPageWalk
from typelink.declare.page import Page, PageIterator, PageState, PageWalk, page_item_type
from typelink.errors import ConfigurationError
from typelink.pagination.executor import (
    DEFAULT_PAGINATOR,
    AsyncPagedEndpoint,
    AsyncPageWalker,
    PagedEndpoint,
    PageWalker,
    paginator_for,
    resume_pages,
    resume_pages_async,
    start_pages,
    start_pages_async,
)
from typelink.policies.paginators import (
    Cursor,
    LinkHeader,
    NextUrl,
    OffsetLimit,
    PageData,
    PageNumber,
    Paginator,
)

__all__ = [
    "DEFAULT_PAGINATOR",
    "AsyncPage",
    "AsyncPageIterator",
    "AsyncPageWalk",
    "AsyncPageWalker",
    "AsyncPagedEndpoint",
    "Cursor",
    "LinkHeader",
    "NextUrl",
    "OffsetLimit",
    "Page",
    "PageData",
    "PageIterator",
    "PageNumber",
    "PageState",
    "PageWalk",
    "PageWalker",
    "PagedEndpoint",
    "Paginator",
    "page_item_type",
    "paginator_for",
    "resume",
    "resume_pages",
    "resume_pages_async",
    "start_pages",
    "start_pages_async",
]

T = TypeVar("T")


@overload
def resume(
    endpoint: Callable[..., Coroutine[Any, Any, AsyncPage[T]]],
    state: PageState | str,
    *args: Any,
    **kwargs: Any,
) -> Coroutine[Any, Any, AsyncPage[T]]: ...


@overload
def resume(
    endpoint: Callable[..., Page[T]], state: PageState | str, *args: Any, **kwargs: Any
) -> Page[T]: ...


def resume(endpoint: Callable[..., Any], state: PageState | str, *args: Any, **kwargs: Any) -> Any:
    """Continue a paginated call from a saved :class:`PageState` (or its JSON).

    ``endpoint`` is the bound method (``api.issues.list``); this is the typed spelling of
    ``api.issues.list.resume(state)``. For an async endpoint it returns an awaitable
    (``page = await resume(api.issues.list, state)``). The state's URL carries the query;
    pass the call's arguments again only if the endpoint sends headers or a body that
    later pages need.
    """
    method = getattr(endpoint, "resume", None)
    if not callable(method):
        raise ConfigurationError(
            f"resume() needs a bound endpoint such as api.items.list, got {endpoint!r}"
        )
    return method(state, *args, **kwargs)
