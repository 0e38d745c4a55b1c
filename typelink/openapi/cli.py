"""``typelink openapi models``: generate pydantic models from an OpenAPI description."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from typelink.openapi.examples import write_examples
from typelink.openapi.generate import generate_models
from typelink.openapi.loader import OpenAPIError, load_document
from typelink.openapi.select import parse_operation_list, select_operations

__all__ = ["register", "run_examples", "run_models"]


def register(subparsers: Any) -> None:
    """Add the ``openapi`` command group to the ``typelink`` console script."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "openapi", help="work with OpenAPI 3 descriptions"
    )
    commands = parser.add_subparsers(dest="openapi_command", required=True)
    models = commands.add_parser(
        "models",
        help="generate pydantic models for selected operations",
        description="Generate readable pydantic models (typelink.models.Model subclasses) for "
        "the request and 2xx response bodies of the selected operations.",
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
        help="a .py file for one module, or a package directory (one module per tag)",
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
    models.set_defaults(handler=run_models)

    examples = commands.add_parser(
        "examples",
        help="write the description's examples as request/response pairs (one JSON per operation)",
        description="Write each selected operation's documented examples as concrete "
        "request/response exchanges, e.g. to build test cassettes when the API is unreachable.",
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


def run_models(args: argparse.Namespace) -> int:
    """Handler for ``typelink openapi models``; returns the exit code."""
    try:
        operation_ids = parse_operation_list(args.operations)
        written = generate_models(
            args.spec,
            operation_ids,
            args.output,
            module_doc=args.module_doc,
            command=args.regenerate_command,
            source_name=args.source_name,
            overrides=args.overrides,
            run_formatter=not args.no_format,
        )
    except OpenAPIError as exc:
        print(f"typelink openapi models: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0


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
