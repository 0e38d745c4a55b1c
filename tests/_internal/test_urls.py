"""The one reading of a URL's origin: urllib3's, with every ambiguous URL refused."""

from __future__ import annotations

import pytest

from typelink._internal.urls import origin_of, parse_target
from typelink.errors import UnsafeURLError


@pytest.mark.parametrize(
    ("url", "origin"),
    [
        ("https://api.example.com/v1?x=1", "https://api.example.com:443"),
        ("HTTP://API.Example.COM:8080", "http://api.example.com:8080"),
        ("http://127.0.0.1:0080/", "http://127.0.0.1:80"),
        ("http://[::1]:8443/x", "http://[::1]:8443"),
        ("https://api.example.com:/x", "https://api.example.com:443"),
    ],
)
def test_origins_are_read_as_urllib3_connects(url, origin):
    assert parse_target(url).origin == origin == origin_of(url)


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("http://evil\\@good/", "backslash"),
        ("http://good/a\\b", "backslash"),
        ("http://go od/", "whitespace"),
        ("http://good/\t", "whitespace"),
        ("http://good\x00.com/", "whitespace"),
        ("http://user:pw@good/", "userinfo"),
        ("http://a@b@good/", "userinfo"),
        ("http://good:99999/", "unparsable"),
        ("http://good:\uff18\uff10/", "unparsable"),  # fullwidth digits
        ("http://good:80:81/", "unparsable"),
        ("ftp://good/", "scheme"),
        ("//good/x", "scheme"),
        ("http://gööd/", "ambiguous"),  # urllib3 connects to the IDNA form, urlsplit does not
        ("http://%67ood/", "ambiguous"),
        ("http:///x", "host"),
    ],
)
def test_urls_parsers_could_read_differently_are_refused(url, reason):
    with pytest.raises(UnsafeURLError) as caught:
        parse_target(url)
    assert caught.value.reason == reason
    assert origin_of(url).startswith("invalid:")
