"""The package's layers import only downwards, and no modules import each other in a cycle.

Every import counts: at module level, inside functions, and under ``TYPE_CHECKING``. The
layers are drawn in docs/architecture.md; this table is their definition.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "typelink"

LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("foundation", ("typelink._version", "typelink._internal", "typelink.errors")),
    (
        "values",
        (
            "typelink.events",
            "typelink.declare.spec",
            "typelink.declare.markers",
            "typelink.declare.styles",
            "typelink.declare.models",
            "typelink.transport.request",
            "typelink.transport.response",
            "typelink.transport.failures",
            "typelink.policies.retry",
            "typelink.policies.paginators",
            "typelink.policies.links",
            "typelink.policies.tokens",
            "typelink.policies.cache_stores",
        ),
    ),
    ("policies", ("typelink.policies", "typelink.auth")),
    ("declaration", ("typelink.declare",)),
    ("transport", ("typelink.transport",)),
    ("pipeline", ("typelink.pipeline",)),
    ("pagination", ("typelink.pagination",)),
    ("client", ("typelink.client",)),
    (
        "surface",
        (
            "typelink",
            "typelink.cache",
            "typelink.cache_stores",
            "typelink.ratelimit",
            "typelink.cli",
            "typelink.testing",
            "typelink.openapi",
            "typelink.github",
        ),
    ),
)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {_module_name(p): p for p in PACKAGE.rglob("*.py")}


def layer_of(module: str) -> int:
    """The layer of ``module``: the one whose longest prefix names it."""
    best, best_length = -1, -1
    for index, (_, prefixes) in enumerate(LAYERS):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and len(prefix) > best_length:
                best, best_length = index, len(prefix)
    assert best >= 0, f"{module} is in no layer: add it to LAYERS"
    return best


def imports_of(module: str) -> set[str]:
    """The typelink modules ``module`` imports (``from pkg import mod`` counts as ``pkg.mod``)."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in MODULES else base)
    return {name for name in found if name in MODULES and name != module}


GRAPH = {module: imports_of(module) for module in MODULES}


def test_every_module_has_a_layer() -> None:
    for module in MODULES:
        layer_of(module)


def test_no_import_goes_up_a_layer() -> None:
    upward = [
        f"{module} ({LAYERS[layer_of(module)][0]}) imports {target} ({LAYERS[layer_of(target)][0]})"
        for module, targets in sorted(GRAPH.items())
        for target in sorted(targets)
        if layer_of(target) > layer_of(module)
    ]
    assert upward == []


def test_no_import_cycle() -> None:
    cycles = [sorted(component) for component in _strongly_connected(GRAPH) if len(component) > 1]
    assert cycles == []


def _strongly_connected(graph: dict[str, set[str]]) -> list[set[str]]:
    """Tarjan's algorithm, iteratively (the graph is small, but recursion limits are not)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[set[str]] = []
    counter = 0
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph[child]))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.add(member)
                    if member == node:
                        break
                components.append(component)
    return components


def test_the_checker_sees_a_cycle_and_an_upward_import() -> None:
    """The rules above would catch a violation (they are not vacuously true)."""
    assert [c for c in _strongly_connected({"a": {"b"}, "b": {"a"}, "c": set()}) if len(c) > 1]
    assert layer_of("typelink.client.bound") > layer_of("typelink.pipeline.call")
    assert "typelink.pipeline.call" in GRAPH["typelink.pipeline.orchestrator"]


GENERATED = ("typelink/github/models/",)
"""Generated code (headed 'do not edit', rebuilt by a make target) follows its source."""


def test_modules_and_functions_stay_small() -> None:
    """About 400 lines a module and 60 a function: past that, split by concern."""
    too_big: list[str] = []
    for path in sorted(PACKAGE.rglob("*.py")):
        relative = path.relative_to(PACKAGE.parent).as_posix()
        if relative.startswith(GENERATED):
            continue
        source = path.read_text()
        lines = len(source.splitlines())
        if lines > 400:
            too_big.append(f"{relative}: {lines} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 60:
                    too_big.append(f"{relative}:{node.lineno} {node.name}(): {length} lines")
    assert too_big == []
