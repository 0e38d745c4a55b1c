"""Real GitHub responses (github3.py's sessions, 2013-2023) parse with the typed methods' parsers.

Every 2xx JSON response recorded from 2021 on must parse. Older ones may fail only on the
fields listed in ``expected_failures.json``, each with its reason; a listed failure that no
longer happens fails the test too, so the list can only shrink.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.github.corpus.responses import MUST_PARSE_SINCE, NODE_IDS_SINCE, CorpusReport

EXPECTED = json.loads((Path(__file__).parent / "expected_failures.json").read_text())
LISTED: dict[tuple[str, str], str] = {
    (method, field): reason
    for method, fields in EXPECTED["failures"].items()
    for field, reason in fields.items()
}


def test_every_response_recorded_since_2021_parses(github3_report: CorpusReport) -> None:
    failing = [
        f"{o.recorded.where} ({o.recorded.recorded_at:%Y-%m-%d}) {o.route}: {f.field} ({f.kind})"
        for o in github3_report.since(MUST_PARSE_SINCE)
        for f in o.failures
    ]
    assert not failing, "responses recorded since 2021 that do not parse:\n" + "\n".join(failing)


def test_older_responses_fail_only_on_the_listed_fields(github3_report: CorpusReport) -> None:
    failing = github3_report.failures(before=MUST_PARSE_SINCE)
    found = {(f.method, f.field) for f in failing}
    unlisted = sorted(
        f"{f.method}: {f.field} ({f.kind}, {n} response(s))"
        for f, n in failing.items()
        if (f.method, f.field) not in LISTED
    )
    assert not unlisted, (
        "new parse failures (fix the model, add an override with its reason to "
        "typelink/github/overrides.json, or list them with a reason in expected_failures.json):\n"
        + "\n".join(unlisted)
    )
    gone = sorted(f"{method}: {field}" for method, field in set(LISTED) - found)
    assert not gone, (
        "these listed failures no longer happen: remove them from expected_failures.json "
        "(the list only shrinks):\n" + "\n".join(gone)
    )


def test_every_listed_failure_names_a_known_reason() -> None:
    unknown = {reason for reason in LISTED.values() if reason not in EXPECTED["reasons"]}
    assert not unknown, f"reasons not explained in expected_failures.json: {sorted(unknown)}"
    unused = set(EXPECTED["reasons"]) - set(LISTED.values())
    assert not unused, f"reasons no failure uses any more: {sorted(unused)}"


def test_the_corpus_reaches_the_typed_methods(github3_report: CorpusReport) -> None:
    """Guards the other tests against passing on nothing (a broken mapping or download)."""
    parsed, total = github3_report.count()
    assert total >= 500, github3_report.summary()
    assert github3_report.count(NODE_IDS_SINCE)[1] >= 160, github3_report.summary()
    assert github3_report.count(MUST_PARSE_SINCE)[1] >= 72, github3_report.summary()
    assert parsed >= 150, github3_report.summary()
    methods = {o.route for o in github3_report.outcomes}
    assert len(methods) >= 60, f"only {len(methods)} typed methods reached: {sorted(methods)}"
