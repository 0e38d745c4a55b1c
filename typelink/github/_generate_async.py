"""Generate the async GitHub client (:mod:`typelink.github.aio`) from the blocking declarations.

The blocking resource groups (``typelink/github/<group>.py``, each class a
:class:`~typelink.github._base.GitHubConsumer`) are the one source. Each module becomes
``typelink/github/aio/<group>.py`` by mechanical edits located with :mod:`ast`, so comments,
docstrings and layout are kept: ``class Issues(GitHubConsumer)`` ->
``class AsyncIssues(AsyncGitHubConsumer)``, every declared ``def`` -> ``async def``,
``Page[...]`` -> ``AsyncPage[...]``. ``AsyncGitHub`` (``aio/client.py``) gets one group per
group annotation of ``GitHub`` (``typelink/github/client.py``). The output is sorted and
formatted by ruff, so it is exactly what ``make check`` accepts.

    python -m typelink.github._generate_async           # rewrite typelink/github/aio/
    python -m typelink.github._generate_async --check   # exit 1 when it is stale

Running it again changes nothing (a test checks that the committed files are its output). A
method that is not a declaration (no decorator) cannot be made async mechanically: it stops
the generator with a message naming it.
"""

from __future__ import annotations

import argparse
import ast
import re
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent
ROOT = PACKAGE.parents[1]
"""The checkout: its ``pyproject.toml`` is the ruff configuration the output follows."""
TARGET = PACKAGE / "aio"
COMMAND = "python -m typelink.github._generate_async"
BASE = "GitHubConsumer"
ASYNC_PREFIX = "Async"
DECLARING = frozenset({"get", "head", "post", "put", "patch", "delete"})
"""The decorators that make a method a declaration (``@tl.get(...)``, ``@get(...)``)."""
RENAMED = {"Page": "AsyncPage", BASE: ASYNC_PREFIX + BASE}
"""Names replaced wherever they occur (annotations, imports)."""


class GeneratorError(Exception):
    """A declaration the generator cannot turn into its async twin."""


def header(source: str) -> str:
    return (
        f"# Generated from {source}\n"
        f"# by `{COMMAND}`:\n"
        "# do not edit; change the blocking declarations and regenerate.\n"
    )


# -- one resource-group module ---------------------------------------------------------


class _Edits:
    """Replacements at ast positions (line, UTF-8 byte column) of one source text."""

    def __init__(self, source: str) -> None:
        self.lines = source.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))
        self.source = source
        self.changes: list[tuple[int, int, str]] = []

    def offset(self, line: int, column: int) -> int:
        text = self.lines[line - 1].encode("utf-8")[:column].decode("utf-8")
        return self.starts[line - 1] + len(text)

    def replace(self, node: ast.expr | ast.alias, text: str) -> None:
        start = self.offset(node.lineno, node.col_offset)
        end = self.offset(node.end_lineno or node.lineno, node.end_col_offset or node.col_offset)
        self.changes.append((start, end, text))

    def insert(self, line: int, column: int, text: str) -> None:
        at = self.offset(line, column)
        self.changes.append((at, at, text))

    def apply(self) -> str:
        result = self.source
        for start, end, text in sorted(self.changes, reverse=True):
            result = result[:start] + text + result[end:]
        return result


def _is_group(node: ast.ClassDef) -> bool:
    return any(isinstance(base, ast.Name) and base.id == BASE for base in node.bases)


def _class_name_column(edits: _Edits, node: ast.ClassDef) -> int:
    """Byte column of the class's name (ast gives the ``class`` keyword's)."""
    line = edits.lines[node.lineno - 1].encode("utf-8")
    found = re.compile(rb"class\s+").match(line, node.col_offset)
    if found is None:
        raise GeneratorError(f"line {node.lineno}: cannot find the name of class {node.name}")
    return found.end()


def _decorator_name(node: ast.expr) -> str:
    """``get`` for ``@tl.get(...)``, ``@get(...)`` or ``@get``."""
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Attribute):
        return target.attr
    return target.id if isinstance(target, ast.Name) else ""


def _delegation(item: ast.FunctionDef) -> ast.Call | None:
    """The call of ``return self.<group>.<method>(...)`` when that is the whole body (after
    a docstring): a method handing over to another group's declaration."""
    body = item.body[1:] if ast.get_docstring(item) is not None else item.body
    if len(body) != 1 or not isinstance(body[0], ast.Return):
        return None
    call = body[0].value
    if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Attribute):
        return None
    target = call.func.value
    while isinstance(target, ast.Attribute):
        target = target.value
    return call if isinstance(target, ast.Name) and target.id == "self" else None


def _edit_group(edits: _Edits, node: ast.ClassDef, module: str) -> None:
    edits.insert(node.lineno, _class_name_column(edits, node), ASYNC_PREFIX)
    for item in node.body:
        if isinstance(item, ast.AsyncFunctionDef):
            raise GeneratorError(f"{module}: {node.name}.{item.name} is already async")
        if not isinstance(item, ast.FunctionDef):
            continue
        edits.insert(item.lineno, item.col_offset, "async ")
        if any(_decorator_name(d) in DECLARING for d in item.decorator_list):
            continue  # a declaration
        call = None if item.decorator_list else _delegation(item)
        if call is None:
            raise GeneratorError(
                f"{module}: {node.name}.{item.name} is neither a declaration (@get, @post...) "
                "nor `return self.<group>.<method>(...)`; the async client is generated "
                "mechanically and cannot translate it"
            )
        edits.insert(call.lineno, call.col_offset, "await ")


