"""``multipart/form-data`` bodies, split into parts and put back together byte for byte.

The scrubber replaces the content of secret fields (``password``, ``client_secret``) and
scrubs the rest like any text; matching compares the fields, not the bytes, because the
boundary is random on every request.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

_BOUNDARY = re.compile(r"""boundary=(?:"([^"]+)"|([^;\s]+))""", re.IGNORECASE)
_FIELD_NAME = re.compile(rb"""\bname="([^"]*)\"""", re.IGNORECASE)
_FILE_NAME = re.compile(rb"""\bfilename="([^"]*)\"""", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Part:
    """One part: its header block (kept as sent) and its content."""

    headers: bytes
    content: bytes

    @property
    def name(self) -> str:
        """The form field name (``Content-Disposition: form-data; name="..."``)."""
        match = _FIELD_NAME.search(self.headers)
        return match.group(1).decode("utf-8", "replace") if match else ""

    @property
    def filename(self) -> str | None:
        """The uploaded file's name, when the part is a file."""
        match = _FILE_NAME.search(self.headers)
        return match.group(1).decode("utf-8", "replace") if match else None


@dataclass(frozen=True, slots=True)
class Multipart:
    """A parsed body: the delimiter, the text around the parts, and the parts."""

    delimiter: bytes
    preamble: bytes
    parts: tuple[Part, ...]
    epilogue: bytes

    def render(self) -> bytes:
        """The body again (identical bytes when nothing was changed)."""
        chunks = [self.preamble]
        for part in self.parts:
            chunks.append(self.delimiter + b"\r\n" + part.headers + b"\r\n\r\n" + part.content)
            chunks.append(b"\r\n")
        chunks.append(self.delimiter + b"--" + self.epilogue)
        return b"".join(chunks)

    def with_contents(self, change: Callable[[Part], bytes]) -> Multipart:
        """A copy whose parts' contents are ``change(part)``."""
        parts = tuple(Part(p.headers, change(p)) for p in self.parts)
        return Multipart(self.delimiter, self.preamble, parts, self.epilogue)


def boundary_of(content_type: str | None) -> str | None:
    """The boundary of a ``multipart/*`` content type, if it names one."""
    if not content_type or not content_type.lower().lstrip().startswith("multipart/"):
        return None
    match = _BOUNDARY.search(content_type)
    return (match.group(1) or match.group(2)) if match else None


def parse_multipart(body: bytes, content_type: str | None) -> Multipart | None:
    """The parts of ``body``, or None when it is not a well-formed multipart body."""
    boundary = boundary_of(content_type)
    if not boundary:
        return None
    delimiter = b"--" + boundary.encode("latin-1", "replace")
    pieces = body.split(delimiter)
    if len(pieces) < 3 or not pieces[-1].startswith(b"--"):
        return None
    parts: list[Part] = []
    for piece in pieces[1:-1]:
        if not piece.startswith(b"\r\n") or not piece.endswith(b"\r\n"):
            return None
        headers, separator, content = piece[2:-2].partition(b"\r\n\r\n")
        if not separator:
            return None
        parts.append(Part(headers, content))
    return Multipart(delimiter, pieces[0], tuple(parts), pieces[-1][2:])
