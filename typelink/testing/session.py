"""One test's cassette: configuration, activation, network blocking and accounting.

:class:`CassetteSession` is what the ``typelink_cassette`` fixture yields. It is usable
without pytest too (``with CassetteSession(path, record_mode="once") as s: ...``), which is
how the benchmark drives it.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable, Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType
from typing import Any

from vcr.serializers import jsonserializer, yamlserializer

from typelink.testing.aiohttp_bodies import aiohttp_bodies_as_bytes
from typelink.testing.cassette import TypelinkCassette, TypelinkPersister
from typelink.testing.interactions import (
    decode_response,
    scrub_request,
    scrub_request_for_matching,
    scrub_response,
)
from typelink.testing.matching import DEFAULT_MATCH_ON, Matcher, resolve_matchers
from typelink.testing.network import block_network
from typelink.testing.replay_headers import faster_header_parsing
from typelink.testing.scrub import Scrubber, ScrubRules
from typelink.testing.scrub_rules import SCRUB_SCHEME, rules_of_scheme
from typelink.testing.secrets import MIN_SECRET_LENGTH, registered_secrets
from typelink.testing.tracking import EndpointTracker

RECORD_MODES = ("none", "once", "new_episodes", "all", "rewrite")


def running_in_ci() -> bool:
    """True when the ``CI`` environment variable is set to something truthy."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no", "off")


class UnplayedInteractionsError(AssertionError):
    """Strict mode: the test left recorded interactions unplayed."""


@dataclass
class CassetteOptions:
    """Everything that decides how one cassette behaves."""

    record_mode: str = "none"
    strict: bool = False
    match_on: Sequence[str | Matcher] = DEFAULT_MATCH_ON
    """Matcher names (see :data:`~typelink.testing.matching.MATCHERS`) or functions."""
    allow_playback_repeats: bool = False
    scrub: bool = True
    rules: ScrubRules = field(default_factory=ScrubRules)
    secrets: Iterable[str] = ()
    allowed_hosts: Sequence[str] = ()
    block_network: bool | None = None
    """None: block exactly when nothing can be recorded (``none``, or ``once`` with an
    existing cassette)."""


