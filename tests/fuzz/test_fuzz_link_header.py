"""Random ``Link`` headers: pagination follows them or raises a typed error, never a raw one.

The Link-header parser and the ``Page`` strategies arrive with the pagination work; until
then these tests skip. Targets are same-origin paths (or junk without ``/`` and ``:``), so
no generated header can point a followed link off 127.0.0.1.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fixtures.servers import Reply, ScriptedServer
from tests.fuzz import strategies as s
from tests.fuzz.conftest import FUZZ, examples
from typelink import Consumer, Model, Page, TypelinkError, get

rels = st.sampled_from(["next", "prev", "last", "first", "NEXT", "next prev", "", "nextpage"])
params = st.one_of(
    rels.map(lambda r: f'rel="{r}"'),
    rels.map(lambda r: f"rel={r}"),
    st.text(alphabet="abc=;\" \t,'", max_size=12),
)
link_values = st.builds(
    lambda target, ps: f"<{target}>" + "".join(f"; {p}" for p in ps),
    st.one_of(s.locations, st.text(alphabet="abc?=&.%-", max_size=12)),
    st.lists(params, max_size=3),
)
junk = st.text(
    alphabet=st.characters(min_codepoint=0x20, max_codepoint=0x7E, exclude_characters="/:\\"),
    max_size=60,
)
link_headers = st.one_of(
    st.lists(link_values, min_size=1, max_size=4).map(", ".join),
    st.lists(st.one_of(link_values, junk), min_size=1, max_size=3).map(", ".join),
    junk,
)


def _link_parser() -> tuple[Callable[[str], Any], tuple[type[BaseException], ...]]:
    """The Link-header parser; only typelink errors may come out of it."""
    from typelink.policies.links import parse_link_header

    return parse_link_header, (TypelinkError,)


class Thing(Model):
    id: int
    name: str


class Listing(Consumer):
    @get("things")
    def things(self) -> Page[Thing]:
        raise NotImplementedError


@settings(FUZZ, max_examples=examples(150))
@given(value=link_headers)
def test_link_header_parser_returns_links_or_raises_its_own_error(value: str) -> None:
    parse, allowed = _link_parser()
    try:
        links = parse(value)
    except allowed:
        return
    assert isinstance(links, (list, tuple, dict))


@settings(FUZZ, max_examples=examples(150))
@given(value=link_headers)
def test_link_strategy_finds_the_next_page_or_raises_a_typed_error(value: str) -> None:
    from typelink.policies.paginators import LinkHeader, PageData

    page = PageData(items=[], fields={}, headers={"Link": value})
    try:
        target = LinkHeader().next_url("http://127.0.0.1:1/things", page, 0)
    except TypelinkError:
        return
    assert target is None or isinstance(target, str)


@settings(FUZZ, max_examples=examples(50))
@given(value=link_headers)
def test_pages_follow_any_link_header_or_raise_a_typed_error(
    fuzz_server: ScriptedServer, value: str
) -> None:
    body = b'[{"id": 1, "name": "a"}, {"id": 2, "name": "b"}]'
    headers = {"Content-Type": "application/json", "Link": value}
    fuzz_server.handler = lambda seen: Reply(body=body, headers=headers)
    with Listing(base_url=fuzz_server.url, timeout=5) as api:
        try:
            for item in itertools.islice(api.things(), 40):
                assert isinstance(item, Thing)
        except TypelinkError:
            pass
