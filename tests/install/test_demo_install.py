"""`make demo` installs enough for what it runs, on a fresh clone.

`make demo` installs typelink with only ``DEMO_EXTRAS`` (the Makefile's list), while the
test suite runs with every extra: a demo step that needs a package outside that list
passes here and fails for a new user. So each command of the Makefile's ``demo`` recipe
runs in a child interpreter where every module of an installed distribution outside what
``typelink[DEMO_EXTRAS]`` requires (followed through every dependency) cannot be imported,
as if it were not installed. Taking ``async`` out of the list must break the async demo
(the check sees what it is meant to see).
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata

import pytest
from packaging.requirements import Requirement

from tests.fixtures.install import ROOT

MAKEFILE = (ROOT / "Makefile").read_text()

RUN_WITHOUT = """
import importlib.abc, runpy, sys

blocked = frozenset(sys.argv[1].split(","))


class NotInstalled(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.partition(".")[0] in blocked:
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
        return None


sys.meta_path.insert(0, NotInstalled())
sys.argv = [sys.argv[2], *sys.argv[3:]]
runpy.run_module(sys.argv[0], run_name="__main__", alter_sys=True)
"""


def _normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def makefile_list(name: str) -> list[str]:
    found = re.search(rf"^{name} := (.*)$", MAKEFILE, re.MULTILINE)
    assert found, f"{name} is not set in the Makefile"
    return found.group(1).split(",")


def demo_commands() -> list[list[str]]:
    """The ``python -m ...`` commands of the Makefile's ``demo`` recipe, as argv."""
    recipe = re.search(r"^demo: .*\n((?:\t.*\n)+)", MAKEFILE, re.MULTILINE)
    assert recipe, "no demo target in the Makefile"
    commands = []
    for line in recipe.group(1).splitlines():
        words = line.split()
        assert words[:2] == ["$(PY)", "-m"], f"unexpected demo recipe line {line!r}"
        commands.append(words[2:])
    return commands


def required_distributions(extras: list[str]) -> set[str]:
    """typelink[extras] and everything it needs, transitively (normalised names)."""
    needed: set[str] = set()
    pending: list[tuple[str, set[str]]] = [("typelink", set(extras))]
    while pending:
        name, wanted = pending.pop()
        try:
            distribution = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue  # not for this platform or Python
        key = _normal(distribution.metadata["Name"])
        if key in needed and not wanted:
            continue
        needed.add(key)
        for text in distribution.requires or []:
            requirement = Requirement(text)
            marker = requirement.marker
            if marker is None or any(marker.evaluate({"extra": e}) for e in {"", *wanted}):
                pending.append((requirement.name, set(requirement.extras)))
    return needed


def modules_outside(needed: set[str]) -> set[str]:
    """Top-level modules that only distributions outside ``needed`` provide."""
    provided = metadata.packages_distributions()
    return {
        module
        for module, distributions in provided.items()
        if not any(_normal(d) in needed for d in distributions)
    }


def run_without(blocked: set[str], command: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", RUN_WITHOUT, ",".join(sorted(blocked)), *command],
        capture_output=True,
        text=True,
        timeout=120,
        cwd=ROOT,
    )


def test_every_demo_command_runs_with_only_the_demo_extras() -> None:
    commands = demo_commands()
    assert ["typelink.github", "demo", "--async"] in commands  # both clients are shown
    blocked = modules_outside(required_distributions(makefile_list("DEMO_EXTRAS")))
    assert {"redis", "django", "mypy"} <= blocked  # the check does hide the other extras
    assert "aiohttp" not in blocked
    for command in commands:
        result = run_without(blocked, command)
        assert result.returncode == 0, (command, result.stdout, result.stderr)
        assert "created issue #1348" in result.stdout
        assert "rate limit: 4999/5000" in result.stdout


def test_without_the_async_extra_the_async_demo_would_fail() -> None:
    extras = [extra for extra in makefile_list("DEMO_EXTRAS") if extra != "async"]
    blocked = modules_outside(required_distributions(extras))
    if "aiohttp" not in blocked:  # pragma: no cover - another extra pulls aiohttp in
        pytest.skip("aiohttp is required by another demo extra")
    result = run_without(blocked, ["typelink.github", "demo", "--async"])
    assert result.returncode == 2, result.stderr
    assert "demo failed: ConfigurationError: async clients need aiohttp" in result.stdout
    assert "pip install typelink[async]" in result.stdout and result.stderr == ""


def test_the_demo_extras_are_a_subset_of_everything_make_install_installs() -> None:
    assert set(makefile_list("DEMO_EXTRAS")) <= set(makefile_list("ALL_EXTRAS"))
