"""Write ``data/spec-parameters.json``: what GitHub's description says each operation takes.

For every operation in ``typelink/github/operations.txt``: its method and path, its path,
query and header parameters (name, ``in``, required, schema default) and its request body
(required, content types), ``$ref``s resolved. ``test_github_parameters.py`` checks the
declared methods against it. ``make github-models`` runs this with the description it
downloads::

    python -m tests.github.spec_parameters SPEC.json --source-name "@octokit/openapi ..."
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OPERATIONS = ROOT / "typelink" / "github" / "operations.txt"
OUTPUT = Path(__file__).parent / "data" / "spec-parameters.json"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def _resolve(spec: Mapping[str, Any], node: Any) -> Any:
    while isinstance(node, Mapping) and "$ref" in node:
        target: Any = spec
        for part in str(node["$ref"]).removeprefix("#/").split("/"):
            target = target[part]
        node = target
    return node


def _parameter(spec: Mapping[str, Any], raw: Any) -> dict[str, Any]:
    parameter = _resolve(spec, raw)
    entry = {
        "name": parameter["name"],
        "in": parameter["in"],
        "required": bool(parameter.get("required", False)),
    }
    schema = _resolve(spec, parameter.get("schema") or {})
    if "default" in schema:
        entry["default"] = schema["default"]
    return entry


def _operation(spec: Mapping[str, Any], path: str, method: str, item: Any) -> dict[str, Any]:
    operation = item[method]
    raw_parameters = [*item.get("parameters", []), *operation.get("parameters", [])]
    parameters = [_parameter(spec, p) for p in raw_parameters]
    entry: dict[str, Any] = {
        "method": method.upper(),
        "path": path,
        "parameters": [p for p in parameters if p["in"] in ("path", "query", "header")],
    }
    body = _resolve(spec, operation.get("requestBody"))
    if body:
        entry["body"] = {
            "required": bool(body.get("required", False)),
            "content_types": list(body.get("content", {})),
        }
    return entry


def described_parameters(spec: Mapping[str, Any], operation_ids: list[str]) -> dict[str, Any]:
    """operationId -> method, path, parameters and body, for the listed operations (sorted)."""
    found: dict[str, Any] = {}
    for path, item in spec["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation and operation.get("operationId") in operation_ids:
                found[operation["operationId"]] = _operation(spec, path, method, item)
    missing = sorted(set(operation_ids) - set(found))
    if missing:
        raise SystemExit(f"operations not in the description: {missing}")
    return dict(sorted(found.items()))


def _operation_ids(path: Path) -> list[str]:
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return [line for line in lines if line]


def main(argv: list[str] | None = None) -> int:
    """Read the description named on the command line and write the JSON document."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("spec", type=Path)
    parser.add_argument("--source-name", required=True)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    spec = json.loads(args.spec.read_text())
    document = {
        "source": (
            f"{args.source_name}: path, query and header parameters (name, in, required, "
            "schema default) and request body (required, content types) of the operations "
            "in typelink/github/operations.txt"
        ),
        "operations": described_parameters(spec, _operation_ids(OPERATIONS)),
    }
    args.output.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
