"""Default cassette paths: unique per test, and the previous scheme for the fallback."""

from __future__ import annotations

import json
from pathlib import Path

from typelink.testing.naming import (
    PendingMove,
    TestIdentity,
    cassette_name,
    default_cassette_path,
    legacy_cassette_path,
    load_moves,
    record_moves,
    safe_param_id,
)

ROOT = Path("/project")
FOLDER = ROOT / "cassettes"


def _test(
    file: str, *classes: str, function: str = "test_it", param: str | None = None
) -> TestIdentity:
    return TestIdentity(ROOT / file, classes, function, param)


def test_paths_keep_the_file_path_and_every_class() -> None:
    one = default_cassette_path(FOLDER, ROOT, _test("tests/a/test_x.py"), ".yaml")
    two = default_cassette_path(FOLDER, ROOT, _test("tests/b/test_x.py"), ".yaml")
    assert one == FOLDER / "tests/a/test_x/test_it.yaml"
    assert two == FOLDER / "tests/b/test_x/test_it.yaml"
    nested = _test("test_y.py", "TestOuter", "TestInner")
    assert cassette_name(nested) == "TestOuter.TestInner.test_it"
    named = default_cassette_path(FOLDER, ROOT, nested, ".json", name="shared")
    assert named == FOLDER / "test_y/shared.json"
    outside = default_cassette_path(
        FOLDER, ROOT, TestIdentity(Path("/elsewhere/test_z.py"), (), "t", None), ".yaml"
    )
    assert outside.parent.parent == FOLDER / "_outside" and outside.parent.name.startswith(
        "test_z-"
    )


def test_parametrize_ids_never_collapse() -> None:
    ids = ["a/b", "a?b", "a-b", "A-b", "a b", "ä", "x" * 200, ".hidden"]
    names = {safe_param_id(i) for i in ids}
    assert len(names) == len(ids)
    assert safe_param_id("a-b") == "a-b"  # safe ids are kept as they are
    assert safe_param_id("1.5") == "1.5"
    for name in names:
        assert len(name) <= 90 and "/" not in name and not name.startswith(".")
    # the case-insensitive spelling of one id is not another's
    assert safe_param_id("get").lower() != safe_param_id("GET").lower()


def test_the_previous_scheme_is_computed_for_the_fallback() -> None:
    test = _test("tests/a/test_x.py", "TestOuter", "TestInner", param="a/b")
    assert (
        legacy_cassette_path(FOLDER, test, ".yaml") == FOLDER / "test_x/TestInner.test_it[a-b].yaml"
    )
    assert legacy_cassette_path(FOLDER, test, ".yaml", name="n") == FOLDER / "test_x/n.yaml"


def test_moves_are_remembered_without_duplicates(tmp_path: Path) -> None:
    moves = [
        PendingMove(Path("old.yaml"), Path("new/a.yaml")),
        PendingMove(Path("old.yaml"), Path("new/b.yaml")),
    ]
    stored = record_moves(record_moves({}, moves), moves[:1])
    assert stored == {"old.yaml": ["new/a.yaml", "new/b.yaml"]}
    file = tmp_path / "v" / "typelink" / "cassette_moves"
    file.parent.mkdir(parents=True)
    file.write_text(json.dumps({**stored, "bad": "not a list"}))
    assert load_moves(tmp_path) == stored
    assert load_moves(tmp_path / "missing") == {}
