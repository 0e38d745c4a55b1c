"""Recognisers for credentials by their shape: vendor token prefixes, JWTs, keys, entropy.

Used both to scrub recordings and to lint committed cassettes, so what ``typelink cassettes
lint`` reports is exactly what ``typelink cassettes scrub`` (and recording) would replace.
"""

from __future__ import annotations

import base64
import binascii
import math
import re
from collections import Counter
from dataclasses import dataclass

PLACEHOLDER = "[REDACTED]"


@dataclass(frozen=True, slots=True)
class TokenShape:
    """A named regular expression for one kind of credential.

    ``group`` names the part that is secret (the whole match when empty): a webhook URL
    keeps its host and ids readable and loses only its token.
    """

    name: str
    pattern: re.Pattern[str]
    group: str = ""

    def secret(self, match: re.Match[str]) -> str:
        """The secret part of a match."""
        return match.group(self.group or 0)

    def replace(self, text: str) -> str:
        """``text`` with the secret part of every match replaced by :data:`PLACEHOLDER`."""
        if not self.group:
            return self.pattern.sub(PLACEHOLDER, text)

        def keep_the_rest(match: re.Match[str]) -> str:
            start, end = match.span(self.group)
            whole = match.group(0)
            offset = match.start()
            return whole[: start - offset] + PLACEHOLDER + whole[end - offset :]

        return self.pattern.sub(keep_the_rest, text)


def _basic_credentials(match: re.Match[str]) -> bool:
    """Only flag ``Basic xxx`` when ``xxx`` really decodes to ``user:password``."""
    encoded = match.group("basic")
    try:
        decoded = base64.b64decode(encoded + "=" * (-len(encoded) % 4), validate=True)
    except (binascii.Error, ValueError):
        return False
    return b":" in decoded


TOKEN_SHAPES: tuple[TokenShape, ...] = (
    TokenShape("GitHub token", re.compile(r"\bgh[pousr]_[A-Za-z0-9]{30,}")),
    TokenShape("GitHub fine-grained token", re.compile(r"\bgithub_pat_[A-Za-z0-9_]{22,}")),
    TokenShape("API secret key (sk-)", re.compile(r"\bsk-[A-Za-z0-9_\-]{20,}")),
    TokenShape("Stripe key", re.compile(r"\b[sr]k_(?:live|test)_[A-Za-z0-9]{16,}")),
    TokenShape("Slack token", re.compile(r"\bxox[abposr]-[A-Za-z0-9\-]{10,}")),
    TokenShape("AWS access key id", re.compile(r"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b")),
    TokenShape("Google API key", re.compile(r"\bAIza[0-9A-Za-z_\-]{35}")),
    TokenShape(
        "JWT",
        # A look-behind, not \b: "eyJa-eyJa-..." would restart a long scan at every "-".
        re.compile(
            r"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]*"
        ),
    ),
    TokenShape(
        "private key",
        # Each scan stops at the next BEGIN line: an open-ended one from every BEGIN line is
        # quadratic on hostile text.
        re.compile(
            r"-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----(?:(?!-----BEGIN )[\s\S]){0,16384}?"
            r"-----END [A-Z ]{0,40}PRIVATE KEY-----"
            r"|-----BEGIN [A-Z ]{0,40}PRIVATE KEY-----[A-Za-z0-9+/=\\\s]*"
        ),
    ),
    TokenShape(
        "Slack webhook URL",
        re.compile(r"/services/T[A-Z0-9]{6,}/B[A-Z0-9]{6,}/(?P<token>[A-Za-z0-9]{16,})"),
        "token",
    ),
    TokenShape(
        "Discord webhook URL",
        re.compile(r"/api/webhooks/[0-9]{6,}/(?P<token>[A-Za-z0-9_\-]{20,})"),
        "token",
    ),
)

BASIC_CREDENTIALS = re.compile(r"\bBasic (?P<basic>[A-Za-z0-9+/]{6,}={0,2})(?![A-Za-z0-9+/=])")
URL_USERINFO = re.compile(
    # The look-behind makes every search start at the beginning of a scheme: without it a
    # long run of letters before "://" is rescanned from each position (quadratic).
    r"(?<![a-zA-Z0-9+.\-])(?P<scheme>[a-zA-Z][a-zA-Z0-9+.\-]{0,30}://)"
    r"(?P<userinfo>[^/@\s:]{1,256}:[^/@\s]{1,256})@"
)
ABSOLUTE_URL = re.compile(
    r"(?<![a-zA-Z0-9+.\-])[a-zA-Z][a-zA-Z0-9+.\-]{0,30}://[^\s<>\"'`{}|\\^\[\]]+"
)
"""An absolute URL inside free text (a JSON string, a header, a log line)."""

SENSITIVE_NAME = re.compile(
    r"(secret|token|passw|pwd|api[-_]?key|apikey|credential|signature|private[-_]?key|session)",
    re.IGNORECASE,
)
"""Names whose values are "sensitive places" for the entropy rule."""

MIN_ENTROPY_LENGTH = 16
MIN_ENTROPY_BITS = 3.5


def shannon_entropy(text: str) -> float:
    """Bits per character; random tokens score above ~4, words and ids well below."""
    if not text:
        return 0.0
    counts = Counter(text)
    total = len(text)
    return -sum(n / total * math.log2(n / total) for n in counts.values())


def looks_random(value: str) -> bool:
    """A long, high-entropy, space-free string: probably a credential."""
    return (
        len(value) >= MIN_ENTROPY_LENGTH
        and " " not in value
        and PLACEHOLDER not in value
        and shannon_entropy(value) >= MIN_ENTROPY_BITS
    )


def mask(value: str) -> str:
    """A recognisable but harmless preview of a secret, for reports."""
    if len(value) <= 8:
        return f"<{len(value)} chars>"
    return f"{value[:4]}…<{len(value)} chars>"


_PREFILTER = re.compile(
    r"gh[pousr]_|github_pat_|sk-|k_(?:live|test)_|xox|AKIA|ASIA|AIza|eyJ|PRIVATE KEY|Basic |://"
    r"|/services/T|/api/webhooks/"
)
"""One cheap search that every shape needs to hit first (most text has none of these)."""


def might_contain_shapes(text: str) -> bool:
    """False when no shape can possibly match ``text`` (the common, fast case)."""
    return _PREFILTER.search(text) is not None


def find_shapes(text: str) -> list[tuple[str, str]]:
    """Every ``(shape name, matched text)`` in ``text``."""
    found: list[tuple[str, str]] = []
    if not text or not might_contain_shapes(text):
        return found
    for shape in TOKEN_SHAPES:
        found.extend((shape.name, shape.secret(m)) for m in shape.pattern.finditer(text))
    found.extend(
        ("Basic credentials", m.group("basic"))
        for m in BASIC_CREDENTIALS.finditer(text)
        if _basic_credentials(m)
    )
    found.extend(("credentials in URL", m.group("userinfo")) for m in URL_USERINFO.finditer(text))
    return found


def replace_shapes(text: str) -> str:
    """``text`` with every recognised credential replaced by :data:`PLACEHOLDER`."""
    if not text or not might_contain_shapes(text):
        return text
    for shape in TOKEN_SHAPES:
        text = shape.replace(text)
    text = BASIC_CREDENTIALS.sub(
        lambda m: f"Basic {PLACEHOLDER}" if _basic_credentials(m) else m.group(0), text
    )
    return URL_USERINFO.sub(lambda m: f"{m.group('scheme')}{PLACEHOLDER}@", text)
