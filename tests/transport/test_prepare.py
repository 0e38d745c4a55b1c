"""The direct preparation gives what ``Session.prepare_request`` gives: URL, headers, cookies,
body, authentication and hooks, checked against ``requests`` itself on random input."""

from __future__ import annotations

from typing import Any

import pytest
import requests
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import FUZZ, examples
from typelink.transport.prepare import encode_params, normal_url, prepare_request, split_origin
from typelink.transport.request import OutgoingRequest

BASES = [
    "http://127.0.0.1:8080",
    "https://api.example.com",
    "http://h",
    "HTTP://Host:080",
    "http://h:",
]
# Characters chosen to hit every rule: reserved and unreserved, percent-escapes of both
# kinds and cases, dots, a space, brackets, a fragment, a query mark, non-ASCII.
PATH_PIECES = st.sampled_from(
    [
        *list("abcXYZ019-._~!$&'()*+,;=:@/?#[] é%"),
        "%2F",
        "%2f",
        "%41",
        "%7E",
        "%7e",
        "%20",
        "%",
        "%zz",
        "..",
        ".",
        "//",
        "%2E",
        "€",
    ]
)
paths = st.lists(PATH_PIECES, max_size=14).map("".join)
param_values = st.one_of(
    st.none(),
    st.integers(-5, 5),
    st.text(max_size=6),
    st.binary(max_size=4),
    st.lists(st.one_of(st.text(max_size=4), st.none(), st.integers(0, 3)), max_size=3),
)
params = st.dictionaries(st.text(min_size=1, max_size=5), param_values, max_size=4)


def requests_url(url: str, query: Any) -> tuple[str, str | None]:
    probe = requests.PreparedRequest()
    try:
        probe.prepare_url(url, query)
    except Exception as exc:  # the same failure is expected from ours
        return "raised", type(exc).__name__
    return "url", probe.url


def our_url(url: str, query: Any) -> tuple[str, str | None]:
    session = requests.Session()
    try:
        prepared = prepare_request(session, OutgoingRequest("GET", url, params=query), query, None)
    except Exception as exc:
        return "raised", type(exc).__name__
    return "url", prepared.url


@settings(FUZZ, max_examples=examples(600))
@given(base=st.sampled_from(BASES), path=paths, query=params)
def test_urls_are_what_requests_writes(base: str, path: str, query: dict[str, Any]) -> None:
    url = f"{base}/{path}"
    assert our_url(url, query) == requests_url(url, query)


@settings(FUZZ, max_examples=examples(300))
@given(base=st.sampled_from(BASES), path=paths)
def test_a_url_called_normal_is_left_unchanged_by_requests(base: str, path: str) -> None:
    url = f"{base}/{path}"
    if normal_url(url):
        assert requests_url(url, None) == ("url", url)


def test_the_usual_urls_take_the_short_way() -> None:
    for url in (
        "https://api.github.com/repos/octo-cat/hello.world/issues/12",
        "http://127.0.0.1:8080/items/1?fields=a,b",
        "https://h/files/a%2Fb%20c",
    ):
        assert normal_url(url), url
    for url in (
        "https://h",
        "https://H/x",
        "https://h/a/../b",
        "https://h/%7euser",
        "https://h/x#f",
    ):
        assert not normal_url(url), url


def test_split_origin() -> None:
    assert split_origin("https://h:1/a?b#c") == ("https://h:1", "/a?b#c")
    assert split_origin("https://h?x") == ("https://h", "?x")
    assert split_origin("https://h") == ("https://h", "")


def test_params_are_encoded_as_requests_encodes_them() -> None:
    query = {"a": "x y", "b": ["1", None, 2], "c": None, "d": b"\xff", "é": "€"}
    assert encode_params(query) == requests.PreparedRequest._encode_params(query)


names = st.sampled_from(["Accept", "accept", "ACCEPT", "User-Agent", "X-Thing", "x-thing"])
values = st.one_of(st.none(), st.sampled_from(["1", "a b", " lead", "line\nbreak", "", "é"]))
header_maps = st.dictionaries(names, values, max_size=4)


