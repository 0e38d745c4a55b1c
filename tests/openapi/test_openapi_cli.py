from __future__ import annotations

import json

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
