"""Hypothesis strategies for what a hostile or broken server can send.

Header values are printable ASCII (what a stdlib server can put on the wire). ``Location``
values are same-origin paths only, never an absolute or network-path reference, so a
followed redirect cannot leave 127.0.0.1.
"""

from __future__ import annotations

import email.utils
import json
from typing import Any

from hypothesis import strategies as st

PRINTABLE = st.characters(min_codepoint=0x20, max_codepoint=0x7E)
header_text = st.text(alphabet=PRINTABLE, max_size=40)

numberish = st.one_of(
    st.integers(-(10**12), 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(
        ["nan", "inf", "-inf", "1e309", "-1e309", "", " ", "0x10", "1_000", "+5", " 3 ", "1.5e3"]
    ),
)

http_dates = st.one_of(
    st.floats(min_value=-6e10, max_value=2.5e11).map(
        lambda t: email.utils.formatdate(t, usegmt=True)
    ),
    st.sampled_from(
        [
            "Wed, 21 Oct 2015 07:28:00 GMT",
            "Wed, 21 Oct 2015 07:28:00",  # no zone
            "Sun, 06 Nov 1994 08:49:37 +0000",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Mon, 99 Foo 99999 99:99:99 GMT",
            "Fri, 31 Dec 9999 23:59:59 GMT",
            "Thu, 01 Jan 0001 00:00:00 GMT",
        ]
    ),
)

retry_after_values = st.one_of(numberish, http_dates, header_text)

HEADER_NAMES = [
    "Retry-After",
    "retry-after-ms",
    "x-should-retry",
    "X-RateLimit-Remaining",
    "X-RateLimit-Reset",
    "x-request-id",
    "request-id",
    "Link",
    "WWW-Authenticate",
    "Content-Encoding",
    "X-Anything",
]

header_values = st.one_of(
    header_text,
    numberish,
    http_dates,
    st.sampled_from(["true", "false", "TRUE", "0", "gzip", "deflate", "br", "identity"]),
)

headers = st.dictionaries(
    st.one_of(st.sampled_from(HEADER_NAMES), st.from_regex(r"\AX-[A-Za-z]{1,8}\Z")),
    header_values,
    max_size=6,
)

content_types = st.sampled_from(
    [
        "application/json",
        "application/json; charset=utf-8",
        "application/json; charset=bogus",
        "application/problem+json",
        "application/vnd.github+json",
        "text/html",
        "text/plain; charset=latin-1",
        "application/octet-stream",
        "",
    ]
)

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.integers(min_value=10**30, max_value=10**400)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4)
    ),
    max_leaves=12,
)

thing_like = st.fixed_dictionaries(
    {
        "id": st.one_of(st.integers(), st.text(max_size=5), st.none(), st.floats()),
        "name": st.one_of(st.text(max_size=10), st.integers()),
    },
    optional={"extra": json_values},
)

error_like = st.fixed_dictionaries(
    {},
    optional={
        "message": st.one_of(st.text(max_size=30), st.integers(), st.none(), json_values),
        "error": st.one_of(st.text(max_size=10), st.fixed_dictionaries({"message": json_values})),
        "error_description": json_values,
        "detail": json_values,
        "code": json_values,
    },
)


def _dump(value: Any) -> bytes:
    return json.dumps(value, allow_nan=True).encode()


DEEP = b"[" * 100_000 + b"]" * 100_000

bodies = st.one_of(
    st.binary(max_size=300),
    json_values.map(_dump),
    thing_like.map(_dump),
    st.lists(thing_like, max_size=3).map(_dump),
    error_like.map(_dump),
    st.text(max_size=100).map(lambda t: t.encode("utf-8")),
    st.sampled_from(
        [
            b"",
            b" ",
            b"null",
            b"{",
            b"[1,",
            b"\xff\xfe\x00",
            b"<html><body>502 Bad Gateway</body></html>",
            b"NaN",
            b"1e999",
            b'{"id": 1, "name": "x"}',
            b'[{"id": 1, "name": "x"}]',
            b'{"message": "nope", "code": 7}',
            b'{"id": 1, "name": "x"}{"id": 2}',
            b"\xef\xbb\xbf{}",  # a UTF-8 BOM
            b'{"id": 1, "name": "\\ud800"}',  # a lone surrogate
            b'{"a": ' * 3000 + b"1" + b"}" * 3000,
            DEEP,
            b'"' + b"x" * 100_000 + b'"',
        ]
    ),
)

statuses = st.one_of(
    st.sampled_from([200, 201, 202, 204, 301, 302, 303, 307, 308, 400, 401, 403, 404]),
    st.sampled_from([408, 409, 422, 429, 500, 502, 503, 504]),
    st.integers(min_value=200, max_value=599),
)

# Same-origin paths only: no scheme, no "//" start, no whitespace or backslash.
locations = st.from_regex(r"\A/[A-Za-z0-9._~%?=&-][A-Za-z0-9._~%?=&/-]{0,30}\Z")
