"""The github3.py corpus for the tests of this folder: fetched once, evaluated once per run.

Without network the corpus tests skip, naming the reason; under ``make test`` (which sets
``TYPELINK_REQUIRE_CORPUS=1`` after fetching it) and in CI a missing corpus is a failure.
A download that is not the pinned release always fails.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.github.corpus.responses import CorpusReport, evaluate
from tests.github.corpus.sdist import CorpusUnavailable, github3_cassettes
from typelink.testing.session import running_in_ci

_REPORTS: list[CorpusReport] = []


@pytest.fixture(scope="session")
def github3_cassette_dir() -> Path:
    """The folder of github3.py 4.0.1's betamax cassettes (downloaded on first use)."""
    try:
        return github3_cassettes()
    except CorpusUnavailable as exc:
        if os.environ.get("TYPELINK_REQUIRE_CORPUS") or running_in_ci():
            pytest.fail(f"{exc} (TYPELINK_REQUIRE_CORPUS or CI is set: the corpus must be there)")
        pytest.skip(f"github3.py corpus not downloaded, the package index is unreachable: {exc}")


@pytest.fixture(scope="session")
def github3_report(github3_cassette_dir: Path) -> CorpusReport:
    """Every in-scope recorded response parsed by its typed method (computed once)."""
    report = evaluate(github3_cassette_dir)
    _REPORTS.append(report)
    return report


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Print the corpus counts at the end of the run, when the corpus tests ran."""
    for report in _REPORTS:
        terminalreporter.write_line(report.summary())
