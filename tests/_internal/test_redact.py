"""Redaction: exact secret values, credential URLs and headers are hidden wherever text goes."""

from __future__ import annotations

import gc

from typelink._internal.redact import (
    REDACTED,
    SENSITIVE_HEADERS,
    redact_headers,
    redact_text,
    redact_url,
    track_credentials,
    tracked_secret_values,
)


def test_longest_secret_first_and_short_values_left_alone() -> None:
    text = redact_text("token=abcd1234 prefix abcd", ["abcd", "abcd1234", "xy"])
    assert text == f"token={REDACTED} prefix {REDACTED}"
    assert redact_text("a xy b", ["xy"]) == "a xy b"  # too short to be a secret


def test_urls_lose_userinfo_sensitive_query_values_and_known_secrets() -> None:
    url = redact_url(
        "https://user:pw@api.example.com/p/s3cr3tpath?api_key=k&page=2&Signature=zz",
        ["s3cr3tpath"],
    )
    assert "user" not in url and "pw@" not in url
    assert "api_key=%5BREDACTED%5D" in url or f"api_key={REDACTED}" in url
    assert "page=2" in url
    assert "s3cr3tpath" not in url and "zz" not in url


def test_unparseable_urls_still_lose_known_secrets() -> None:
    assert redact_url("https://h:99999/?x=topsecret", ["topsecret"]).count("topsecret") == 0


def test_headers_hide_credential_names_and_secret_values() -> None:
    headers = redact_headers(
        {"Authorization": "Bearer t", "X-Custom": "has s3cr3t inside", "Accept": "json"},
        ["s3cr3t"],
    )
    assert headers["Authorization"] == REDACTED
    assert "s3cr3t" not in headers["X-Custom"]
    assert headers["Accept"] == "json"
    assert "authorization" in SENSITIVE_HEADERS and "cookie" in SENSITIVE_HEADERS


class _Source:
    def __init__(self, value: str) -> None:
        self.value = value

    def secret_values(self) -> list[str]:
        return [self.value]


class _Slotted:
    __slots__ = ("value",)

    def __init__(self, value: str) -> None:
        self.value = value

    def secret_values(self) -> list[str]:
        return [self.value]


def test_tracked_sources_are_asked_each_time_and_held_weakly() -> None:
    source = _Source("rotating-1")
    track_credentials(source)
    assert "rotating-1" in tracked_secret_values()
    source.value = "rotating-2"  # a refreshed token is seen without registering again
    assert "rotating-2" in tracked_secret_values()
    del source
    gc.collect()
    assert "rotating-2" not in tracked_secret_values()


def test_sources_that_cannot_be_weakly_referenced_are_snapshotted() -> None:
    track_credentials(_Slotted("snapshot-value-1"))
    assert "snapshot-value-1" in tracked_secret_values()


def test_a_url_with_hidden_user_info_still_parses_to_the_same_host() -> None:
    from urllib.parse import urlsplit

    redacted = redact_url("http://user:pw@host.example:8080/p?a=1")
    parts = urlsplit(redacted)
    assert (parts.hostname, parts.port) == ("host.example", 8080)
    assert "pw" not in redacted and "user" not in redacted


def test_a_source_that_cannot_be_weakly_referenced_lives_as_long_as_its_owner() -> None:
    class Owner:
        pass

    owner = Owner()
    track_credentials(_Slotted("owned-value-1"), owner=owner)
    assert "owned-value-1" in tracked_secret_values()
    del owner  # the client's connection is gone: its secret is no longer kept
    gc.collect()
    assert "owned-value-1" not in tracked_secret_values()
