"""The regenerate command in every header can be pasted into a shell."""

from __future__ import annotations

import shlex

from typelink.openapi.header import Header, comment, shell_command


def _pasted(lines: list[str]) -> list[str]:
    text = " ".join(line.lstrip("#").strip().removesuffix("\\") for line in lines)
    return shlex.split(text.removeprefix("Regenerate:").split("  # noqa")[0])


def _command_block(header: Header) -> list[str]:
    lines = header.lines()
    return lines[next(i for i, line in enumerate(lines) if line.startswith("# Regenerate:")) :]


def test_long_command_wraps_between_words_with_continuations():
    words = ["typelink", "openapi", "models", "specs/stripe/spec3.json", "--operations"]
    words += ["tests/openapi/data/stripe_operations.txt", "--output", "my_project/stripe_models"]
    words += ["--also-required-in", "a file with spaces.json", "--module-doc", "Stripe models."]
    block = _command_block(Header("s", "t", "v", shell_command(words)))
    assert len(block) > 1
    assert all(line.endswith(" \\") for line in block[:-1])
    assert all(len(line) <= 100 for line in block)
    assert _pasted(block) == words


def test_a_word_longer_than_a_line_keeps_the_command_on_one_line():
    operations = ",".join(f"GetCustomersCustomerOperationNumber{n}" for n in range(6))
    words = ["typelink", "openapi", "models", "spec.json", "--operations", operations]
    block = _command_block(Header("s", "t", "v", shell_command(words)))
    assert len(block) == 1 and block[0].endswith("  # noqa: E501")
    assert _pasted(block) == words


def test_short_command_is_one_line():
    assert _command_block(Header("s", "t", "v", "make github-models")) == [
        "# Regenerate: make github-models"
    ]


def test_comments_never_break_a_word():
    long_word = "x" * 120
    assert comment(f"Source: {long_word} end") == ["# Source:", f"#   {long_word}", "#   end"]
