"""Reading betamax cassettes (github3.py's recording format) and converting them for vcrpy.

Betamax stores one JSON document per cassette: ``{"http_interactions": [{"request",
"response", "recorded_at"}], "recorded_with"}``. Over ten years github3's files used two
layouts: a response has ``status: {code, message}`` (betamax >= 0.5) or ``status_code``;
header values are strings or lists; a body is ``{"string", "encoding"}`` or carries the
bytes as ``base64_string`` (gzip-compressed when ``Content-Encoding: gzip`` says so). Both
are read into :class:`Recorded`, bodies decoded to what the server meant.
"""

from __future__ import annotations

import base64
import datetime as dt
import gzip
import json
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from requests.structures import CaseInsensitiveDict


class BetamaxFormatError(ValueError):
    """A cassette or interaction this reader does not understand (names which)."""


@dataclass(frozen=True)
class Recorded:
    """One recorded exchange, with decoded bodies."""

    cassette: str
    position: int
    recorded_at: dt.datetime
    method: str
    uri: str
    request_headers: CaseInsensitiveDict[str]
    request_body: bytes
    status: int
    headers: CaseInsensitiveDict[str]
    body: bytes

    @property
    def where(self) -> str:
        """``Cassette#3``, for messages."""
        return f"{self.cassette}#{self.position}"

    @property
    def media_type(self) -> str:
        """The response's media type, lower case, without parameters."""
        return self.headers.get("Content-Type", "").split(";")[0].strip().lower()


def _headers(raw: Any) -> CaseInsensitiveDict[str]:
    if not isinstance(raw, Mapping):
        raise BetamaxFormatError(f"headers must be a mapping, not {type(raw).__name__}")
    result: CaseInsensitiveDict[str] = CaseInsensitiveDict()
    for name, value in raw.items():
        result[str(name)] = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return result


def _body(raw: Any) -> bytes:
    if raw is None:
        return b""
    if isinstance(raw, str):
        return raw.encode("utf-8")
    if not isinstance(raw, Mapping):
        raise BetamaxFormatError(f"a body must be a string or a mapping, not {type(raw).__name__}")
    encoded = raw.get("base64_string")
    if encoded:
        return base64.b64decode(encoded, validate=True)
    text = raw.get("string") or ""
    return str(text).encode(raw.get("encoding") or "utf-8")


def _decoded(body: bytes, headers: CaseInsensitiveDict[str]) -> bytes:
    """The body as the server meant it (gzip/deflate undone), whatever the recorder kept."""
    encoding = headers.get("Content-Encoding", "").strip().lower()
    if body[:2] == b"\x1f\x8b" and encoding in ("gzip", "x-gzip", ""):
        return gzip.decompress(body)
    if encoding == "deflate":
        try:
            return zlib.decompress(body)
        except zlib.error:
            return zlib.decompress(body, -zlib.MAX_WBITS)
    return body


def _time(value: Any) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise BetamaxFormatError(f"recorded_at {value!r} is not an ISO 8601 time") from None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.timezone.utc)


def _interaction(cassette: str, position: int, item: Any) -> Recorded:
    try:
        request, response = item["request"], item["response"]
        status = response["status"]["code"] if "status" in response else response["status_code"]
        headers = _headers(response.get("headers") or {})
        return Recorded(
            cassette=cassette,
            position=position,
            recorded_at=_time(item["recorded_at"]),
            method=str(request["method"]).upper(),
            uri=str(request["uri"]),
            request_headers=_headers(request.get("headers") or {}),
            request_body=_body(request.get("body")),
            status=int(status),
            headers=headers,
            body=_decoded(_body(response.get("body")), headers),
        )
    except (KeyError, TypeError, ValueError, OSError, zlib.error) as exc:
        raise BetamaxFormatError(f"{cassette}#{position}: unusable interaction ({exc})") from None


def read_cassette(path: Path) -> list[Recorded]:
    """Every interaction of the betamax cassette at ``path``, in recorded order."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError) as exc:
        raise BetamaxFormatError(f"{path.name}: not a readable JSON cassette ({exc})") from None
    items = data.get("http_interactions") if isinstance(data, dict) else None
    if not isinstance(items, list):
        raise BetamaxFormatError(f"{path.name}: no 'http_interactions' list")
    return [_interaction(path.stem, index, item) for index, item in enumerate(items)]


def to_vcrpy(interactions: list[Recorded]) -> list[dict[str, Any]]:
    """The same exchanges as vcrpy interactions (write them with ``render_cassette``).

    Bodies are the decoded bytes, so ``Content-Encoding`` and ``Transfer-Encoding`` are
    dropped and ``Content-Length`` is the decoded length: the replayed response is what the
    transport would have handed the client after decoding.
    """
    dropped = ("content-encoding", "transfer-encoding", "content-length")
    converted = []
    for item in interactions:
        headers = {
            name: [value] for name, value in item.headers.items() if name.lower() not in dropped
        }
        headers["Content-Length"] = [str(len(item.body))]
        converted.append(
            {
                "request": {
                    "method": item.method,
                    "uri": item.uri,
                    "body": item.request_body or None,
                    "headers": {name: [value] for name, value in item.request_headers.items()},
                },
                "response": {
                    "status": {"code": item.status, "message": ""},
                    "headers": headers,
                    "body": {"string": item.body},
                },
            }
        )
    return converted
