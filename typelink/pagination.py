"""Pagination (interim: the Page type is recognised; strategies arrive with pagination work)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Generic, TypeVar, get_args, get_origin

T = TypeVar("T")


class Page(Generic[T]):
    """A page of results; iterating yields items across all pages."""

    def __iter__(self) -> Iterator[T]:
        raise NotImplementedError


def page_item_type(tp: Any) -> Any:
    """``T`` for ``Page[T]``, else None."""
    if get_origin(tp) is Page:
        (item,) = get_args(tp)
        return item
    return None


def start_pages(bound: Any, request: Any) -> Any:
    """Fetch the first page."""
    raise NotImplementedError
