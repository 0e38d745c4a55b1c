"""Reusing an existing models package: check that it is the one these declarations expect.

A client generated with ``--models typelink.github.models`` imports its models from that
package instead of writing its own. Model names depend on the description, the corrections
and the operations the package was generated for, so the generator builds the same model
set again and compares, without importing the package (its files are read as text):

* every name a declaration uses must be exported by the package's ``__init__``;
* every operation's request and 2xx response body types in the package's ``_index`` must be
  the ones just built.

Anything else means the package is stale or was made from other inputs; the error says
which operation or name differs and how to make them agree.
"""

from __future__ import annotations

import ast
import importlib.util
from pathlib import Path

from typelink.openapi.clientplan import ClientPlan
from typelink.openapi.loader import OpenAPIError
from typelink.openapi.modules import INDEX_MODULE
from typelink.openapi.types import OperationTypes, TypeExpr, names_in, render

__all__ = ["check_models_package", "names_used"]


def names_used(plan: ClientPlan) -> set[str]:
    """Every model name the generated declarations and error classes refer to."""
    found: set[str] = set()
    for consumer in plan.consumers:
        for method in consumer.methods:
            exprs: list[TypeExpr] = [a.type for a in method.arguments]
            exprs.append(method.page.item if method.page is not None else method.returns)
            found |= set().union(*(names_in(expr) for expr in exprs))
    for error in plan.errors.classes:
        found |= names_in(error.body)
    return found


def _folder(module: str) -> Path:
    try:
        spec = importlib.util.find_spec(module)
    except (ImportError, ValueError) as exc:
        raise OpenAPIError(f"cannot find the models package {module!r}: {exc}") from None
    if spec is None or not spec.submodule_search_locations:
        raise OpenAPIError(f"{module!r} is not an importable package (for --models)")
    return Path(next(iter(spec.submodule_search_locations)))


def _assignments(path: Path) -> dict[str, ast.expr]:
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"))
    except (OSError, SyntaxError) as exc:
        raise OpenAPIError(f"cannot read {path}: {exc}") from None
    found: dict[str, ast.expr] = {}
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            found[node.target.id] = node.value
        elif isinstance(node, ast.Assign) and len(node.targets) == 1:
            target = node.targets[0]
            if isinstance(target, ast.Name):
                found[target.id] = node.value
    return found


def _entries(value: ast.expr | None) -> dict[str, str]:
    """``{"op": <expression>}`` of an index dictionary, each value as a normalised dump."""
    if not isinstance(value, ast.Dict):
        return {}
    return {
        key.value: ast.dump(item)
        for key, item in zip(value.keys, value.values, strict=True)
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }


def _expected(op: OperationTypes) -> tuple[str | None, str]:
    """The index's entries for ``op``, as the model generator writes them."""
    request = None
    if op.request:
        media = ", ".join(f"{ct!r}: {render(t)}" for ct, t in sorted(op.request.items()))
        request = ast.dump(ast.parse(f"{{{media}}}", mode="eval").body)
    statuses = []
    for status, types in sorted(op.responses.items()):
        media = ", ".join(f"{ct!r}: {render(t)}" for ct, t in sorted(types.items()))
        statuses.append(f"{int(status)}: {{{media}}}")
    response = ast.dump(ast.parse(f"{{{', '.join(statuses)}}}", mode="eval").body)
    return request, response


def check_models_package(module: str, plan: ClientPlan, used: set[str]) -> None:
    """Raise :class:`OpenAPIError` unless ``module`` holds the models ``plan`` expects."""
    folder = _folder(module)
    exported = _assignments(folder / "__init__.py").get("__all__")
    names = (
        {e.value for e in exported.elts if isinstance(e, ast.Constant)}
        if isinstance(exported, ast.List)
        else set()
    )
    absent = sorted(used - names)
    hint = (
        "generate it from the same description, corrections and operations "
        "(--models-operations), with --error-bodies when error classes are declared "
        "(or pass --no-error-classes)"
    )
    if absent:
        raise OpenAPIError(f"{module} does not export {', '.join(absent[:8])}: {hint}")
    index = _assignments(folder / f"{INDEX_MODULE}.py")
    requests, responses = (
        _entries(index.get("REQUEST_BODIES")),
        _entries(index.get("RESPONSE_BODIES")),
    )
    declared = {m.operation_id for c in plan.consumers for m in c.methods}
    for op in plan.model_set.operations:
        if op.operation_id not in declared:
            continue
        request, response = _expected(op)
        if requests.get(op.operation_id) != request or responses.get(op.operation_id) != response:
            raise OpenAPIError(
                f"{module}: the body types of {op.operation_id} differ from the ones the "
                f"description gives now (is the package stale?): {hint}"
            )
