"""``typelink openapi ...``: generate models, clients and example exchanges from an OpenAPI
description.

Every subcommand's ``--help`` says what it does with an example; a wrong invocation (a
missing option, an unknown operationId, an unreadable file) prints what is wrong and exits 2.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from typelink.openapi.clientcli import register_client
from typelink.openapi.examples import write_examples
from typelink.openapi.excerpt import excerpt
from typelink.openapi.generate import generate_models
from typelink.openapi.header import shell_command
from typelink.openapi.loader import OpenAPIError, load_document
from typelink.openapi.select import parse_operation_list, select_operations

__all__ = ["register", "run_examples", "run_excerpt", "run_models"]

_MODELS_EXAMPLE = """\
example:
  typelink openapi models stripe.json --operations GetCustomers,PostCustomers \\
      --output myapp/stripe_models

  writes myapp/stripe_models/{__init__,_index,common,customers}.py: one module per tag
  (or per path prefix when the description has no tags), a 'common' module for models
  several groups share, and an index of operationId -> body types.

GitHub's models are made this way, with each Enterprise Server description given to
--also-required-in (see 'make github-models').
"""

_EXAMPLES_EXAMPLE = """\
example:
  typelink openapi examples api.github.com.json --operations ops.txt \\
      --output tests/data/examples --parameters values.json

  writes tests/data/examples/repos/get.json ... one document per operation, each listing
  example request/response exchanges with URLs filled from values.json.
"""


def register(subparsers: Any) -> None:
    """Add the ``openapi`` command group to the ``typelink`` console script."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "openapi",
        help="work with OpenAPI 3 descriptions",
        description="Generate code and test data from an OpenAPI 3.0/3.1 description.",
        epilog="example:\n  typelink openapi models spec.json --operations ops.txt --output pkg",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    commands = parser.add_subparsers(dest="openapi_command", required=True, metavar="COMMAND")
    _register_models(commands)
    register_client(commands)
    _register_examples(commands)
    _register_excerpt(commands)


