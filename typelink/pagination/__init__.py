"""Pagination: ``Page[T]``, the strategies, and resuming a walk.

```python
from typelink.pagination import PageNumber, PageState, resume
```

The strategies (:class:`LinkHeader`, the default; :class:`PageNumber`, :class:`Cursor`,
:class:`OffsetLimit`, :class:`NextUrl`) are declared per endpoint (``@get(...,
paginate=PageNumber())``) or per client (``Client(paginate=...)``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

from typelink.declare.page import Page, PageIterator, PageState, PageWalk, page_item_type
from typelink.errors import ConfigurationError
from typelink.pagination.executor import (
    DEFAULT_PAGINATOR,
    PagedEndpoint,
    PageWalker,
    paginator_for,
    resume_pages,
    start_pages,
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
    "start_pages",
]

T = TypeVar("T")


def resume(
    endpoint: Callable[..., Page[T]], state: PageState | str, *args: Any, **kwargs: Any
) -> Page[T]:
    """Continue a paginated call from a saved :class:`PageState` (or its JSON).

    ``endpoint`` is the bound method (``api.issues.list``); this is the typed spelling of
    ``api.issues.list.resume(state)``. The state's URL carries the query; pass the call's
    arguments again only if the endpoint sends headers or a body that later pages need.
    """
    method = getattr(endpoint, "resume", None)
    if not callable(method):
        raise ConfigurationError(
            f"resume() needs a bound endpoint such as api.items.list, got {endpoint!r}"
        )
    page: Page[T] = cast(Page[T], method(state, *args, **kwargs))
    return page
