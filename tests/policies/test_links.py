"""The strict RFC 8288 Link header parser."""

from __future__ import annotations

import pytest

from typelink.policies.links import LinkHeaderError, find_rel, parse_link_header


def test_github_style_header() -> None:
    value = (
        '<https://api.github.com/repositories/1/issues?page=2>; rel="next", '
        '<https://api.github.com/repositories/1/issues?page=5>; rel="last"'
    )
    assert find_rel(value, "next") == "https://api.github.com/repositories/1/issues?page=2"
    assert find_rel(value, "LAST") == "https://api.github.com/repositories/1/issues?page=5"
    assert find_rel(value, "prev") is None


def test_quoted_commas_multiple_rels_and_token_values() -> None:
    value = '</a?x=1,2>; title="one, two"; rel="prev next", </b>;rel=last;foo'
    links = parse_link_header(value)
    assert [link.target for link in links] == ["/a?x=1,2", "/b"]
    assert links[0].params["title"] == "one, two"
    assert links[0].rels == {"prev", "next"}
    assert links[1].rels == {"last"} and links[1].params["foo"] == ""
    assert find_rel(value, "next") == "/a?x=1,2"


def test_first_rel_wins_and_escapes_are_read() -> None:
    links = parse_link_header(r'</x>; rel="next"; rel="prev"; title="a \"q\""')
    assert links[0].rels == {"next"}
    assert links[0].params["title"] == 'a "q"'


def test_empty_and_whitespace_headers() -> None:
    assert parse_link_header("") == []
    assert parse_link_header(" , ") == []


@pytest.mark.parametrize(
    "value",
    [
        '<http://x; rel="next"',
        'http://x; rel="next"',
        '</x>; rel="next',
        "</x> junk",
        "</x>; =oops",
    ],
)
def test_malformed_headers_raise(value: str) -> None:
    with pytest.raises(LinkHeaderError):
        parse_link_header(value)
