"""``Page[T]``: lazily iterate items across pages, with every page sent through the pipeline.

Declaring ``-> Page[Issue]`` makes a call fetch the first page and return a :class:`Page`.
Iterating a page yields its items and then fetches the following pages one at a time, each
through :meth:`BoundEndpoint.execute`, so auth, rate limiting, retries, 401 replay and error
mapping apply to every page. The iterator holds only the page it is reading, so memory stays
flat however many pages there are.

The only state needed to continue is a :class:`PageState` (the next URL plus counters), which
serialises to a short JSON string: :func:`resume` picks up from it later, even in another
process. Safety rules: a next page on another scheme/host/port is refused (the credential
would go with it) unless the strategy's ``allow_hosts`` lists it; a URL that comes back
within one iteration raises instead of looping; a page that fails raises the typed error,
annotated with the page number and the state to resume from, and calling ``next()`` on the
same iterator again retries that page without repeating items already yielded.
"""

from __future__ import annotations

import dataclasses
import json
import operator
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, TypeVar, get_args, get_origin
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import pydantic
import requests

from typelink._internal.redact import redact_url
from typelink.errors import (
    ConfigurationError,
    PaginationError,
    ResponseValidationError,
    TypelinkError,
)
from typelink.policies.paginators import (
    Cursor,
    LinkHeader,
    NextUrl,
    OffsetLimit,
    PageData,
    PageNumber,
    Paginator,
    lookup,
)
from typelink.transport.config import INVALID_ORIGIN, origin_of

if TYPE_CHECKING:
    from typelink.client import BoundEndpoint
    from typelink.declare.compiler import EndpointSpec

__all__ = [
    "Cursor",
    "LinkHeader",
    "NextUrl",
    "OffsetLimit",
    "Page",
    "PageData",
    "PageIterator",
    "PageNumber",
    "PageState",
    "Paginator",
    "page_item_type",
    "resume",
    "start_pages",
]

T = TypeVar("T")

DEFAULT_PAGINATOR: Paginator = LinkHeader()
_SPEC_CACHE_KEY = "typelink.page_specs"


@dataclass(frozen=True)
class PageState:
    """Where an iteration stands: the URL of a page, its number, the items on pages before
    it (``seen``) and how many of its own items were already consumed (``skip``)."""

    url: str
    number: int = 1
    seen: int = 0
    skip: int = 0

    def to_json(self) -> str:
        """A short JSON string for storing or passing to another process."""
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


