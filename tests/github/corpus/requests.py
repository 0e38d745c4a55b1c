"""Rebuild every recorded github3.py request with the typed method it maps to, and compare.

For each interaction whose request a declared method makes (see
:mod:`tests.github.corpus.routes`), the method's arguments are read back from the recorded
request (path arguments from the URL, query parameters by their wire names, a JSON body
validated into the declared body type) and the method builds its request with them, as a
call would. The rebuilt method, path (byte for byte: ``branches/stable/2.6`` must not come
back as ``branches/stable%2F2.6``) and query must be the recorded ones.

Not rebuilt, with the reason counted: requests that follow a link or a redirect (GitHub
names the repository by id: ``/repositories/3710711/...``), requests carrying a query
parameter the description does not give the operation (github3.py sent ``ref`` when it
wrote a file), and requests carrying a value the declaration refuses (github3.py sent
``sort=50`` to ``/users/{username}/starred``).

``python -m tests.github.corpus.requests`` prints the counts and every mismatch.
"""

from __future__ import annotations

import base64
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urlsplit

import pydantic
import requests

from tests.github.corpus.betamax import Recorded, read_cassette
from tests.github.corpus.routes import Route, RouteTable
from tests.github.example_calls import plan_call


@dataclass(frozen=True)
class Rebuilt:
    """One recorded request and the request its typed method builds from the same values."""

    recorded: Recorded
    route: str
    method: str
    path: str
    query: tuple[tuple[str, str], ...]

    @property
    def matches(self) -> bool:
        """Method, raw path and query (as a sorted list of pairs) are the recorded ones."""
        parts = urlsplit(self.recorded.uri)
        recorded_query = tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))
        return (self.method, self.path, self.query) == (
            self.recorded.method.upper(),
            parts.path,
            recorded_query,
        )


@dataclass
class RequestReport:
    """Every rebuilt request, and why the others were not rebuilt."""

    rebuilt: list[Rebuilt] = field(default_factory=list)
    not_rebuilt: Counter[str] = field(default_factory=Counter)

    def mismatches(self) -> list[Rebuilt]:
        """The rebuilt requests that differ from what was recorded."""
        return [r for r in self.rebuilt if not r.matches]


def _request_document(recorded: Recorded) -> dict[str, Any]:
    """The recorded request in the shape :func:`plan_call` reads (an example's request)."""
    document: dict[str, Any] = {"url": recorded.uri, "headers": dict(recorded.request_headers)}
    content_type = recorded.request_headers.get("Content-Type", "")
    if recorded.request_body.strip():
        if "json" in content_type:
            try:
                document["body"] = {"json": json.loads(recorded.request_body)}
                return document
            except ValueError:
                pass
        document["body"] = {"base64": base64.b64encode(recorded.request_body).decode()}
    return document


def rebuild(route: Route, recorded: Recorded) -> Rebuilt | str:
    """The request ``route``'s method builds for the recorded values, or why it cannot."""
    declared = {a.wire_name for a in route.bound.spec.arguments if a.kind == "query"}
    sent = {name for name, _ in parse_qsl(urlsplit(recorded.uri).query, keep_blank_values=True)}
    if sent - declared:
        return "a query parameter GitHub's description does not give the operation"
    try:
        kwargs = plan_call(route.bound, _request_document(recorded))  # type: ignore[arg-type]
    except pydantic.ValidationError:
        return "a recorded value the declaration refuses"
    if kwargs is None:
        return "the path is not the method's own (a followed link or redirect)"
    try:
        method, url, info = route.bound.build(**kwargs)
    except TypeError:
        return "a required argument the request does not carry"
    prepared = requests.Request(method, url, params=dict(info.get("params") or {})).prepare()
    parts = urlsplit(prepared.url or "")
    query = tuple(sorted(parse_qsl(parts.query, keep_blank_values=True)))
    return Rebuilt(recorded, route.name, method.upper(), parts.path, query)


def evaluate_requests(folder: Path, table: RouteTable | None = None) -> RequestReport:
    """Rebuild every mapped request of every cassette in ``folder``."""
    routes = table or RouteTable()
    report = RequestReport()
    for path in sorted(folder.glob("*.json")):
        for recorded in read_cassette(path):
            accept = recorded.request_headers.get("Accept", "")
            route = routes.match(recorded.method, recorded.uri, accept)
            if route is None:
                continue
            if urlsplit(recorded.uri).path.startswith(("/repositories/", "/user/")):
                report.not_rebuilt["a followed link (the resource named by id)"] += 1
                continue
            outcome = rebuild(route, recorded)
            if isinstance(outcome, str):
                report.not_rebuilt[outcome] += 1
            else:
                report.rebuilt.append(outcome)
    return report


def main() -> int:
    """Print the counts and every mismatch."""
    from tests.github.corpus.sdist import github3_cassettes

    report = evaluate_requests(github3_cassettes())
    print(f"rebuilt {len(report.rebuilt)}, mismatched {len(report.mismatches())}")
    for reason, count in sorted(report.not_rebuilt.items()):
        print(f"  not rebuilt: {count} {reason}")
    for item in report.mismatches():
        print(f"  {item.recorded.where} {item.route}: {item.recorded.method} {item.recorded.uri}")
        print(f"    rebuilt: {item.method} {item.path} {item.query}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
