"""Page[T] and every strategy against a real local server (pytest-httpserver)."""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from typelink import (
    Consumer,
    InternalServerError,
    Model,
    Page,
    PaginationError,
    Query,
    ResponseValidationError,
    RetryPolicy,
    get,
)
from typelink.errors import ConfigurationError
from typelink.pagination import (
    Cursor,
    LinkHeader,
    NextUrl,
    OffsetLimit,
    PageNumber,
    PageState,
    resume,
)

from .helpers import CountingLimiter, TokenAuth, items, json_response, requests_to, route


class Item(Model):
    id: int
    name: str


class Items(Consumer):
    @get("items")
    def link(self, per_page: Query[int] = 3) -> Page[Item]:
        raise NotImplementedError

    @get("numbered", paginate=PageNumber(size=4))
    def numbered(self) -> Page[Item]:
        raise NotImplementedError

    @get("wrapped", paginate=PageNumber(items_key="items", total_key="total_count", size=2))
    def wrapped(self) -> Page[Item]:
        raise NotImplementedError

    @get("pages", paginate=PageNumber(items_key="data", total_pages_key="meta.pages"))
    def by_total_pages(self) -> Page[Item]:
        raise NotImplementedError

    @get("cursor", paginate=Cursor(items_key="data.items", next_key="meta.next_cursor"))
    def cursor_body(self) -> Page[Item]:
        raise NotImplementedError

    @get("hcursor", paginate=Cursor(next_header="X-Next-Cursor", param="after"))
    def cursor_header(self) -> Page[Item]:
        raise NotImplementedError

    @get("offset", paginate=OffsetLimit(limit=5))
    def offset(self) -> Page[Item]:
        raise NotImplementedError

    @get("nexturl", paginate=NextUrl(items_key="results", key="next"))
    def next_url(self) -> Page[Item]:
        raise NotImplementedError

    @get("plain")
    def plain(self) -> Page[Item]:
        raise NotImplementedError


def client(server: HTTPServer, **options: Any) -> Items:
    options.setdefault("sleep", lambda seconds: None)
    return Items(server.url_for("/"), **options)


def link_pages(server: HTTPServer, total: int, path: str = "/items") -> None:
    """``total`` items served ``per_page`` at a time with RFC 8288 next links."""

    def handler(request: Request) -> Response:
        page = int(request.args.get("page", 1))
        per_page = int(request.args["per_page"])
        start = (page - 1) * per_page
        headers = {}
        if start + per_page < total:
            nxt = server.url_for(path) + f"?per_page={per_page}&page={page + 1}"
            last = server.url_for(path) + f"?per_page={per_page}&page=99"
            headers["Link"] = f'<{nxt}>; rel="next", <{last}>; rel="last"'
        return json_response(items(start, min(per_page, total - start)), headers=headers)

    route(server, path, handler)


# -- Link header (the default) -------------------------------------------------------------


def test_link_header_iterates_all_items_lazily(api: HTTPServer) -> None:
    link_pages(api, total=10)
    page = client(api).link()
    assert len(requests_to(api, "/items")) == 1  # the call fetches the first page only
    assert [i.id for i in page.items] == [0, 1, 2]
    assert page.number == 1 and page.has_next_page()
    iterator = iter(page)
    first_four = [next(iterator).id for _ in range(4)]
    assert first_four == [0, 1, 2, 3]
    assert len(requests_to(api, "/items")) == 2  # page 2 fetched only when reached
    assert [i.id for i in iterator] == list(range(4, 10))
    assert len(requests_to(api, "/items")) == 4


def test_page_navigation_helpers(api: HTTPServer) -> None:
    link_pages(api, total=7)
    page = client(api).link()
    second = page.next_page()
    assert second.number == 2 and [i.id for i in second.items] == [3, 4, 5]
    third = second.next_page()
    assert not third.has_next_page()
    assert third.next_page_state() is None
    with pytest.raises(PaginationError, match="last page"):
        third.next_page()
    assert [p.number for p in page.iter_pages()] == [1, 2, 3]
    assert [i.id for i in page.to_list()] == list(range(7))
    assert "Page 1 of Items.link" in repr(page)


