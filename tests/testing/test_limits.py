"""Bounds on the work a cassette can cause (decompression, YAML aliases, value sizes)."""

from __future__ import annotations

import base64
import gzip
import zlib
from pathlib import Path

import pytest

from typelink.testing.files import CassetteError, parse_cassette, read_cassette, render_cassette
from typelink.testing.limits import (
    CassetteLimits,
    LimitExceeded,
    bounded_decompress,
    check_alias_expansion,
)

SMALL = CassetteLimits(
    max_file_bytes=10_000,
    max_body_bytes=1000,
    max_decoded_bytes=1500,
    max_field_chars=100,
    min_expansion_budget=2000,
)


def test_decompression_stops_at_the_limit() -> None:
    data = b"x" * 5000
    assert bounded_decompress("gzip", gzip.compress(data), 5000) == data
    assert bounded_decompress("gzip", gzip.compress(b"a") + gzip.compress(b"b"), 10) == b"ab"
    assert bounded_decompress("deflate", zlib.compress(data), 5000) == data
    raw = zlib.compressobj(wbits=-zlib.MAX_WBITS)
    assert bounded_decompress("deflate", raw.compress(data) + raw.flush(), 5000) == data
    with pytest.raises(LimitExceeded, match="more than 4,999 bytes"):
        bounded_decompress("gzip", gzip.compress(data), 4999)
    assert bounded_decompress("gzip", b"already decoded", 100) is None
    assert bounded_decompress("gzip", gzip.compress(data)[:20], 5000) is None  # truncated
    assert bounded_decompress("compress", data, 100) is None


def _yaml(body: str, encoding: str = "") -> str:
    headers = f"{{Content-Encoding: [{encoding}]}}" if encoding else "{}"
    return (
        "version: 1\ninteractions:\n- request: {method: GET, uri: 'http://x/', headers: {}}\n"
        f"  response: {{status: {{code: 200}}, headers: {headers}, body: {{string: {body}}}}}\n"
    )


def test_decoded_bodies_share_one_budget_per_cassette(tmp_path: Path) -> None:
    body = gzip.compress(b"y" * 800)
    encoded = base64.b64encode(body).decode()
    one = _yaml(f"!!binary {encoded}", "gzip")
    two = one + one.split("interactions:\n", 1)[1]
    assert parse_cassette(tmp_path / "one.yaml", one, SMALL).compressed == frozenset({0})
    with pytest.raises(CassetteError, match=r"two.yaml, interaction #1: .*more than 700 bytes"):
        parse_cassette(tmp_path / "two.yaml", two, SMALL)


def test_sizes_are_checked_before_anything_else(tmp_path: Path) -> None:
    with pytest.raises(CassetteError, match=r"interaction #0: the response body is 1,001 bytes"):
        parse_cassette(tmp_path / "b.yaml", _yaml("'" + "z" * 1001 + "'"), SMALL)
    long_uri = _yaml("''").replace("http://x/", "http://x/" + "p" * 200)
    with pytest.raises(CassetteError, match=r"interaction #0: request.uri holds a value of 209"):
        parse_cassette(tmp_path / "u.yaml", long_uri, SMALL)
    big = tmp_path / "big.yaml"
    big.write_text(_yaml("''") + "#" * 10_000)
    with pytest.raises(CassetteError, match=r"big.yaml: the file is 10,1\d\d bytes"):
        read_cassette(big, SMALL)


def test_aliases_are_allowed_within_the_budget_and_bombs_are_not() -> None:
    shared = "a: &h {X: [y]}\nb: *h\nc: *h\n"
    check_alias_expansion(shared, SMALL)
    bomb = "a: &a [xxxxxxxxx, xxxxxxxxx]\n" + "".join(
        f"l{n}: &l{n} [*{'a' if n == 0 else f'l{n - 1}'}, *{'a' if n == 0 else f'l{n - 1}'}]\n"
        for n in range(12)
    )
    with pytest.raises(LimitExceeded, match="alias bomb"):
        check_alias_expansion(bomb, SMALL)
    check_alias_expansion("body: 'a * b and *c'\n" * 3, SMALL)  # stars in text are no alias


def test_written_cassettes_hold_no_aliases(tmp_path: Path) -> None:
    headers = {"Content-Type": ["application/json"]}
    response = {"status": {"code": 200}, "headers": headers, "body": {"string": "{}"}}
    items = [
        {"request": {"method": "GET", "uri": "http://x/", "headers": headers}, "response": response}
        for _ in range(3)
    ]
    text = render_cassette(tmp_path / "c.yaml", items, {})
    assert "&id" not in text and "*id" not in text
