"""Matching and the replay index (pure, with vcrpy request objects)."""

from __future__ import annotations

import pytest
from vcr.request import Request

from typelink.testing.matching import MatchIndex, body, resolve_matchers


def req(method: str, uri: str, data: bytes | None = None, ctype: str | None = None) -> Request:
    headers = {"Content-Type": ctype} if ctype else {}
    return Request(method, uri, data, headers)


def test_json_bodies_compare_semantically_for_any_json_type() -> None:
    a = req("POST", "http://x/", b'{"a": 1, "b": [1, 2]}', "application/vnd.github+json")
    b = req("POST", "http://x/", b'{"b":[1,2],"a":1}', "application/vnd.github+json")
    body(a, b)
    body(req("POST", "http://x/", b'{"a":1,"b":2}'), req("POST", "http://x/", b'{"b":2,"a":1}'))
    with pytest.raises(AssertionError, match="recorded"):
        body(a, req("POST", "http://x/", b'{"a": 2}', "application/json"))


def test_form_bodies_compare_in_any_order() -> None:
    form = "application/x-www-form-urlencoded"
    body(req("POST", "http://x/", b"a=1&b=2", form), req("POST", "http://x/", b"b=2&a=1", form))
    with pytest.raises(AssertionError):
        body(req("POST", "http://x/", b"a=1", form), req("POST", "http://x/", b"a=2", form))


def test_index_finds_in_order_and_skips_played() -> None:
    index = MatchIndex(
        resolve_matchers(["method", "scheme", "host", "port", "path", "query", "body"])
    )
    recorded = [
        req("GET", "http://x/items?b=2&a=1"),
        req("GET", "http://x/items?a=1&b=2"),
        req("POST", "http://x/items", b'{"n": 1}', "application/json"),
        req("POST", "http://x/items", b'{"n": 2}', "application/json"),
    ]
    for r in recorded:
        index.add(r)
    played: set[int] = set()

    def free(p: int) -> bool:
        return p not in played

    incoming = req("GET", "http://x/items?a=1&b=2")
    assert index.find(incoming, free) == 0
    played.add(0)
    assert index.find(incoming, free) == 1
    played.add(1)
    assert index.find(incoming, free) is None
    assert index.find(req("POST", "http://x/items", b'{"n":2}', "application/json"), free) == 3
    assert index.find(req("GET", "http://y/items?a=1&b=2"), free) is None


def test_index_ignores_fields_that_are_not_matched_on() -> None:
    index = MatchIndex(resolve_matchers(["method", "path"]))
    index.add(req("GET", "http://x/a?q=1"))
    assert index.find(req("GET", "https://other/a?q=2"), lambda p: True) == 0


def test_unknown_matcher_names_are_refused() -> None:
    with pytest.raises(ValueError, match="unknown matcher 'bogus'"):
        resolve_matchers(["bogus"])
