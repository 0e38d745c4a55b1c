"""The outgoing request: built from uplink's tuple, copied for each attempt, replayable or not."""

from __future__ import annotations

import io

from typelink.transport.request import OutgoingRequest


def test_from_uplink_copies_so_an_attempt_cannot_change_the_next() -> None:
    headers = {"Accept": "json"}
    params = {"page": 2}
    request = OutgoingRequest.from_uplink(
        ("get", "https://h/x", {"headers": headers, "params": params})
    )
    assert request.method == "GET" and request.headers == headers and request.params == params
    request.headers["Authorization"] = "Bearer t"
    request.params["page"] = 3
    assert "Authorization" not in headers and params == {"page": 2}


def test_copy_is_independent_and_keeps_trust() -> None:
    request = OutgoingRequest(
        "POST", "https://h/x", {"A": "1"}, {"q": "1"}, {"data": b"x"}, trusted=False
    )
    copy = request.copy()
    copy.headers["B"] = "2"
    copy.params["q"] = "2"
    assert request.headers == {"A": "1"} and request.params == {"q": "1"}
    assert copy.trusted is False and copy.kwargs["data"] is request.kwargs["data"]


def test_full_url_appends_the_query_and_leaves_out_none() -> None:
    assert OutgoingRequest("GET", "https://h/x").full_url() == "https://h/x"
    request = OutgoingRequest(
        "GET", "https://h/x?a=1", params={"b": "2", "c": None, "d": ["x", "y"]}
    )
    assert request.full_url() == "https://h/x?a=1&b=2&d=x&d=y"


def test_to_uplink_round_trips() -> None:
    request = OutgoingRequest("GET", "https://h/x", {"A": "1"}, {"q": "1"}, {"timeout": 3})
    method, url, options = request.to_uplink()
    assert (method, url) == ("GET", "https://h/x")
    assert options == {"timeout": 3, "headers": {"A": "1"}, "params": {"q": "1"}}


def test_streams_and_generators_are_not_replayable() -> None:
    assert OutgoingRequest("POST", "u", kwargs={"data": b"bytes"}).body_is_replayable
    assert OutgoingRequest("POST", "u", kwargs={"data": {"k": ["a", 1]}}).body_is_replayable
    assert not OutgoingRequest("POST", "u", kwargs={"data": io.BytesIO(b"x")}).body_is_replayable
    assert not OutgoingRequest("POST", "u", kwargs={"data": (b for b in [b"x"])}).body_is_replayable
    files = {"f": ("name", io.BytesIO(b"x"), "text/plain")}
    assert not OutgoingRequest("POST", "u", kwargs={"files": files}).body_is_replayable
