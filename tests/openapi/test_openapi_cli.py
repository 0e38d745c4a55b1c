from __future__ import annotations

import json

import pytest

from typelink.cli import main


def test_models_command_writes_a_package(spec_file, tmp_path, capsys):
    out = tmp_path / "models"
    code = main(
        [
            *("openapi", "models", str(spec_file)),
            *("--operations", "pets/get,owners/me", "--output", str(out)),
            *("--command", "make models", "--module-doc", "Pet models."),
        ]
    )
    assert code == 0
    assert (out / "common.py").exists()
    init = (out / "__init__.py").read_text()
    assert '"""Pet models."""' in init and "# Regenerate: make models" in init
    assert str(out / "__init__.py") in capsys.readouterr().out


def test_models_command_reports_errors_with_exit_code_2(spec_file, tmp_path, capsys):
    code = main(
        ["openapi", "models", str(spec_file), "--operations", "nope", "--output", str(tmp_path)]
    )
    assert code == 2
    assert "no operation with operationId 'nope'" in capsys.readouterr().err


def test_examples_command(spec_file, tmp_path):
    values = tmp_path / "values.json"
    values.write_text(json.dumps({"pet_id": 3}))
    ops = tmp_path / "ops.txt"
    ops.write_text("pets/get\npets/delete\n")
    out = tmp_path / "examples"
    code = main(
        [
            *("openapi", "examples", str(spec_file), "--operations", str(ops)),
            *("--output", str(out), "--parameters", str(values), "--skip", "pets/delete:none"),
        ]
    )
    assert code == 0
    document = json.loads((out / "pets" / "get.json").read_text())
    assert document["exchanges"][0]["request"]["url"] == "https://pets.example/pets/3"
    assert "not recorded from a live server" in document["source"]
    assert json.loads((out / "pets" / "delete.json").read_text())["exchanges"][0]["response"] == {
        "status": 204,
        "headers": {},
    }


def _help(capsys, *argv: str) -> str:
    assert main([*argv, "--help"]) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("command", ["models", "client", "examples", "excerpt"])
def test_every_subcommand_help_says_what_it_does_with_an_example(capsys, command):
    text = _help(capsys, "openapi", command)
    assert "example:" in text
    assert f"typelink openapi {command} " in text
    assert "typelink openapi models " in _help(capsys, "openapi")


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["openapi"], "required: COMMAND"),
        (["openapi", "models", "spec.json"], "required: --operations, --output"),
        (
            ["openapi", "models", "s.json", "--operations", "x", "--output", "o", "--enums", "x"],
            "invalid choice",
        ),
        (["openapi", "frobnicate"], "invalid choice"),
    ],
)
def test_wrong_invocations_say_what_is_wrong_and_exit_2(capsys, argv, message):
    assert main(argv) == 2
    assert message in capsys.readouterr().err


def test_unreadable_inputs_exit_2(spec_file, tmp_path, capsys):
    out = str(tmp_path / "m")
    assert (
        main(["openapi", "models", "/nonexistent.json", "--operations", "a", "--output", out]) == 2
    )
    assert "cannot read /nonexistent.json" in capsys.readouterr().err
    assert main(["openapi", "models", str(spec_file), "--operations", ",", "--output", out]) == 2
    assert "names no operation" in capsys.readouterr().err
    bad = ["--about", "no-equals-sign"]
    assert (
        main(
            [
                "openapi",
                "excerpt",
                str(spec_file),
                "--operations",
                "pets/get",
                "--output",
                out,
                *bad,
            ]
        )
        == 2
    )
    assert "expected KEY=VALUE" in capsys.readouterr().err


def test_default_regenerate_command_names_the_operations_file(spec_file, tmp_path):
    ops = tmp_path / "ops.txt"
    ops.write_text("pets/get\n")
    out = tmp_path / "models"
    assert (
        main(["openapi", "models", str(spec_file), "--operations", str(ops), "--output", str(out)])
        == 0
    )
    header = (out / "pets.py").read_text()
    assert f"--operations {ops}" in header.replace("\\\n#   ", "")


def test_excerpt_keeps_selected_operations_and_what_they_reference(spec_file, tmp_path):
    out = tmp_path / "excerpt.json"
    argv = ["openapi", "excerpt", str(spec_file), "--operations", "owners/list-pets"]
    assert main([*argv, "--output", str(out), "--about", "licence=MIT"]) == 0
    data = json.loads(out.read_text())
    assert list(data)[:2] == ["x-excerpt", "openapi"] and data["x-excerpt"] == {"licence": "MIT"}
    assert list(data["paths"]) == ["/owners/{login}/pets"]
    assert sorted(data["components"]["schemas"]) == ["kind", "nullable-user", "pet"]
    full = main(
        [
            "openapi",
            "models",
            str(spec_file),
            "--operations",
            "owners/list-pets",
            "--output",
            str(tmp_path / "a.py"),
        ]
    )
    part = main(
        [
            "openapi",
            "models",
            str(out),
            "--operations",
            "owners/list-pets",
            "--output",
            str(tmp_path / "b.py"),
        ]
    )
    assert full == part == 0
    strip = lambda p: [line for line in p.read_text().splitlines() if not line.startswith("#")]  # noqa: E731
    assert strip(tmp_path / "a.py") == strip(tmp_path / "b.py")
