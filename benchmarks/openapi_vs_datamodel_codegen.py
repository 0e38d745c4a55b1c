"""typelink openapi models side by side with datamodel-code-generator, on the same Stripe
operations (the committed excerpt of Stripe's description: customers, payment intents,
charges, refunds, products, prices).

Rows: wall time and peak memory of the whole command (fresh process, formatting included),
classes generated, numbered names (a class name ending in digits that no name in the
description ends in: ``Object1``, ``Type2``; ``PaymentMethodP24`` is Stripe's own ``p24``),
and how many of Stripe's published fixtures validate against the class generated for their
schema. datamodel-code-generator is installed with pip into its own virtual environment
under ~/.cache/typelink-bench (never a dependency of typelink), and run with
``--openapi-scopes schemas paths parameters`` so it, too, covers request bodies and
parameters.

Run: python benchmarks/openapi_vs_datamodel_codegen.py [--quick] [--json FILE]
"""

from __future__ import annotations

import argparse
import ast
import importlib
import json
import re
import subprocess
import sys
import tempfile
import venv
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from openapi_generation import CACHE, DATA, Run, measure  # noqa: E402
from pydantic import BaseModel  # noqa: E402

from typelink.openapi.naming import class_name  # noqa: E402

DCG_VERSION = "0.89.0"
SPEC = DATA / "stripe-2020-08-27.excerpt.json"
FIXTURES = DATA / "stripe-fixtures-2020-08-27.excerpt.json"
OPERATIONS = DATA / "stripe_operations.txt"


def datamodel_codegen() -> Path:
    """The datamodel-codegen script of a private venv, installed on first use."""
    env = CACHE / f"datamodel-code-generator-{DCG_VERSION}"
    script = env / "bin" / "datamodel-codegen"
    if not script.exists():
        venv.create(env, with_pip=True)
        subprocess.run(
            [
                *(str(env / "bin" / "python"), "-m", "pip", "install", "--quiet"),
                f"datamodel-code-generator=={DCG_VERSION}",
            ],
            check=True,
        )
    return script


def typelink_command(output: Path) -> list[str]:
    typelink = Path(sys.executable).with_name("typelink")
    return [
        *(str(typelink), "openapi", "models", str(SPEC)),
        *("--operations", str(OPERATIONS), "--output", str(output)),
    ]


def dcg_command(script: Path, output: Path) -> list[str]:
    return [
        str(script),
        *("--input", str(SPEC), "--input-file-type", "openapi", "--output", str(output)),
        *("--output-model-type", "pydantic_v2.BaseModel"),
        *("--openapi-scopes", "schemas", "paths", "parameters"),
    ]


def class_names(package: Path) -> list[str]:
    names = []
    for path in sorted(package.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names += [node.name for node in tree.body if isinstance(node, ast.ClassDef)]
    return names


def description_suffixes() -> set[str]:
    """Class-name forms of every name in the description that ends in a digit."""
    found: set[str] = set()

    def walk(node: Any) -> Iterator[str]:
        if isinstance(node, dict):
            for key, value in node.items():
                yield str(key)
                if key in ("title", "operationId", "name") and isinstance(value, str):
                    yield value
                yield from walk(value)
        elif isinstance(node, list):
            for item in node:
                yield from walk(item)

    for name in walk(json.loads(SPEC.read_text())):
        for part in re.split(r"[./]", name):
            if part[-1:].isdigit():
                found.add(class_name(part))
    return found


def numbered(names: list[str], legit: set[str]) -> list[str]:
    return [
        name
        for name in names
        if name[-1].isdigit() and not any(name.endswith(suffix) for suffix in legit)
    ]


def models_by_schema(package_root: Path, package: str, typelink: bool) -> dict[str, Any]:
    """Schema name -> generated class, as each tool names it."""
    sys.path.insert(0, str(package_root))
    try:
        if typelink:
            return dict(importlib.import_module(f"{package}._index").COMPONENTS)
        found: dict[str, Any] = {}
        for path in sorted((package_root / package).rglob("*.py")):
            module_name = ".".join(
                [package, *path.relative_to(package_root / package).with_suffix("").parts]
            )
            module = importlib.import_module(module_name.removesuffix(".__init__"))
            prefix = "" if path.stem in ("__init__", "_internal") else path.stem + "."
            for name, value in vars(module).items():
                if isinstance(value, type) and issubclass(value, BaseModel):
                    found.setdefault(prefix + name, value)
        return found
    finally:
        sys.path.remove(str(package_root))


def validation_rate(classes: dict[str, Any], typelink: bool) -> tuple[int, int]:
    from pydantic import TypeAdapter

    resources = json.loads(FIXTURES.read_text())["resources"]
    passed = 0
    for schema, fixture in resources.items():
        if typelink:
            generated = classes.get(schema)
        else:
            module, _, name = schema.rpartition(".")
            generated = classes.get((module + "." if module else "") + class_name(name))
        if generated is None:
            continue
        try:
            TypeAdapter(generated).validate_python(fixture)
        except ValueError:
            continue
        passed += 1
    return passed, len(resources)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one round instead of three")
    parser.add_argument("--json", help="write figures to this file")
    args = parser.parse_args()
    script = datamodel_codegen()
    legit = description_suffixes()
    rows: dict[str, dict[str, float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        runs: dict[str, list[Run]] = {"typelink": [], "datamodel-code-generator": []}
        for round_number in range(1 if args.quick else 3):
            runs["typelink"].append(measure(typelink_command(root / f"tl{round_number}")))
            runs["datamodel-code-generator"].append(
                measure(dcg_command(script, root / f"dcg{round_number}"))
            )
        for tool, package in (("typelink", "tl0"), ("datamodel-code-generator", "dcg0")):
            names = class_names(root / package)
            classes = models_by_schema(root, package, tool == "typelink")
            passed, total = validation_rate(classes, tool == "typelink")
            best = min(runs[tool], key=lambda run: run.seconds)
            rows[tool] = {
                "time s": best.seconds,
                "peak memory MB": max(run.max_rss_mb for run in runs[tool]),
                "classes": len(names),
                "numbered names": len(numbered(names, legit)),
                "fixtures validated %": 100.0 * passed / total,
            }
    return report(rows, args.json)


LOWER_IS_BETTER = ("time s", "peak memory MB", "classes", "numbered names")


def report(rows: dict[str, dict[str, float]], json_path: str | None) -> int:
    tl, dcg = rows["typelink"], rows["datamodel-code-generator"]
    print(f"{'Stripe, 36 operations':<24} {'typelink':>10} {'datamodel-codegen':>18}  ahead")
    print("-" * 62)
    figures = []
    behind = []
    for key in (*LOWER_IS_BETTER, "fixtures validated %"):
        lower = key in LOWER_IS_BETTER
        ahead = tl[key] <= dcg[key] if lower else tl[key] >= dcg[key]
        if not ahead:
            behind.append(key)
        print(f"{key:<24} {tl[key]:>10.1f} {dcg[key]:>18.1f}  {'yes' if ahead else 'NO'}")
        figures.append(
            {
                "name": f"Stripe models: {key}, typelink vs datamodel-code-generator",
                "value": tl[key],
                "unit": key.split(" ")[-1] if key.endswith(("s", "MB", "%")) else "",
                "baseline": dcg[key],
                "baseline_name": f"datamodel-code-generator {DCG_VERSION}",
                "target": "<= 1" if lower else ">= 1",
            }
        )
    if json_path:
        Path(json_path).write_text(json.dumps({"figures": figures, "rows": rows}, indent=1))
    if behind:
        print(f"typelink is behind on: {', '.join(behind)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
