"""Scrubbing rules and credential shapes (pure functions, no network)."""

from __future__ import annotations

import base64
import json

from typelink.testing.scrub import PLACEHOLDER, Scrubber, ScrubRules, is_json_media
from typelink.testing.secrets import forget_secrets, register_secret, registered_secrets
from typelink.testing.shapes import find_shapes, replace_shapes, shannon_entropy

GH = "ghp_" + "a1B2c3D4e5F6g7H8i9J0" * 2
JWT = "eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJhcHAiLCJpYXQiOjE3MDB9.c2lnbmF0dXJlLXNpZ25hdHVyZQ"


def test_token_shapes_are_found_and_replaced() -> None:
    basic = base64.b64encode(b"user:pass-word").decode()
    text = (
        f"a {GH} b github_pat_11ABCDEFG0123456789_abcdefghijklmnop c sk-proj-abcdefghij0123456789 "
        f"d xoxb-1234567890-abcdefghij e AKIAIOSFODNN7EXAMPLE f {JWT} g Basic {basic} "
        "h https://bob:hunter22@example.com/x"
    )
    kinds = {kind for kind, _ in find_shapes(text)}
    assert kinds == {
        "GitHub token",
        "GitHub fine-grained token",
        "API secret key (sk-)",
        "Slack token",
        "AWS access key id",
        "JWT",
        "Basic credentials",
        "credentials in URL",
    }
    replaced = replace_shapes(text)
    assert find_shapes(replaced) == []
    assert replace_shapes(replaced) == replaced  # idempotent
    assert "https://[REDACTED]@example.com/x" in replaced


def test_ordinary_text_is_left_alone() -> None:
    text = "Basic usage: see https://example.com/docs, task-runner, skeleton, eyJust kidding"
    assert find_shapes(text) == []
    assert replace_shapes(text) == text
    assert shannon_entropy("aaaaaaaa") == 0
    assert shannon_entropy("q8Z2xV7mK1pL9sD4") > 3.5


def test_headers_keep_their_structure() -> None:
    s = Scrubber()
    assert s.header_value("Authorization", f"Bearer {GH}") == f"Bearer {PLACEHOLDER}"
    assert s.header_value("Authorization", f"Bearer {PLACEHOLDER}") == f"Bearer {PLACEHOLDER}"
    assert s.header_value("X-API-Key", "k-123456") == PLACEHOLDER
    assert s.header_value("Cookie", "a=1; b=2") == f"a={PLACEHOLDER}; b={PLACEHOLDER}"
    assert (
        s.header_value("Set-Cookie", "sid=abc; Path=/; Secure")
        == f"sid={PLACEHOLDER}; Path=/; Secure"
    )
    assert s.header_value("Accept", "application/json") == "application/json"
    assert s.header_value("X-Custom", f"v {GH}") == f"v {PLACEHOLDER}"


def test_query_parameters_are_scrubbed_and_order_survives() -> None:
    s = Scrubber()
    out = s.uri("https://api.example.com/p?b=2&access_token=abc&a=1&sig=xyz")
    assert out == "https://api.example.com/p?b=2&access_token=[REDACTED]&a=1&sig=[REDACTED]"
    assert s.uri(out) == out
    assert s.uri("https://api.example.com/p?q=1") == "https://api.example.com/p?q=1"


def test_json_bodies_by_any_json_media_type() -> None:
    s = Scrubber()
    body = json.dumps({"data": [{"token": "t-123456", "id_token": 7, "name": "x"}]}).encode()
    for media in ("application/json", "application/vnd.github+json", None):
        out = s.body(body, media, "response body")
        assert out is not None
        assert json.loads(out) == {
            "data": [{"token": PLACEHOLDER, "id_token": PLACEHOLDER, "name": "x"}]
        }
    assert is_json_media("application/problem+json; charset=utf-8")
    assert not is_json_media("text/json-ish")


def test_form_bodies_and_text_bodies() -> None:
    s = Scrubber()
    form = s.body(
        b"grant_type=password&password=p%40ss&user=me", "application/x-www-form-urlencoded", "b"
    )
    assert form == b"grant_type=password&password=[REDACTED]&user=me"
    text = s.body(f"token is {GH}".encode(), "text/plain", "b")
    assert text == f"token is {PLACEHOLDER}".encode()
    binary = b"\x89PNG\xff\x00"
    assert s.body(binary, "image/png", "b") == binary


def test_exact_secret_values_everywhere_including_url_encoded() -> None:
    secret = "s3cr3t/value+with=chars"
    s = Scrubber(ScrubRules(secrets=lambda: [secret]))
    assert secret not in s.uri(f"https://x.example/a/{secret}")
    assert s.uri("https://x.example/?v=s3cr3t%2Fvalue%2Bwith%3Dchars").endswith("v=[REDACTED]")
    assert s.body(f"..{secret}..".encode(), "text/plain", "b") == b"..[REDACTED].."
    assert s.body(b"\xff" + secret.encode(), None, "b") == b"\xff[REDACTED]"


def test_values_removed_by_name_are_learned() -> None:
    learned: list[str] = []
    s = Scrubber(learn=learned.append)
    s.body(b'{"refresh_token": "rt-abcdef123"}', "application/json", "request body")
    assert learned == ["rt-abcdef123"]
    s.body(b'{"password": "password", "token": "short1"}', "application/json", "request body")
    assert learned == ["rt-abcdef123"]  # plain words and short values are not learned
    s2 = Scrubber(ScrubRules(secrets=lambda: learned))
    assert s2.body(b"echo rt-abcdef123", "text/plain", "b") == b"echo [REDACTED]"


def test_high_entropy_only_in_sensitive_places() -> None:
    s = Scrubber()
    random_value = "Zx81Lq0Vn3Kp7Rt2Wm5Y"
    assert s.header_value("X-Webhook-Secret", random_value) == PLACEHOLDER
    assert s.header_value("X-Request-Id", random_value) == random_value
    body = json.dumps({"session_key": random_value, "node_id": random_value}).encode()
    assert json.loads(s.body(body, "application/json", "b") or b"") == {
        "session_key": PLACEHOLDER,
        "node_id": random_value,
    }


def test_rules_can_be_extended() -> None:
    rules = ScrubRules().extended(
        headers=["X-Tenant"], query_params=["tenant"], body_fields=["pin"]
    )
    s = Scrubber(rules)
    assert s.header_value("X-Tenant", "acme") == PLACEHOLDER
    assert s.uri("https://x/?tenant=acme").endswith("tenant=[REDACTED]")
    assert s.body(b'{"pin": "1234"}', "application/json", "b") == b'{"pin":"[REDACTED]"}'


def test_global_registry_ignores_short_values() -> None:
    # live clients' credentials are part of the registry too; set them aside here
    from typelink._internal.redact import tracked_secret_values

    forget_secrets()
    register_secret("abc")
    register_secret("long-enough-secret")
    assert registered_secrets() - tracked_secret_values() == frozenset({"long-enough-secret"})
    forget_secrets()
    assert registered_secrets() - tracked_secret_values() == frozenset()
