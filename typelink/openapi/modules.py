"""Which module each generated name lives in.

Operations are grouped by their first tag (GitHub, Box); a description without tags
(Stripe) is grouped by path prefix instead: ``/v1/payment_intents/{intent}/capture`` belongs
to ``payment_intents``. A name used by one group's operations lives in that group's module;
a name several groups use lives in :data:`COMMON_MODULE`. A client generator groups its
consumers with the same :func:`group_for`, so models and declarations line up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from typelink.openapi.loader import Operation
from typelink.openapi.naming import python_identifier
from typelink.openapi.types import Definition, TypeExpr, names_in

__all__ = [
    "COMMON_MODULE",
    "INDEX_MODULE",
    "assign_modules",
    "group_for",
    "is_version_segment",
    "path_group",
]

COMMON_MODULE = "common"
INDEX_MODULE = "_index"
_VERSION_SEGMENT = re.compile(r"v\d+([a-z]+\d*)?|api|rest|\d+(\.\d+)*", re.IGNORECASE)
_RESERVED_MODULES = frozenset({COMMON_MODULE, "__init__"})


def is_version_segment(segment: str) -> bool:
    """``v1``, ``2.0``, ``api``, ``rest``: path segments that name no resource."""
    return bool(_VERSION_SEGMENT.fullmatch(segment))


def path_group(path: str) -> str:
    """The first path segment that names a resource: not a version, not a parameter.

    ``/v1/customers/{customer}`` -> ``customers``; ``/{id}`` -> ``root``.
    """
    for segment in path.strip("/").split("/"):
        if not segment or segment.startswith("{") or _VERSION_SEGMENT.fullmatch(segment):
            continue
        return segment
    return "root"


def group_for(operation: Operation) -> str:
    """The module name for an operation: its first tag, else its path prefix."""
    raw = operation.tags[0] if operation.tags else path_group(operation.path)
    name = python_identifier(raw)
    return f"{name}_operations" if name in _RESERVED_MODULES else name


def assign_modules(
    definitions: Mapping[str, Definition], uses: Iterable[tuple[str, Iterable[TypeExpr]]]
) -> dict[str, str]:
    """Name -> module, from ``(group, annotations the group's operations use)`` pairs.

    Common models only use common models (whatever a common model uses is reached by every
    group that reaches it), so modules never import each other in a circle.
    """
    owners: dict[str, set[str]] = {}
    for group, exprs in uses:
        stack = sorted(set().union(*(names_in(expr) for expr in exprs)))
        while stack:
            name = stack.pop()
            groups = owners.setdefault(name, set())
            if group in groups:
                continue
            groups.add(group)
            stack.extend(sorted(definitions[name].depends_on()))
    modules: dict[str, str] = {}
    for name in definitions:
        groups = owners.get(name, set())
        modules[name] = next(iter(groups)) if len(groups) == 1 else COMMON_MODULE
    return modules