def test_limit_and_max_items_stop_without_fetching_more(api: HTTPServer) -> None:
    link_pages(api, total=30)
    page = client(api).link()
    assert [i.id for i in page.limit(4)] == [0, 1, 2, 3]
    assert len(requests_to(api, "/items")) == 2
    assert [i.id for i in page.to_list(max_items=2)] == [0, 1]
    assert len(page.limit(5).to_list()) == 5
    assert page.limit(0).to_list() == []
    with pytest.raises(ValueError):
        page.limit(-1)


def test_iteration_keeps_no_earlier_pages(api: HTTPServer) -> None:
    link_pages(api, total=12)
    walk = client(api).link().iter_pages()
    next(walk)
    second = next(walk)
    ref = weakref.ref(second)
    del second
    next(walk)
    gc.collect()
    assert ref() is None


def test_every_page_goes_through_auth_and_rate_limiter(api: HTTPServer) -> None:
    link_pages(api, total=9)
    limiter = CountingLimiter()
    api_client = client(api, auth=TokenAuth("s3cret-token", "alice"), rate_limiter=limiter)
    assert len(api_client.link().to_list()) == 9
    sent = requests_to(api, "/items")
    assert len(sent) == 3
    assert all(r.headers["Authorization"] == "Bearer s3cret-token" for r in sent)
    assert len(limiter.acquired) == 3


def test_a_retried_page_is_fetched_again_transparently(api: HTTPServer) -> None:
    failures = {"left": 1}

    def handler(request: Request) -> Response:
        page = int(request.args.get("page", 1))
        if page == 2 and failures["left"]:
            failures["left"] -= 1
            return json_response({"message": "busy"}, status=503)
        headers = {"Link": f'<{api.url_for("/plain")}?page={page + 1}>; rel="next"'}
        return json_response(items((page - 1) * 2, 2), headers=headers if page < 3 else {})

    route(api, "/plain", handler)
    assert [i.id for i in client(api).plain()] == [0, 1, 2, 3, 4, 5]
    assert len(requests_to(api, "/plain")) == 4


# -- page number ---------------------------------------------------------------------------


