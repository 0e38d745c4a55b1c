"""``typelink cassettes`` tells people what each subcommand does and what they got wrong.

A gate in CI must not pass because of a typo: a path that does not exist is a usage error
(exit 2, saying which path), never "0 cassettes, 0 problems". (A missing argument or an
unknown option was already reported by argparse with exit 2.)
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.testing.security.conftest import typelink_cli


@pytest.mark.parametrize("command", ["lint", "scrub", "check", "move"])
def test_every_subcommand_help_says_what_it_does_with_an_example(
    command: str, tmp_path: Path
) -> None:
    result = typelink_cli("cassettes", command, "--help", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    description, _, examples = result.stdout.partition("examples:")
    assert f"typelink cassettes {command}" in examples, result.stdout
    assert len(description.split("options:")[0]) > 200, "a sentence or two on what it does"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ((), "choose a subcommand: lint, scrub, check, move"),
        (("check", "cassetes/"), "no such file or folder: cassetes/"),
        (("scrub", "missing.yaml"), "no such file or folder: missing.yaml"),
    ],
)
def test_a_wrong_invocation_says_what_is_wrong_and_exits_2(
    argv: tuple[str, ...], message: str, tmp_path: Path
) -> None:
    result = typelink_cli("cassettes", *argv, cwd=tmp_path)
    assert result.returncode == 2, result.stdout + result.stderr
    assert message in result.stderr
