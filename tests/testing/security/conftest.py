"""Adversarial tests: each drives the plugin in a separate pytest run (``pytester``) or the
``typelink cassettes`` CLI in a subprocess, as a user (or an attacker's pull request) would."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.testing.security.hostile_server import HostileServer, start_hostile_server

ROOT = Path(__file__).resolve().parents[3]
FAST = ("-p", "no:hypothesispytest", "-p", "no:pytest_httpserver")


@pytest.fixture
def hostile_server() -> Iterator[HostileServer]:
    """A running local server whose answers carry secrets in awkward places."""
    info, httpd = start_hostile_server()
    try:
        yield info
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture
def inner(pytester: pytest.Pytester, monkeypatch: pytest.MonkeyPatch) -> pytest.Pytester:
    """A pytester whose runs are separate processes on this checkout, outside CI mode."""
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.setenv("PYTHONPATH", str(ROOT))
    monkeypatch.setattr(
        pytester, "runpytest", lambda *args: pytester.runpytest_subprocess(*FAST, *args)
    )
    return pytester


def write_test(
    pytester: pytest.Pytester, source: str, name: str = "test_inner", **values: object
) -> None:
    """A test module for the inner run; ``values`` become module constants."""
    constants = "".join(f"{key} = {value!r}\n" for key, value in values.items())
    pytester.makepyfile(**{name: "import pytest, requests\n" + constants + textwrap.dedent(source)})


def typelink_cli(
    *args: str, cwd: Path, extra_path: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """``typelink <args>`` as a user runs it (a new process, this checkout first on the path;
    ``extra_path`` plays the part of other installed packages)."""
    path = [str(ROOT), *([str(extra_path)] if extra_path else [])]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(path)}
    env.pop("CI", None)
    return subprocess.run(
        [sys.executable, "-m", "typelink.cli", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
