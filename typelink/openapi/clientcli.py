"""``typelink openapi client``: the command line of the client generator.

A wrong invocation (a missing option, an unknown operationId, an unreadable description, a
base class that cannot be imported) prints what is wrong and exits 2; ``--check`` exits 1
when the package on disk is not what the inputs generate (for CI), 0 when it is.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from typelink.openapi.clientgen import ClientOptions, ClientReport, generate_client
from typelink.openapi.header import shell_command
from typelink.openapi.loader import OpenAPIError
from typelink.openapi.select import parse_operation_list

__all__ = ["register_client", "report_lines", "run_client"]

_EXAMPLE = """\
example:
  typelink openapi client stripe.json --operations ops.txt --output myapp/stripe \\
      --client-name Stripe

  writes myapp/stripe/: models/ (as 'typelink openapi models' would), errors.py (one class
  per documented error status and body), one consumer module per tag or path prefix
  (customers.py: class Customers with list, create, get, update, delete, search...),
  client.py (class Stripe, one attribute per consumer), _operations.py and __init__.py.

  typelink openapi client stripe.json --operations ops.txt --output myapp/stripe --check
  exits 1 when myapp/stripe is not what the inputs generate (run it in CI).

Consumers for a package whose models and base class already exist (GitHub's):
  typelink openapi client api.github.com.json --operations new_ops.txt \\
      --output typelink/github/generated --client-name GitHub \\
      --models typelink.github.models --models-operations typelink/github/operations.txt \\
      --overrides typelink/github/overrides.json \\
      --consumer-base typelink.github._base.GitHubConsumer --no-error-classes
"""


def register_client(commands: Any) -> None:
    """Add ``typelink openapi client`` to the ``openapi`` command group."""
    client: argparse.ArgumentParser = commands.add_parser(
        "client",
        help="generate a typed client package (models, consumers, errors, a root)",
        description="Generate a ready typelink client for selected operations: readable "
        "declarations with the description's wire formats, return types, pagination, "
        "error classes and docs.",
        epilog=_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    client.add_argument("spec", help="OpenAPI 3.0/3.1 description (.json, .yaml or .yml)")
    client.add_argument(
        "--operations",
        required=True,
        help="file with one operationId per line ('#' comments), or a comma-separated list",
    )
    client.add_argument("--output", required=True, help="the package directory to write")
    client.add_argument(
        "--client-name", default=None, help="the root class (default: from the title)"
    )
    client.add_argument(
        "--consumer-base",
        default=None,
        metavar="MODULE.CLASS",
        help="the class every consumer extends (default typelink.Consumer)",
    )
    client.add_argument(
        "--client-base",
        default=None,
        metavar="MODULE.CLASS",
        help="the class the root extends (default typelink.Client)",
    )
    client.add_argument(
        "--models",
        dest="models_package",
        default=None,
        metavar="MODULE",
        help="import models from this existing package instead of writing models/",
    )
    client.add_argument(
        "--models-operations",
        default=None,
        metavar="FILE",
        help="the operations the --models package was generated for (default: --operations)",
    )
    _add_model_options(client)
    client.add_argument(
        "--no-error-classes",
        action="store_true",
        help="declare no error classes (e.g. when the client's error_model covers them)",
    )
    client.add_argument(
        "--check", action="store_true", help="write nothing; exit 1 if the package is stale"
    )
    client.set_defaults(handler=run_client)


def _add_model_options(client: argparse.ArgumentParser) -> None:
    client.add_argument(
        "--also-required-in",
        action="append",
        default=[],
        metavar="SPEC",
        help="as for 'models': a property stays required only if required there too",
    )
    client.add_argument(
        "--overrides", default=None, help="JSON file of known corrections to the description"
    )
    client.add_argument(
        "--enums",
        choices=("open-responses", "closed"),
        default="open-responses",
        help="as for 'models' (default: response enums accept values added later)",
    )
    client.add_argument(
        "--command",
        dest="regenerate_command",
        default=None,
        help="regenerate command to print in the header (default: this invocation)",
    )
    client.add_argument(
        "--source-name", default=None, help="how the header names the description file"
    )
    client.add_argument(
        "--no-format", action="store_true", help="do not run ruff on the generated files"
    )


def _invocation(args: argparse.Namespace) -> str:
    """The command as typed, for the header (``--check`` left out)."""
    words = ["typelink", "openapi", "client", args.spec, "--operations", args.operations]
    words += ["--output", args.output]
    for flag, value in (
        ("--client-name", args.client_name),
        ("--consumer-base", args.consumer_base),
        ("--client-base", args.client_base),
        ("--models", args.models_package),
        ("--models-operations", args.models_operations),
        ("--overrides", args.overrides),
    ):
        if value:
            words += [flag, value]
    for other in args.also_required_in:
        words += ["--also-required-in", other]
    if args.enums != "open-responses":
        words += ["--enums", args.enums]
    if args.no_error_classes:
        words.append("--no-error-classes")
    return shell_command(words)


def run_client(args: argparse.Namespace) -> int:
    """Handler for ``typelink openapi client``; returns the exit code."""
    try:
        operation_ids = parse_operation_list(args.operations)
        if not operation_ids:
            raise OpenAPIError(f"--operations {args.operations!r} names no operation")
        models_ops = (
            parse_operation_list(args.models_operations) if args.models_operations else None
        )
        options = ClientOptions(
            client_name=args.client_name,
            consumer_base=args.consumer_base,
            client_base=args.client_base,
            models_package=args.models_package,
            models_operations=models_ops,
            overrides=args.overrides,
            also_required_in=args.also_required_in,
            open_enums=args.enums == "open-responses",
            error_classes=not args.no_error_classes,
            command=args.regenerate_command or _invocation(args),
            source_name=args.source_name,
            run_formatter=not args.no_format,
        )
        report = generate_client(args.spec, operation_ids, args.output, options, check=args.check)
    except (OpenAPIError, OSError) as exc:
        print(f"typelink openapi client: {exc}", file=sys.stderr)
        return 2
    if args.check:
        return _check_result(report, args.output)
    for line in report_lines(report):
        print(line)
    return 0


def _check_result(report: ClientReport, output: str) -> int:
    if not report.stale:
        print(f"{output} is up to date")
        return 0
    print(f"{output} is stale; run the regenerate command in its header:", file=sys.stderr)
    for path in report.changed:
        print(f"  differs: {path}", file=sys.stderr)
    for path in report.removed:
        print(f"  no longer generated: {path}", file=sys.stderr)
    return 1


def report_lines(report: ClientReport) -> list[str]:
    """What was written, and how each operation is paginated (or why not)."""
    plan = report.plan
    lines = [f"wrote {path}" for path in report.changed]
    lines += [f"removed {path}" for path in report.removed]
    methods = [(c, m) for c in plan.consumers for m in c.methods]
    paginated = [(c, m) for c, m in methods if m.page is not None]
    unclear = [(c, m) for c, m in methods if m.not_paginated is not None]
    lines.append(
        f"{plan.name}: {len(methods)} operations in {len(plan.consumers)} consumers, "
        f"{len(plan.errors.classes)} error classes; {len(paginated)} paginated, "
        f"{len(methods) - len(paginated)} not"
    )
    for consumer, method in paginated:
        assert method.page is not None
        lines.append(
            f"  paginated      {consumer.attribute}.{method.name} ({method.operation_id}): "
            f"{method.page.convention}"
        )
    for consumer, method in unclear:
        lines.append(
            f"  not paginated  {consumer.attribute}.{method.name} ({method.operation_id}): "
            f"{method.not_paginated}"
        )
    for consumer, method in methods:
        for item in method.notes:
            lines.append(f"  note           {consumer.attribute}.{method.name}: {item}")
    return lines