def _register_models(commands: Any) -> None:
    models: argparse.ArgumentParser = commands.add_parser(
        "models",
        help="generate pydantic models for selected operations",
        description="Generate readable pydantic models (typelink.Model subclasses) for "
        "the request bodies, parameters and 2xx response bodies of the selected operations.",
        epilog=_MODELS_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    models.add_argument("spec", help="OpenAPI 3.0/3.1 description (.json, .yaml or .yml)")
    models.add_argument(
        "--operations",
        required=True,
        help="file with one operationId per line ('#' comments), or a comma-separated list",
    )
    models.add_argument(
        "--output",
        required=True,
        help="a .py file for one module, or a package directory (one module per group)",
    )
    models.add_argument(
        "--also-required-in",
        action="append",
        default=[],
        metavar="SPEC",
        help="another description of the same API (e.g. an Enterprise Server release): a "
        "property stays required only if it is required there too; repeatable",
    )
    models.add_argument(
        "--enums",
        choices=("open-responses", "closed"),
        default="open-responses",
        help="'open-responses' (default): response enums also accept values added later, "
        "as UnknownValue; request enums stay closed. 'closed': every enum is a plain Literal",
    )
    models.add_argument("--module-doc", default=None, help="docstring of the generated package")
    models.add_argument(
        "--command",
        dest="regenerate_command",
        default=None,
        help="regenerate command to print in the header (default: this invocation)",
    )
    models.add_argument(
        "--source-name", default=None, help="how the header names the description file"
    )
    models.add_argument(
        "--overrides", default=None, help="JSON file of known corrections to the description"
    )
    models.add_argument(
        "--no-format", action="store_true", help="do not run ruff on the generated files"
    )
    models.add_argument(
        "--error-bodies",
        action="store_true",
        help="also generate the bodies of error responses (what a client generated with "
        "'typelink openapi client --models' declares its error classes with)",
    )
    models.set_defaults(handler=run_models)


def _register_examples(commands: Any) -> None:
    examples: argparse.ArgumentParser = commands.add_parser(
        "examples",
        help="write the description's examples as request/response pairs (one JSON per operation)",
        description="Write each selected operation's documented examples as concrete "
        "request/response exchanges, e.g. to build test cassettes when the API is unreachable.",
        epilog=_EXAMPLES_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    examples.add_argument("spec", help="OpenAPI 3.0/3.1 description (.json, .yaml or .yml)")
    examples.add_argument("--operations", required=True, help="as for 'models'")
    examples.add_argument("--output", required=True, help="directory for the JSON documents")
    examples.add_argument(
        "--parameters",
        default=None,
        help="JSON file mapping parameter names (or 'operationId:name') to sample values "
        "used to fill URLs",
    )
    examples.add_argument(
        "--source-name", default=None, help="how the documents name the description file"
    )
    examples.add_argument(
        "--skip",
        action="append",
        default=[],
        metavar="OPERATION_ID:EXAMPLE",
        help="leave out an example that is unusable (e.g. elided with '...'); repeatable",
    )
    examples.set_defaults(handler=run_examples)


_EXCERPT_EXAMPLE = """\
example:
  typelink openapi excerpt spec3.json --operations GetCustomers,PostCustomers \\
      --output tests/data/stripe.excerpt.json --about source=github.com/stripe/openapi \\
      --about licence=MIT

  keeps the two operations and every component they reference, so the excerpt generates
  the same models as the whole description; --about entries go first, under 'x-excerpt'.
"""


def _register_excerpt(commands: Any) -> None:
    excerpt: argparse.ArgumentParser = commands.add_parser(
        "excerpt",
        help="cut a description down to selected operations (e.g. to commit as test data)",
        description="Write a smaller, valid description holding only the selected operations "
        "and everything they reference.",
        epilog=_EXCERPT_EXAMPLE,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    excerpt.add_argument("spec", help="OpenAPI 3.0/3.1 description (.json, .yaml or .yml)")
    excerpt.add_argument("--operations", required=True, help="as for 'models'")
    excerpt.add_argument("--output", required=True, help="the JSON file to write")
    excerpt.add_argument(
        "--about",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="provenance to record under 'x-excerpt' (source, version, licence...); repeatable",
    )
    excerpt.set_defaults(handler=run_excerpt)


def run_excerpt(args: argparse.Namespace) -> int:
    """Handler for ``typelink openapi excerpt``; returns the exit code."""
    try:
        about: dict[str, str] = {}
        for item in args.about:
            key, sep, value = item.partition("=")
            if not sep or not key:
                raise OpenAPIError(f"--about {item!r}: expected KEY=VALUE")
            about[key] = value
        doc = load_document(args.spec)
        data = excerpt(doc, parse_operation_list(args.operations), about)
        text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
        Path(args.output).write_text(text, encoding="utf-8")
    except (OpenAPIError, OSError) as exc:
        print(f"typelink openapi excerpt: {exc}", file=sys.stderr)
        return 2
    print(args.output)
    return 0


def run_models(args: argparse.Namespace) -> int:
    """Handler for ``typelink openapi models``; returns the exit code."""
    try:
        operation_ids = parse_operation_list(args.operations)
        if not operation_ids:
            raise OpenAPIError(f"--operations {args.operations!r} names no operation")
        written = generate_models(
            args.spec,
            operation_ids,
            args.output,
            module_doc=args.module_doc,
            command=args.regenerate_command or _this_invocation(args),
            source_name=args.source_name,
            overrides=args.overrides,
            also_required_in=args.also_required_in,
            open_enums=args.enums == "open-responses",
            run_formatter=not args.no_format,
            error_bodies=args.error_bodies,
        )
    except OpenAPIError as exc:
        print(f"typelink openapi models: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


def _this_invocation(args: argparse.Namespace) -> str:
    """The command as typed (the operations file stays a file, not a long list)."""
    words = ["typelink", "openapi", "models", args.spec, "--operations", args.operations]
    words += ["--output", args.output]
    for other in args.also_required_in:
        words += ["--also-required-in", other]
    if args.enums != "open-responses":
        words += ["--enums", args.enums]
    if args.overrides:
        words += ["--overrides", args.overrides]
    if args.error_bodies:
        words.append("--error-bodies")
    return shell_command(words)


def run_examples(args: argparse.Namespace) -> int:
    """Handler for ``typelink openapi examples``; returns the exit code."""
    try:
        doc = load_document(args.spec)
        selected = select_operations(doc, parse_operation_list(args.operations))
        values: dict[str, Any] = {}
        if args.parameters:
            with open(args.parameters, encoding="utf-8") as handle:
                values = json.load(handle)
        name = args.source_name or Path(args.spec).name
        described = f"{doc.title} {doc.version}".strip()
        source = (
            f"examples from the OpenAPI description {name} ({described}); "
            "not recorded from a live server"
        )
        skip = {tuple(item.rsplit(":", 1)) for item in args.skip}
        written = write_examples(doc, selected, args.output, values, source, skip=skip)
    except (OpenAPIError, OSError, ValueError) as exc:
        print(f"typelink openapi examples: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0
