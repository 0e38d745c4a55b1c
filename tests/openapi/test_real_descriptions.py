"""The generator on descriptions nobody here wrote: Stripe (no tags, form bodies, expandable
fields, deepObject filters) and Box (tags, allOf inheritance, an example on most properties).

The committed excerpts under ``data/`` hold only what the selected operations reach; each
names its source, version and licence under ``x-excerpt``.
"""

from __future__ import annotations

import importlib
import json
import os
import shlex
import subprocess
import sys
import typing
from pathlib import Path
from subprocess import PIPE, STDOUT
from types import ModuleType

import pytest

from typelink.openapi import UnknownValue
from typelink.openapi.generate import generate_models, load_models
from typelink.openapi.loader import load_document
from typelink.openapi.select import parse_operation_list

from .schema_examples import ExampleCase, example_cases, validate

DATA = Path(__file__).parent / "data"
ROOT = Path(__file__).resolve().parents[2]
STRIPE = DATA / "stripe-2020-08-27.excerpt.json"
STRIPE_FIXTURES = DATA / "stripe-fixtures-2020-08-27.excerpt.json"
BOX = DATA / "box-2024.0.excerpt.json"
DESCRIPTIONS = {
    "stripe_models": (STRIPE, DATA / "stripe_operations.txt"),
    "box_models": (BOX, DATA / "box_operations.txt"),
}


def _generate(root: Path, package: str) -> list[Path]:
    spec, operations = DESCRIPTIONS[package]
    return generate_models(
        spec,
        parse_operation_list(str(operations)),
        root / package,
        command=f"typelink openapi models {spec.name} --operations {operations.name} "
        f"--output {package}",
    )


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    root = tmp_path_factory.mktemp("real")
    for package in DESCRIPTIONS:
        _generate(root, package)
    sys.path.insert(0, str(root))
    try:
        packages = {name: importlib.import_module(name) for name in DESCRIPTIONS}
        packages.update(
            {f"{n}._index": importlib.import_module(f"{n}._index") for n in DESCRIPTIONS}
        )
    finally:
        sys.path.remove(str(root))
    packages["root"] = root  # type: ignore[assignment]
    return packages


def _cases(generated: dict[str, ModuleType], package: str) -> list[ExampleCase]:
    spec, _ = DESCRIPTIONS[package]
    return example_cases(load_document(spec), generated[f"{package}._index"])


def test_excerpts_say_where_they_come_from():
    for path in (STRIPE, STRIPE_FIXTURES, BOX):
        about = json.loads(path.read_text())["x-excerpt"]
        assert about["source"].startswith("https://github.com/")
        assert about["licence"].split(",")[0].split(" ")[0] in ("MIT", "Apache-2.0")
        assert (DATA / about["licence"].split("see ")[1].split(" ")[0]).exists()


def test_every_box_example_validates(generated):
    cases = _cases(generated, "box_models")
    assert len(cases) >= 400  # property, schema and media examples the operations reach
    failures = [error for error in map(validate, cases) if error]
    assert failures == []


def test_every_stripe_fixture_validates_with_no_undocumented_field(generated):
    index = generated["stripe_models._index"]
    resources = json.loads(STRIPE_FIXTURES.read_text())["resources"]
    cases = [ExampleCase(name, value, index.COMPONENTS[name]) for name, value in resources.items()]
    cases += _cases(generated, "stripe_models")
    assert len(cases) >= 58
    failures = [error for error in map(validate, cases) if error]
    assert failures == []


def test_stripe_components_each_keep_their_own_name(generated):
    index = generated["stripe_models._index"]
    names = list(index.COMPONENTS.values())
    assert len(names) == len(set(names)) > 400  # no nullable twins in Stripe: no sharing
    models = generated["stripe_models"]
    assert models.MandateMultiUse is not models.MandateSingleUse
    hints = typing.get_type_hints(models.PaymentIntent)
    assert hints["automatic_payment_methods"] == (
        models.PaymentFlowsAutomaticPaymentMethodsPaymentIntent | None
    )
    assert "subscription" not in (models.PaymentIntent.__doc__ or "").lower()


def test_stripe_valid_wire_names_are_kept(generated):
    models = generated["stripe_models"]
    card = models.PaymentMethodDetailsCard.model_fields
    assert card["last4"].alias is None
    assert models.Address.model_fields["line1"].alias is None
    assert models.PaymentMethodDetails.model_fields["p24"].alias is None


