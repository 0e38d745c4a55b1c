"""Static checkers follow the installed typelink from outside the checkout.

A user who generates models next to their code runs mypy and pyright in their own
folder, with the interpreter typelink is installed in. With setuptools' default editable
mode neither checker finds ``typelink`` there ("cannot find module", then every use is
``Any``); ``make install`` uses a mode they follow. This checks a small module in a
temporary folder the way such a user would: its ``assert_type`` lines hold only if
``typelink`` resolves with real types, and its one wrong call must be the only error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from tests.fixtures.install import ROOT, editable_link_tree, stale_install_files

USER_MODULE = '''\
# pyright: strict
"""A user's module that uses the installed typelink."""

from typing_extensions import assert_type

from typelink import Consumer, Model, get
from typelink.auth import DjangoCacheTokenStore, Token


class Repo(Model):
    name: str
    stars: int


class Repos(Consumer):
    @get("repos/{owner}/{name}")
    def fetch(self, owner: str, name: str) -> Repo:
        raise NotImplementedError


def use(repos: Repos, store: DjangoCacheTokenStore) -> None:
    repo = repos.fetch("octocat", "hello")
    assert_type(repo, Repo)
    assert_type(repo.stars, int)
    assert_type(store.set("key", Token("value")), int)
    repos.fetch("octocat", 5)  # WRONG: the declaration says str
'''
WRONG_LINE = (
    USER_MODULE.splitlines().index(
        next(line for line in USER_MODULE.splitlines() if "# WRONG" in line)
    )
    + 1
)


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(Path(sys.executable).parent) + ":/usr/bin:/bin", "HOME": str(Path.home())}
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


def mypy(folder: Path) -> subprocess.CompletedProcess[str]:
    cache = ROOT / ".mypy_cache" / "outside-checkout"  # warm after the first run
    command = [sys.executable, "-m", "mypy", "--strict", "--cache-dir", str(cache), "user.py"]
    return run(command, folder)


def pyright(folder: Path) -> subprocess.CompletedProcess[str]:
    script = Path(sys.executable).with_name("pyright")
    return run([str(script), "--pythonpath", sys.executable, "--outputjson", "user.py"], folder)


def test_the_install_is_current():
    stale = stale_install_files()
    assert not stale, (
        f"the typelink install of {sys.prefix} is out of date with the checkout "
        f"({len(stale)} files added or removed, e.g. {stale[0]}): run `make install`"
    )


def test_mypy_and_pyright_follow_the_install_from_another_folder(tmp_path):
    assert not tmp_path.resolve().is_relative_to(ROOT)
    assert editable_link_tree() is not None, "typelink is not installed with `make install`"
    (tmp_path / "user.py").write_text(USER_MODULE)
    with ThreadPoolExecutor(2) as pool:
        mypy_result, pyright_result = pool.map(lambda check: check(tmp_path), (mypy, pyright))

    mypy_errors = [line for line in mypy_result.stdout.splitlines() if ": error:" in line]
    assert mypy_errors == [
        f'user.py:{WRONG_LINE}: error: Argument 2 to "fetch" of "Repos" has incompatible '
        'type "int"; expected "str"  [arg-type]'
    ], mypy_result.stdout + mypy_result.stderr

    report = json.loads(pyright_result.stdout)
    errors = [d for d in report["generalDiagnostics"] if d["severity"] == "error"]
    assert [(e["range"]["start"]["line"] + 1, e["rule"]) for e in errors] == [
        (WRONG_LINE, "reportArgumentType")
    ], json.dumps(errors, indent=1)
