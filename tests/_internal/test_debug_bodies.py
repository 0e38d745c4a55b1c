"""Bodies in the debug log: sensitive fields and known secrets hidden, binary summarised, streams
never read, and the length cap applied after redaction."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

from typelink._internal.debug_bodies import (
    BODY_LOG_LIMIT,
    PARSE_LIMIT,
    describe_body,
    describe_request_body,
    is_sensitive_name,
)

SECRET = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"


def test_sensitive_names_follow_the_query_keys_and_their_endings() -> None:
    for name in (
        "password",
        "access_token",
        "accessToken",
        "refresh-token",
        "client_secret",
        "clientSecret",
        "api_key",
        "X-Api-Key",
        "github_token",
        "new_password",
        "private_key",
        "code",
        "Authorization",
    ):
        assert is_sensitive_name(name), name
    for name in ("title", "tokens_used", "secretary", "keyboard", "name", "id"):
        assert not is_sensitive_name(name), name


def test_json_fields_under_sensitive_names_are_hidden_at_any_depth() -> None:
    body = json.dumps(
        {
            "user": {"login": "octo", "password": "hunter2-x9"},
            "items": [{"accessToken": "at-77aa"}, {"name": "ok"}],
            "client_secret": {"nested": "cs-00"},
        }
    )
    shown = describe_body(body, "application/json; charset=utf-8", ())
    assert shown.startswith(f"(application/json, {len(body)} bytes) ")
    for secret in ("hunter2-x9", "at-77aa", "cs-00"):
        assert secret not in shown
    assert '"login": "octo"' in shown and '"name": "ok"' in shown
    assert shown.count("[REDACTED]") == 3


def test_json_without_sensitive_fields_is_shown_as_sent() -> None:
    body = '{"a":1,  "b":[true,null]}'
    assert describe_body(body, "application/vnd.github+json", ()).endswith(" " + body)


def test_known_secret_values_are_hidden_in_any_text_body() -> None:
    shown = describe_body(f"<error>token {SECRET} revoked</error>", "application/xml", [SECRET])
    assert SECRET not in shown and "<error>token [REDACTED] revoked</error>" in shown
    shown = describe_body(json.dumps({"note": f"uses {SECRET}"}), None, [SECRET])
    assert SECRET not in shown


def test_form_bodies_hide_sensitive_fields() -> None:
    shown = describe_body(
        f"grant_type=refresh_token&refresh_token={SECRET}&scope=repo",
        "application/x-www-form-urlencoded",
        (),
    )
    assert SECRET not in shown
    assert "grant_type=refresh_token" in shown and "scope=repo" in shown


def test_binary_and_empty_bodies_are_summarised() -> None:
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    assert describe_body(png, "image/png", ()) == f"(image/png, {len(png)} bytes) binary, not shown"
    assert describe_body(b"\xff\xfe\x00bad", None, ()).endswith("binary, not shown")
    assert describe_body(b"", "application/json", ()) == "(application/json, 0 bytes) empty"


def test_long_bodies_are_cut_after_redaction_so_a_secret_is_never_split() -> None:
    # the secret straddles the cap: cutting first would leave its first half visible
    prefix = "x" * (BODY_LOG_LIMIT - 10)
    body = f"{prefix}{SECRET}{'y' * 5000}"
    shown = describe_body(body, "text/plain", [SECRET])
    assert SECRET[:10] not in shown and "[REDACTED]"[:10] in shown
    assert shown.endswith(f"... [cut at {BODY_LOG_LIMIT} characters, {len(body)} bytes in all]")
    assert len(shown) < BODY_LOG_LIMIT + 100


def test_a_huge_structured_body_is_not_parsed() -> None:
    body = json.dumps([{"password": "p"}] * (PARSE_LIMIT // 10))
    shown = describe_body(body, "application/json", ())
    assert shown.endswith(f"not shown (over {PARSE_LIMIT} bytes)") and '"p"' not in shown


def test_request_bodies_in_every_form_requests_accepts() -> None:
    json_body = describe_request_body(
        {"data": json.dumps({"password": "pw-1", "title": "t"}).encode()},
        {"Content-Type": "application/json"},
        (),
    )
    assert json_body is not None and "pw-1" not in json_body and '"title": "t"' in json_body
    form = describe_request_body({"data": {"client_secret": "cs-9", "tags": ["a", "b"]}}, {}, ())
    assert form is not None and "cs-9" not in form and "tags=a&tags=b" in form
    assert form.startswith("(application/x-www-form-urlencoded, ")
    direct = describe_request_body({"json": {"apiKey": "k-1", "n": 1}}, {}, ())
    assert direct is not None and "k-1" not in direct and '"n": 1' in direct
    assert describe_request_body({}, {}, ()) is None
    assert describe_request_body({"data": b""}, {}, ()) is None


def test_streams_are_never_read_and_uploads_are_listed() -> None:
    stream = io.BytesIO(b"file contents " + SECRET.encode())
    assert describe_request_body({"data": stream}, {}, ()) == "(BytesIO) a stream, not shown"
    assert stream.tell() == 0

    def chunks() -> Iterator[bytes]:
        yield b"never read"

    assert "stream" in (describe_request_body({"data": chunks()}, {}, ()) or "")
    upload = describe_request_body(
        {
            "data": {"title": "report", "token": SECRET},
            "files": {"doc": ("r.pdf", b"%PDF-1.7 ...", "application/pdf"), "raw": stream},
        },
        {},
        [SECRET],
    )
    assert upload is not None and SECRET not in upload and "%PDF" not in upload
    assert "field title='report'" in upload and "field token=[REDACTED]" in upload
    assert "file doc 'r.pdf' (application/pdf, 12 bytes)" in upload
    assert "file raw (a stream)" in upload
    assert stream.tell() == 0
