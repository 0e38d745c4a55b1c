"""Pagination strategies: how to find the next page from the current one.

A strategy is declared per endpoint (``@get(..., paginate=PageNumber())``) or per client
(``Client(paginate=Cursor(...))``); :class:`LinkHeader` is the default. Every strategy answers
one question, :meth:`Paginator.next_url`: given the URL of the page just fetched, its items,
its other body fields and its headers, which URL (or URI reference) comes next, or None. So
the state needed to continue is always one URL, which is what makes iteration resumable
from another process and lets one loop guard (a URL seen twice) protect every strategy.

``items_key`` declares a wrapped body (``{"total_count": 3, "items": [...]}``): the items
are read from that key (dots reach into nested objects, ``"data.items"``) and every other
field stays readable on the page (``page.fields["total_count"]``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

import pydantic

from typelink.errors import ConfigurationError, PaginationError
from typelink.policies.links import LinkHeaderError, find_rel


@dataclass(frozen=True, slots=True)
class PageData:
    """What one page response yields: the page parser's result, cached as one unit."""

    items: list[Any]
    fields: Mapping[str, Any]
    headers: Mapping[str, str]

    def __repr__(self) -> str:  # the data and headers may carry tokens: names and counts only
        return f"PageData({len(self.items)} items, fields={sorted(self.fields)})"


@dataclass(frozen=True, kw_only=True)
class Paginator:
    """Base of the strategies; subclasses implement :meth:`next_url`."""

    items_key: str | None = None
    """Key of the item list in a wrapped body (dotted for nesting); None: the body is a list."""

    allow_hosts: Sequence[str] = ()
    """Other hosts (``host`` or ``host:port``) a next-page URL may point to. By default only
    the client's own scheme, host and port are followed, so the credential cannot leak."""

    def __post_init__(self) -> None:
        hosts = self.allow_hosts
        # Strategies are hashable (they key a per-endpoint parser cache): store a tuple.
        object.__setattr__(
            self, "allow_hosts", (hosts,) if isinstance(hosts, str) else tuple(hosts)
        )

    def first_url(self, url: str) -> str:
        """The first request's URL, with the strategy's own parameters added if missing."""
        return url

    def next_url(self, url: str, page: PageData, seen: int) -> str | None:
        """The next page's URL or URI reference (relative to ``url``), or None at the end.

        ``seen`` counts the items of every page so far, this one included.
        """
        raise NotImplementedError

    def needs_object_body(self) -> bool:
        """True when the strategy reads body fields (the body must be a JSON object)."""
        return False

    def check(self) -> None:
        """Raise :class:`ConfigurationError` if the settings cannot work together."""
        if self.needs_object_body() and self.items_key is None:
            raise ConfigurationError(
                f"{type(self).__name__}: reads fields of the body, so declare items_key= "
                "(the key holding the item list)"
            )


@dataclass(frozen=True, kw_only=True)
class LinkHeader(Paginator):
    """Follow the ``Link`` response header (RFC 8288) to ``rel="next"`` (GitHub, GitLab)."""

    rel: str = "next"

    def next_url(self, url: str, page: PageData, seen: int) -> str | None:
        header = page.headers.get("Link")
        if not header:
            return None
        try:
            return find_rel(header, self.rel)
        except LinkHeaderError as exc:
            raise PaginationError(
                f"malformed Link header ({exc}); cannot find the next page"
            ) from None