def group_classes(source: str) -> list[str]:
    """The resource groups (``GitHubConsumer`` subclasses) a module defines."""
    tree = ast.parse(source)
    return [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and _is_group(n)]


def async_module(
    source: str,
    module: str,
    groups: frozenset[str] = frozenset(),
    group_modules: frozenset[str] = frozenset(),
    source_path: str = "",
) -> str:
    """The async twin of one resource-group module. ``groups`` (every group class, of any
    module) are renamed wherever they are named (a group annotated on another), and imports
    from ``group_modules`` (``typelink.github.<name>``) come from their twins instead."""
    renamed = {**RENAMED, **{name: ASYNC_PREFIX + name for name in groups}}
    tree = ast.parse(source)
    edits = _Edits(source)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef) and _is_group(node):
            _edit_group(edits, node, module)
        elif isinstance(node, ast.Name) and node.id in renamed:
            edits.replace(node, renamed[node.id])
        elif isinstance(node, ast.Attribute) and node.attr in renamed:
            end = edits.offset(node.end_lineno or node.lineno, node.end_col_offset or 0)
            edits.changes.append((end - len(node.attr), end, renamed[node.attr]))
        elif isinstance(node, ast.alias) and node.name in renamed and node.asname is None:
            edits.replace(node, renamed[node.name])
        elif isinstance(node, ast.ImportFrom) and node.module is not None:
            _redirect_import(edits, node, group_modules)
        elif (exported := _exported(node)) is not None:
            for item in exported:
                if isinstance(item, ast.Constant) and item.value in renamed:
                    edits.replace(item, repr(renamed[item.value]))
    shown = source_path or f"typelink/github/{module.replace('.', '/')}.py"
    return header(shown) + edits.apply()


def _exported(node: ast.AST) -> list[ast.expr] | None:
    """The items of ``__all__ = [...]`` (renamed like the classes they export), else None."""
    named = isinstance(node, ast.Assign) and any(
        isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
    )
    value = node.value if named and isinstance(node, ast.Assign) else None
    return value.elts if isinstance(value, ast.List | ast.Tuple) else None


def _redirect_import(edits: _Edits, node: ast.ImportFrom, group_modules: frozenset[str]) -> None:
    """``from typelink.github.issues import ...`` -> ``from typelink.github.aio.issues ...``
    (``typelink.github.actions.runs`` -> ``typelink.github.aio.actions.runs``)."""
    prefix = "typelink.github."
    module = node.module or ""
    if not module.startswith(prefix) or module[len(prefix) :] not in group_modules:
        return
    line = edits.lines[node.lineno - 1].encode("utf-8")
    found = re.compile(rb"from\s+").match(line, node.col_offset)
    if found is None:  # pragma: no cover - ast and the text always agree
        raise GeneratorError(f"line {node.lineno}: cannot find the module of an import")
    edits.insert(node.lineno, found.end() + len(prefix.encode()), "aio.")


# -- the client root ---------------------------------------------------------------------


def _group_annotations(source: str) -> list[tuple[str, str]]:
    """``(attribute, class)`` for every resource group annotated on ``GitHub``."""
    tree = ast.parse(source)
    root = next(n for n in tree.body if isinstance(n, ast.ClassDef) and n.name == "GitHub")
    return [
        (item.target.id, item.annotation.id)
        for item in root.body
        if isinstance(item, ast.AnnAssign)
        and isinstance(item.target, ast.Name)
        and isinstance(item.annotation, ast.Name)
    ]


CLIENT_DOC = '''"""``AsyncGitHub``: every resource group and operation of
:class:`typelink.github.GitHub`, awaited.

```python
from typelink.github import AsyncGitHub

async with AsyncGitHub(token=os.environ["GITHUB_TOKEN"]) as gh:
    repo = await gh.repos.get("octocat", "Hello-World")
    async for issue in await gh.issues.list_for_repo("octocat", "Hello-World", state="all"):
        ...
```
"""
'''


def client_module(source: str, defined: dict[str, str]) -> str:
    """``aio/client.py``: ``AsyncGitHub`` with an async twin for each group of ``GitHub``."""
    annotations = _group_annotations(source)
    missing = [cls for _, cls in annotations if cls not in defined]
    if missing:
        raise GeneratorError(
            f"GitHub names groups no module under typelink/github defines: {missing}"
        )
    imports = sorted({(defined[cls], cls) for _, cls in annotations})
    lines = [
        header("typelink/github/client.py"),
        CLIENT_DOC,
        "\nfrom __future__ import annotations\n\n",
    ]
    lines += [f"from typelink.github.aio.{m} import {ASYNC_PREFIX}{c}\n" for m, c in imports]
    lines.append("from typelink.github.client import AsyncGitHubRoot\n\n")
    lines.append('__all__ = ["AsyncGitHub"]\n\n\n')
    lines.append("class AsyncGitHub(AsyncGitHubRoot):\n")
    lines.append(
        '    """The GitHub REST API under asyncio: the groups, operations, options and defaults\n'
        "    of :class:`typelink.github.GitHub`, each call awaited (pages are ``AsyncPage``).\n"
        '    Close it with ``async with`` or ``await gh.aclose()``."""\n\n'
    )
    lines += [f"    {name}: {ASYNC_PREFIX}{cls}\n" for name, cls in annotations]
    return "".join(lines)


