"""One URL parser for trust and for connecting: a URL that Python's ``urlsplit`` and urllib3
read differently must never take the credential to the host urllib3 connects to.

``http://127.0.0.1:EVIL\\@127.0.0.1:GOOD/`` is host GOOD for ``urlsplit`` (trusted) and host
EVIL for urllib3 (where the request goes). Every place an origin is decided is attacked:
a redirect's ``Location``, a ``Link`` next-page URL, a resumed page state, a base URL, under
the blocking client and the async one.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable
from typing import Any

import pytest

from tests.fixtures.servers import Reply, ScriptedServer, Seen
from tests.security.conftest import leaked, port_of
from typelink import (
    AsyncConsumer,
    AsyncPage,
    BearerToken,
    Consumer,
    Model,
    Page,
    PageState,
    get,
    resume,
)
from typelink import errors as tl_errors

TOKEN = "ghp_trustTokenValue0123456789"


class Item(Model):
    id: int


class Api(Consumer):
    @get("start")
    def start(self) -> dict[str, Any]:
        raise NotImplementedError

    @get("items")
    def items(self) -> Page[Item]:
        raise NotImplementedError


def confusing(good: ScriptedServer, evil: ScriptedServer, path: str = "/landing") -> str:
    """A URL that urlsplit reads as the trusted server and urllib3 as the attacker's."""
    return f"http://127.0.0.1:{port_of(evil)}\\@127.0.0.1:{port_of(good)}{path}"


def api_for(good: ScriptedServer) -> Api:
    return Api(base_url=good.url, auth=BearerToken(TOKEN))


def test_a_location_two_parsers_read_differently_never_carries_the_token(good, evil):
    location = confusing(good, evil)
    good.handler = lambda seen: Reply(302, headers={"Location": location})
    with api_for(good) as api, pytest.raises(tl_errors.TypelinkError) as caught:
        api.start()
    assert leaked(evil.seen, [TOKEN]) == []
    assert evil.seen == []
    assert type(caught.value).__name__ == "UnsafeURLError"
    assert "backslash" in str(caught.value)
    assert TOKEN not in str(caught.value)


@pytest.mark.parametrize(
    "location",
    [
        "http://127.0.0.1:{good}\\\\@127.0.0.1:{evil}/x",  # backslash (urllib3 reads good here)
        "/\\\\127.0.0.1:{evil}/x",  # relative: browsers and some parsers read host evil
        "http://attacker:pw@127.0.0.1:{good}/x",  # user info: someone else's credential
        "http://127.0.0.1:{good}/x\\u0000y",  # a control character
    ],
    ids=["backslash-reversed", "relative-backslash", "userinfo", "control-character"],
)
def test_an_ambiguous_location_is_refused_and_nothing_more_is_sent(good, evil, location):
    target = (
        location.replace("{good}", str(port_of(good)))
        .replace("{evil}", str(port_of(evil)))
        .encode()
        .decode("unicode_escape")
    )

    def handler(seen: Seen) -> Reply:
        if seen.path == "/start":
            return Reply(302, headers={"Location": target})
        return Reply(body=b'{"reached": true}')

    good.handler = handler
    with api_for(good) as api, pytest.raises(tl_errors.TypelinkError) as caught:
        api.start()
    assert [s.path for s in good.seen] == ["/start"]
    assert evil.seen == []
    assert type(caught.value).__name__ == "UnsafeURLError"


def test_a_next_page_link_two_parsers_read_differently_is_refused(good, evil):
    link = f'<{confusing(good, evil, "/items?page=2")}>; rel="next"'
    good.handler = lambda seen: Reply(body=b'[{"id": 1}]', headers={"Link": link})
    with api_for(good) as api:
        page = api.items()
        with pytest.raises(tl_errors.PaginationError) as caught:
            page.to_list()
    assert evil.seen == []
    assert "backslash" in str(caught.value)


