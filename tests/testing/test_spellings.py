"""A secret is found in every spelling an encoder may give it."""

from __future__ import annotations

from typelink.testing.spellings import secret_spellings

SECRET = "open sesame! ~42/door"


def test_every_percent_and_form_spelling_is_replaced() -> None:
    spellings = secret_spellings(frozenset({SECRET}))
    for spelled in (
        SECRET,
        "open%20sesame%21%20~42%2Fdoor",  # quote(safe="")
        "open%20sesame!%20~42/door",  # requests' requote_uri
        "open+sesame%21+%7E42%2Fdoor",  # quote_plus with ~ encoded (older encoders)
        "open%20sesame%21%20%7e42%2fdoor",  # lower-case hex
        "%6Fpen sesame! ~42/door",  # any character may be encoded
    ):
        text, found = spellings.replace(f"before {spelled} after")
        assert text == "before [REDACTED] after", spelled
        assert found == [spelled]


def test_longer_secrets_win_and_unrelated_text_is_kept() -> None:
    spellings = secret_spellings(frozenset({"token-123456", "token-123456-extended"}))
    assert spellings.replace("a token-123456-extended b")[0] == "a [REDACTED] b"
    assert spellings.replace("100% plain + simple") == ("100% plain + simple", [])
    assert secret_spellings(frozenset()).replace("anything") == ("anything", [])
