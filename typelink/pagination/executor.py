"""Walking pages: fetching each page of a ``Page[T]`` call through the whole pipeline.

A :class:`PageWalker` is what every page of one walk shares (the endpoint, its strategy, the
origins a next page may be on); it is the :class:`typelink.declare.page.PageSource` of those
pages. It is written against :class:`PagedEndpoint`, a small protocol the client's bound
endpoints implement, not against the client itself. :class:`AsyncPageWalker` is the same
walk for async endpoints: the rules below (:class:`WalkRules`) are shared, only ``fetch``
awaits.

Safety rules: a next page on another scheme, host or port is refused (the credential would go
with it) unless the strategy's ``allow_hosts`` lists it; a page that points to itself, or a
URL that comes back within one walk, raises instead of looping; a secret echoed in a next
link's query is dropped; a page that fails raises its typed error annotated with the page
number and the :class:`PageState` to resume from.
"""

from __future__ import annotations

import dataclasses
import weakref
from collections.abc import Awaitable, Mapping
from typing import Any, Protocol
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import requests

from typelink._internal.redact import redact_url
from typelink.declare.async_page import AsyncPage
from typelink.declare.page import Page, PageState
from typelink.declare.parsing import page_parser
from typelink.declare.spec import EndpointSpec
from typelink.errors import ConfigurationError, PaginationError, TypelinkError, UnsafeURLError
from typelink.policies.paginators import LinkHeader, PageData, Paginator
from typelink.transport.urls import check_characters, origin_of, origin_prefix, parse_target

__all__ = [
    "DEFAULT_PAGINATOR",
    "AsyncPageWalker",
    "AsyncPagedEndpoint",
    "PageWalker",
    "PagedDeclaration",
    "PagedEndpoint",
    "WalkRules",
    "paginator_for",
    "resume_pages",
    "resume_pages_async",
    "start_pages",
    "start_pages_async",
]

DEFAULT_PAGINATOR: Paginator = LinkHeader()

UplinkRequest = tuple[str, str, Mapping[str, Any]]


class PagedDeclaration(Protocol):
    """What the rules of a walk need from a bound endpoint (blocking or async)."""

    @property
    def spec(self) -> EndpointSpec:
        """The compiled declaration (``spec.page_item_type`` is the item type)."""
        ...

    @property
    def base_url(self) -> str:
        """The base URL the endpoint's requests go to."""
        ...

    @property
    def default_paginator(self) -> Paginator | None:
        """The client's ``paginate=`` strategy, if any."""
        ...

    @property
    def secrets(self) -> tuple[str, ...]:
        """The credential's current secret values."""
        ...


class PagedEndpoint(PagedDeclaration, Protocol):
    """What walking pages needs from a blocking bound endpoint."""

    def execute(self, request: UplinkRequest, spec: EndpointSpec) -> Any:
        """Run one call for an already-built request, parsed with ``spec``'s parser."""
        ...


class AsyncPagedEndpoint(PagedDeclaration, Protocol):
    """What walking pages needs from an async bound endpoint."""

    def execute(self, request: UplinkRequest, spec: EndpointSpec) -> Awaitable[Any]:
        """Run one call for an already-built request, parsed with ``spec``'s parser."""
        ...


def paginator_for(endpoint: PagedDeclaration) -> Paginator:
    """The endpoint's strategy, else the client's default, else :class:`LinkHeader`."""
    chosen: Any = endpoint.spec.options.paginate or endpoint.default_paginator
    if chosen is None:
        return DEFAULT_PAGINATOR
    if not isinstance(chosen, Paginator):
        raise ConfigurationError(
            f"{endpoint.spec.info.qualname}: paginate= must be a typelink.pagination strategy "
            f"(LinkHeader, PageNumber, Cursor, OffsetLimit, NextUrl), got {chosen!r}"
        )
    return chosen


_PAGE_SPECS: weakref.WeakKeyDictionary[EndpointSpec, dict[Paginator, EndpointSpec]] = (
    weakref.WeakKeyDictionary()
)


