"""The documentation cannot rot: its examples run, its site builds, its charts are current.

Every ```python block of the README and of each docs/*.md page runs, in order, in one
namespace per page (a page may build on its own earlier examples, never on another page's);
```py blocks need a real API and are only shown. The site builds with ``mkdocs build
--strict``: a broken link or anchor, a page missing from the navigation or a reference to
an object that does not exist fails the build.
"""

from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
BLOCK = re.compile(r"^```python\n(.*?)^```", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"\]\(([^)\s]+)\)")


def run_python_blocks(path: Path) -> int:
    """Execute ``path``'s python blocks in order in one namespace; return how many ran."""
    blocks = BLOCK.findall(path.read_text(encoding="utf-8"))
    namespace: dict[str, object] = {"__name__": f"docs_{path.stem.replace('-', '_')}"}
    for index, block in enumerate(blocks):
        name = f"{path.relative_to(ROOT)} block {index + 1}"
        exec(compile(block, name, "exec", dont_inherit=True), namespace)
    return len(blocks)


def test_readme_python_blocks_run() -> None:
    assert run_python_blocks(README) >= 1, "the README should have a runnable example"


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_docs_python_blocks_run(page: Path) -> None:
    run_python_blocks(page)


def test_the_guides_have_runnable_examples() -> None:
    """Most guides show code that runs; a page that loses all its examples is a regression."""
    with_examples = {p.name for p in PAGES if BLOCK.search(p.read_text(encoding="utf-8"))}
    assert {
        "index.md",
        "getting-started.md",
        "declaring.md",
        "wire-formats.md",
        "pipeline.md",
        "errors.md",
        "observability.md",
        "async.md",
        "github.md",
    } <= with_examples


def test_readme_quick_start_and_links_into_the_docs() -> None:
    """The README keeps the two quick-start commands and links to the docs that exist."""
    text = README.read_text(encoding="utf-8")
    assert "make demo" in text and "make test" in text
    targets = [t for t in LINK.findall(text) if not re.match(r"[a-z]+:", t)]
    assert any(t.startswith("docs/") for t in targets), "the README should link into docs/"
    for target in targets:
        path = target.split("#", 1)[0]
        assert (ROOT / path).exists(), f"README links to {target}, which does not exist"


def test_site_builds_strict(tmp_path: Path) -> None:
    """``mkdocs build --strict`` (offline) passes: no warning, every page in the navigation."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    assert "WARNING" not in result.stderr, result.stderr[-4000:]
    for page in PAGES:
        relative = page.relative_to(DOCS)
        folder = relative.parent if relative.name == "index.md" else relative.with_suffix("")
        assert (tmp_path / folder / "index.html").exists(), f"{relative} was not built"
    reference = (tmp_path / "reference" / "client" / "index.html").read_text(encoding="utf-8")
    assert "typelink.Client" in reference and "with_options" in reference
    assert ":class:" not in reference


def test_benchmark_charts_are_current() -> None:
    """The Performance page's SVGs match benchmarks/RESULTS.md (regenerate: make docs)."""
    spec = importlib.util.spec_from_file_location("benchmark_charts", DOCS / "benchmark_charts.py")
    assert spec is not None and spec.loader is not None
    benchmark_charts = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = benchmark_charts  # its dataclass looks its module up
    try:
        spec.loader.exec_module(benchmark_charts)
    finally:
        del sys.modules[spec.name]
    wanted = benchmark_charts.charts(benchmark_charts.RESULTS.read_text(encoding="utf-8"))
    assert wanted, "RESULTS.md should have figures with baselines"
    committed = {p.name: p.read_text(encoding="utf-8") for p in benchmark_charts.OUT.glob("*.svg")}
    assert committed == wanted, "stale charts: run `python docs/benchmark_charts.py`"
    performance = (DOCS / "performance.md").read_text(encoding="utf-8")
    for name in wanted:
        assert f"assets/benchmarks/{name}" in performance, f"{name} is not shown"