class CassetteSession:
    """A cassette in use by one test (or one ``with`` block)."""

    def __init__(
        self, path: str | os.PathLike[str], options: CassetteOptions | None = None
    ) -> None:
        self.path = Path(path)
        self.options = options or CassetteOptions()
        if self.options.record_mode not in RECORD_MODES:
            raise ValueError(
                f"record_mode must be one of {', '.join(RECORD_MODES)}, "
                f"not {self.options.record_mode!r}"
            )
        self._local_secrets: set[str] = {
            s for s in self.options.secrets if len(s) >= MIN_SECRET_LENGTH
        }
        rules = self.options.rules
        self.rules = ScrubRules(
            headers=rules.headers,
            query_params=rules.query_params,
            body_fields=rules.body_fields,
            shapes=rules.shapes,
            entropy=rules.entropy,
            secrets=self._all_secrets,
        )
        self.tracker = EndpointTracker()
        self.cassette: TypelinkCassette | None = None
        self._stack: ExitStack | None = None

    # -- public API ---------------------------------------------------------------------

    @property
    def record_mode(self) -> str:
        """The effective record mode (``rewrite`` behaves as ``new_episodes`` on a fresh file)."""
        return self.options.record_mode

    @property
    def recording(self) -> bool:
        """True when new interactions may be recorded."""
        return self.record_mode != "none"

    def add_secret(self, value: str) -> None:
        """Scrub this exact value from this cassette wherever it appears."""
        if len(value) >= MIN_SECRET_LENGTH:
            self._local_secrets.add(value)

    @property
    def play_count(self) -> int:
        """How many responses were played back so far."""
        return 0 if self.cassette is None else int(self.cassette.play_count)

    def unplayed(self) -> list[str]:
        """Descriptions of loaded interactions that were never played."""
        if self.cassette is None:
            return []
        return [f"#{pos} {req.method} {req.uri}" for pos, req in self.cassette.unplayed()]

    def oldest_recording(self) -> dt.datetime | None:
        """When the oldest loaded interaction was recorded (None: unknown or nothing loaded)."""
        return None if self.cassette is None else self.cassette.oldest_recording()

    def check_all_played(self) -> None:
        """Raise :class:`UnplayedInteractionsError` naming unplayed recorded interactions."""
        missing = self.unplayed()
        if missing:
            listed = "\n  ".join(missing[:20])
            more = f"\n  … and {len(missing) - 20} more" if len(missing) > 20 else ""
            raise UnplayedInteractionsError(
                f"{len(missing)} recorded interaction(s) in {self.path} were not played "
                f"(strict mode):\n  {listed}{more}\n"
                "Re-record the cassette (--record-mode=rewrite) if the test changed on purpose."
            )

    # -- activation ---------------------------------------------------------------------

    def __enter__(self) -> CassetteSession:
        stack = ExitStack()
        # "once" with an existing cassette cannot record anything: it is a replay too.
        replaying = not self.recording or (self.record_mode == "once" and self.path.is_file())
        try:
            if self.record_mode == "rewrite":
                self.path.unlink(missing_ok=True)
            mode = "new_episodes" if self.record_mode == "rewrite" else self.record_mode
            context = TypelinkCassette.use(
                path=str(self.path),
                serializer=jsonserializer if self.path.suffix == ".json" else yamlserializer,
                persister=TypelinkPersister,
                record_mode=mode,
                match_on=resolve_matchers(self.options.match_on),
                before_record_request=self._before_record_request,
                before_record_response=self._before_record_response,
                allow_playback_repeats=self.options.allow_playback_repeats,
                before_save_interaction=self._before_save if self.options.scrub else None,
            )
            cassette: TypelinkCassette = stack.enter_context(context)
            stack.enter_context(aiohttp_bodies_as_bytes())  # wraps vcrpy's aiohttp recorder
            stack.enter_context(faster_header_parsing())  # same messages, no e-mail parser
            cassette.endpoint_source = self.tracker.claim
            cassette.prepare_for_matching = self._prepare_for_matching
            cassette.scrubbing = self.options.scrub
            self.cassette = cassette
            self.tracker.install()
            stack.callback(self.tracker.uninstall)
            if self.options.block_network or (self.options.block_network is None and replaying):
                label = f"cassette {self.path.name}"
                stack.enter_context(block_network(self.options.allowed_hosts, label))
        except BaseException:
            stack.close()
            raise
        self._stack = stack
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        stack, self._stack = self._stack, None
        if stack is not None:
            stack.__exit__(exc_type, exc, tb)

    # -- hooks handed to vcrpy ----------------------------------------------------------

    def _all_secrets(self) -> Iterable[str]:
        return registered_secrets() | self._local_secrets

    def _scrubber(self) -> Scrubber:
        # Values removed by name become exact secrets for the rest of the cassette. A
        # cassette scrubbed under older rules is matched (and extended) under those rules.
        scheme = SCRUB_SCHEME if self.cassette is None else self.cassette.scrub_scheme
        return Scrubber(rules_of_scheme(self.rules, scheme), learn=self.add_secret)

    def _before_record_request(self, request: Any) -> Any:
        if not self.options.scrub:
            return request
        return scrub_request(self._scrubber(), request)

    def _prepare_for_matching(self, request: Any) -> Any:
        # Headers are scrubbed only when they are compared: the copy that is written goes
        # through _before_record_request, headers and all.
        if not self.options.scrub:
            return request
        compared = any(not isinstance(m, str) or m == "headers" for m in self.options.match_on)
        return scrub_request_for_matching(self._scrubber(), request, headers=compared)

    def _before_record_response(self, response: Any) -> Any:
        decoded, _ = decode_response(response)
        if not self.options.scrub:
            return decoded
        return scrub_response(self._scrubber(), decoded)

    def _before_save(self, request: Any, response: Any) -> tuple[Any, Any]:
        # Secrets registered after a request was recorded are caught here.
        scrubber = self._scrubber()
        return scrub_request(scrubber, request), scrub_response(scrubber, response)
