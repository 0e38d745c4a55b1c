"""The generated clients pass ruff, mypy --strict and pyright --strict, all at once.

Ruff runs with this project's own rule selection (the one ``make check`` applies to
``typelink/``), so a generated package can live in a strict codebase; only ``E501`` is left
out for the models (a model named after a long schema path cannot be wrapped).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from subprocess import PIPE, STDOUT

from .conftest import ROOT

RUFF_RULES = "E,F,W,I,B,UP,SIM,RUF,ANN"


def test_generated_clients_pass_ruff_mypy_and_pyright_strict(generated, tmp_path):
    root = next(iter(generated.values())).folder
    packages = sorted(generated)
    bin_dir = Path(sys.executable).parent
    config = {
        "typeCheckingMode": "strict",
        "pythonVersion": "3.10",
        "extraPaths": [str(ROOT)],
        "include": packages,
        "reportMissingTypeStubs": False,
    }
    (root / "pyrightconfig.json").write_text(json.dumps(config))
    ruff = [str(bin_dir / "ruff"), "check", "--no-cache", "--line-length", "100"]
    ruff += ["--target-version", "py310", "--select", RUFF_RULES, "--ignore", "ANN401"]
    ruff += ["--per-file-ignores", "*/models/*:E501"]
    mypy = [sys.executable, "-m", "mypy", "--strict", "--no-incremental"]
    mypy += ["--follow-imports=silent", "--cache-dir", str(tmp_path / "mypy")]
    commands = [
        [*ruff, *packages],
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
        output, _ = process.communicate(timeout=600)
        assert process.returncode == 0, (command[:4], output[-4000:])
