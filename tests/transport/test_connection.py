"""Trust, shared by the blocking and the async connection: which URLs may get the credential.

A URL that starts with a trusted base URL's ``scheme://authority/`` is trusted without
parsing it again (the quick path of every call), but the rest of it is still checked for the
characters parsers disagree on; any other URL is read as urllib3 connects.
"""

from __future__ import annotations

import pytest

from typelink.errors import UnsafeURLError
from typelink.transport.async_connection import AsyncConnection
from typelink.transport.config import ClientConfig
from typelink.transport.connection import Connection, SharedConnection

BASE = "https://api.example.com/v3/"


@pytest.fixture(params=[Connection, AsyncConnection], ids=["blocking", "async"])
def connection(request: pytest.FixtureRequest) -> SharedConnection:
    made: SharedConnection = request.param(ClientConfig.from_options(BASE))
    return made


@pytest.mark.parametrize(
    "url",
    [
        "https://api.example.com/v3/items",
        "https://api.example.com/other",
        "https://API.example.com:443/x",
    ],
)
def test_urls_on_the_base_origin_are_trusted(connection: SharedConnection, url: str) -> None:
    assert connection.is_trusted(url)


@pytest.mark.parametrize(
    "url", ["https://api.example.com.evil.test/x", "http://api.example.com/x", "https://evil.test/"]
)
def test_urls_elsewhere_are_not(connection: SharedConnection, url: str) -> None:
    assert not connection.is_trusted(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://api.example.com/x\\@evil.test/",
        "https://api.example.com/x\ty",
        "https://api.example.com/x y",
        "https://evil.test\\@api.example.com/",
    ],
    ids=["backslash-after-prefix", "tab-after-prefix", "space-after-prefix", "backslash"],
)
def test_an_ambiguous_url_is_refused_even_on_the_trusted_prefix(
    connection: SharedConnection, url: str
) -> None:
    with pytest.raises(UnsafeURLError):
        connection.is_trusted(url)