def page_spec(spec: EndpointSpec, paginator: Paginator) -> EndpointSpec:
    """``spec`` with a parser that returns :class:`PageData` (built once per strategy)."""
    cache = _PAGE_SPECS.setdefault(spec, {})
    found = cache.get(paginator)
    if found is None:
        paginator.check()
        found = spec.with_parser(page_parser(spec.page_item_type, paginator.items_key))
        cache[paginator] = found
    return found


class WalkRules:
    """What every page of one paginated call shares (but no page: memory stays flat): the
    strategy, and the checks on where the next page may be."""

    __slots__ = (
        "allowed",
        "base_prefix",
        "endpoint",
        "method",
        "options",
        "page_spec",
        "paginator",
        "qualname",
    )

    def __init__(
        self,
        endpoint: PagedDeclaration,
        paginator: Paginator,
        method: str,
        options: Mapping[str, Any],
    ) -> None:
        self.endpoint = endpoint
        self.paginator = paginator
        self.method = method
        self.options = options
        self.page_spec = page_spec(endpoint.spec, paginator)
        self.qualname = endpoint.spec.info.qualname
        self.allowed = _allowed_origins(endpoint.base_url, paginator.allow_hosts)
        self.base_prefix = origin_prefix(endpoint.base_url)

    def redact(self, url: str) -> str:
        """``url`` without the credential's secrets."""
        return redact_url(url, self.endpoint.secrets)

    def next_state(self, data: PageData, state: PageState) -> PageState | None:
        """Where the next page is, checked (None on the last page)."""
        seen = state.seen + len(data.items)
        try:
            reference = self.paginator.next_url(state.url, data, seen)
        except PaginationError as exc:
            raise PaginationError(f"{self.qualname}: after page {state.number}: {exc}") from None
        if reference is None:
            return None
        reference = reference.strip(" ")
        self._check_reference(reference, state.number + 1)
        if not reference.startswith(("https://", "http://")):
            reference = urljoin(state.url, reference)
        url = self.checked_url(reference, state.number + 1)
        if url == state.url:
            raise PaginationError(
                f"{self.qualname}: page {state.number} points to itself as the next page "
                f"({self.redact(url)}); stopping instead of looping"
            )
        return PageState(url=url, number=state.number + 1, seen=seen)

    def _check_reference(self, reference: str, number: int) -> None:
        """A relative reference is refused before joining, which could hide a backslash."""
        refused: PaginationError | None = None
        try:
            check_characters(reference)
        except UnsafeURLError as exc:
            refused = self._unusable(number, reference, exc)
        if refused is not None:
            raise refused

    def _unusable(self, number: int, url: str, exc: UnsafeURLError) -> PaginationError:
        return PaginationError(
            f"{self.qualname}: page {number} has an unusable URL {self.redact(url)!r}: {exc}"
        )

    def checked_url(self, url: str, number: int) -> str:
        """``url`` if it stays on an allowed origin (secrets echoed in the query removed).

        The origin is read as the transport connects; a URL that parsers could read
        differently (a backslash, user info, an odd port...) is refused. A URL that starts
        with the base URL's ``scheme://authority/`` is on its origin: only its characters
        are checked."""
        refused: PaginationError | None = None
        origin: str | None = None
        try:
            if url.startswith(self.base_prefix):
                check_characters(url)
            else:
                origin = parse_target(url).origin
        except UnsafeURLError as exc:
            refused = self._unusable(number, url, exc)
        if refused is not None:  # raised outside the handler: no chained context
            raise refused
        if origin is not None and origin not in self.allowed:
            raise PaginationError(
                f"{self.qualname}: refusing page {number} at {self.redact(url)}: it is not on "
                f"the client's host ({self.redact(self.endpoint.base_url)}), and the credential "
                "would go with the request (list the host in the strategy's allow_hosts= "
                "to follow it)"
            )
        secrets = self.endpoint.secrets
        if not secrets:
            return url
        parts = urlsplit(url)
        if parts.query:
            pairs = parse_qsl(parts.query, keep_blank_values=True)
            kept = [(k, v) for k, v in pairs if v not in secrets]
            if len(kept) != len(pairs):
                url = urlunsplit(parts._replace(query=urlencode(kept)))
        return url


