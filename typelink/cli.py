"""The ``typelink`` console script: one command, a subcommand per feature.

Subcommands live with the feature they serve; each module exposes
``register(subparsers)`` and is listed in :data:`SUBCOMMAND_MODULES`. This module owns
what every invocation shares: the overview ``typelink --help`` prints (with an example per
subcommand, from :data:`EXAMPLES`), the messages for a missing or unknown subcommand (exit
status 2, as for any usage error), and turning a :class:`~typelink.errors.TypelinkError`
into a one-line message (exit status 1) instead of a traceback.
"""

from __future__ import annotations

import argparse
import difflib
import importlib
import sys
from collections.abc import Mapping, Sequence
from typing import NoReturn

from typelink._version import __version__
from typelink.errors import TypelinkError

__all__ = ["EXAMPLES", "SUBCOMMAND_MODULES", "build_parser", "main"]

SUBCOMMAND_MODULES: tuple[str, ...] = (
    "typelink.testing.cli",
    "typelink.openapi.cli",
)

EXAMPLES: dict[str, tuple[tuple[str, str], ...]] = {
    "cassettes": (
        ("typelink cassettes lint cassettes/", "find secrets, duplicate and unused recordings"),
        ("typelink cassettes scrub cassettes/", "remove the secrets it finds, in place"),
        ("typelink cassettes check cassettes/", "compare recorded bodies with declared types"),
    ),
    "openapi": (
        (
            "typelink openapi models api.json --operations getPet,addPet --output pets.py",
            "generate pydantic models for two operations of an OpenAPI description",
        ),
        (
            "typelink openapi client api.json --operations ops.txt --output myapp/api",
            "generate a typed client (consumers, models, errors) for the listed operations",
        ),
    ),
}
"""Shown by ``typelink --help``; a test runs each through the parser, so none can go stale."""

DESCRIPTION = """\
typelink: typed, declarative HTTP API clients on uplink and pydantic v2.
This command keeps recorded cassettes safe and truthful, and generates pydantic models
and typed clients from OpenAPI descriptions. The library itself is used from Python:
`from typelink import ...`.
"""

USAGE_ERROR = 2
"""Exit status of a wrong invocation (as argparse and most Unix tools use)."""


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser whose usage errors also point at ``--help``."""

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(USAGE_ERROR, f"{self.prog}: error: {message}\nRun '{self.prog} --help'.\n")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Keeps the description's and examples' line breaks; aligns command summaries.

    argparse measures subcommand names without the indent it prints them with, so a long
    name pushes its summary onto the next line; this measures them as printed.
    """

    def add_argument(self, action: argparse.Action) -> None:
        super().add_argument(action)
        if action.nargs == argparse.PARSER and isinstance(action.choices, Mapping):
            longest = max((len(str(name)) for name in action.choices), default=0)
            printed = longest + self._current_indent + self._indent_increment
            self._action_max_length = max(self._action_max_length, printed)


def build_parser() -> argparse.ArgumentParser:
    """The full argument parser with every available subcommand."""
    return _build()[0]


def _build() -> tuple[argparse.ArgumentParser, list[str]]:
    """The parser and the names of the subcommands this build has."""
    parser = _Parser(
        prog="typelink",
        description=DESCRIPTION,
        formatter_class=_Formatter,
    )
    parser.add_argument("--version", action="version", version=f"typelink {__version__}")
    commands = parser.add_subparsers(
        dest="command", title="commands", metavar="<command>", parser_class=_Parser
    )
    for name in SUBCOMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ImportError as exc:
            missing = getattr(exc, "name", "") or ""
            if missing.startswith("typelink"):
                continue  # that feature is not part of this build
            raise
        module.register(commands)
    names = list(commands.choices)
    parser.epilog = _examples(names)
    return parser, names


def _examples(commands: Sequence[str]) -> str:
    lines = ["examples:"]
    for command in commands:
        for example, what in EXAMPLES.get(command, ()):
            lines += [f"  {example}", f"      {what}"]
    lines.append("\nRun 'typelink <command> --help' for a command's options.")
    return "\n".join(lines)


def _command_problem(commands: Sequence[str], argv: Sequence[str]) -> str | None:
    """What is wrong with the command word of ``argv`` (argparse's own messages are terse)."""
    choices = ", ".join(sorted(commands))
    if not argv:
        return f"no command given; choose one of: {choices}"
    word = argv[0]
    if word.startswith("-") or word in commands:
        return None
    guess = difflib.get_close_matches(word, commands, n=1)
    hint = f" (did you mean '{guess[0]}'?)" if guess else ""
    return f"unknown command '{word}'{hint}; choose one of: {choices}"


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the process exit code (2 for a wrong invocation)."""
    arguments = list(sys.argv[1:] if argv is None else argv)
    parser, commands = _build()
    try:
        problem = _command_problem(commands, arguments)
        if problem is not None:
            parser.error(problem)
        args = parser.parse_args(arguments)
        if getattr(args, "handler", None) is None:
            parser.error(f"'{args.command}' needs a subcommand")
    except SystemExit as exc:  # --help and --version (0), usage errors (2)
        return 0 if exc.code is None else exc.code if isinstance(exc.code, int) else USAGE_ERROR
    try:
        code: int = args.handler(args)
    except TypelinkError as exc:
        print(f"typelink {args.command}: error: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
