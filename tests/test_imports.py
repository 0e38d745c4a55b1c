"""What importing typelink loads: no optional dependency, no async stack, no GitHub model.

Each check runs in a fresh interpreter (``sys.modules`` of this test process is full of
everything the suite imported). A finder on ``sys.meta_path`` notes which module asked for
each watched package, so "typelink never imports aiohttp" holds even where aiohttp is
installed and uplink imports it on its own (uplink 0.10 loads its aiohttp client whenever
aiohttp is importable). Import *time* is a benchmark (``benchmarks/import_time.py``), never
a test.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

ASYNC_ONLY = ("aiohttp",)
"""Packages typelink's own modules may import only when async is used."""
NEVER_ON_IMPORT = ("opentelemetry", "django", "redis", "jwt", "cryptography", "yaml", "vcr")
"""Optional dependencies (extras) that no import of typelink or typelink.github loads."""
ON_FIRST_DECLARATION = ("uplink",)
"""Loaded when the first declaration is compiled (see ``typelink._internal.uplink``)."""
DECLARE = """
import typelink
class Things(typelink.Consumer):
    @typelink.get("things/{name}")
    def get(self, name: str) -> dict[str, int]:
        raise NotImplementedError
"""

PROBE = """
import importlib.abc, json, sys

WATCHED = {watched!r}
MACHINERY = ("importlib", "_frozen_importlib", "_frozen_importlib_external")

class Watch(importlib.abc.MetaPathFinder):
    importers = {{}}

    def find_spec(self, name, path=None, target=None):
        root = name.partition(".")[0]
        if root in WATCHED:
            frame = sys._getframe(1)
            while frame is not None and frame.f_globals.get("__name__", "").startswith(MACHINERY):
                frame = frame.f_back
            importer = frame.f_globals.get("__name__", "?") if frame is not None else "?"
            self.importers.setdefault(root, []).append(importer)
        return None

sys.meta_path.insert(0, Watch())
{statement}
print(json.dumps({{
    "importers": Watch.importers,
    "loaded": sorted({{m.partition(".")[0] for m in sys.modules}} & set(WATCHED)),
    "models": sorted(m for m in sys.modules if m.startswith("typelink.github.models.")),
}}))
"""


def probe(statement: str) -> dict[str, object]:
    """Run ``statement`` in a fresh interpreter; who looked up each watched package, what
    got loaded, and which GitHub model modules were imported."""
    watched = (*ASYNC_ONLY, *NEVER_ON_IMPORT, *ON_FIRST_DECLARATION)
    code = PROBE.format(watched=watched, statement=statement)
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def typelink_importers(result: dict[str, object]) -> dict[str, list[str]]:
    """Watched packages that a typelink module itself asked for, and which modules did."""
    importers: dict[str, list[str]] = result["importers"]  # type: ignore[assignment]
    found = {
        p: [m for m in modules if m.startswith("typelink")] for p, modules in importers.items()
    }
    return {package: modules for package, modules in found.items() if modules}


@pytest.mark.parametrize("statement", ["import typelink", "import typelink.github"])
def test_importing_typelink_loads_no_optional_or_async_dependency(statement: str) -> None:
    result = probe(statement)
    assert typelink_importers(result) == {}
    assert result["loaded"] == []  # not even uplink, until a declaration is compiled


def test_declaring_a_consumer_loads_uplink_and_still_not_aiohttp_from_typelink() -> None:
    result = probe(DECLARE)
    assert "uplink" in result["loaded"]  # type: ignore[operator]
    own = typelink_importers(result)
    assert {package: set(modules) for package, modules in own.items()} == {
        "uplink": {"typelink._internal.uplink"}  # the one boundary module, and nothing else
    }
    # uplink asks for aiohttp itself (installed or not): the watch sees real importers.
    # Where aiohttp is installed, its own modules then load its submodules.
    importers: dict[str, list[str]] = result["importers"]  # type: ignore[assignment]
    first, *rest = importers["aiohttp"]
    assert first.startswith("uplink")
    assert all(m.startswith(("uplink", "aiohttp")) for m in rest)


def test_importing_the_github_client_builds_no_model() -> None:
    assert probe("import typelink.github")["models"] == []
    loaded = probe("from typelink.github.models import Issue")["models"]
    assert "typelink.github.models.issues" in loaded  # type: ignore[operator]
    assert "typelink.github.models.repos" not in loaded  # type: ignore[operator]


def test_a_github_call_loads_only_the_models_it_names() -> None:
    statement = "from typelink.github import GitHub\nGitHub(token='t').issues.get"
    loaded = probe(statement)["models"]
    assert loaded == ["typelink.github.models.common", "typelink.github.models.issues"]


def test_first_use_from_many_threads_at_once() -> None:
    """Eight threads make the first call on one client together: each gets the endpoint
    compiled and its models loaded exactly as a lone caller would (no half-imported module,
    no second class of the same name)."""
    statement = """
import threading
from typelink.github import GitHub
gh = GitHub(token="t")
start = threading.Barrier(8)
seen = []
def first_use():
    start.wait()
    endpoint = GitHub(token="t").pulls.get
    from typelink.github.models import PullRequest
    seen.append((endpoint.spec.response_type, PullRequest))
threads = [threading.Thread(target=first_use) for _ in range(8)]
for t in threads: t.start()
for t in threads: t.join()
assert len(seen) == 8 and len({id(a) for a, _ in seen} | {id(b) for _, b in seen}) == 1, seen
"""
    assert "typelink.github.models.pulls" in probe(statement)["models"]  # type: ignore[operator]
