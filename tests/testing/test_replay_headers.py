"""Replayed headers built directly give exactly the message vcrpy's parser gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import requests
from hypothesis import example, given, settings
from hypothesis import strategies as st
from vcr import stubs as vcr_stubs

from typelink.testing.files import render_cassette
from typelink.testing.replay_headers import (
    fast_parse_headers,
    faster_header_parsing,
    original_parse_headers,
)
from typelink.testing.session import CassetteOptions, CassetteSession


def _state(message: Any) -> dict[str, Any]:
    """Everything the message holds (defects compared by kind: they compare by identity)."""
    state = dict(vars(message))
    state["defects"] = [type(d) for d in state["defects"]]
    return state


def _same(headers: Any) -> None:
    try:
        expected = _state(original_parse_headers(headers))
    except Exception as exc:  # vcrpy refuses it: so must the fast path, the same way
        with pytest.raises(type(exc)):
            fast_parse_headers(headers)
        return
    assert _state(fast_parse_headers(headers)) == expected


PLAIN = [
    {},
    {"Content-Type": ["application/json"], "Content-Length": ["12"]},
    {"Set-Cookie": ["a=1; Path=/", "b=2"], "X-Empty": [""], "X-Spaces": ["  lead", "trail  "]},
    {"ETag": ['W/"abc"'], "Link": ['<https://x.test/?page=2>; rel="next"']},
    {f"X-{i}": ["v"] for i in range(99)},
]
HOSTILE = [
    {f"X-{i}": ["v"] for i in range(100)},  # more lines than http.client accepts
    {"X-Long": ["a" * 70000]},
    {"X Bad": ["v"], "After": ["lost"]},  # a name the parser reads as the body
    {"From ": ["x"]},
    {":": ["v"]},
    {"X-Folded": ["a\r\n b"], "X-Injected": ["a\r\nSet-Cookie: evil=1"]},
    {"X-Blank": ["a\r\n\r\nbody"]},
    {"X-Tab": ["\tv", "a\tb"]},
    {"X-Utf8": ["caf\u00e9", "\u00c5"], "X-Nel": ["a\x85b"], "X-Vt": ["a\x0bb", "a\x1cb"]},
    {"X-Str": "not a list"},
    {"X-Tuple": ("a", "b")},
    {"X-Bytes": [b"v"]},
]


@pytest.mark.parametrize("headers", PLAIN + HOSTILE)
def test_the_message_is_the_one_vcrpy_parses(headers: Any) -> None:
    _same(headers)


@settings(max_examples=300, deadline=None)
@given(
    st.dictionaries(
        st.text(st.characters(codec="utf-8"), max_size=8),
        st.lists(st.text(st.characters(codec="utf-8"), max_size=12), max_size=3),
        max_size=5,
    )
)
@example({"A": [" "], "B": ["x "]})
def test_any_headers_give_the_same_message(headers: dict[str, list[str]]) -> None:
    _same(headers)


def test_vcrpy_gets_its_own_function_back_after_nested_blocks() -> None:
    with faster_header_parsing():
        with faster_header_parsing():
            assert vcr_stubs.parse_headers is fast_parse_headers
        assert vcr_stubs.parse_headers is fast_parse_headers
    assert vcr_stubs.parse_headers is original_parse_headers


def test_a_plain_session_reads_replayed_headers_and_cookies(tmp_path: Path) -> None:
    path = tmp_path / "h.yaml"
    interaction = {
        "request": {"method": "GET", "uri": "http://api.test/h", "headers": {}},
        "response": {
            "status": {"code": 200, "message": "OK"},
            "headers": {
                "Content-Type": ["application/json"],
                "Set-Cookie": ["sid=abc; Path=/", "theme=dark; Path=/"],
                "X-Folded": ["one\r\n two"],
            },
            "body": {"string": '{"ok": true}'},
        },
    }
    path.write_text(render_cassette(path, [interaction], {}))
    with CassetteSession(path, CassetteOptions(record_mode="none")), requests.Session() as s:
        response = s.get("http://api.test/h")
        assert response.json() == {"ok": True}
        assert response.headers["Content-Type"] == "application/json"
        assert s.cookies.get("sid") == "abc" and s.cookies.get("theme") == "dark"
        assert response.raw._original_response.msg.get_all("Set-Cookie") == [
            "sid=abc; Path=/",
            "theme=dark; Path=/",
        ]
    assert vcr_stubs.parse_headers is original_parse_headers