def test_untagged_description_is_split_by_path_prefix(generated):
    root: Path = generated["root"]  # type: ignore[assignment]
    modules = sorted(p.stem for p in (root / "stripe_models").glob("*.py"))
    assert modules == [
        "__init__",
        "_index",
        "charges",
        "common",
        "customers",
        "payment_intents",
        "prices",
        "products",
        "refunds",
    ]
    assert generated["stripe_models"].PostPaymentIntentsIntentCaptureRequest.__module__ == (
        "stripe_models.payment_intents"
    )


def test_deep_object_filter_parameters_get_one_shared_model():
    models = load_models(STRIPE, ["GetCustomers", "GetCharges"]).model_set
    created = {
        op.operation_id: next(p for p in op.parameters if p.name == "created")
        for op in models.operations
    }
    assert {p.style for p in created.values()} == {"deepObject"}
    assert all(p.explode and not p.required for p in created.values())
    # the same titled inline object in both operations is one class, named by its title
    assert {str(p.type) for p in created.values()} == {
        "UnionOf(members=(Named(name='RangeQuerySpecs'), Prim(name='int')))"
    }
    fields = [f.name for f in models.definitions["RangeQuerySpecs"].fields]  # type: ignore[union-attr]
    assert fields == ["gt", "gte", "lt", "lte"]
    expand = next(p for p in models.operations[0].parameters if p.name == "expand")
    assert (expand.style, expand.location) == ("deepObject", "query")


def test_response_enums_are_open_and_request_enums_closed(generated):
    models = generated["stripe_models"]
    status = typing.get_type_hints(models.PaymentIntent)["status"]
    assert UnknownValue in typing.get_args(status)
    intent = models.PaymentIntent.model_validate(
        {**json.loads(STRIPE_FIXTURES.read_text())["resources"]["payment_intent"], "status": "x"}
    )
    assert isinstance(intent.status, UnknownValue)
    request = typing.get_type_hints(models.PostPaymentIntentsRequest)["capture_method"]
    assert UnknownValue not in typing.get_args(request)


def test_regenerate_commands_are_copy_pasteable(generated):
    root: Path = generated["root"]  # type: ignore[assignment]
    for path in sorted(root.glob("*/*.py")):
        lines = path.read_text().splitlines()
        start = next(i for i, line in enumerate(lines) if line.startswith("# Regenerate: "))
        block = [lines[start]]
        while block[-1].endswith(" \\"):
            block.append(lines[start + len(block)])
        command = " ".join(line.lstrip("#").strip().removesuffix("\\") for line in block)
        words = shlex.split(command.removeprefix("Regenerate:"))
        assert words[:3] == ["typelink", "openapi", "models"]
        assert all(len(line) <= 100 or line.endswith("# noqa: E501") for line in block)


def test_second_run_writes_identical_files(generated, tmp_path):
    root: Path = generated["root"]  # type: ignore[assignment]
    for package in DESCRIPTIONS:
        first = {p.name: p.read_bytes() for p in (root / package).glob("*.py")}
        _generate(tmp_path, package)
        second = {p.name: p.read_bytes() for p in (tmp_path / package).glob("*.py")}
        assert first == second


def test_generated_packages_pass_ruff_mypy_and_pyright_strict(generated, tmp_path):
    """Both checkers run at once (about 15 s on two cores), on both packages together."""
    root: Path = generated["root"]  # type: ignore[assignment]
    bin_dir = Path(sys.executable).parent
    packages = sorted(DESCRIPTIONS)
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.10",
        "extraPaths": [str(ROOT)],
        "include": packages,
        "reportMissingTypeStubs": False,
    }
    (root / "pyrightconfig.json").write_text(json.dumps(config))
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    mypy += ["--follow-imports=silent", "--cache-dir", str(tmp_path / "mypy")]
    commands = [
        [str(bin_dir / "ruff"), "check", "--no-cache", *packages],
        [str(bin_dir / "ruff"), "format", "--check", "--no-cache", *packages],
        [*mypy, *(arg for p in packages for arg in ("-p", p))],
        [str(bin_dir / "pyright"), "--pythonpath", sys.executable, "-p", "pyrightconfig.json"],
    ]
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    running = [
        (
            command,
            subprocess.Popen(command, cwd=root, env=env, stdout=PIPE, stderr=STDOUT, text=True),
        )
        for command in commands
    ]
    for command, process in running:
        output, _ = process.communicate(timeout=300)
        assert process.returncode == 0, (command[:4], output[-4000:])
