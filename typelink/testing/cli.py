"""``typelink cassettes lint|scrub|check|move``: keep committed cassettes safe and truthful.

* ``lint PATH...``  secrets (token shapes, JWTs, keys, Basic credentials, high-entropy
  values in sensitive places), duplicate interactions, and interactions the last test run
  did not play (from ``.pytest_cache``). Exit 1 when anything is found.
* ``scrub PATH...`` replaces those secrets in place; idempotent; replay keeps working.
* ``check PATH...`` validates recorded bodies against the declared return types of the
  consumer methods that made them, and reports schema drift per endpoint. Exit 1 on drift
  or on an endpoint reference that is not a declared endpoint of the project.
* ``move`` moves cassettes that tests found at an older default location to their place.

Cassettes are untrusted input: unreadable or oversized ones are reported with the file (and
interaction) and never rewritten. A wrong invocation says what is wrong and exits 2.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import textwrap
from collections.abc import Callable, Generator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TextIO

PROGRESS_THRESHOLD = 20
"""Show a progress bar when at least this many files are processed (on a terminal)."""

SUBCOMMANDS = ("lint", "scrub", "check", "move")


def _existing_path(value: str) -> Path:
    """argparse type: a file or folder that exists (a typo must not pass a CI gate)."""
    path = Path(value)
    if not path.exists():
        raise argparse.ArgumentTypeError(f"no such file or folder: {value}")
    return path


def _subparser(sub: Any, name: str, summary: str, description: str, examples: str) -> Any:
    return sub.add_parser(
        name,
        help=summary,
        description=textwrap.fill(description, 88),
        epilog=f"examples:\n{examples}\n",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )


def register(subparsers: Any) -> None:
    """Add ``cassettes`` and its subcommands to the ``typelink`` console script."""
    parser = subparsers.add_parser(
        "cassettes",
        help="lint, scrub, check and move recorded cassettes",
        description=__doc__,
        epilog="example:\n  typelink cassettes lint cassettes/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )

    def no_subcommand(args: argparse.Namespace) -> int:
        parser.print_usage(sys.stderr)
        print(
            f"typelink cassettes: error: choose a subcommand: {', '.join(SUBCOMMANDS)} "
            "(typelink cassettes --help says what each does)",
            file=sys.stderr,
        )
        return 2

    parser.set_defaults(handler=no_subcommand)
    sub = parser.add_subparsers(dest="cassettes_command", metavar="{" + ",".join(SUBCOMMANDS) + "}")
    _add_lint(sub)
    _add_scrub(sub)
    _add_check(sub)
    _add_move(sub)


def _paths_and_rules(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "paths", nargs="+", metavar="PATH", type=_existing_path, help="cassette files or folders"
    )
    p.add_argument(
        "--secret",
        action="append",
        default=[],
        metavar="VALUE",
        help="an exact value to treat as secret, in any spelling (repeatable)",
    )
    p.add_argument(
        "--header",
        action="append",
        default=[],
        metavar="NAME",
        help="another header whose value is secret (repeatable)",
    )
    p.add_argument(
        "--query-param",
        action="append",
        default=[],
        metavar="NAME",
        help="another query parameter whose value is secret (repeatable)",
    )
    p.add_argument(
        "--field",
        action="append",
        default=[],
        metavar="NAME",
        help="another JSON/form field whose value is secret (repeatable)",
    )


def _add_lint(sub: Any) -> None:
    lint = _subparser(
        sub,
        "lint",
        "find secrets, unused and duplicate interactions",
        "Report secrets (what `scrub` would replace), duplicate interactions, and interactions "
        "the last test run did not play. Exit 1 when anything is found; files are not changed.",
        "  typelink cassettes lint cassettes/\n"
        '  typelink cassettes lint cassettes/api.yaml --secret "$API_TOKEN"',
    )
    _paths_and_rules(lint)
    lint.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(".pytest_cache"),
        help="pytest cache holding the last run's cassette usage (default: .pytest_cache)",
    )
    lint.set_defaults(handler=run_lint)


def _add_scrub(sub: Any) -> None:
    scrub = _subparser(
        sub,
        "scrub",
        "remove secrets in place (idempotent)",
        "Replace every secret that `lint` reports with [REDACTED], in place; replay keeps "
        "working. Running it twice changes nothing the second time.",
        "  typelink cassettes scrub cassettes/\n"
        "  typelink cassettes scrub --dry-run cassettes/ --header X-Tenant-Key",
    )
    _paths_and_rules(scrub)
    scrub.add_argument("--dry-run", action="store_true", help="report, do not write")
    scrub.set_defaults(handler=run_scrub)


def _add_check(sub: Any) -> None:
    check = _subparser(
        sub,
        "check",
        "report schema drift against the declared types",
        "Validate each recorded response body against the return type of the consumer method "
        "that made it, and report drift per endpoint. Only declared endpoints in modules under "
        "--project (or in typelink) are imported. Exit 1 on drift or on a reference that is "
        "not such an endpoint.",
        "  typelink cassettes check cassettes/\n"
        "  typelink cassettes check --project ~/src/myclient ~/src/myclient/cassettes",
    )
    check.add_argument(
        "paths", nargs="+", metavar="PATH", type=_existing_path, help="cassette files or folders"
    )
    check.add_argument(
        "--project",
        type=_existing_path,
        default=Path("."),
        metavar="DIR",
        help="the project whose endpoints the cassettes name (default: the current folder)",
    )
    check.set_defaults(handler=run_check)


def _add_move(sub: Any) -> None:
    move = _subparser(
        sub,
        "move",
        "move cassettes found at an older default location",
        "Tests that found their cassette at the default location of an older typelink "
        "version noted where it belongs now (in the pytest cache). Move those files there; "
        "commit the result (git add -A cassettes/).",
        "  pytest && typelink cassettes move\n  typelink cassettes move --dry-run",
    )
    move.add_argument(
        "--cache-dir",
        type=Path,
        default=Path(".pytest_cache"),
        help="pytest cache the plugin wrote to (default: .pytest_cache)",
    )
    move.add_argument("--dry-run", action="store_true", help="report, do not move")
    move.set_defaults(handler=run_move)


def _rules(args: argparse.Namespace) -> Any:
    from typelink.testing.scrub import ScrubRules
    from typelink.testing.secrets import registered_secrets

    secrets = frozenset(args.secret) | registered_secrets()
    base = ScrubRules(secrets=lambda: secrets)
    return base.extended(headers=args.header, query_params=args.query_param, body_fields=args.field)


@contextmanager
def _progress(paths: list[Path], label: str) -> Generator[Callable[[], None], None, None]:
    """A rich progress bar on stderr for many files; a no-op otherwise."""
    if len(paths) < PROGRESS_THRESHOLD or not sys.stderr.isatty():
        yield lambda: None
        return
    from rich.progress import Progress

    with Progress(transient=True) as progress:
        task = progress.add_task(label, total=len(paths))
        yield lambda: progress.advance(task)


def run_lint(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Handler for ``typelink cassettes lint``."""
    from typelink.testing.audit import find_cassettes, lint_cassette, load_usage
    from typelink.testing.files import CassetteError, read_cassette

    if out is None:
        out = sys.stdout
    rules = _rules(args)
    usage = load_usage(args.cache_dir)
    paths = list(find_cassettes(args.paths))
    problems = 0
    without_metadata: list[Path] = []
    with _progress(paths, "lint") as advance:
        for path in paths:
            try:
                data = read_cassette(path)
            except CassetteError as exc:
                print(f"{exc}", file=out)
                problems += 1
                advance()
                continue
            if not data.typelink_metadata:
                without_metadata.append(path)
            for problem in lint_cassette(data, rules, usage):
                print(problem, file=out)
                problems += 1
            advance()
    for path in without_metadata:
        print(f"{path}: note: no typelink metadata (recorded without the plugin)", file=out)
    print(f"{len(paths)} cassette(s), {problems} problem(s)", file=out)
    return 1 if problems else 0


