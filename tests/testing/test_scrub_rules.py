"""What counts as secret: one shared list of names, ambiguous names, credential-looking values."""

from __future__ import annotations

from typelink._internal.redact import SENSITIVE_HEADERS, SENSITIVE_QUERY_KEYS, redact_headers
from typelink.testing.scrub import Scrubber
from typelink.testing.scrub_rules import (
    SCRUB_SCHEME,
    ScrubRules,
    canonical_placeholders,
    looks_like_credential,
    rules_of_scheme,
)
from typelink.transport.sync import CREDENTIAL_HEADERS


def test_header_and_query_names_are_the_ones_logs_and_redirects_use() -> None:
    rules = ScrubRules()
    assert rules.headers is SENSITIVE_HEADERS
    assert rules.query_params is SENSITIVE_QUERY_KEYS
    assert CREDENTIAL_HEADERS <= SENSITIVE_HEADERS
    # names the scrubber used to keep to itself now reach logs and redirects too
    for name in ("X-Goog-Api-Key", "X-Shopify-Access-Token", "X-CSRF-Token", "apikey"):
        assert redact_headers({name: "k-1234567890"}) == {name: "[REDACTED]"}
    assert "x-goog-api-key" in CREDENTIAL_HEADERS


def test_ambiguous_names_hide_only_credential_looking_values() -> None:
    s = Scrubber()
    assert s.uri("https://x/c?code=US&key=name") == "https://x/c?code=US&key=name"
    oauth = "https://x/cb?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz"
    assert s.uri(oauth) == "https://x/cb?code=[REDACTED]&state=xyz"
    error = b'{"error": {"code": "resource_missing", "status": 404}, "key": "id"}'
    assert s.body(error, "application/json", "b") == error  # replayed error codes stay
    token_request = b"grant_type=authorization_code&code=SplxlOBeZQQYbYS6WxSbIA"
    form = "application/x-www-form-urlencoded"
    assert s.body(token_request, form, "b") == b"grant_type=authorization_code&code=[REDACTED]"
    # a name the project adds is never ambiguous
    extended = Scrubber(ScrubRules().extended(query_params=["code"]))
    assert extended.uri("https://x/c?code=US").endswith("code=[REDACTED]")


def test_credential_looking_values() -> None:
    assert looks_like_credential("SplxlOBeZQQYbYS6WxSbIA")
    assert looks_like_credential("AIzaSyA-1234567890abcdefghijklmnopqrstu")
    for plain in ("US", "12345678", "2026-01-01", "resource_missing", "two words here"):
        assert not looks_like_credential(plain), plain


def test_older_cassettes_are_matched_under_their_own_rules() -> None:
    rules = ScrubRules()
    old = Scrubber(rules_of_scheme(rules, 1))
    assert old.uri("https://x/c?code=US").endswith("code=[REDACTED]")
    assert rules_of_scheme(rules, SCRUB_SCHEME) is rules


def test_percent_encoded_placeholders_are_written_plainly() -> None:
    assert canonical_placeholders("/s/%5BREDACTED%5D/x") == "/s/[REDACTED]/x"
    assert canonical_placeholders("/s/%5bredacted%5d") == "/s/[REDACTED]"
    assert canonical_placeholders("/s/%5Bother%5D") == "/s/%5Bother%5D"
