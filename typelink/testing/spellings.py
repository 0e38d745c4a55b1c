"""Every spelling of a secret value, so that a secret is found however it was encoded.

A value reaches a recording raw, percent-encoded by one library (``%20``, ``%2F``) or
another (``%2f``, ``/`` left alone, ``!`` left alone), or form-encoded (``+`` for a space).
Listing a few encodings misses the others; here each character of the secret may appear
raw or percent-encoded in either case (and a space as ``+``), which covers them all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from typelink.testing.shapes import PLACEHOLDER


def _hex_digit(value: int) -> str:
    digit = "0123456789ABCDEF"[value]
    return f"[{digit}{digit.lower()}]" if digit.isalpha() else digit


def _char_pattern(char: str) -> str:
    encoded = "".join(
        f"%{_hex_digit(byte >> 4)}{_hex_digit(byte & 15)}" for byte in char.encode("utf-8")
    )
    options = [re.escape(char), encoded]
    if char == " ":
        options.append(r"\+")
    return f"(?:{'|'.join(options)})"


def spelling_pattern(secret: str) -> str:
    """A regular expression matching ``secret`` in any percent- or form-encoded spelling."""
    return "".join(_char_pattern(char) for char in secret)


@dataclass(frozen=True)
class SecretSpellings:
    """Finds and replaces a set of exact secret values in every spelling."""

    secrets: tuple[str, ...]
    pattern: re.Pattern[str] | None

    def replace(self, text: str) -> tuple[str, list[str]]:
        """``text`` with every spelling replaced, and the spellings that were found."""
        if self.pattern is None or not text:
            return text, []
        if "%" not in text and "+" not in text:  # the common case: raw values only
            found = [secret for secret in self.secrets if secret in text]
            for secret in found:
                text = text.replace(secret, PLACEHOLDER)
            return text, found
        matches: list[str] = []

        def note(match: re.Match[str]) -> str:
            matches.append(match.group(0))
            return PLACEHOLDER

        return self.pattern.sub(note, text), matches


@lru_cache(maxsize=64)
def secret_spellings(secrets: frozenset[str]) -> SecretSpellings:
    """The (cached) matcher for a set of secrets; longer secrets win over their prefixes."""
    ordered = tuple(sorted(secrets, key=lambda s: (-len(s), s)))
    if not ordered:
        return SecretSpellings((), None)
    pattern = re.compile("|".join(spelling_pattern(secret) for secret in ordered))
    return SecretSpellings(ordered, pattern)