@dataclass(frozen=True, kw_only=True)
class PageNumber(Paginator):
    """``?page=N&per_page=M``; stops on an empty page, a short page, or a declared total.

    A short page is one with fewer items than ``size`` (or the ``per_page`` value of the
    request). If the server may cap the page size below what you ask, set
    ``stop_on_short_page=False`` so only an empty page (or the total) ends the iteration.
    """

    page_param: str = "page"
    size_param: str | None = "per_page"
    size: int | None = None
    start: int = 1
    total_key: str | None = None
    """Body field holding the total number of items (needs ``items_key``)."""
    total_pages_key: str | None = None
    """Body field holding the number of pages (needs ``items_key``)."""
    stop_on_short_page: bool = True

    def needs_object_body(self) -> bool:
        return self.total_key is not None or self.total_pages_key is not None

    def first_url(self, url: str) -> str:
        if self.size is not None and self.size_param and query_value(url, self.size_param) is None:
            return set_query(url, self.size_param, str(self.size))
        return url

    def next_url(self, url: str, page: PageData, seen: int) -> str | None:
        count = len(page.items)
        if count == 0:
            return None
        size = _int(query_value(url, self.size_param)) if self.size_param else None
        size = size if size is not None else self.size
        if self.stop_on_short_page and size is not None and count < size:
            return None
        if self.total_key is not None:
            total = _int(lookup(page.fields, self.total_key))
            if total is not None and seen >= total:
                return None
        current = _int(query_value(url, self.page_param))
        number = current if current is not None else self.start
        if self.total_pages_key is not None:
            pages = _int(lookup(page.fields, self.total_pages_key))
            if pages is not None and number - self.start + 1 >= pages:
                return None
        return set_query(url, self.page_param, str(number + 1))


@dataclass(frozen=True, kw_only=True)
class Cursor(Paginator):
    """A cursor sent back as the query parameter ``param``, taken from one of:

    * ``next_key``: a body field holding an opaque next cursor (Slack, Shopify GraphQL-style);
    * ``next_header``: a response header;
    * ``last_item_key``: a field of the page's last item (Stripe's ``starting_after=<id>``,
      Square, Intercom): ``Cursor(param="starting_after", last_item_key="id",
      has_more_key="has_more", items_key="data")``;
    * ``first_item_key``: a field of the page's first item, to walk backwards (Stripe's
      ``ending_before=<id>``).

    The walk ends when the cursor is missing or empty, or when ``has_more_key`` says false.
    When ``has_more_key`` says true but no cursor can be taken, :class:`PaginationError`
    names the missing field instead of ending quietly. A cursor that repeats raises too.
    """

    param: str = "cursor"
    next_key: str | None = None
    next_header: str | None = None
    last_item_key: str | None = None
    first_item_key: str | None = None
    has_more_key: str | None = None

    def needs_object_body(self) -> bool:
        return (
            self.next_key is not None
            or self.has_more_key is not None
            or self.last_item_key is not None
            or self.first_item_key is not None
        )

    def check(self) -> None:
        sources = (self.next_key, self.next_header, self.last_item_key, self.first_item_key)
        if sum(source is not None for source in sources) != 1:
            raise ConfigurationError(
                "Cursor: give exactly one of next_key=, next_header=, last_item_key= "
                "or first_item_key="
            )
        super().check()

    def next_url(self, url: str, page: PageData, seen: int) -> str | None:
        more = lookup(page.fields, self.has_more_key) if self.has_more_key is not None else None
        if more is False:
            return None
        cursor, source = self._cursor(page)
        if cursor is None or cursor == "" or cursor is False:
            if more is True:
                raise PaginationError(
                    f"the page says {self.has_more_key}=true, but {source} is missing, so "
                    "the next page cannot be asked for"
                )
            return None
        if isinstance(cursor, bool) or not isinstance(cursor, (str, int)):
            raise PaginationError(f"the next cursor is a {type(cursor).__name__}, not a string")
        return set_query(url, self.param, str(cursor))

    def _cursor(self, page: PageData) -> tuple[Any, str]:
        """The cursor value, and where it comes from (for messages)."""
        if self.next_key is not None:
            return lookup(page.fields, self.next_key), f"the body field {self.next_key!r}"
        if self.next_header is not None:
            return page.headers.get(self.next_header), f"the header {self.next_header!r}"
        last = self.last_item_key is not None
        key = self.last_item_key if last else self.first_item_key
        assert key is not None
        which = "last" if last else "first"
        if not page.items:
            return None, f"an item to take {key!r} from (the page is empty)"
        item = page.items[-1] if last else page.items[0]
        return item_field(item, key), f"the field {key!r} of the {which} item"


