"""Parse every recorded 2xx JSON response with the parser of the typed method that made it.

For each interaction of github3.py's cassettes: find the declared method (see
:mod:`tests.github.corpus.routes`), build the ``requests.Response`` the transport would
have handed it, and run that endpoint's own compiled parser (a page parser for ``Page[T]``),
exactly as a call does. A failure is kept per field: ``(method, location, error type)`` with
list indexes folded (``items[].node_id``).

``python -m tests.github.corpus.responses`` prints the counts and the failing fields.
"""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import requests

from tests.github.corpus.betamax import Recorded, read_cassette
from tests.github.corpus.routes import Route, RouteTable
from typelink.errors import ResponseValidationError
from typelink.testing.scrub import is_json_media

NODE_IDS_SINCE = dt.datetime(2018, 7, 1, tzinfo=dt.timezone.utc)
"""GitHub added ``node_id`` to REST resources in July 2018."""
MUST_PARSE_SINCE = dt.datetime(2021, 1, 1, tzinfo=dt.timezone.utc)
"""Every response recorded from this day on must parse."""


@dataclass(frozen=True, order=True)
class FieldFailure:
    """One field of one method's responses that did not validate."""

    method: str
    field: str
    kind: str


@dataclass(frozen=True)
class Outcome:
    """One recorded response parsed by its method."""

    recorded: Recorded
    route: str
    failures: tuple[FieldFailure, ...]

    @property
    def parsed(self) -> bool:
        """True when the method's parser accepted the body."""
        return not self.failures


@dataclass
class CorpusReport:
    """Every in-scope response's outcome, and what could not be mapped (by reason)."""

    outcomes: list[Outcome]
    unmapped: Counter[str]

    def count(self, since: dt.datetime | None = None) -> tuple[int, int]:
        """``(parsed, total)`` of the responses recorded on or after ``since``."""
        chosen = [o for o in self.outcomes if since is None or o.recorded.recorded_at >= since]
        return sum(o.parsed for o in chosen), len(chosen)

    def failures(self, before: dt.datetime | None = None) -> Counter[FieldFailure]:
        """Failing fields (with how many responses each), of responses recorded before ``before``."""
        found: Counter[FieldFailure] = Counter()
        for outcome in self.outcomes:
            if before is None or outcome.recorded.recorded_at < before:
                found.update(outcome.failures)
        return found

    def since(self, moment: dt.datetime) -> list[Outcome]:
        """The outcomes of responses recorded on or after ``moment``."""
        return [o for o in self.outcomes if o.recorded.recorded_at >= moment]

    def summary(self) -> str:
        """The counts, as reported by the test run."""
        total = self.count()
        node = self.count(NODE_IDS_SINCE)
        strict = self.count(MUST_PARSE_SINCE)
        unmapped = ", ".join(f"{n} {reason}" for reason, n in sorted(self.unmapped.items()))
        return (
            f"github3.py corpus: {total[0]}/{total[1]} responses parse "
            f"({node[0]}/{node[1]} recorded since July 2018, {strict[0]}/{strict[1]} since 2021); "
            f"not mapped to a typed method: {unmapped or 'none'}"
        )


def field_name(location: Iterable[int | str]) -> str:
    """``("items", 3, "user", "node_id")`` -> ``"items[].user.node_id"``."""
    text = ""
    for part in location:
        if isinstance(part, int):
            text += "[]"
        else:
            text += ("." if text else "") + str(part)
    return text or "<body>"


def as_response(recorded: Recorded) -> requests.Response:
    """The ``requests.Response`` a transport would hand the parser for this exchange."""
    response = requests.Response()
    response.status_code = recorded.status
    response.headers = recorded.headers.copy()
    response._content = recorded.body
    response.url = recorded.uri
    response.encoding = requests.utils.get_encoding_from_headers(response.headers)
    response.request = requests.Request(recorded.method, recorded.uri).prepare()
    return response


def parse_with(route: Route, recorded: Recorded) -> Outcome:
    """Run the method's parser on the recorded response."""
    try:
        route.parser()(as_response(recorded))
    except ResponseValidationError as exc:
        failures = {
            FieldFailure(route.name, field_name(error["loc"]), str(error["type"]))
            for error in exc.errors
        }
        return Outcome(recorded, route.name, tuple(sorted(failures)))
    return Outcome(recorded, route.name, ())


def in_scope(recorded: Recorded) -> bool:
    """A successful response with a JSON body: what a typed method parses."""
    return (
        200 <= recorded.status < 300
        and is_json_media(recorded.media_type)
        and bool(recorded.body.strip())
    )


def evaluate(folder: Path, table: RouteTable | None = None) -> CorpusReport:
    """Parse every in-scope response of every cassette in ``folder``."""
    routes = table or RouteTable()
    report = CorpusReport([], Counter())
    for path in sorted(folder.glob("*.json")):
        for recorded in read_cassette(path):
            if not in_scope(recorded):
                continue
            accept = recorded.request_headers.get("Accept", "")
            route = routes.match(recorded.method, recorded.uri, accept)
            if route is None:
                report.unmapped[routes.unmatched_reason(recorded.method, recorded.uri, accept)] += 1
                continue
            report.outcomes.append(parse_with(route, recorded))
    return report


def main() -> int:
    """Print the counts and every failing field (by method, with response counts)."""
    from tests.github.corpus.sdist import github3_cassettes

    report = evaluate(github3_cassettes())
    print(report.summary())
    for failure, count in sorted(report.failures().items()):
        print(f"  {failure.method}: {failure.field} ({failure.kind}) in {count} response(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
