"""Bounds on the work a cassette can cause: a cassette is input that anyone can write.

A pull request can add a cassette that is a few kilobytes on disk and gigabytes in memory:
a gzip body that decodes to zeros for ever, YAML aliases that each repeat the one before
ten times, or one enormous header that every scrubbing pattern then scans. Every reader
(the plugin, ``typelink cassettes lint|scrub|check``) goes through :func:`parse_cassette
<typelink.testing.files.parse_cassette>`, which applies the limits below and names the file
and the interaction that broke them.
"""

from __future__ import annotations

import itertools
import zlib
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import yaml

MiB = 1024 * 1024


class LimitExceeded(ValueError):
    """A cassette asks for more work than :class:`CassetteLimits` allows (the message says
    what; the caller adds the file and interaction)."""


@dataclass(frozen=True, slots=True)
class CassetteLimits:
    """The bounds; generous for real recordings, far below what an attack needs."""

    max_file_bytes: int = 256 * MiB
    max_body_bytes: int = 64 * MiB
    """One stored body, and one body after decompression."""
    max_decoded_bytes: int = 256 * MiB
    """All decompressed bodies of one cassette together."""
    max_field_chars: int = 1 * MiB
    """Any other single value: a URI, a header, a status message, a metadata entry."""
    min_expansion_budget: int = 64 * MiB
    expansion_factor: int = 8
    """YAML aliases may expand the document to ``max(min_expansion_budget, expansion_factor
    * file size)`` characters, no more (an alias bomb grows exponentially)."""


DEFAULT_LIMITS = CassetteLimits()


def _longest(value: Any) -> int:
    """The length of the longest string (or key) in ``value``; cheap, no paths built."""
    if isinstance(value, (str, bytes)):
        return len(value)
    items: Iterable[Any]
    if isinstance(value, dict):
        items = itertools.chain(value.keys(), value.values())
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        return 0
    longest = 0
    for item in items:  # a loop, not max() over generators: this runs on every interaction
        size = len(item) if type(item) is str else _longest(item)
        if size > longest:
            longest = size
    return longest


def check_field_sizes(value: Any, limits: CassetteLimits, where: str) -> None:
    """Every string in ``value`` (a request or response without its body) is small enough."""
    if _longest(value) <= limits.max_field_chars:
        return  # the common case: only on a violation is the offending path worked out
    if isinstance(value, (str, bytes)):
        raise LimitExceeded(
            f"{where} holds a value of {len(value):,} characters "
            f"(more than {limits.max_field_chars:,})"
        )
    if isinstance(value, dict):
        for key, item in value.items():
            check_field_sizes(key, limits, where)
            check_field_sizes(item, limits, f"{where}.{key}")
    elif isinstance(value, (list, tuple)):
        for item in value:
            check_field_sizes(item, limits, where)


def check_body_size(body: Any, limits: CassetteLimits, where: str) -> None:
    """A stored body is not larger than ``max_body_bytes``."""
    if isinstance(body, (str, bytes)) and len(body) > limits.max_body_bytes:
        raise LimitExceeded(
            f"the {where} is {len(body):,} bytes (more than {limits.max_body_bytes:,})"
        )


def _may_hold_aliases(text: str) -> bool:
    """False when ``text`` cannot contain a YAML alias (the cheap, common case).

    An alias token starts with ``*`` at the start of a node: after whitespace, a flow
    indicator or ``:``/``?``. Text without such a ``*`` has none.
    """
    position = text.find("*")
    while position != -1:
        if position == 0 or text[position - 1] in " \t\r\n[]{},:?\ufeff":
            return True
        position = text.find("*", position + 1)
    return False


def check_alias_expansion(text: str, limits: CassetteLimits) -> None:
    """Refuse YAML whose aliases expand it far beyond its size (a "billion laughs").

    Counts, from the parser's events, the characters the document would have with every
    alias written out, and stops as soon as that passes the budget.
    """
    if not _may_hold_aliases(text):
        return
    budget = max(limits.min_expansion_budget, limits.expansion_factor * len(text))
    sizes: dict[str, int] = {}
    stack: list[list[Any]] = [[None, 0]]
    loader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            stack.append([event.anchor, 1])
            continue
        if isinstance(event, yaml.ScalarEvent):
            size = len(event.value) + 1
            if event.anchor:
                sizes[event.anchor] = size
        elif isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor or "", 1)
        elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            anchor, size = stack.pop()
            if anchor:
                sizes[anchor] = size
        else:
            continue
        stack[-1][1] += size
        if stack[-1][1] > budget:
            mark = event.start_mark
            line = f" (at line {mark.line + 1})" if mark is not None else ""
            raise LimitExceeded(
                f"YAML aliases expand this cassette beyond {budget:,} characters{line}: "
                "refusing an alias bomb"
            )


def bounded_decompress(encoding: str, data: bytes, limit: int) -> bytes | None:
    """``data`` decoded (gzip, deflate), or None when it is not compressed that way.

    Raises :class:`LimitExceeded` as soon as the output passes ``limit`` bytes, without
    producing more than that.
    """
    if encoding in ("gzip", "x-gzip"):
        return _inflate(data, [16 + zlib.MAX_WBITS], limit, members=True)
    if encoding == "deflate":
        return _inflate(data, [zlib.MAX_WBITS, -zlib.MAX_WBITS], limit, members=False)
    return None


def _inflate(data: bytes, formats: list[int], limit: int, *, members: bool) -> bytes | None:
    for wbits in formats:
        try:
            return _inflate_as(data, wbits, limit, members=members)
        except zlib.error:
            continue
    return None


def _inflate_as(data: bytes, wbits: int, limit: int, *, members: bool) -> bytes | None:
    output = bytearray()
    remaining = data
    while remaining:
        decoder = zlib.decompressobj(wbits)
        try:
            output += decoder.decompress(remaining, limit + 1 - len(output))
        except zlib.error:
            if output:
                break  # trailing bytes after a complete gzip member
            raise
        if len(output) > limit or decoder.unconsumed_tail:
            raise LimitExceeded(f"a compressed body decodes to more than {limit:,} bytes")
        if not decoder.eof:
            return None  # truncated: not a complete stream of this format
        remaining = decoder.unused_data if members else b""
    return bytes(output)


class DecodeBudget:
    """What is left of one cassette's decompression allowance."""

    def __init__(self, limits: CassetteLimits = DEFAULT_LIMITS) -> None:
        self.limits = limits
        self.used = 0

    def next_limit(self) -> int:
        """The most the next body may decode to."""
        return max(0, min(self.limits.max_body_bytes, self.limits.max_decoded_bytes - self.used))

    def spend(self, size: int) -> None:
        """Count a decoded body."""
        self.used += size
