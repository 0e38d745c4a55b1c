"""Generating a real description's client is repeatable: a second run writes the same bytes,
``--check`` finds the package up to date, and the regenerate command in every header, pasted
into a shell, makes the same package again."""

from __future__ import annotations

import shlex
import subprocess
import sys
from pathlib import Path

import pytest

from typelink.openapi.clientgen import generate_client
from typelink.openapi.select import parse_operation_list

from .conftest import Generated, generate


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*.py"))}


def _regenerate_command(path: Path) -> list[str]:
    lines = path.read_text().splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("# Regenerate: "))
    block = [lines[start]]
    while block[-1].endswith(" \\"):
        block.append(lines[start + len(block)])
    text = " ".join(line.lstrip("#").strip().removesuffix("\\") for line in block)
    assert all(len(line) <= 100 for line in block)
    return shlex.split(text.removeprefix("Regenerate:"))


@pytest.mark.parametrize("package", ["stripe_client", "box_client", "github_client"])
def test_a_second_run_writes_identical_files_and_check_finds_it_current(
    generated: dict[str, Generated], package: str, tmp_path: Path
) -> None:
    if package not in generated:
        pytest.skip("GitHub's description could not be fetched")
    client = generated[package]
    first = client.folder / package
    again = generate(client.description, tmp_path)
    assert _files(tmp_path / package) == _files(first)
    written = {str(p.relative_to(tmp_path / package)) for p in again.changed}
    assert written == set(_files(first))  # every file was new there
    operations = parse_operation_list(str(client.description.operations))
    check = generate_client(
        client.description.spec, operations, first, client.description.options(), check=True
    )
    assert not check.stale and check.changed == [] and check.removed == []


def test_the_regenerate_command_in_the_header_remakes_the_package(
    generated: dict[str, Generated], tmp_path: Path
) -> None:
    client = generated["stripe_client"]
    first = client.folder / "stripe_client"
    words = _regenerate_command(first / "customers.py")
    assert words[:3] == ["typelink", "openapi", "client"]
    typelink = str(Path(sys.executable).with_name("typelink"))
    subprocess.run([typelink, *words[1:]], cwd=tmp_path, check=True, capture_output=True)
    assert _files(tmp_path / "stripe_client") == _files(first)
