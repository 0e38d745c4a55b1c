"""Resolving a cassette's endpoint reference imports nothing but declared project endpoints."""

from __future__ import annotations

import sys
import textwrap
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from typelink.testing.endpoints import UntrustedEndpointError, resolve_endpoint

CONSUMER = """
from typelink import Consumer, get

class Users(Consumer):
    @get("users/{login}")
    def fetch(self, login: str) -> dict:
        raise NotImplementedError

    @staticmethod
    def helper() -> None:
        pass

    def plain(self) -> None:
        pass
"""


@pytest.fixture
def package(tmp_path: Path) -> Iterator[str]:
    """A fresh package name (removed from sys.modules afterwards)."""
    name = f"pkg_{uuid.uuid4().hex[:8]}"
    yield name
    for module in [m for m in sys.modules if m == name or m.startswith(f"{name}.")]:
        del sys.modules[module]


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, source in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source))


def test_a_declared_endpoint_of_the_project_resolves(tmp_path: Path, package: str) -> None:
    _write(tmp_path / "src", {f"{package}/__init__.py": "", f"{package}/api.py": CONSUMER})
    spec = resolve_endpoint(f"{package}.api:Users.fetch", tmp_path)
    assert spec.info.qualname == "Users.fetch"
    github = resolve_endpoint("typelink.github.users:Users.get", tmp_path)  # typelink's own
    assert github.info.qualname == "Users.get"


@pytest.mark.parametrize(
    ("ref", "message"),
    [
        ("os; import this:X.y", "is not of the form"),
        ("json:JSONDecoder.decode", "not a module under"),
        ("{package}.api:Users.plain", "no decorated method Users.plain"),
        ("{package}.api:Missing.fetch", "no decorated method Missing.fetch"),
        ("{package}.api:Users.helper", "is not a typelink endpoint"),
        ("{package}.exits:Users.fetch", "importing '{package}.exits' failed: SystemExit"),
    ],
)
def test_anything_else_is_refused(tmp_path: Path, package: str, ref: str, message: str) -> None:
    exits = "raise SystemExit(0)\n" + CONSUMER
    _write(
        tmp_path,
        {f"{package}/__init__.py": "", f"{package}/api.py": CONSUMER, f"{package}/exits.py": exits},
    )
    with pytest.raises(
        UntrustedEndpointError, match=message.format(package=package).replace("(", r"\(")
    ):
        resolve_endpoint(ref.format(package=package), tmp_path)


def test_a_module_already_loaded_from_elsewhere_is_refused(tmp_path: Path, package: str) -> None:
    _write(tmp_path / "elsewhere", {f"{package}/__init__.py": "", f"{package}/api.py": CONSUMER})
    _write(tmp_path / "project", {f"{package}/__init__.py": "", f"{package}/api.py": CONSUMER})
    sys.path.insert(0, str(tmp_path / "elsewhere"))
    try:
        __import__(f"{package}.api")
    finally:
        sys.path.remove(str(tmp_path / "elsewhere"))
    with pytest.raises(UntrustedEndpointError, match=r"would be imported from .*elsewhere"):
        resolve_endpoint(f"{package}.api:Users.fetch", tmp_path / "project")
