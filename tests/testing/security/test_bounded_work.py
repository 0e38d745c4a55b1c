"""A cassette cannot make its reader do unbounded work.

A few kilobytes on disk must not become gigabytes in memory: a gzip body that decodes to
100 MiB, YAML aliases that each repeat the previous list ten times, one enormous header.
Every reader refuses them, naming the file (and the interaction), and nothing is rewritten:
the plugin at replay, and ``typelink cassettes lint|scrub``.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import yaml

from tests.testing.security.conftest import typelink_cli, write_test

pytest_plugins = ("pytester",)

BOMB_MIB = 100
DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def _interaction(**response_headers: list[str]) -> dict[str, object]:
    return {
        "request": {
            "method": "GET",
            "uri": "https://api.example.com/x",
            "body": None,
            "headers": {},
        },
        "response": {
            "status": {"code": 200, "message": "OK"},
            "headers": {"Content-Type": ["application/json"], **response_headers},
            "body": {"string": "{}"},
        },
    }


def _gzip_bomb(path: Path) -> None:
    item = _interaction(**{"Content-Encoding": ["gzip"]})
    zeros = gzip.compress(b"\0" * (BOMB_MIB * 1024 * 1024), compresslevel=1)
    item["response"]["body"] = {"string": zeros}  # type: ignore[index]
    path.write_text(yaml.dump({"version": 1, "interactions": [item]}, Dumper=DUMPER))


def _alias_bomb(path: Path) -> None:
    """Seven levels of ten aliases: ten million strings once expanded (a "billion laughs")."""
    levels = ["  l0: &l0 [" + ", ".join(["lollollol"] * 10) + "]"]
    for n in range(1, 8):
        levels.append(f"  l{n}: &l{n} [" + ", ".join([f"*l{n - 1}"] * 10) + "]")
    path.write_text(
        "version: 1\nmetadata:\n"
        + "\n".join(levels)
        + "\ninteractions:\n- request: {method: POST, uri: 'https://api.example.com/x', "
        "headers: {}, body: *l7}\n"
        "  response: {status: {code: 200, message: OK}, headers: {}, body: {string: ''}}\n"
    )


def _huge_header(path: Path) -> None:
    items = [_interaction(), _interaction(**{"X-Padding": ["x" * (3 * 1024 * 1024 // 2)]})]
    path.write_text(yaml.dump({"version": 1, "interactions": items}, Dumper=DUMPER))


@pytest.fixture(scope="module")
def hostile_cassettes(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("hostile")
    files = {
        "gzip": folder / "gzip.yaml",
        "alias": folder / "alias.yaml",
        "huge": folder / "huge.yaml",
    }
    _gzip_bomb(files["gzip"])
    _alias_bomb(files["alias"])
    _huge_header(files["huge"])
    return files


REFUSALS = {
    "gzip": ("gzip.yaml, interaction #0", "decodes to more than"),
    "alias": ("alias.yaml", "alias bomb"),
    "huge": ("huge.yaml, interaction #1", "characters (more than"),
}

INNER = """
@pytest.mark.typelink_cassette(path=FILES["gzip"])
def test_gzip():
    pass

@pytest.mark.typelink_cassette(path=FILES["alias"])
def test_alias():
    pass

@pytest.mark.typelink_cassette(path=FILES["huge"])
def test_huge():
    pass
"""


def test_the_plugin_refuses_them_naming_file_and_interaction(
    inner: pytest.Pytester, hostile_cassettes: dict[str, Path]
) -> None:
    before = {name: path.read_bytes() for name, path in hostile_cassettes.items()}
    write_test(inner, INNER, FILES={k: str(v) for k, v in hostile_cassettes.items()})
    result = inner.runpytest()
    result.assert_outcomes(errors=3)
    for where, what in REFUSALS.values():
        result.stdout.fnmatch_lines([f"*{where}: *{what}*"])
    assert {name: path.read_bytes() for name, path in hostile_cassettes.items()} == before


def test_lint_and_scrub_refuse_them_and_leave_them_alone(
    tmp_path: Path, hostile_cassettes: dict[str, Path]
) -> None:
    before = {name: path.read_bytes() for name, path in hostile_cassettes.items()}
    folder = hostile_cassettes["gzip"].parent
    for command in ("lint", "scrub"):
        result = typelink_cli("cassettes", command, str(folder), cwd=tmp_path)
        assert result.returncode == 1, result.stdout + result.stderr
        for where, what in REFUSALS.values():
            assert where in result.stdout and what in result.stdout, (command, where)
    assert {name: path.read_bytes() for name, path in hostile_cassettes.items()} == before
