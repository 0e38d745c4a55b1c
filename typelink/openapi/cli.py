"""``typelink openapi models``: generate pydantic models from an OpenAPI description."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from typelink.openapi.generate import generate_models
from typelink.openapi.loader import OpenAPIError
from typelink.openapi.select import parse_operation_list

__all__ = ["register", "run_models"]


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
        "--no-format", action="store_true", help="do not run ruff on the generated files"
    )
    models.set_defaults(handler=run_models)


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
            run_formatter=not args.no_format,
        )
    except OpenAPIError as exc:
        print(f"typelink openapi models: {exc}", file=sys.stderr)
        return 2
    for path in written:
        print(path)
    return 0
