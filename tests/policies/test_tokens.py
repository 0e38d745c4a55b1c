from __future__ import annotations

import pytest

from typelink.auth import Token


def test_repr_hides_the_access_and_refresh_tokens():
    token = Token("access-secret", expires_at=100.0, refresh_token="refresh-secret", scope="a b")
    text = repr(token)
    assert "access-secret" not in text and "refresh-secret" not in text
    assert "expires_at=100.0" in text and "scope='a b'" in text
    assert "access-secret" not in str(token)
    assert token.secret_values() == ("access-secret", "refresh-secret")


def test_refresh_due_honours_the_window():
    token = Token("t", expires_at=1000.0)
    assert not token.refresh_due(now=939.0, window=60)
    assert token.refresh_due(now=940.0, window=60)
    assert token.refresh_due(now=2000.0, window=60)
    assert not Token("t").refresh_due(now=1e12, window=60)


def test_short_lived_tokens_shrink_the_window_to_half_their_life():
    token = Token("t", expires_at=1030.0, obtained_at=1000.0)  # lives 30 s, window 60 s
    assert not token.refresh_due(now=1000.0, window=60)
    assert not token.refresh_due(now=1014.9, window=60)
    assert token.refresh_due(now=1015.0, window=60)


def test_dict_round_trip():
    token = Token("v", 1.5, "Bearer", "r", "read", 0.5)
    assert Token.from_dict(token.to_dict()) == token


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"value": ""},
        {"value": 3},
        {"value": "v", "expires_at": "x"},
        {"value": "v", "expires_at": float("nan")},
        {"value": "v", "scope": 1},
    ],
)
def test_malformed_dicts_raise_value_error(data):
    with pytest.raises(ValueError):
        Token.from_dict(data)
