"""``typelink cassettes lint`` and ``scrub``: secrets, unused and duplicate interactions.

Lint reports exactly what scrub would replace (both run the recording-time
:class:`~typelink.testing.scrub.Scrubber`), so a scrubbed cassette lints clean and still
replays: incoming requests are scrubbed by the same rules before they are matched.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from typelink.testing.files import (
    METADATA_KEY,
    CassetteData,
    CassetteError,
    read_cassette,
    render_cassette,
    write_atomically,
)
from typelink.testing.interactions import body_bytes, header, scrub_response
from typelink.testing.scrub import Finding, Scrubber, ScrubRules
from typelink.testing.scrub_rules import SCRUB_SCHEME

CASSETTE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass(frozen=True, slots=True)
class Problem:
    """One lint result, already phrased for people (never containing a secret)."""

    path: Path
    interaction: int | None
    kind: str
    message: str

    def __str__(self) -> str:
        where = str(self.path) if self.interaction is None else f"{self.path} #{self.interaction}"
        return f"{where}: {self.kind}: {self.message}"


def find_cassettes(paths: Iterable[str | Path]) -> Iterator[Path]:
    """Cassette files named directly or found (recursively) under folders, sorted."""
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            yield from sorted(
                p for p in path.rglob("*") if p.suffix in CASSETTE_SUFFIXES and p.is_file()
            )
        else:
            yield path


def scrub_request_dict(scrubber: Scrubber, request: Mapping[str, Any]) -> dict[str, Any]:
    """A scrubbed copy of a request as stored in a file (header values are lists)."""
    result = dict(request)
    headers = request.get("headers") or {}
    if isinstance(headers, Mapping):
        result["headers"] = scrubber.headers(headers)
    raw = body_bytes(request.get("body"))
    new = scrubber.body(raw, header(headers, "content-type"), "request body")
    if new != raw:
        result["body"] = new
    result["uri"] = scrubber.uri(str(request.get("uri", "")))
    return result


def scrub_interaction(
    scrubber: Scrubber, item: Mapping[str, Any]
) -> tuple[dict[str, Any], list[Finding]]:
    """Scrubbed copy of one interaction, with what was found."""
    start = len(scrubber.findings)
    request = scrub_request_dict(scrubber, item["request"])
    response = scrub_response(scrubber, item["response"])  # read_cassette decoded it
    return {**item, "request": request, "response": response}, scrubber.findings[start:]


def _identity(item: Mapping[str, Any]) -> str:
    request, response = item["request"], item["response"]
    body = body_bytes(request.get("body")) or b""
    resp_body = body_bytes((response.get("body") or {}).get("string")) or b""
    return json.dumps(
        [
            request.get("method"),
            request.get("uri"),
            body.decode("utf-8", "replace"),
            (response.get("status") or {}).get("code"),
            resp_body.decode("utf-8", "replace"),
        ]
    )


def learn_secrets(data: CassetteData, rules: ScrubRules) -> ScrubRules:
    """``rules`` plus every value the cassette holds under a secret name, so the same value
    elsewhere (echoed in a body, reused in a later request) is found too."""
    scrubber = Scrubber(rules)
    for item in data.interactions:
        scrub_interaction(scrubber, item)
    learned = frozenset(scrubber.learned)
    if not learned:
        return rules
    base = rules.secrets
    return replace(rules, secrets=lambda: [*base(), *learned])


def lint_cassette(
    data: CassetteData, rules: ScrubRules, usage: Mapping[str, Any] | None = None
) -> list[Problem]:
    """Every problem in one parsed cassette."""
    problems: list[Problem] = []
    scrubber = Scrubber(learn_secrets(data, rules))
    seen: dict[str, int] = {}
    for index, item in enumerate(data.interactions):
        _, findings = scrub_interaction(scrubber, item)
        for finding in findings:
            problems.append(
                Problem(
                    data.path,
                    index,
                    "secret",
                    f"{finding.kind} in {finding.where} ({finding.preview})",
                )
            )
        identity = _identity(item)
        if identity in seen:
            request = item["request"]
            problems.append(
                Problem(
                    data.path,
                    index,
                    "duplicate",
                    f"{request.get('method')} {request.get('uri')} repeats interaction "
                    f"#{seen[identity]} with the same response",
                )
            )
        else:
            seen[identity] = index
    entry = (usage or {}).get(str(data.path.resolve()))
    if isinstance(entry, Mapping) and entry.get("total") == len(data.interactions):
        for index in entry.get("unplayed") or []:
            if isinstance(index, int) and 0 <= index < len(data.interactions):
                request = data.interactions[index]["request"]
                problems.append(
                    Problem(
                        data.path,
                        index,
                        "unused",
                        f"{request.get('method')} {request.get('uri')} was not played in the "
                        f"last test run (checked {entry.get('checked_at', '?')})",
                    )
                )
    return problems


def scrub_cassette(path: Path, rules: ScrubRules, *, write: bool = True) -> list[Finding]:
    """Scrub one cassette file in place (only rewritten when something changed)."""
    data = read_cassette(path)
    scrubber = Scrubber(learn_secrets(data, rules))
    scrubbed: list[dict[str, Any]] = []
    changed = False
    for item in data.interactions:
        new, findings = scrub_interaction(scrubber, item)
        scrubbed.append(new)
        changed = changed or bool(findings)
    changed = changed or bool(data.compressed)  # stored decoded from now on
    if changed and write:
        metadata = dict(data.metadata)
        info = metadata.get(METADATA_KEY)
        if isinstance(info, dict):
            # Requests scrubbed now follow today's rules, unless older rules already wrote
            # placeholders where today's would keep a value (then the old scheme stays).
            scheme = {} if info.get("scrubbed") is True else {"scrub_scheme": SCRUB_SCHEME}
            metadata[METADATA_KEY] = {**info, "scrubbed": True, **scheme}
        write_atomically(path, render_cassette(path, scrubbed, metadata))
    return scrubber.findings


def load_usage(cache_dir: Path) -> dict[str, Any]:
    """The plugin's record of unplayed interactions (``.pytest_cache``), if any."""
    file = cache_dir / "v" / "typelink" / "cassette_usage"
    try:
        value = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return value if isinstance(value, dict) else {}


__all__ = [
    "CassetteError",
    "Problem",
    "find_cassettes",
    "lint_cassette",
    "load_usage",
    "scrub_cassette",
    "scrub_interaction",
]