def test_page_number_stops_on_a_short_page(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        page = int(request.args.get("page", 1))
        assert request.args["per_page"] == "4"
        return json_response(items((page - 1) * 4, 4 if page < 3 else 1))

    route(api, "/numbered", handler)
    assert [i.id for i in client(api).numbered()] == list(range(9))
    assert [r.args.get("page") for r in requests_to(api, "/numbered")] == [None, "2", "3"]


def test_page_number_stops_on_an_empty_page(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        page = int(request.args.get("page", 1))
        return json_response(items((page - 1) * 4, 4) if page <= 2 else [])

    route(api, "/numbered", handler)
    assert len(client(api).numbered().to_list()) == 8
    assert len(requests_to(api, "/numbered")) == 3


def test_wrapped_body_with_total(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        page = int(request.args.get("page", 1))
        return json_response(
            {"total_count": 5, "incomplete": False, "items": items((page - 1) * 2, 2)}
        )

    route(api, "/wrapped", handler)
    page = client(api).wrapped()
    assert page.fields == {"total_count": 5, "incomplete": False}
    assert page.total == 5
    # the total (5) ends the walk after page 3 even though every page is full
    assert [i.id for i in page] == [0, 1, 2, 3, 4, 5]
    assert len(requests_to(api, "/wrapped")) == 3


def test_total_pages_in_a_nested_field(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        page = int(request.args.get("page", 1))
        return json_response({"data": items(page * 10, 1), "meta": {"pages": 3}})

    route(api, "/pages", handler)
    page = client(api).by_total_pages()
    assert page.fields["meta"] == {"pages": 3}
    assert [i.id for i in page] == [10, 20, 30]


# -- cursor --------------------------------------------------------------------------------


def test_cursor_in_a_nested_body_field(api: HTTPServer) -> None:
    cursors = {None: "c1", "c1": "c2", "c2": None}

    def handler(request: Request) -> Response:
        cursor = request.args.get("cursor")
        start = {None: 0, "c1": 2, "c2": 4}[cursor]
        body = {"data": {"items": items(start, 2)}, "meta": {"next_cursor": cursors[cursor]}}
        return json_response(body)

    route(api, "/cursor", handler)
    page = client(api).cursor_body()
    assert page.fields == {"meta": {"next_cursor": "c1"}, "data": {}}
    assert [i.id for i in page] == [0, 1, 2, 3, 4, 5]


def test_cursor_in_a_header(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        after = int(request.args.get("after", 0))
        headers = {"X-Next-Cursor": str(after + 3)} if after < 6 else {}
        return json_response(items(after, 3), headers=headers)

    route(api, "/hcursor", handler)
    assert [i.id for i in client(api).cursor_header()] == list(range(9))


def test_a_repeating_cursor_stops_with_pagination_error(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        cursor = request.args.get("cursor")
        nxt = {None: "a", "a": "b", "b": "a"}[cursor]
        return json_response({"data": {"items": items(0, 1)}, "meta": {"next_cursor": nxt}})

    route(api, "/cursor", handler)
    seen: list[int] = []
    with pytest.raises(PaginationError, match="again"):
        seen.extend(i.id for i in client(api).cursor_body())
    assert len(seen) == 3
    assert len(requests_to(api, "/cursor")) == 3


def test_has_more_false_ends_a_cursor_walk(api: HTTPServer) -> None:
    class Slack(Consumer):
        @get(
            "cursor",
            paginate=Cursor(items_key="members", next_key="next", has_more_key="has_more"),
        )
        def members(self) -> Page[Item]:
            raise NotImplementedError

    route(
        api,
        "/cursor",
        lambda r: json_response({"members": items(0, 2), "next": "x", "has_more": False}),
    )
    assert len(Slack(api.url_for("/")).members().to_list()) == 2


# -- offset / next URL / client default ----------------------------------------------------


def test_offset_limit(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        offset = int(request.args.get("offset", 0))
        assert request.args["limit"] == "5"
        return json_response(items(offset, min(5, 12 - offset)))

    route(api, "/offset", handler)
    assert [i.id for i in client(api).offset()] == list(range(12))
    assert [r.args.get("offset") for r in requests_to(api, "/offset")] == [None, "5", "10"]


def test_next_url_in_the_body_relative_and_absolute(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        page = int(request.args.get("p", 1))
        nxt = {1: "nexturl?p=2", 2: api.url_for("/nexturl") + "?p=3", 3: None}[page]
        return json_response({"count": 6, "next": nxt, "results": items((page - 1) * 2, 2)})

    route(api, "/nexturl", handler)
    page = client(api).next_url()
    assert page.fields["count"] == 6
    assert [i.id for i in page] == list(range(6))


def test_client_default_strategy_and_endpoint_override(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        offset = int(request.args.get("offset", 0))
        return json_response(items(offset, 2 if offset < 4 else 0))

    route(api, "/plain", handler)
    api_client = client(api, paginate=OffsetLimit())
    assert len(api_client.plain().to_list()) == 4
    endpoint: Any = api_client.numbered
    assert endpoint.spec.options.paginate == PageNumber(size=4)


def test_bad_strategy_configuration_is_reported(api: HTTPServer) -> None:
    with pytest.raises(ConfigurationError, match="items_key"):
        NextUrl().check()
    with pytest.raises(ConfigurationError, match="exactly one"):
        Cursor(items_key="x").check()
    with pytest.raises(ConfigurationError, match="strategy"):
        client(api, paginate="link").plain()


# -- resuming ------------------------------------------------------------------------------


def test_resume_from_a_saved_state_in_a_new_client(api: HTTPServer) -> None:
    link_pages(api, total=9)
    first = client(api).link()
    saved = first.next_page_state()
    assert saved is not None
    text = saved.to_json()
    assert len(text) < 200
    fresh = client(api)  # e.g. another process
    rest = resume(fresh.link, text)
    assert rest.number == 2
    assert [i.id for i in rest] == list(range(3, 9))


def test_iterator_state_resumes_mid_page_without_repeats(api: HTTPServer) -> None:
    link_pages(api, total=9)
    iterator = iter(client(api).link())
    taken = [next(iterator).id for _ in range(4)]
    state = iterator.state
    assert state is not None and state.skip == 1 and state.number == 2
    rest = [i.id for i in resume(client(api).link, PageState.from_json(state.to_json()))]
    assert taken + rest == list(range(9))


def test_resume_refuses_a_state_on_another_host(api: HTTPServer) -> None:
    link_pages(api, total=3)
    evil = PageState(url="http://evil.example:1/items?page=2", number=2)
    with pytest.raises(PaginationError, match="not on the client's host"):
        resume(client(api).link, evil)
    with pytest.raises(PaginationError, match="not a saved page state"):
        PageState.from_json("{nope")
    with pytest.raises(ConfigurationError):
        resume(lambda: None, evil)  # type: ignore[arg-type, return-value]


# -- bad input -----------------------------------------------------------------------------


def test_broken_link_header_is_a_pagination_error(api: HTTPServer) -> None:
    route(
        api,
        "/plain",
        lambda r: json_response(items(0, 2), headers={"Link": '<http://x; rel="next"'}),
    )
    page = client(api).plain()
    assert [i.id for i in page.items] == [0, 1]
    assert page.has_next_page()
    with pytest.raises(PaginationError, match=r"Items\.plain: after page 1: malformed Link header"):
        page.to_list()


def test_next_link_to_another_host_is_refused(api: HTTPServer) -> None:
    other = api.url_for("/plain").replace("localhost", "127.0.0.1") + "?page=2"

    def handler(request: Request) -> Response:
        return json_response(items(0, 2), headers={"Link": f'<{other}>; rel="next"'})

    route(api, "/plain", handler)
    api_client = client(api, auth=TokenAuth("tok-123", "alice"))
    with pytest.raises(PaginationError, match="not on the client's host") as info:
        api_client.plain().to_list()
    assert "tok-123" not in str(info.value)
    assert len(api.log) == 1  # nothing was sent to the other host


def test_allow_hosts_lets_a_listed_host_through(api: HTTPServer) -> None:
    class Mirror(Consumer):
        @get("plain", paginate=LinkHeader(allow_hosts=[f"127.0.0.1:{api.port}"]))
        def plain(self) -> Page[Item]:
            raise NotImplementedError

    other = api.url_for("/plain").replace("localhost", "127.0.0.1") + "?page=2"

    def handler(request: Request) -> Response:
        if request.args.get("page") == "2":
            return json_response(items(2, 2))
        return json_response(items(0, 2), headers={"Link": f'<{other}>; rel="next"'})

    route(api, "/plain", handler)
    assert len(Mirror(api.url_for("/")).plain().to_list()) == 4


def test_a_page_pointing_to_itself_stops(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        return json_response(items(0, 1), headers={"Link": f'<{request.url}>; rel="next"'})

    route(api, "/plain", handler)
    with pytest.raises(PaginationError, match="itself"):
        client(api).plain().to_list()


def test_secret_echoed_in_a_next_link_is_not_resent(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        if request.args.get("page") == "2":
            return json_response(items(2, 1))
        nxt = api.url_for("/plain") + "?page=2&access_token=tok-xyz"
        return json_response(items(0, 2), headers={"Link": f'<{nxt}>; rel="next"'})

    route(api, "/plain", handler)
    page = client(api, auth=TokenAuth("tok-xyz", "alice")).plain()
    state = page.next_page_state()
    assert state is not None and "tok-xyz" not in state.to_json()
    assert len(page.to_list()) == 3


def test_a_failing_page_says_which_and_retry_does_not_repeat_items(api: HTTPServer) -> None:
    broken = {"on": True}

    def handler(request: Request) -> Response:
        page = int(request.args.get("page", 1))
        if page == 3 and broken["on"]:
            return json_response({"message": "exploded"}, status=500)
        nxt = f'<{api.url_for("/plain")}?page={page + 1}>; rel="next"'
        return json_response(items((page - 1) * 2, 2), headers={"Link": nxt} if page < 4 else {})

    route(api, "/plain", handler)
    api_client = client(api, retry=RetryPolicy(max_retries=0))
    iterator = iter(api_client.plain())
    got: list[int] = []
    with pytest.raises(InternalServerError) as info:
        got.extend(i.id for i in iterator)
    error: Any = info.value
    assert error.page_number == 3
    assert str(error).startswith("page 3 of Items.plain: GET")
    assert error.resume_state.number == 3
    assert got == [0, 1, 2, 3]
    broken["on"] = False
    got.extend(i.id for i in iterator)  # the same iterator retries page 3
    assert got == list(range(8))


def test_a_page_that_does_not_match_the_type_raises_validation_error(api: HTTPServer) -> None:
    route(api, "/wrapped", lambda r: json_response({"items": [{"id": "x"}], "total_count": 1}))
    with pytest.raises(ResponseValidationError) as info:
        client(api).wrapped()
    assert info.value.status_code == 200


def test_an_empty_body_is_an_empty_last_page(api: HTTPServer) -> None:
    route(api, "/plain", lambda r: Response(b"", status=200))
    page = client(api).plain()
    assert page.items == [] and not page.has_next_page()


RESUME_SCRIPT = """
import sys
from tests.pagination.test_executor import Items
from typelink.pagination import resume
api = Items(sys.argv[1])
print(",".join(str(item.id) for item in resume(api.link, sys.stdin.read())))
"""


def test_resume_in_another_process(api: HTTPServer) -> None:
    import subprocess
    import sys
    from pathlib import Path

    link_pages(api, total=8)
    state = client(api).link().next_page_state()
    assert state is not None
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [sys.executable, "-c", RESUME_SCRIPT, api.url_for("/")],
        input=state.to_json(),
        capture_output=True,
        text=True,
        cwd=root,
        timeout=60,
        check=True,
    )
    assert done.stdout.strip() == "3,4,5,6,7"


# -- review findings --------------------------------------------------------------------------


def test_a_link_with_an_unusable_port_is_a_pagination_error(api: HTTPServer) -> None:
    from typelink import PaginationError

    api.expect_request("/things").respond_with_json(
        [{"id": 1, "name": "a"}], headers={"Link": '<http://127.0.0.1:99999/x>; rel="next"'}
    )

    class Things(Consumer):
        @get("things")
        def things(self) -> Page[Item]:
            raise NotImplementedError

    with pytest.raises(PaginationError, match="unusable URL"):
        list(Things(base_url=api.url_for("/")).things())


def test_a_group_on_its_own_host_follows_relative_links_there(api: HTTPServer) -> None:
    from typelink import Client

    other = HTTPServer(host="127.0.0.1")
    other.start()
    try:
        other.expect_ordered_request("/up/list").respond_with_json(
            [{"id": 1, "name": "a"}], headers={"Link": '<list?page=2>; rel="next"'}
        )
        other.expect_ordered_request("/up/list").respond_with_json([{"id": 2, "name": "b"}])

        class Uploads(Consumer):
            base_url_name = "uploads"

            @get("list")
            def listing(self) -> Page[Item]:
                raise NotImplementedError

        class Api(Client):
            uploads: Uploads

        client = Api(base_url=api.url_for("/"), base_urls={"uploads": other.url_for("/up/")})
        assert [i.id for i in client.uploads.listing()] == [1, 2]
    finally:
        other.clear()
        other.stop()
