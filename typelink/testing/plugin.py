"""The typelink pytest plugin (registered through the ``pytest11`` entry point).

Built on pytest-recording (its ``--record-mode``, ``--allowed-hosts`` and
``--disable-recording`` options and its network blocker) and vcrpy, with typelink's own
cassette class. Inert unless a test uses ``@pytest.mark.typelink_cassette`` or the
``typelink_cassette`` fixture.

Replay-only with the network blocked is the default, and forced when ``CI`` is set. Record
with ``pytest --record-mode=once`` (or ``new_episodes``, ``all``, ``rewrite``).
"""

from __future__ import annotations

import datetime as dt
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:  # vcrpy is imported only when a test uses a cassette
    from typelink.testing.naming import TestIdentity
    from typelink.testing.scrub import ScrubRules
    from typelink.testing.session import CassetteSession

MARKER = "typelink_cassette"
USAGE_CACHE_KEY = "typelink/cassette_usage"
MOVES_CACHE_KEY = "typelink/cassette_moves"
_report_key = pytest.StashKey[pytest.TestReport]()
_warned_key = pytest.StashKey[set[str]]()


class StaleCassetteWarning(UserWarning):
    """A cassette was recorded longer ago than ``typelink_max_age_days``."""


class CassetteMovedWarning(UserWarning):
    """A cassette was found at the default location of an older typelink version."""


def pytest_addoption(parser: pytest.Parser) -> None:
    """ini options (``--record-mode`` itself comes from pytest-recording)."""
    parser.addini(
        "typelink_cassette_dir",
        "Folder for typelink cassettes, relative to rootdir (default: cassettes)",
        default="cassettes",
    )
    parser.addini(
        "typelink_cassette_format", "yaml (default) or json for new cassettes", default="yaml"
    )
    parser.addini(
        "typelink_strict",
        "Fail tests that leave recorded interactions unplayed",
        type="bool",
        default=False,
    )
    parser.addini(
        "typelink_max_age_days",
        "Warn about cassettes recorded longer ago than this (0 disables)",
        default="180",
    )
    parser.addini(
        "typelink_allowed_hosts",
        "Host regexes reachable while the network is blocked",
        type="linelist",
        default=[],
    )
    for name, what in (
        ("typelink_scrub_headers", "header names"),
        ("typelink_scrub_query_params", "query parameter names"),
        ("typelink_scrub_body_fields", "JSON/form field names"),
    ):
        parser.addini(name, f"Extra {what} whose values are scrubbed", type="linelist", default=[])


def pytest_configure(config: pytest.Config) -> None:
    """Register the marker and warn when CI overrides a recording mode."""
    config.addinivalue_line(
        "markers",
        f"{MARKER}(name=None, **options): replay (or record) this test's HTTP through a "
        "typelink cassette. Options: path, record_mode, strict, match_on, "
        "allow_playback_repeats, allowed_hosts, scrub, secrets.",
    )
    config.stash[_warned_key] = set()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """Remember the call-phase report so teardown knows whether the test itself passed."""
    report = yield
    if report.when == "call":
        item.stash[_report_key] = report
    return report


@pytest.fixture
def typelink_cassette_config() -> dict[str, Any]:
    """Override in a conftest to set options for every cassette in its scope."""
    return {}


def _effective_record_mode(config: pytest.Config, requested: str | None) -> str:
    from typelink.testing.session import running_in_ci

    if running_in_ci():
        return "none"
    cli = config.getoption("--record-mode", default=None)
    return str(cli or requested or "none")


def _cassette_path(request: pytest.FixtureRequest, options: dict[str, Any]) -> Path:
    if options.get("path"):
        path = Path(str(options["path"]))
        return path if path.is_absolute() else Path(request.config.rootpath) / path
    from typelink.testing.naming import default_cassette_path, legacy_cassette_path

    config = request.config
    folder = Path(str(config.getini("typelink_cassette_dir")))
    if not folder.is_absolute():
        folder = Path(config.rootpath) / folder
    suffix = ".json" if str(config.getini("typelink_cassette_format")) == "json" else ".yaml"
    name = str(options["name"]) if options.get("name") else None
    test = _test_identity(request.node)
    path = default_cassette_path(folder, Path(config.rootpath), test, suffix, name)
    legacy = legacy_cassette_path(folder, test, suffix, name)
    if path.exists() or legacy == path or not legacy.is_file():
        return path
    _note_move(config, legacy, path)
    warnings.warn(
        CassetteMovedWarning(
            f"{request.node.nodeid}: using the cassette at its old default location {legacy}; "
            f"its place is now {path}. Run `typelink cassettes move` to move every such "
            "cassette (git add the result), or move it by hand"
        ),
        stacklevel=2,
    )
    return legacy


def _test_identity(node: pytest.Item) -> TestIdentity:
    from typelink.testing.naming import TestIdentity

    classes = tuple(n.name for n in node.listchain() if isinstance(n, pytest.Class))
    callspec = getattr(node, "callspec", None)
    function = str(getattr(node, "originalname", None) or node.name)
    return TestIdentity(Path(str(node.path)), classes, function, callspec.id if callspec else None)