PACKAGE_DOC = f'''{header("typelink/github/*.py")}"""Async twins of the GitHub resource groups,
generated from the blocking declarations.

``AsyncIssues`` (:mod:`typelink.github.aio.issues`) is :class:`typelink.github.issues.Issues`
with ``async def`` methods and ``AsyncPage`` results; ``AsyncGitHub``
(:mod:`typelink.github.aio.client`, also ``typelink.github.AsyncGitHub``) groups them.
Regenerate with ``{COMMAND}``.
"""
'''


# -- the whole package -------------------------------------------------------------------


SKIPPED = frozenset({"aio", "models"})  # sub-packages that hold no resource groups


def _sources() -> list[Path]:
    """Every module that may define groups: ``<group>.py`` and sub-packages' modules
    (``actions/runs.py``, ``actions/__init__.py``), not private ones nor ``client.py``."""
    found = []
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).parts
        if parts[0] in SKIPPED or (path.name == "client.py" and len(parts) == 1):
            continue
        if path.name.startswith("_") and not (path.name == "__init__.py" and len(parts) > 1):
            continue
        found.append(path)
    return sorted(found)


def _module_name(path: Path) -> str:
    """``actions.runs`` for ``actions/runs.py``, ``actions`` for ``actions/__init__.py``."""
    parts = list(path.relative_to(PACKAGE).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def render() -> dict[Path, str]:
    """Every generated file (formatted), by path."""
    files: dict[Path, str] = {TARGET / "__init__.py": PACKAGE_DOC}
    sources = {path: path.read_text(encoding="utf-8") for path in _sources()}
    names = {path: _module_name(path) for path in sources}
    defined = {cls: names[path] for path, text in sources.items() for cls in group_classes(text)}
    every_group = frozenset(defined)
    modules = frozenset(defined.values())
    for path, text in sources.items():
        if names[path] in modules:
            relative = path.relative_to(PACKAGE)
            shown = f"typelink/github/{relative.as_posix()}"
            files[TARGET / relative] = async_module(text, names[path], every_group, modules, shown)
    for path in list(files):  # every generated sub-package has its __init__
        for parent in path.relative_to(TARGET).parents:
            files.setdefault(TARGET / parent / "__init__.py", PACKAGE_DOC)
    client = (PACKAGE / "client.py").read_text(encoding="utf-8")
    files[TARGET / "client.py"] = client_module(client, defined)
    return {path: _formatted(path, text) for path, text in files.items()}


def _ruff(args: Sequence[str], path: Path, text: str) -> str:
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ruff",
            *args,
            *("--config", str(ROOT / "pyproject.toml")),
            *("--stdin-filename", str(ROOT / "typelink" / "github" / f"_aio_{path.name}")),
            "-",
        ],
        input=text,
        capture_output=True,
        text=True,
        check=False,
        cwd=ROOT,
    )
    if done.returncode != 0:
        raise GeneratorError(f"ruff {args[0]} failed on {path.name}: {done.stderr.strip()}")
    return done.stdout


def _formatted(path: Path, text: str) -> str:
    """Imports sorted and code formatted by ruff (``pip install typelink[dev]``)."""
    sorted_imports = _ruff(
        ["check", "--select", "I", "--fix", "--quiet", "--exit-zero"], path, text
    )
    return _ruff(["format", "--quiet"], path, sorted_imports)


def stale(files: dict[Path, str]) -> list[Path]:
    """Generated files that differ from ``files``, are missing, or are left over."""
    wrong = [p for p, text in files.items() if not p.is_file() or p.read_text("utf-8") != text]
    extra = [p for p in TARGET.rglob("*.py") if p not in files and _is_generated(p)]
    return sorted(wrong + extra)


def _is_generated(path: Path) -> bool:
    return path.read_text(encoding="utf-8").startswith("# Generated from ")


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: regenerate (or ``--check``); returns the exit code."""
    parser = argparse.ArgumentParser(prog=COMMAND, description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the files are stale")
    args = parser.parse_args(argv)
    try:
        files = render()
    except GeneratorError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    outdated = stale(files)
    if args.check:
        for path in outdated:
            print(f"stale: {_shown(path)}", file=sys.stderr)
        if outdated:
            print(f"regenerate with: {COMMAND}", file=sys.stderr)
        return 1 if outdated else 0
    for path in outdated:
        if path in files:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(files[path], encoding="utf-8")
            print(f"wrote {_shown(path)}")
        else:
            path.unlink()
            print(f"removed {_shown(path)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
