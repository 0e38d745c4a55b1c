"""A vcrpy ``Cassette`` with indexed matching, scrubbing, provenance and strict accounting.

vcrpy 9's own ``Cassette`` scans every recorded interaction for every request; this subclass
keeps the exact same contract (``can_play_response_for``, ``play_response``, ``append``,
``_load``) but looks requests up in a :class:`~typelink.testing.matching.MatchIndex`.
Loaded interactions are not deep-copied (they are only read), which keeps replay close to
the cost of parsing the file.
"""

from __future__ import annotations

import collections
import datetime as dt
from collections.abc import Callable, Generator
from importlib import metadata as importlib_metadata
from typing import Any

from vcr.cassette import Cassette
from vcr.errors import UnhandledHTTPRequestError
from vcr.persisters.filesystem import CassetteNotFoundError
from vcr.record_mode import RecordMode
from vcr.request import Request

from typelink._version import __version__
from typelink.declare.spec import EndpointInfo
from typelink.testing.files import METADATA_KEY as METADATA_KEY
from typelink.testing.files import (
    CassetteError,
    parse_cassette,
    read_cassette_text,
    render_cassette,
    write_atomically,
)
from typelink.testing.matching import MatchIndex
from typelink.testing.scrub_rules import SCRUB_SCHEME

EndpointSource = Callable[[str, str], EndpointInfo | None]


def utc_now() -> str:
    """The current UTC time as ISO 8601 (seconds)."""
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


def _vcrpy_version() -> str:
    try:
        return importlib_metadata.version("vcrpy")
    except importlib_metadata.PackageNotFoundError:  # pragma: no cover
        return "unknown"


class TypelinkPersister:
    """Loads with clear errors and decoded bodies; saves atomically."""

    @classmethod
    def load_cassette(cls, cassette_path: Any, serializer: Any) -> tuple[Any, ...]:
        """``(requests, responses, metadata)`` for vcrpy; CassetteError when unusable."""
        from pathlib import Path

        path = Path(cassette_path)
        if not path.is_file():
            raise CassetteNotFoundError()
        text = read_cassette_text(path)
        if not text.strip():
            raise CassetteNotFoundError()
        data = parse_cassette(path, text)  # bounded: sizes, aliases, decompression
        requests = []
        responses = []
        for index, item in enumerate(data.interactions):
            try:
                raw = item["request"]
                requests.append(
                    Request(
                        method=raw["method"],
                        uri=raw["uri"],
                        body=raw.get("body"),
                        headers=raw.get("headers") or {},
                    )
                )
            except (TypeError, ValueError) as exc:
                raise CassetteError(path, f"unusable request: {exc}", index) from None
            responses.append(item["response"])
        return requests, responses, data.metadata

    @staticmethod
    def save_cassette(cassette_path: Any, cassette_dict: dict[str, Any], serializer: Any) -> None:
        """Write the cassette (same layout as vcrpy), replacing the file atomically."""
        interactions = [
            {"request": request._to_dict(), "response": response}
            for request, response in zip(
                cassette_dict["requests"], cassette_dict["responses"], strict=True
            )
        ]
        text = render_cassette(cassette_path, interactions, cassette_dict.get("metadata") or {})
        write_atomically(cassette_path, text)


