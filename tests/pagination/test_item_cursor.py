"""Cursors taken from the page's items (Stripe, Square, Intercom), and walks that must not end
quietly while the server says there is more."""

from __future__ import annotations

from typing import Any

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.pagination.helpers import json_response
from typelink import ConfigurationError, Consumer, Model, Page, PaginationError, Query, get
from typelink.pagination import Cursor, NextUrl

IDS = [f"obj_{n}" for n in range(7, 0, -1)]  # newest first, as Stripe lists


class Obj(Model):
    id: str


class Feed(Consumer):
    @get(
        "objects",
        paginate=Cursor(
            param="starting_after", last_item_key="id", has_more_key="has_more", items_key="data"
        ),
    )
    def forward(self, limit: Query[int] = 3) -> Page[Obj]:
        raise NotImplementedError

    @get(
        "objects",
        paginate=Cursor(
            param="ending_before", first_item_key="id", has_more_key="has_more", items_key="data"
        ),
    )
    def backward(self, ending_before: Query[str], limit: Query[int] = 3) -> Page[Obj]:
        raise NotImplementedError

    @get("dicts", paginate=Cursor(param="after", last_item_key="meta.key", items_key="items"))
    def nested_key(self) -> Page[dict[str, Any]]:
        raise NotImplementedError

    @get(
        "broken",
        paginate=Cursor(param="after", next_key="next", has_more_key="more", items_key="data"),
    )
    def opaque(self) -> Page[Obj]:
        raise NotImplementedError

    @get("broken", paginate=NextUrl(key="next", has_more_key="more", items_key="data"))
    def next_url(self) -> Page[Obj]:
        raise NotImplementedError


def stripe_list(request: Request) -> Response:
    """Stripe's list semantics over IDS."""
    limit = int(request.args["limit"])
    if "starting_after" in request.args:
        start = IDS.index(request.args["starting_after"]) + 1
        page, more = IDS[start : start + limit], start + limit < len(IDS)
    elif "ending_before" in request.args:
        end = IDS.index(request.args["ending_before"])
        start = max(0, end - limit)
        page, more = IDS[start:end], start > 0
    else:
        page, more = IDS[:limit], limit < len(IDS)
    body = {"object": "list", "has_more": more, "data": [{"id": i} for i in page]}
    return json_response(body)


def test_forward_from_the_last_item(api: HTTPServer) -> None:
    api.expect_request("/objects").respond_with_handler(stripe_list)
    page = Feed(api.url_for("/")).forward()
    assert [o.id for o in page] == IDS
    cursors = [r.args.get("starting_after") for r, _ in api.log]
    assert cursors == [None, "obj_5", "obj_2"]


def test_backward_from_the_first_item(api: HTTPServer) -> None:
    api.expect_request("/objects").respond_with_handler(stripe_list)
    page = Feed(api.url_for("/")).backward("obj_1", limit=2)
    assert [[o.id for o in p.items] for p in page.iter_pages()] == [
        ["obj_3", "obj_2"],
        ["obj_5", "obj_4"],
        ["obj_7", "obj_6"],
    ]
    assert [r.args["ending_before"] for r, _ in api.log] == ["obj_1", "obj_3", "obj_5"]


def test_items_as_mappings_with_a_dotted_key_and_an_empty_page_ends(api: HTTPServer) -> None:
    def handler(request: Request) -> Response:
        after = request.args.get("after")
        data = {None: [{"meta": {"key": "k1"}}], "k1": [{"meta": {"key": "k2"}}], "k2": []}
        return json_response({"items": data[after]})

    api.expect_request("/dicts").respond_with_handler(handler)
    assert [i["meta"]["key"] for i in Feed(api.url_for("/")).nested_key()] == ["k1", "k2"]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"data": [], "has_more": True}, r"has_more=true, but an item to take 'id' from"),
        ({"data": [{"name": "x"}], "has_more": True}, r"the field 'id' of the last item"),
    ],
)
def test_has_more_without_an_item_cursor_raises(
    api: HTTPServer, body: dict[str, Any], message: str
) -> None:
    class Strict(Consumer):
        @get(
            "objects",
            paginate=Cursor(
                param="starting_after",
                last_item_key="id",
                has_more_key="has_more",
                items_key="data",
            ),
        )
        def listing(self) -> Page[dict[str, Any]]:
            raise NotImplementedError

    api.expect_request("/objects").respond_with_json(body)
    page = Strict(api.url_for("/")).listing()
    assert page.has_next_page()  # the server said so
    with pytest.raises(PaginationError, match=rf"Strict\.listing: after page 1: .*{message}"):
        page.to_list()


@pytest.mark.parametrize("call", ["opaque", "next_url"])
def test_has_more_without_a_next_field_raises(api: HTTPServer, call: str) -> None:
    api.expect_request("/broken").respond_with_json({"data": [{"id": "a"}], "more": True})
    walk = getattr(Feed(api.url_for("/")), call)()
    with pytest.raises(PaginationError, match=r"more=true, but the body field 'next' is missing"):
        list(walk)


def test_has_more_false_ends_even_with_items(api: HTTPServer) -> None:
    api.expect_request("/broken").respond_with_json({"data": [{"id": "a"}], "more": False})
    assert [o.id for o in Feed(api.url_for("/")).opaque()] == ["a"]


def test_a_cursor_needs_exactly_one_source() -> None:
    with pytest.raises(ConfigurationError, match="exactly one of next_key=, next_header="):
        Cursor(last_item_key="id", next_key="next", items_key="data").check()
    with pytest.raises(ConfigurationError, match="items_key"):
        Cursor(last_item_key="id").check()
