"""multipart/form-data bodies: parsed and rebuilt byte for byte, scrubbed by field, matched
by field (the boundary is random on every request)."""

from __future__ import annotations

import pytest
import requests
from vcr.request import Request

from typelink.testing.matching import body as body_matcher
from typelink.testing.multipart import boundary_of, parse_multipart
from typelink.testing.scrub import Scrubber


def _prepared(files: dict[str, tuple[str | None, bytes | str]]) -> tuple[bytes, str]:
    prepared = requests.Request("POST", "http://x/upload", files=files).prepare()
    assert isinstance(prepared.body, bytes)
    return prepared.body, prepared.headers["Content-Type"]


FILES: dict[str, tuple[str | None, bytes | str]] = {
    "password": (None, "hunter2-hunter2"),
    "note": (None, "hello"),
    "avatar": ("me.png", b"\x89PNG\x00\xff"),
}


def test_parse_and_render_round_trip() -> None:
    raw, content_type = _prepared(FILES)
    parsed = parse_multipart(raw, content_type)
    assert parsed is not None
    assert [(p.name, p.filename) for p in parsed.parts] == [
        ("password", None),
        ("note", None),
        ("avatar", "me.png"),
    ]
    assert parsed.render() == raw
    assert boundary_of('multipart/form-data; boundary="a b"') == "a b"
    assert boundary_of("application/json") is None
    assert parse_multipart(b"not multipart", content_type) is None


def test_secret_fields_are_scrubbed_and_files_left_alone() -> None:
    raw, content_type = _prepared(FILES)
    scrubbed = Scrubber().body(raw, content_type, "request body")
    assert scrubbed is not None
    assert b"hunter2-hunter2" not in scrubbed
    assert b"[REDACTED]" in scrubbed and b"hello" in scrubbed and b"\x89PNG\x00\xff" in scrubbed
    assert Scrubber().body(scrubbed, content_type, "request body") == scrubbed  # idempotent


def test_matching_ignores_the_random_boundary_but_not_the_fields() -> None:
    one, type_one = _prepared(FILES)
    two, type_two = _prepared(FILES)
    assert one != two  # a new boundary each time
    body_matcher(
        Request("POST", "http://x/", one, {"Content-Type": type_one}),
        Request("POST", "http://x/", two, {"Content-Type": type_two}),
    )
    other, type_other = _prepared({**FILES, "note": (None, "bye")})
    with pytest.raises(AssertionError, match="multipart"):
        body_matcher(
            Request("POST", "http://x/", one, {"Content-Type": type_one}),
            Request("POST", "http://x/", other, {"Content-Type": type_other}),
        )
