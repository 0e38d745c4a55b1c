"""Logs redact signed-URL query parameters at every level, redirect lines included.

A download endpoint answers with a redirect to a signed URL (S3, GCS, a link carrying a JWT):
the signature *is* the credential for that object. With every logger at DEBUG (typelink's
own lines, the redirect line, retries, and urllib3's request lines), no record may show it.
"""

from __future__ import annotations

import logging
from typing import Any

import pytest

from tests.fixtures.servers import Reply, Seen
from typelink import BearerToken, Consumer, RetryPolicy, get

TOKEN = "tok_logs_5e4d3c2b1a09"
SIGNED = {
    "X-Amz-Signature": "amzsig0123456789abcdef",
    "X-Amz-Credential": "AKIAEXAMPLE0123/20260101/us-east-1/s3/aws4_request",
    "X-Amz-Security-Token": "amzsessiontoken0123456789",
    "X-Goog-Signature": "googsig0123456789abcdef",
    "X-Goog-Credential": "svc@example.iam.gserviceaccount.com/20260101/auto",
    "sig": "azuresas0123456789abcdef",
    "jwt": "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJlMDEyMzQ1",
    "upload_token": "uploadtoken0123456789",
}


class Downloads(Consumer):
    @get("assets/{name}")
    def asset(self, name: str) -> dict[str, Any]:
        raise NotImplementedError


def signed_query() -> str:
    from urllib.parse import urlencode

    return urlencode({"name": "report.csv", **SIGNED})


@pytest.mark.parametrize("where", ["other-origin", "same-origin"])
def test_no_log_record_at_any_level_shows_a_signed_url(good, evil, caplog, where):
    target = evil if where == "other-origin" else good
    attempts: list[int] = []

    def storage(seen: Seen) -> Reply:
        if seen.path.startswith("/assets"):
            return Reply(302, headers={"Location": f"{target.url}/bucket/obj?{signed_query()}"})
        attempts.append(1)
        if len(attempts) == 1:  # one retried failure: its log lines too
            return Reply(503, body=b'{"message": "busy"}', headers={"Retry-After": "0"})
        return Reply(body=b'{"ok": true}')

    good.handler = storage
    evil.handler = storage
    caplog.set_level(logging.DEBUG)  # the root logger: typelink's and urllib3's records
    api = Downloads(base_url=good.url, auth=BearerToken(TOKEN), retry=RetryPolicy(max_retries=2))
    assert api.asset("report") == {"ok": True}
    text = "\n".join(record.getMessage() for record in caplog.records)
    shown = [name for name, value in SIGNED.items() if value in text or _quoted(value) in text]
    assert shown == []  # no signature, credential or token ...
    assert TOKEN not in text
    assert "following the redirect" in text  # ... though the redirect is logged


def _quoted(value: str) -> str:
    from urllib.parse import quote_plus

    return quote_plus(value)
