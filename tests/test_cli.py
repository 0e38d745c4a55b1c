"""The ``typelink`` console script, run as a user runs it: in a subprocess, from another folder.

``typelink --help`` explains the tool with an example per subcommand; a missing or
unknown subcommand says what is wrong and exits 2; a TypelinkError a subcommand lets
through is one line on stderr and exit 1, not a traceback.
"""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
import types
from pathlib import Path

import pytest

from typelink import cli
from typelink._version import __version__
from typelink.errors import ConfigurationError

SCRIPT = Path(sys.executable).with_name("typelink")


def typelink(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    assert SCRIPT.exists(), f"no typelink console script next to {sys.executable}: make install"
    return subprocess.run([str(SCRIPT), *args], cwd=cwd, capture_output=True, text=True, timeout=60)


def test_help_says_what_the_tool_does_with_an_example_per_command(tmp_path):
    result = typelink("--help", cwd=tmp_path)
    assert result.returncode == 0 and result.stderr == ""
    out = result.stdout
    assert out.startswith("usage: typelink [-h] [--version] <command> ...")
    assert "typed, declarative HTTP API clients" in out
    for command in ("cassettes", "openapi"):
        assert f"\n    {command}  " in out  # listed with its one-line summary
        examples = cli.EXAMPLES[command]
        assert examples and all(example in out for example, _ in examples)


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        ((), "no command given; choose one of: cassettes, openapi"),
        (("cassete", "lint", "x"), "unknown command 'cassete' (did you mean 'cassettes'?)"),
        (("models",), "unknown command 'models'; choose one of: cassettes, openapi"),
        (("--verbose",), "unrecognized arguments: --verbose"),
    ],
    ids=["no-command", "typo", "unknown", "unknown-option"],
)
def test_a_wrong_invocation_says_what_is_wrong_and_exits_2(tmp_path, args, problem):
    result = typelink(*args, cwd=tmp_path)
    assert result.returncode == 2
    assert result.stdout == ""
    assert f"typelink: error: {problem}" in result.stderr
    assert "Run 'typelink --help'." in result.stderr
    assert "Traceback" not in result.stderr


def test_version(tmp_path):
    result = typelink("--version", cwd=tmp_path)
    assert (result.returncode, result.stdout) == (0, f"typelink {__version__}\n")


def test_every_example_is_a_valid_invocation_of_a_registered_command():
    parser = cli.build_parser()
    registered = {
        name
        for action in parser._actions
        if isinstance(action, argparse._SubParsersAction)
        for name in action.choices
    }
    assert set(cli.EXAMPLES) == registered, "each command needs an example in typelink.cli"
    for examples in cli.EXAMPLES.values():
        for example, _ in examples:
            args = parser.parse_args(shlex.split(example)[1:])
            assert callable(args.handler), example


def test_a_typelink_error_from_a_command_is_one_line_and_exit_1(monkeypatch, capsys):
    """The top level's safety net for commands that do not report their own errors."""

    def register(commands) -> None:
        def fail(args: argparse.Namespace) -> int:
            raise ConfigurationError("the thing is not configured")

        commands.add_parser("explode", help="always fails").set_defaults(handler=fail)

    module = types.ModuleType("typelink_test_explode")
    module.register = register  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "typelink_test_explode", module)
    monkeypatch.setattr(cli, "SUBCOMMAND_MODULES", (*cli.SUBCOMMAND_MODULES, module.__name__))
    assert cli.main(["explode"]) == 1
    assert capsys.readouterr().err == "typelink explode: error: the thing is not configured\n"
    assert cli.main(["--help"]) == 0
