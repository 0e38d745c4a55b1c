"""Descriptions as docstrings: plain text, short paragraphs, wrapped, safe to quote.

Descriptions are written for web pages: Stripe's in HTML (``<p>Returns a list...</p>``),
GitHub's and Box's in Markdown with links and long paragraphs. A docstring keeps the words
(links become their text, tags and entities go), the first paragraph or two, and never
holds anything that would end the string early (``\"\"\"``, a trailing quote, a backslash).
"""

from __future__ import annotations

import html
import re
import textwrap
from collections.abc import Iterable

__all__ = ["docstring_block", "first_sentence", "paragraphs", "plain_text"]

_WIDTH = 100
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_BLOCK_TAG = re.compile(r"</?(p|br|ul|ol|li|div|h[1-6]|table|tr|pre)\b[^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^<>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")
_QUOTE_MARK = re.compile(r"^[ \t]*>[ \t]?", re.MULTILINE)
_ADMONITION = re.compile(r"\[!(NOTE|TIP|IMPORTANT|WARNING|CAUTION)\][ \t]*\n?")
_TYPOGRAPHY = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u00d7": "x",
        "\u2026": "...",
    }
)


def plain_text(text: str) -> str:
    """Markdown links as their text, blockquote marks and ``[!NOTE]`` admonitions dropped,
    HTML tags dropped (block tags end a paragraph), entities decoded, typographic quotes
    and dashes made ASCII."""
    text = _ADMONITION.sub("", _QUOTE_MARK.sub("", text))
    text = _BLOCK_TAG.sub("\n\n", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _MARKDOWN_LINK.sub(r"\1", text)
    return text.translate(_TYPOGRAPHY)


def paragraphs(text: str, limit: int = 2, max_chars: int = 700) -> list[str]:
    """The first ``limit`` paragraphs of a description, each on one line, at most
    ``max_chars`` in all: the first is cut (at a sentence end when possible) if it is longer,
    a later one is left out if it does not fit whole."""
    found: list[str] = []
    budget = max_chars
    for block in re.split(r"\n\s*\n", plain_text(text)):
        line = " ".join(block.split())
        if not line:
            continue
        if len(found) == limit or (found and len(line) > budget):
            break  # only the first paragraph is ever cut short
        if len(line) > budget:
            cut = line.rfind(". ", 0, budget)
            line = line[: cut + 1] if cut > 0 else line[:budget].rstrip() + "..."
        found.append(line)
        budget -= len(line)
    return found


def first_sentence(text: str) -> str:
    """The first sentence of a description (a summary for operations that have none)."""
    found = paragraphs(text, limit=1)
    if not found:
        return ""
    return _SENTENCE_END.split(found[0], maxsplit=1)[0]


def _escaped(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def docstring_block(blocks: Iterable[str], indent: str) -> list[str]:
    """A docstring from paragraphs: one line when it fits, else wrapped paragraphs.

    A paragraph starting with two spaces is kept as is (a preformatted line such as a
    command); every other one is wrapped at the module width.
    """
    kept = [_escaped(block) for block in blocks if block.strip()]
    if not kept:
        return []
    if kept[-1].endswith('"'):
        kept[-1] += " "
    single = f'{indent}"""{kept[0]}"""'
    if len(kept) == 1 and len(single) <= _WIDTH:
        return [single]
    lines: list[str] = []
    for index, block in enumerate(kept):
        if index:
            lines.append("")
        opener = '"""' if index == 0 else ""
        if block.startswith("  "):
            lines.append(f"{indent}{opener}{block.strip()}")
            continue
        wrapped = textwrap.wrap(
            block,
            width=_WIDTH - len(indent),
            initial_indent=opener,
            break_long_words=False,
            break_on_hyphens=False,
        )
        lines += [f"{indent}{line}" if line else "" for line in wrapped]
    return [*lines, f'{indent}"""']