def test_a_resumed_page_state_two_parsers_read_differently_is_refused(good, evil):
    good.handler = lambda seen: Reply(body=b'[{"id": 1}]')
    state = PageState(url=confusing(good, evil, "/items?page=7"), number=7)
    with api_for(good) as api, pytest.raises(tl_errors.PaginationError) as caught:
        resume(api.items, state.to_json())
    assert evil.seen == []
    assert good.seen == []
    assert "backslash" in str(caught.value)


@pytest.mark.parametrize(
    "base_url",
    [
        "http://127.0.0.1:{evil}\\\\@127.0.0.1:{good}/api/",
        "http://user:hunter2-secret@127.0.0.1:{good}/api/",
        "http://127.0.0.1:{good}/a pi/",
    ],
    ids=["backslash", "userinfo", "whitespace"],
)
def test_a_base_url_two_parsers_could_read_differently_is_refused(good, evil, base_url):
    url = (
        base_url.replace("{good}", str(port_of(good)))
        .replace("{evil}", str(port_of(evil)))
        .replace("\\\\", "\\")
    )
    good.handler = lambda seen: Reply(body=b"{}")
    try:
        api = Api(base_url=url, auth=BearerToken(TOKEN))
    except tl_errors.ConfigurationError as exc:
        assert "hunter2-secret" not in str(exc)
        return
    # accepted: then the call must at least not reach the attacker with the token
    with api, contextlib.suppress(tl_errors.TypelinkError):
        api.start()
    assert evil.seen == [] and good.seen == [], "an ambiguous base URL was used"


# -- the same reading of origins under the async client ----------------------------------


class AsyncApi(AsyncConsumer):
    @get("start")
    async def start(self) -> dict[str, Any]:
        raise NotImplementedError

    @get("items")
    async def items(self) -> AsyncPage[Item]:
        raise NotImplementedError


def run_async(good: ScriptedServer, call: Callable[[AsyncApi], Awaitable[Any]]) -> Any:
    """``call(api)`` on an async client of ``good`` with the token; what it raised."""

    async def scenario() -> Any:
        async with AsyncApi(base_url=good.url, auth=BearerToken(TOKEN)) as api:
            try:
                return await call(api)
            except tl_errors.TypelinkError as exc:
                return exc

    return asyncio.run(scenario())


def test_an_async_location_two_parsers_read_differently_never_carries_the_token(good, evil):
    location = confusing(good, evil)
    good.handler = lambda seen: Reply(302, headers={"Location": location})
    outcome = run_async(good, lambda api: api.start())
    assert type(outcome).__name__ == "UnsafeURLError", repr(outcome)
    assert "backslash" in str(outcome) and TOKEN not in str(outcome)
    assert evil.seen == []


@pytest.mark.parametrize(
    "path",
    ["/x\\\\@127.0.0.1:{evil}/", "/x\\ty", "/x y"],
    ids=["backslash-after-prefix", "tab-after-prefix", "space-after-prefix"],
)
def test_an_async_location_on_the_trusted_prefix_is_still_read_whole(good, evil, path):
    """The quick trust check by prefix (``http://host:port/``) does not skip the rest."""
    target = f"{good.url}{path.replace('{evil}', str(port_of(evil)))}".replace("\\\\", "\\")
    good.handler = lambda seen: (
        Reply(302, headers={"Location": target}) if seen.path == "/start" else Reply()
    )
    outcome = run_async(good, lambda api: api.start())
    assert type(outcome).__name__ == "UnsafeURLError", repr(outcome)
    assert [s.path for s in good.seen] == ["/start"] and evil.seen == []


def test_an_async_next_page_link_two_parsers_read_differently_is_refused(good, evil):
    link = f'<{confusing(good, evil, "/items?page=2")}>; rel="next"'
    good.handler = lambda seen: Reply(body=b'[{"id": 1}]', headers={"Link": link})

    async def walk(api: AsyncApi) -> Any:
        return await (await api.items()).to_list()

    outcome = run_async(good, walk)
    assert isinstance(outcome, tl_errors.PaginationError), repr(outcome)
    assert "backslash" in str(outcome)
    assert evil.seen == []
