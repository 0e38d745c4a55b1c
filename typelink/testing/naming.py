"""Where a test's cassette lives by default: one file per test, never shared by accident.

``<cassette dir>/<test file path without .py>/<Class.Nested.test_name[param id]>.yaml``:

* the folder keeps the test file's path under the rootdir, so ``tests/a/test_x.py`` and
  ``tests/b/test_x.py`` do not share a folder;
* the name keeps every enclosing class, so ``TestA::TestInner::test_y`` and
  ``TestB::TestInner::test_y`` differ;
* a parametrize id that has to be changed to be a safe file name (``a/b``, ``a?b``, upper
  case, which case-insensitive file systems fold) gets a short hash of the exact id, so two
  ids never end up in one file.

Versions before this scheme used ``<cassette dir>/<file stem>/<Class.test_name[id]>`` with
unsafe characters replaced by ``-``; :func:`legacy_cassette_path` computes that, so the
plugin can still find (and ``typelink cassettes move`` can move) cassettes recorded there.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

_SAFE_ID = re.compile(r"[a-z0-9_.\-]*")
_UNSAFE = re.compile(r"[^A-Za-z0-9_.\-]")
MAX_ID_CHARS = 80
_LEGACY_UNSAFE = "<>?%*:|\"'/\\ "


@dataclass(frozen=True, slots=True)
class TestIdentity:
    """What names a test: its file, enclosing classes, function and parametrize id."""

    __test__ = False  # not a pytest test class

    file: Path
    classes: tuple[str, ...]
    function: str
    param_id: str | None


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def safe_param_id(param_id: str) -> str:
    """``param_id`` itself when it is a safe, lower-case file name part; otherwise a
    sanitised, shortened form plus a hash of the exact id."""
    if len(param_id) <= MAX_ID_CHARS and _SAFE_ID.fullmatch(param_id) and param_id[:1] != ".":
        return param_id
    cleaned = _UNSAFE.sub("-", param_id)[:MAX_ID_CHARS].strip(".")
    return f"{cleaned}-{_digest(param_id)}"


def cassette_name(test: TestIdentity) -> str:
    """``Outer.Inner.test_name[param]`` (without suffix)."""
    name = ".".join((*test.classes, test.function))
    if test.param_id is not None:
        name += f"[{safe_param_id(test.param_id)}]"
    return name


def cassette_folder(folder: Path, rootdir: Path, test_file: Path) -> Path:
    """The folder for a test file's cassettes: its path under ``rootdir``, ``.py`` dropped."""
    try:
        relative = test_file.resolve().relative_to(rootdir.resolve())
    except ValueError:  # a test file outside the rootdir: its stem and where it is
        return folder / "_outside" / f"{test_file.stem}-{_digest(str(test_file.parent))}"
    parts = PurePosixPath(relative.as_posix()).with_suffix("").parts
    return folder.joinpath(*parts)


def default_cassette_path(
    folder: Path, rootdir: Path, test: TestIdentity, suffix: str, name: str | None = None
) -> Path:
    """Where the cassette of ``test`` lives (``name`` overrides the file name)."""
    return cassette_folder(folder, rootdir, test.file) / f"{name or cassette_name(test)}{suffix}"


def legacy_cassette_path(
    folder: Path, test: TestIdentity, suffix: str, name: str | None = None
) -> Path:
    """Where versions before this scheme put the cassette of ``test``."""
    if name is None:
        node = test.function if test.param_id is None else f"{test.function}[{test.param_id}]"
        name = f"{test.classes[-1]}.{node}" if test.classes else node
        for char in _LEGACY_UNSAFE:
            name = name.replace(char, "-")
    return folder / test.file.stem / f"{name}{suffix}"


@dataclass(frozen=True, slots=True)
class PendingMove:
    """A cassette found at its old default location, and where it belongs now."""

    old: Path
    new: Path


def record_moves(store: dict[str, list[str]], moves: Sequence[PendingMove]) -> dict[str, list[str]]:
    """``store`` (old path -> new paths, JSON-ready) with ``moves`` added."""
    result = {old: list(new) for old, new in store.items()}
    for move in moves:
        targets = result.setdefault(str(move.old), [])
        if str(move.new) not in targets:
            targets.append(str(move.new))
    return result


def load_moves(cache_dir: Path) -> dict[str, list[str]]:
    """The moves the plugin noted in the pytest cache (empty when there are none)."""
    file = cache_dir / "v" / "typelink" / "cassette_moves"
    try:
        value = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(value, dict):
        return {}
    return {
        str(old): [str(n) for n in new]
        for old, new in value.items()
        if isinstance(new, list) and all(isinstance(n, str) for n in new)
    }