def run_scrub(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Handler for ``typelink cassettes scrub``."""
    from typelink.testing.audit import find_cassettes, scrub_cassette
    from typelink.testing.files import CassetteError

    if out is None:
        out = sys.stdout
    rules = _rules(args)
    paths = list(find_cassettes(args.paths))
    failed = 0
    total = 0
    with _progress(paths, "scrub") as advance:
        for path in paths:
            try:
                findings = scrub_cassette(path, rules, write=not args.dry_run)
            except CassetteError as exc:
                print(f"{exc} (left unchanged)", file=out)
                failed += 1
                advance()
                continue
            if findings:
                verb = "would scrub" if args.dry_run else "scrubbed"
                print(f"{path}: {verb} {len(findings)} value(s)", file=out)
                for finding in findings:
                    print(f"  {finding.kind} in {finding.where} ({finding.preview})", file=out)
            total += len(findings)
            advance()
    print(f"{len(paths)} cassette(s), {total} value(s) scrubbed", file=out)
    return 1 if failed else 0


def run_check(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Handler for ``typelink cassettes check``."""
    from typelink.testing.audit import find_cassettes
    from typelink.testing.drift import EndpointDrift, check_cassette
    from typelink.testing.files import CassetteError, read_cassette

    if out is None:
        out = sys.stdout
    paths = list(find_cassettes(args.paths))
    report: dict[str, EndpointDrift] = {}
    failed = 0
    with _progress(paths, "check") as advance:
        for path in paths:
            try:
                check_cassette(read_cassette(path), report, args.project)
            except CassetteError as exc:
                print(str(exc), file=out)
                failed += 1
            advance()
    refused = [d for d in report.values() if d.refused]
    for drift in sorted(refused, key=lambda d: d.endpoint):
        print(f"REFUSED {drift.endpoint}: {drift.refused}", file=out)
    drifted = [d for d in report.values() if d.drifted]
    for drift in sorted(drifted, key=lambda d: d.endpoint):
        print(f"DRIFT {drift.endpoint}", file=out)
        for name in sorted(drift.missing):
            print(f"  missing field: {name}", file=out)
        for name, message in sorted(drift.wrong_type.items()):
            print(f"  wrong type: {name}: {message}", file=out)
        for name in sorted(drift.new_fields):
            print(f"  new field (not declared): {name}", file=out)
    _summary(report.values(), out or sys.stdout)
    return 1 if drifted or failed or refused else 0


def _summary(drifts: Any, out: TextIO) -> None:
    rows = sorted(drifts, key=lambda d: d.endpoint)
    headers = ("endpoint", "recorded", "checked", "missing", "wrong type", "new", "result")
    table: list[Sequence[str]] = [headers]
    for d in rows:
        result = (
            "REFUSED" if d.refused else "DRIFT" if d.drifted else "ok" if d.checked else "skipped"
        )
        table.append(
            (
                d.endpoint,
                str(d.interactions),
                str(d.checked),
                str(len(d.missing)),
                str(len(d.wrong_type)),
                str(len(d.new_fields)),
                result,
            )
        )
    widths = [max(len(row[i]) for row in table) for i in range(len(headers))]
    print("", file=out)
    for n, row in enumerate(table):
        print("  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row)).rstrip(), file=out)
        if n == 0:
            print("  ".join("-" * w for w in widths), file=out)
    for d in rows:
        for reason, count in sorted(d.skipped.items()):
            print(f"skipped {count} of {d.endpoint}: {reason}", file=out)


def run_move(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Handler for ``typelink cassettes move``."""
    from typelink.testing.naming import load_moves

    if out is None:
        out = sys.stdout
    moves = load_moves(args.cache_dir)
    moved = refused = 0
    for old_name, targets in sorted(moves.items()):
        old = Path(old_name)
        if not old.is_file():
            continue  # moved already
        taken = [t for t in targets if Path(t).exists()]
        if taken:
            print(f"{old}: not moved, {', '.join(taken)} exists already", file=out)
            refused += 1
            continue
        verb = "would move" if args.dry_run else "moved"
        for target in targets:
            print(f"{verb} {old} -> {target}", file=out)
            if not args.dry_run:
                Path(target).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(old, target)  # one old cassette may have served several tests
        if not args.dry_run:
            old.unlink()
        moved += 1
    print(f"{moved} cassette(s) {'to move' if args.dry_run else 'moved'}", file=out)
    if not moves:
        print(f"nothing noted in {args.cache_dir}: run the tests first", file=out)
    return 1 if refused else 0
