"""A strict parser for the HTTP ``Link`` header (RFC 8288).

Pagination follows ``rel="next"`` links, so a header we misread could silently drop pages.
``requests.utils.parse_header_links`` splits on commas and never reports a broken value
(a comma inside a quoted title or URI breaks it). This parser walks the grammar instead and
raises :class:`LinkHeaderError` with the offending position, so the caller can refuse
instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from typelink.errors import PaginationError

_WHITESPACE = " \t"
_TOKEN_STOP = frozenset(' \t;,="<>')


class LinkHeaderError(PaginationError, ValueError):
    """The header does not follow the ``Link`` grammar."""


@dataclass(frozen=True)
class Link:
    """One link-value: the target URI reference and its parameters (names lower-cased)."""

    target: str
    params: dict[str, str] = field(default_factory=dict)

    @property
    def rels(self) -> frozenset[str]:
        """The relation types (``rel`` may hold several, space-separated; case-insensitive)."""
        return frozenset(self.params.get("rel", "").lower().split())


def parse_link_header(value: str) -> list[Link]:
    """All link-values in ``value``; raises :class:`LinkHeaderError` on malformed input."""
    links: list[Link] = []
    pos = 0
    end = len(value)
    while True:
        pos = _skip(value, pos, _WHITESPACE + ",")
        if pos >= end:
            return links
        if value[pos] != "<":
            raise LinkHeaderError(f"expected '<' at position {pos}")
        close = value.find(">", pos + 1)
        if close < 0:
            raise LinkHeaderError(f"unterminated '<' at position {pos}")
        target = value[pos + 1 : close].strip()
        if any(ch in target for ch in "<\r\n"):
            raise LinkHeaderError(f"invalid URI reference at position {pos}")
        params: dict[str, str] = {}
        pos = _skip(value, close + 1, _WHITESPACE)
        while pos < end and value[pos] == ";":
            pos = _skip(value, pos + 1, _WHITESPACE)
            name, pos = _token(value, pos)
            if not name:
                raise LinkHeaderError(f"expected a parameter name at position {pos}")
            pos = _skip(value, pos, _WHITESPACE)
            param_value = ""
            if pos < end and value[pos] == "=":
                pos = _skip(value, pos + 1, _WHITESPACE)
                if pos < end and value[pos] == '"':
                    param_value, pos = _quoted(value, pos)
                else:
                    param_value, pos = _token(value, pos)
                pos = _skip(value, pos, _WHITESPACE)
            # RFC 8288 3.3: occurrences after the first rel parameter are ignored.
            params.setdefault(name.lower(), param_value)
        if pos < end and value[pos] != ",":
            raise LinkHeaderError(f"unexpected {value[pos]!r} at position {pos}")
        links.append(Link(target, params))


def find_rel(value: str, rel: str) -> str | None:
    """The target of the first link whose relation types include ``rel``, or None."""
    wanted = rel.lower()
    for link in parse_link_header(value):
        if wanted in link.rels:
            return link.target
    return None


def _skip(value: str, pos: int, chars: str) -> int:
    while pos < len(value) and value[pos] in chars:
        pos += 1
    return pos


def _token(value: str, pos: int) -> tuple[str, int]:
    start = pos
    while pos < len(value) and value[pos] not in _TOKEN_STOP:
        pos += 1
    return value[start:pos], pos


def _quoted(value: str, pos: int) -> tuple[str, int]:
    chars: list[str] = []
    pos += 1
    while pos < len(value):
        ch = value[pos]
        if ch == "\\" and pos + 1 < len(value):
            chars.append(value[pos + 1])
            pos += 2
            continue
        if ch == '"':
            return "".join(chars), pos + 1
        chars.append(ch)
        pos += 1
    raise LinkHeaderError("unterminated quoted string")
