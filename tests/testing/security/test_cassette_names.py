"""Default cassette names are unique per test, and old default names still load.

Three collisions of the old naming (``<dir>/<file stem>/<Class.test[id]>``): test files
with one name in two folders, nested classes with one name in two outer classes, and
parametrize ids that differ only in characters a file name cannot hold. Each collision made
two tests share one recording. A cassette at its old default place still replays, with a
warning naming the new place, and ``typelink cassettes move`` moves it there.
"""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from tests.testing.security.conftest import typelink_cli
from tests.testing.security.hostile_server import HostileServer

pytest_plugins = ("pytester",)

SAME_FILE_NAME = """
import pytest, requests

@pytest.mark.typelink_cassette
def test_same():
    assert requests.get(URL + "/echo/{folder}").json()["path"] == "/echo/{folder}"
"""

NESTED_AND_PARAMETRIZED = """
import pytest, requests

class TestA:
    class TestInner:
        @pytest.mark.typelink_cassette
        def test_y(self):
            assert requests.get(URL + "/echo/A").json()["path"] == "/echo/A"

class TestB:
    class TestInner:
        @pytest.mark.typelink_cassette
        def test_y(self):
            assert requests.get(URL + "/echo/B").json()["path"] == "/echo/B"

@pytest.mark.typelink_cassette
@pytest.mark.parametrize("segment", ["a/b", "a?b", "A-b"])
def test_ids(segment):
    got = requests.get(URL + "/echo", params={"s": segment}).json()
    assert got["path"] == "/echo"
"""

OLD_PLACE = """
import pytest, requests

@pytest.mark.typelink_cassette{marker}
def test_it():
    assert requests.get(URL + "/echo/old").json()["path"] == "/echo/old"
"""


def _tree(root: Path, url: str, old_marker: str) -> None:
    files = {
        "tests/__init__.py": "",
        "tests/a/__init__.py": "",
        "tests/b/__init__.py": "",
        "tests/c/__init__.py": "",
        "tests/a/test_x.py": SAME_FILE_NAME.format(folder="a"),
        "tests/b/test_x.py": SAME_FILE_NAME.format(folder="b"),
        "tests/c/test_classes.py": NESTED_AND_PARAMETRIZED,
        "tests/c/test_old.py": OLD_PLACE.format(marker=old_marker),
    }
    for name, source in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        text = textwrap.dedent(source)
        header = f"import pytest, requests\nURL = {url!r}\n"
        path.write_text(text.replace("import pytest, requests\n", header, 1))


def test_every_test_gets_its_own_cassette_and_old_places_still_load(
    inner: pytest.Pytester, hostile_server: HostileServer
) -> None:
    # test_old.py is first recorded where the previous default put it
    _tree(inner.path, hostile_server.url, '(path="cassettes/test_old/test_it.yaml")')
    inner.runpytest("--record-mode=once", "tests").assert_outcomes(passed=8)
    folder = inner.path / "cassettes"
    cassettes = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.yaml"))
    assert len(cassettes) == 8, cassettes  # one per test, none shared
    assert "tests/a/test_x/test_same.yaml" in cassettes
    assert "tests/b/test_x/test_same.yaml" in cassettes
    assert "tests/c/test_classes/TestA.TestInner.test_y.yaml" in cassettes
    assert "tests/c/test_classes/TestB.TestInner.test_y.yaml" in cassettes

    _tree(inner.path, hostile_server.url, "")  # now test_old uses the default name
    hostile_server.hits.clear()
    result = inner.runpytest("tests")
    result.assert_outcomes(passed=8)
    assert hostile_server.hits == []
    result.stdout.fnmatch_lines(["*CassetteMovedWarning*cassettes/tests/c/test_old/test_it.yaml*"])

    moved = typelink_cli("cassettes", "move", cwd=inner.path)
    assert moved.returncode == 0, moved.stdout + moved.stderr
    assert (inner.path / "cassettes/tests/c/test_old/test_it.yaml").is_file()
    assert not (inner.path / "cassettes/test_old/test_it.yaml").exists()
    result = inner.runpytest("tests")
    result.assert_outcomes(passed=8)
    assert "CassetteMovedWarning" not in result.stdout.str()