def _note_move(config: pytest.Config, old: Path, new: Path) -> None:
    """Remember, in the pytest cache, a cassette that ``typelink cassettes move`` can move."""
    from typelink.testing.naming import PendingMove, record_moves

    cache = getattr(config, "cache", None)
    if cache is None:
        return
    stored = cache.get(MOVES_CACHE_KEY, {})
    moves = record_moves(stored if isinstance(stored, dict) else {}, [PendingMove(old, new)])
    cache.set(MOVES_CACHE_KEY, moves)


def _rules(config: pytest.Config) -> ScrubRules:
    from typelink.testing.scrub import ScrubRules

    return ScrubRules().extended(
        headers=config.getini("typelink_scrub_headers"),
        query_params=config.getini("typelink_scrub_query_params"),
        body_fields=config.getini("typelink_scrub_body_fields"),
    )


def _options(request: pytest.FixtureRequest) -> dict[str, Any]:
    merged: dict[str, Any] = dict(request.getfixturevalue("typelink_cassette_config"))
    for marker in reversed(list(request.node.iter_markers(MARKER))):
        if marker.args:
            merged["name"] = marker.args[0]
        merged.update(marker.kwargs)
    return merged


@pytest.fixture
def typelink_cassette(request: pytest.FixtureRequest) -> Iterator[CassetteSession]:
    """Run the test inside its cassette; yields the :class:`CassetteSession`.

    ``typelink_cassette.add_secret(value)`` scrubs an extra exact value.
    """
    from typelink.testing.session import CassetteOptions, CassetteSession

    config = request.config
    if request.node.get_closest_marker("vcr") is not None:
        pytest.fail(f"use either @pytest.mark.vcr or @pytest.mark.{MARKER}, not both")
    opts = _options(request)
    strict = opts.get("strict")
    allowed = list(opts.get("allowed_hosts") or config.getini("typelink_allowed_hosts"))
    cli_allowed = config.getoption("--allowed-hosts", default=None)
    if cli_allowed:
        allowed += [h for h in str(cli_allowed).split(",") if h]
    options = CassetteOptions(
        record_mode=_effective_record_mode(config, opts.get("record_mode")),
        strict=bool(config.getini("typelink_strict") if strict is None else strict),
        match_on=tuple(opts.get("match_on") or CassetteOptions().match_on),
        allow_playback_repeats=bool(opts.get("allow_playback_repeats", False)),
        scrub=bool(opts.get("scrub", True)),
        rules=_rules(config),
        secrets=tuple(opts.get("secrets") or ()),
        allowed_hosts=tuple(allowed),
    )
    session = CassetteSession(_cassette_path(request, opts), options)
    if config.getoption("--disable-recording", default=False):
        yield session
        return
    with session:
        _warn_if_stale(config, session)
        yield session
    _after_test(request, session)


def _warn_if_stale(config: pytest.Config, session: CassetteSession) -> None:
    try:
        max_age = int(str(config.getini("typelink_max_age_days")))
    except ValueError:
        raise pytest.UsageError("typelink_max_age_days must be a whole number of days") from None
    oldest = session.oldest_recording()
    if max_age <= 0 or oldest is None:
        return
    age = dt.datetime.now(dt.timezone.utc) - oldest
    warned = config.stash[_warned_key]
    if age.days > max_age and str(session.path) not in warned:
        warned.add(str(session.path))
        warnings.warn(
            StaleCassetteWarning(
                f"cassette {session.path} was recorded {age.days} days ago "
                f"(typelink_max_age_days = {max_age}); re-record it with "
                "--record-mode=rewrite to catch API drift"
            ),
            stacklevel=2,
        )


def _after_test(request: pytest.FixtureRequest, session: CassetteSession) -> None:
    report = request.node.stash.get(_report_key, None)
    if report is None or not report.passed or session.cassette is None:
        return
    if session.cassette.loaded_count == 0 or session.record_mode == "all":
        return
    _remember_usage(request.config, session)
    if session.options.strict:
        try:
            session.check_all_played()
        except AssertionError as exc:
            pytest.fail(str(exc), pytrace=False)


def _remember_usage(config: pytest.Config, session: CassetteSession) -> None:
    """Store which interactions went unplayed, for ``typelink cassettes lint``."""
    cache = getattr(config, "cache", None)
    if cache is None or session.cassette is None:
        return
    usage = cache.get(USAGE_CACHE_KEY, {})
    if not isinstance(usage, dict):
        usage = {}
    usage[str(session.path.resolve())] = {
        "total": session.cassette.loaded_count,
        "unplayed": [pos for pos, _ in session.cassette.unplayed()],
        "checked_at": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
    }
    cache.set(USAGE_CACHE_KEY, usage)


@pytest.fixture(autouse=True)
def _typelink_cassette_marker(request: pytest.FixtureRequest) -> None:
    """Activate the cassette for tests carrying the marker (inert otherwise)."""
    if request.node.get_closest_marker(MARKER) is not None:
        request.getfixturevalue("typelink_cassette")