class TypelinkCassette(Cassette):  # type: ignore[misc]  # vcrpy is untyped
    """See the module docstring. Extra constructor-free attributes are set by the plugin."""

    endpoint_source: EndpointSource | None = None
    prepare_for_matching: Callable[[Any], Any] | None = None
    """Scrubs an incoming request for matching (default: the before-record hook)."""
    scrubbing: bool = True
    """Whether recordings are scrubbed (stored in the metadata so loading can trust it)."""
    scrub_scheme: int = SCRUB_SCHEME
    """The scrubbing rules' version the stored requests follow (older cassettes: older)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.index = MatchIndex(self._match_on)
        self._pending: tuple[Any, Any] | None = None

    # -- loading ------------------------------------------------------------------------

    def _load(self) -> None:
        try:
            requests, responses, *rest = self._persister.load_cassette(
                self._path, serializer=self._serializer
            )
        except CassetteNotFoundError:
            return
        metadata = rest[0] if rest and isinstance(rest[0], dict) else {}
        # Requests recorded by this plugin were scrubbed when recorded (scrubbing is
        # idempotent); anything else is scrubbed now, like incoming requests will be, so
        # placeholders on both sides still match.
        info = metadata.get(METADATA_KEY)
        scrubbed_already = isinstance(info, dict) and info.get("scrubbed") is True
        if scrubbed_already:
            scheme = info.get("scrub_scheme") if isinstance(info, dict) else None
            self.scrub_scheme = scheme if isinstance(scheme, int) else 1
        for request, response in zip(requests, responses, strict=True):
            filtered = request if scrubbed_already else self._before_record_request(request)
            if not filtered:
                continue
            self.data.append((filtered, response))
            self.index.add(filtered)
            self._old_interactions.append((filtered, response))
        self._loaded_count = len(self.data)
        self.dirty = False
        self.rewound = True
        self._metadata = metadata

    # -- recording ----------------------------------------------------------------------

    def append(self, request: Any, response: Any) -> None:
        before = len(self.data)
        endpoint = None
        if self.endpoint_source is not None:
            endpoint = self.endpoint_source(request.method, request.uri)
        super().append(request, response)
        if len(self.data) == before:
            return  # dropped by a before_record hook
        stored_request, stored_response = self.data[-1]
        now = utc_now()
        provenance: dict[str, Any] = {"recorded_at": now, "typelink_version": __version__}
        if endpoint is not None:
            provenance["endpoint"] = endpoint.ref or endpoint.qualname
            provenance["method"] = endpoint.qualname
        stored_response[METADATA_KEY] = provenance
        self.index.add(stored_request)
        info = self._metadata.setdefault(METADATA_KEY, {})
        info.setdefault("recorded_at", now)
        info["updated_at"] = now
        info["typelink_version"] = __version__
        info["vcrpy_version"] = _vcrpy_version()
        info["scrubbed"] = bool(info.get("scrubbed", True)) and self.scrubbing
        info["scrub_scheme"] = self.scrub_scheme

    # -- playing ------------------------------------------------------------------------

    def _is_free(self, position: int) -> bool:
        return bool(self.allow_playback_repeats or self.play_counts[position] == 0)

    def _for_matching(self, request: Any) -> Any:
        """The incoming request as it is compared with recorded ones (scrubbed)."""
        if self.prepare_for_matching is not None:
            return self.prepare_for_matching(request)
        return self._before_record_request(request)

    def _lookup(self, request: Any) -> tuple[Any, int | None]:
        filtered = self._for_matching(request)
        if not filtered:
            return None, None
        return filtered, self.index.find(filtered, self._is_free)

    def can_play_response_for(self, request: Any) -> bool:
        if self.record_mode == RecordMode.ALL or not (self.rewound or self.allow_playback_repeats):
            return False
        _filtered, position = self._lookup(request)
        self._pending = (request, position)
        return position is not None

    def play_response(self, request: Any) -> Any:
        pending, self._pending = self._pending, None
        if pending is not None and pending[0] is request:
            position = pending[1]
        else:
            position = self._lookup(request)[1]
        if position is None:
            raise UnhandledHTTPRequestError(
                f"The cassette ({self._path!r}) doesn't contain the request ({request!r}) asked for"
            )
        stored_request, response = self.data[position]
        if self.play_counts[position] == 0 and position < self._loaded_count:
            self._played_interactions.append((stored_request, response))
        self.play_counts[position] += 1
        return response

    def __contains__(self, request: Any) -> bool:
        return self._lookup(request)[1] is not None

    def _responses(self, request: Any) -> Generator[tuple[int, Any], None, None]:
        filtered = self._for_matching(request)
        if not filtered:
            return
        seen: set[int] = set()
        while True:
            position = self.index.find(filtered, lambda p: p not in seen, played=False)
            if position is None:
                return
            seen.add(position)
            yield position, self.data[position][1]

    def rewind(self) -> None:
        self.play_counts: collections.Counter[int] = collections.Counter()
        self.index.rewind()

    # -- accounting ---------------------------------------------------------------------

    def unplayed(self) -> list[tuple[int, Any]]:
        """Loaded interactions that were never played, as ``(position, request)``."""
        return [
            (position, self.data[position][0])
            for position in range(self._loaded_count)
            if self.play_counts[position] == 0
        ]

    @property
    def loaded_count(self) -> int:
        """How many interactions came from the file."""
        return int(self._loaded_count)

    def provenance(self) -> dict[str, Any]:
        """The cassette-level typelink metadata (empty for cassettes recorded elsewhere)."""
        value = self._metadata.get(METADATA_KEY)
        return value if isinstance(value, dict) else {}

    def oldest_recording(self) -> dt.datetime | None:
        """When the oldest interaction was recorded, if the cassette says."""
        stamps: list[str] = []
        for _, response in self.data[: self._loaded_count]:
            meta = response.get(METADATA_KEY) if isinstance(response, dict) else None
            if isinstance(meta, dict) and isinstance(meta.get("recorded_at"), str):
                stamps.append(meta["recorded_at"])
        if not stamps and isinstance(self.provenance().get("recorded_at"), str):
            stamps.append(self.provenance()["recorded_at"])
        parsed = [p for p in (parse_time(s) for s in stamps) if p is not None]
        return min(parsed) if parsed else None


def parse_time(value: str) -> dt.datetime | None:
    """An aware datetime from ISO 8601, or None."""
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)