class PageWalker(WalkRules):
    """The walk of a blocking ``Page[T]`` call."""

    __slots__ = ()
    endpoint: PagedEndpoint

    def fetch(self, state: PageState, max_items: int | None) -> Page[Any]:
        """Fetch the page at ``state`` through the full pipeline."""
        try:  # the pipeline copies the options and headers before changing them
            data: PageData = self.endpoint.execute(
                (self.method, state.url, self.options), self.page_spec
            )
        except TypelinkError as exc:
            _annotate(exc, state, self.qualname)
            raise
        return Page(self, data, state, max_items)


class AsyncPageWalker(WalkRules):
    """The walk of an async ``AsyncPage[T]`` call: the same rules, an awaited fetch."""

    __slots__ = ()
    endpoint: AsyncPagedEndpoint

    async def fetch(self, state: PageState, max_items: int | None) -> AsyncPage[Any]:
        """Fetch the page at ``state`` through the full pipeline."""
        try:
            data: PageData = await self.endpoint.execute(
                (self.method, state.url, self.options), self.page_spec
            )
        except TypelinkError as exc:
            _annotate(exc, state, self.qualname)
            raise
        return AsyncPage(self, data, state, max_items)


def start_pages(endpoint: PagedEndpoint, request: UplinkRequest) -> Page[Any]:
    """Fetch the first page of a ``Page[T]`` call (``request`` is uplink's request)."""
    method, options, state = _first_page(endpoint, request)
    return PageWalker(endpoint, paginator_for(endpoint), method, options).fetch(state, None)


async def start_pages_async(endpoint: AsyncPagedEndpoint, request: UplinkRequest) -> AsyncPage[Any]:
    """Fetch the first page of an ``AsyncPage[T]`` call."""
    method, options, state = _first_page(endpoint, request)
    walker = AsyncPageWalker(endpoint, paginator_for(endpoint), method, options)
    return await walker.fetch(state, None)


def _first_page(
    endpoint: PagedDeclaration, request: UplinkRequest
) -> tuple[str, dict[str, Any], PageState]:
    method, url, raw_options = request
    options = dict(raw_options)
    params = options.pop("params", None)
    return (
        method,
        options,
        PageState(url=paginator_for(endpoint).first_url(_with_params(url, params))),
    )


def resume_pages(
    endpoint: PagedEndpoint, state: PageState, request: UplinkRequest | None
) -> Page[Any]:
    """Continue a walk from ``state``; ``request`` (when the caller passed the arguments
    again) gives the headers and body later pages need."""
    method, options = _resumed_request(endpoint, request)
    walker = PageWalker(endpoint, paginator_for(endpoint), method, options)
    safe = dataclasses.replace(state, url=walker.checked_url(state.url, state.number))
    return walker.fetch(safe, None)


async def resume_pages_async(
    endpoint: AsyncPagedEndpoint, state: PageState, request: UplinkRequest | None
) -> AsyncPage[Any]:
    """:func:`resume_pages` for an async endpoint."""
    method, options = _resumed_request(endpoint, request)
    walker = AsyncPageWalker(endpoint, paginator_for(endpoint), method, options)
    safe = dataclasses.replace(state, url=walker.checked_url(state.url, state.number))
    return await walker.fetch(safe, None)


def _resumed_request(
    endpoint: PagedDeclaration, request: UplinkRequest | None
) -> tuple[str, dict[str, Any]]:
    if endpoint.spec.page_item_type is None:
        raise ConfigurationError(f"{endpoint.spec.info.qualname} does not return a page type")
    if request is None:
        return endpoint.spec.info.http_method, {}
    method, _, raw_options = request
    options = dict(raw_options)
    options.pop("params", None)
    return method, options


def _with_params(url: str, params: Any) -> str:
    """Fold uplink's query parameters into the URL, encoded exactly as requests would."""
    if not params:
        return url
    prepared = requests.models.PreparedRequest()
    prepared.prepare_url(url, params)
    return prepared.url or url


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