@dataclass(frozen=True, kw_only=True)
class OffsetLimit(Paginator):
    """``?offset=K&limit=N``; the offset advances by the items received. Stops on an empty
    page, a short page (fewer than ``limit``) or a declared total."""

    offset_param: str = "offset"
    limit_param: str | None = "limit"
    limit: int | None = None
    total_key: str | None = None
    stop_on_short_page: bool = True

    def needs_object_body(self) -> bool:
        return self.total_key is not None

    def first_url(self, url: str) -> str:
        if (
            self.limit is not None
            and self.limit_param
            and query_value(url, self.limit_param) is None
        ):
            return set_query(url, self.limit_param, str(self.limit))
        return url

    def next_url(self, url: str, page: PageData, seen: int) -> str | None:
        count = len(page.items)
        if count == 0:
            return None
        limit = _int(query_value(url, self.limit_param)) if self.limit_param else None
        limit = limit if limit is not None else self.limit
        if self.stop_on_short_page and limit is not None and count < limit:
            return None
        offset = _int(query_value(url, self.offset_param)) or 0
        if self.total_key is not None:
            total = _int(lookup(page.fields, self.total_key))
            if total is not None and offset + count >= total:
                return None
        return set_query(url, self.offset_param, str(offset + count))


@dataclass(frozen=True, kw_only=True)
class NextUrl(Paginator):
    """A next-page URL in a body field (``{"next": "...", "results": [...]}``); relative
    references resolve against the current page's URL. With ``has_more_key``, a page that
    says there is more but gives no URL raises :class:`PaginationError`."""

    key: str = "next"
    has_more_key: str | None = None

    def needs_object_body(self) -> bool:
        return True

    def next_url(self, url: str, page: PageData, seen: int) -> str | None:
        more = lookup(page.fields, self.has_more_key) if self.has_more_key is not None else None
        if more is False:
            return None
        value = lookup(page.fields, self.key)
        if value is None or value == "":
            if more is True:
                raise PaginationError(
                    f"the page says {self.has_more_key}=true, but the body field "
                    f"{self.key!r} is missing, so the next page cannot be asked for"
                )
            return None
        if not isinstance(value, str):
            raise PaginationError(f"body field {self.key!r} is a {type(value).__name__}, not a URL")
        return value


# -- small URL and body helpers (shared with the Page machinery) ----------------------------


def lookup(fields: Mapping[str, Any], dotted: str) -> Any:
    """``fields["a"]["b"]`` for ``"a.b"``; None when a step is missing."""
    value: Any = fields
    for part in dotted.split("."):
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def item_field(item: Any, dotted: str) -> Any:
    """Field ``dotted`` of a page item: a model (by wire name or attribute) or a mapping."""
    value: Any = item
    for part in dotted.split("."):
        if isinstance(value, Mapping):
            value = value.get(part)
        elif isinstance(value, pydantic.BaseModel):
            value = _model_field(value, part)
        else:
            return None
        if value is None:
            return None
    return value


def _model_field(model: pydantic.BaseModel, name: str) -> Any:
    for attribute, info in type(model).model_fields.items():
        if name in (attribute, info.alias, info.validation_alias):
            return getattr(model, attribute)
    extra = model.model_extra or {}
    return extra.get(name)


def query_value(url: str, name: str) -> str | None:
    """The first value of query parameter ``name`` in ``url``."""
    for key, value in parse_qsl(urlsplit(url).query, keep_blank_values=True):
        if key == name:
            return value
    return None


def set_query(url: str, name: str, value: str) -> str:
    """``url`` with query parameter ``name`` set to ``value`` (replacing any existing one)."""
    parts = urlsplit(url)
    pairs = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != name]
    pairs.append((name, value))
    return urlunsplit(parts._replace(query=urlencode(pairs)))


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None