def both_ways(session: requests.Session, request: OutgoingRequest) -> tuple[Any, Any]:
    """(requests' preparation, ours) as comparable outcomes."""

    def outcome(prepare: Any) -> Any:
        try:
            prepared = prepare()
        except Exception as exc:
            return ("raised", type(exc).__name__)
        return (
            prepared.method,
            prepared.url,
            list(prepared.headers.items()),
            prepared.body,
            {k: list(v) for k, v in prepared.hooks.items()},
        )

    theirs = outcome(
        lambda: session.prepare_request(
            requests.Request(
                request.method,
                request.url,
                headers=request.headers,
                params=request.params,
                data=request.kwargs.get("data"),
                files=request.kwargs.get("files"),
                json=request.kwargs.get("json"),
            )
        )
    )
    ours = outcome(lambda: prepare_request(session, request, request.params, session.auth))
    return theirs, ours


@settings(FUZZ, max_examples=examples(300))
@given(session_headers=header_maps, request_headers=header_maps)
def test_headers_merge_and_check_as_requests_does(
    session_headers: dict[str, str | None], request_headers: dict[str, str | None]
) -> None:
    session = requests.Session()
    session.trust_env = False  # requests would look up ~/.netrc; the transport does it once
    session.headers.update(session_headers)
    request = OutgoingRequest("GET", "http://h/x", headers=dict(request_headers))
    theirs, ours = both_ways(session, request)
    assert ours == theirs


@pytest.mark.parametrize(
    "kwargs",
    [
        {},
        {"data": b'{"a": 1}'},
        {"data": "text body"},
        {"data": {"a": "1", "b": ["2", "3"], "c": None}},
        {"data": {"f": "1"}, "files": {"up": ("a.txt", b"abc", "text/plain")}},
        {"json": {"a": [1, 2]}},
        {"data": iter([b"a", b"b"])},
    ],
)
@pytest.mark.parametrize("method", ["GET", "POST", "HEAD"])
def test_bodies_are_prepared_as_requests_prepares_them(method: str, kwargs: dict[str, Any]) -> None:
    session = requests.Session()
    session.trust_env = False
    request = OutgoingRequest(method, "http://h/x", kwargs=kwargs)
    theirs, ours = both_ways(session, request)
    if "files" in kwargs:  # a multipart boundary is random: compare the rest
        theirs, ours = (
            (*t[:2], [h for h in t[2] if h[0] != "Content-Type"]) for t in (theirs, ours)
        )
    if kwargs.get("data") is not None and hasattr(kwargs["data"], "__next__"):
        theirs, ours = theirs[:3], ours[:3]  # the same iterator cannot be compared twice
    assert ours == theirs


def test_session_cookies_are_sent_and_an_empty_jar_costs_nothing() -> None:
    session = requests.Session()
    session.trust_env = False
    request = OutgoingRequest("GET", "http://api.example.com/x")
    prepared = prepare_request(session, request, {}, None)
    assert "Cookie" not in prepared.headers and len(prepared._cookies) == 0  # type: ignore[arg-type]
    session.cookies.set("sid", "abc", domain="api.example.com", path="/")
    session.cookies.set("elsewhere", "no", domain="other.example", path="/")
    theirs, ours = both_ways(session, request)
    assert ours == theirs
    assert dict(ours[2])["Cookie"] == "sid=abc"


def test_session_auth_and_hooks_are_applied() -> None:
    seen: list[Any] = []
    session = requests.Session()
    session.trust_env = False
    session.auth = ("user", "pass")
    session.hooks["response"].append(lambda r, **kw: seen.append(r))
    theirs, ours = both_ways(session, OutgoingRequest("GET", "http://h/x"))
    assert ours == theirs
    assert dict(ours[2])["Authorization"].startswith("Basic ")
    assert len(ours[4]["response"]) == 1


def test_session_params_are_merged_under_the_request_ones() -> None:
    session = requests.Session()
    session.trust_env = False
    session.params = {"key": "k", "page": "9"}
    request = OutgoingRequest("GET", "http://h/x", params={"page": "2"})
    merged = requests.sessions.merge_setting(request.params, session.params)
    prepared = prepare_request(session, request, merged, None)
    assert prepared.url == "http://h/x?key=k&page=2"


def test_an_invalid_header_is_refused_even_when_an_equal_one_was_accepted() -> None:
    session = requests.Session()
    session.trust_env = False
    prepare_request(session, OutgoingRequest("GET", "http://h/x", {"X-A": "ok"}), {}, None)
    with pytest.raises(requests.exceptions.InvalidHeader):
        prepare_request(session, OutgoingRequest("GET", "http://h/x", {"X-A": "ok\r\n"}), {}, None)
    with pytest.raises(requests.exceptions.InvalidHeader):
        prepare_request(session, OutgoingRequest("GET", "http://h/x", {"X-A": 5}), {}, None)  # type: ignore[dict-item]