class Page(Generic[T]):
    """One page of results, and the way to the rest.

    ``for item in page`` yields this page's items, then those of every following page,
    fetched lazily. ``page.items`` is this page only; ``page.fields`` holds the other fields
    of a wrapped body (``page.fields["total_count"]``); ``page.total`` reads the total the
    strategy declares (``total_key``).
    """

    __slots__ = ("__weakref__", "_context", "_data", "_max_items", "_next", "_next_error", "_state")

    def __init__(
        self,
        context: _Context,
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

    def next_page(self) -> Page[T]:
        """Fetch the next page (raises :class:`PaginationError` on the last page)."""
        state = self.next_page_state()
        if state is None:
            raise PaginationError(f"{self._context.qualname}: page {self.number} is the last page")
        page: Page[T] = self._context.fetch(state, self._max_items)
        return page

    def follow(self, seen_urls: set[str]) -> Page[T] | None:
        """The next page, or None; a URL already in ``seen_urls`` (this walk) is a loop."""
        state = self.next_page_state()
        if state is None:
            return None
        context = self._context
        if state.url in seen_urls:
            raise PaginationError(
                f"{context.qualname}: page {state.number} would fetch "
                f"{context.redact(state.url)} again (a repeating cursor or link); "
                "stopping instead of looping"
            )
        page: Page[T] = context.fetch(state, None)
        seen_urls.add(state.url)
        return page

    def iter_pages(self) -> Iterator[Page[T]]:
        """This page and the following ones, each fetched when reached."""
        return PageWalk(self)

    def __iter__(self) -> PageIterator[T]:
        return PageIterator(self, self._max_items)

    def limit(self, max_items: int) -> Page[T]:
        """This page, with iteration (and :meth:`to_list`) stopping after ``max_items``."""
        if max_items < 0:
            raise ValueError(f"max_items must be >= 0, got {max_items}")
        return Page(self._context, self._data, self._state, max_items)

    def to_list(self, max_items: int | None = None) -> list[T]:
        """Every item from this page on (at most ``max_items``, or the :meth:`limit`)."""
        cap = self._max_items if max_items is None else max_items
        return list(PageIterator(self, cap))

    def __repr__(self) -> str:
        return (
            f"<Page {self.number} of {self._context.qualname}: {len(self._data.items)} items, "
            f"{'more' if self.has_next_page() else 'last'}>"
        )


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
        self._items: Iterator[T] = iter(page.items)
        for _ in range(page.state.skip):
            next(self._items, None)
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
        page = self._page
        remaining = operator.length_hint(self._items)
        if remaining:
            return dataclasses.replace(page.state, skip=len(page.items) - remaining)
        return page.next_page_state()


class _Context:
    """What every page of one paginated call shares (but no page: memory stays flat)."""

    __slots__ = (
        "allowed",
        "bound",
        "extras",
        "method",
        "page_spec",
        "paginator",
        "qualname",
        "runtime",
    )

    def __init__(
        self, bound: BoundEndpoint, paginator: Paginator, method: str, extras: dict[str, Any]
    ) -> None:
        self.bound = bound
        self.runtime = bound.runtime
        self.paginator = paginator
        self.method = method
        self.extras = extras
        self.page_spec = page_spec(bound.spec, paginator)
        self.qualname = bound.spec.info.qualname
        self.allowed = _allowed_origins(bound.base_url, paginator.allow_hosts)

    def redact(self, url: str) -> str:
        return redact_url(url, self.runtime.secrets)

    def fetch(self, state: PageState, max_items: int | None) -> Page[Any]:
        """Fetch the page at ``state`` through the full pipeline."""
        try:  # the pipeline copies the extras and headers before changing them
            request = (self.method, state.url, self.extras)
            data: PageData = self.bound.execute(request, self.page_spec)
        except TypelinkError as exc:
            _annotate(exc, state, self.qualname)
            raise
        return Page(self, data, state, max_items)

    def next_state(self, data: PageData, state: PageState) -> PageState | None:
        seen = state.seen + len(data.items)
        try:
            reference = self.paginator.next_url(state.url, data, seen)
        except PaginationError as exc:
            raise PaginationError(f"{self.qualname}: after page {state.number}: {exc}") from None
        if reference is None:
            return None
        reference = reference.strip()
        if not reference.startswith(("https://", "http://")):
            reference = urljoin(state.url, reference)
        url = self.checked_url(reference, state.number + 1)
        if url == state.url:
            raise PaginationError(
                f"{self.qualname}: page {state.number} points to itself as the next page "
                f"({self.redact(url)}); stopping instead of looping"
            )
        return PageState(url=url, number=state.number + 1, seen=seen)

    def checked_url(self, url: str, number: int) -> str:
        """``url`` if it stays on an allowed origin (secrets echoed in the query removed)."""
        origin = origin_of(url)
        if origin.startswith(INVALID_ORIGIN):  # e.g. a port out of range
            raise PaginationError(
                f"{self.qualname}: page {number} has an unusable URL {self.redact(url)!r}"
            )
        if origin not in self.allowed:
            raise PaginationError(
                f"{self.qualname}: refusing page {number} at {self.redact(url)}: it is not on "
                f"the client's host ({self.redact(self.bound.base_url)}), and the credential "
                "would go with the request (list the host in the strategy's allow_hosts= "
                "to follow it)"
            )
        secrets = self.runtime.secrets
        parts = urlsplit(url)
        if secrets and parts.query:
            pairs = parse_qsl(parts.query, keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v not in secrets]
            if len(kept) != len(pairs):
                url = urlunsplit(parts._replace(query=urlencode(kept)))
        return url


def _allowed_origins(base_url: str, hosts: Any) -> frozenset[str]:
    scheme = urlsplit(base_url).scheme
    # A bare "host[:port]" gets the client's scheme (no downgrade from https to http).
    entries = [entry if "://" in entry else f"{scheme}://{entry}" for entry in hosts]
    return frozenset(origin_of(url) for url in (base_url, *entries))


def _annotate(exc: BaseException, state: PageState, qualname: str) -> None:
    """Say which page failed and where to resume, keeping the exception's own type."""
    if getattr(exc, "page_number", None) is not None:
        return
    prefix = f"page {state.number} of {qualname}: "
    target: Any = exc  # typelink errors accept new attributes; the checkers cannot know
    try:
        target.page_number = state.number
        target.resume_state = state
    except AttributeError:  # pragma: no cover - exceptions with __slots__
        return
    if exc.args and isinstance(exc.args[0], str):
        exc.args = (prefix + exc.args[0], *exc.args[1:])
        if isinstance(getattr(exc, "message", None), str):
            target.message = prefix + target.message


# -- entry points used by the consumer ---------------------------------------------------------


def page_item_type(tp: Any) -> Any:
    """``T`` for ``Page[T]``, else None."""
    if get_origin(tp) is Page:
        (item,) = get_args(tp)
        return item
    return None


def paginator_for(bound: BoundEndpoint) -> Paginator:
    """The endpoint's strategy, else the client's default, else :class:`LinkHeader`."""
    chosen = bound.spec.options.paginate
    if chosen is None:
        chosen = getattr(bound.runtime, "paginate", None)
    if chosen is None:
        return DEFAULT_PAGINATOR
    if not isinstance(chosen, Paginator):
        raise ConfigurationError(
            f"{bound.spec.info.qualname}: paginate= must be a typelink.pagination strategy "
            f"(LinkHeader, PageNumber, Cursor, OffsetLimit, NextUrl), got {chosen!r}"
        )
    return chosen


def start_pages(bound: BoundEndpoint, request: tuple[str, str, Any]) -> Page[Any]:
    """Fetch the first page of a ``Page[T]`` call (``request`` is uplink's request tuple)."""
    paginator = paginator_for(bound)
    method, url, raw_extras = request
    extras = dict(raw_extras)
    params = extras.pop("params", None)
    full_url = _with_params(url, params)
    context = _Context(bound, paginator, method, extras)
    return context.fetch(PageState(url=paginator.first_url(full_url)), None)


def resume(
    endpoint: Callable[..., Page[T]], state: PageState | str, *args: Any, **kwargs: Any
) -> Page[T]:
    """Continue a paginated call from a saved :class:`PageState` (or its JSON).

    ``endpoint`` is the bound method (``api.issues.list``). The state's URL carries the query;
    pass the call's arguments again only if the endpoint sends headers or a body that the
    later pages need.
    """
    from typelink.client import BoundEndpoint

    if not isinstance(endpoint, BoundEndpoint):
        raise ConfigurationError(
            f"resume() needs a bound endpoint such as api.items.list, got {endpoint!r}"
        )
    if isinstance(state, (str, bytes)):
        state = PageState.from_json(state)
    if endpoint.spec.page_item_type is None:
        raise ConfigurationError(f"{endpoint.spec.info.qualname} does not return Page[T]")
    if args or kwargs:
        method, _, raw_extras = endpoint.build(*args, **kwargs)
        extras = dict(raw_extras)
        extras.pop("params", None)
    else:
        method, extras = endpoint.spec.info.http_method, {}
    context = _Context(endpoint, paginator_for(endpoint), method, extras)
    safe = dataclasses.replace(state, url=context.checked_url(state.url, state.number))
    page: Page[T] = context.fetch(safe, None)
    return page


def _with_params(url: str, params: Any) -> str:
    """Fold uplink's query parameters into the URL, encoded exactly as requests would."""
    if not params:
        return url
    prepared = requests.models.PreparedRequest()
    prepared.prepare_url(url, params)
    return prepared.url or url


# -- page parsing ------------------------------------------------------------------------------


def page_spec(spec: EndpointSpec, paginator: Paginator) -> EndpointSpec:
    """``spec`` with a parser that returns :class:`PageData` (built once per strategy)."""
    cache: dict[Paginator, EndpointSpec] = spec.extras.setdefault(_SPEC_CACHE_KEY, {})
    found = cache.get(paginator)
    if found is None:
        paginator.check()
        parser = page_parser(spec.page_item_type, paginator.items_key)
        found = dataclasses.replace(spec, parser=parser, extras={})
        cache[paginator] = found
    return found


def page_parser(item_type: Any, items_key: str | None) -> Callable[[requests.Response], PageData]:
    """Parse a page body straight from bytes: a JSON list, or an object holding the list."""
    if items_key is None:
        list_type: Any = list[item_type]
        adapter: pydantic.TypeAdapter[list[Any]] = pydantic.TypeAdapter(list_type)
        validate_list = adapter.validate_json

        def parse_list(response: requests.Response) -> PageData:
            content = response.content
            if not content.strip():
                return PageData([], {}, response.headers)
            try:
                items = validate_list(content)
            except pydantic.ValidationError as exc:
                raise _invalid(response, f"list[{_name(item_type)}]", exc) from None
            return PageData(items, {}, response.headers)

        return parse_list
    path = items_key.split(".")
    model = _wrapper_model(item_type, path)
    validate = model.model_validate_json
    expected = f"{{{items_key!r}: list[{_name(item_type)}], ...}}"

    def parse_wrapped(response: requests.Response) -> PageData:
        content = response.content
        if not content.strip():
            return PageData([], {}, response.headers)
        try:
            body = validate(content)
        except pydantic.ValidationError as exc:
            raise _invalid(response, expected, exc) from None
        items, fields = _unwrap(body, path)
        return PageData(items, fields, response.headers)

    return parse_wrapped


_ITEMS_FIELD = "typelink_items_"
_INNER_FIELD = "typelink_inner_"


def _wrapper_model(item_type: Any, path: list[str]) -> type[pydantic.BaseModel]:
    config = pydantic.ConfigDict(extra="allow")
    if len(path) == 1:
        items_type: Any = list[item_type]
        field: Any = (items_type, pydantic.Field(alias=path[0]))
        return pydantic.create_model("PageBody", __config__=config, **{_ITEMS_FIELD: field})
    inner = _wrapper_model(item_type, path[1:])
    field = (inner, pydantic.Field(alias=path[0]))
    return pydantic.create_model("PageBody", __config__=config, **{_INNER_FIELD: field})


def _unwrap(body: pydantic.BaseModel, path: list[str]) -> tuple[list[Any], dict[str, Any]]:
    """The items and the other fields (nested objects on the path keep their own extras)."""
    fields: dict[str, Any] = dict(body.model_extra or {})
    if len(path) == 1:
        items: list[Any] = getattr(body, _ITEMS_FIELD)
        return items, fields
    inner_items, inner_fields = _unwrap(getattr(body, _INNER_FIELD), path[1:])
    fields[path[0]] = inner_fields
    return inner_items, fields


def _name(tp: Any) -> str:
    return tp.__name__ if isinstance(tp, type) else repr(tp).replace("typing.", "")


def _invalid(
    response: requests.Response, expected: str, exc: pydantic.ValidationError
) -> ResponseValidationError:
    request: Any = response.request
    method = (request.method or "") if request is not None else ""
    errors = [
        {"loc": err["loc"], "msg": err["msg"], "type": err["type"]}
        for err in exc.errors(include_url=False, include_input=False)
    ]
    for err in errors:  # report the body's own key, not the internal field name
        err["loc"] = tuple("<items>" if part == _ITEMS_FIELD else part for part in err["loc"])
    return ResponseValidationError(
        method=method,
        url=redact_url(response.url or ""),
        status_code=response.status_code,
        body=response.content,
        expected=expected,
        errors=errors,
    )
