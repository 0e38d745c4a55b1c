"""Open the enums of what an API sends back, keep closed what a client sends.

APIs add enum values over time (GitHub added ``"hybrid"`` to a search type, Stripe adds
payment method types every quarter). A response model with a closed ``Literal`` would reject
the first response that carries the new value, so every string enum in a model reachable
from a 2xx response becomes ``Literal["a", "b"] | UnknownValue``: type checkers still see
the documented values (``if x.state == "open"`` narrows, a typo is an error), and an unknown
value is kept as an :class:`~typelink.openapi.UnknownValue` string that
:func:`~typelink.openapi.find_unknown_values` (and ``typelink cassettes check``) reports.

Error bodies are responses too. Request enums stay closed: a value the caller invents is a
bug to catch before sending. A model used both ways is a response model here (it must parse
what comes back). A one-value enum is a type tag (Stripe's ``object: "customer"``,
``deleted: true``) and stays closed, so unions of tagged models still tell their members
apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from typelink.openapi.types import (
    ClassDef,
    DictOf,
    ListOf,
    LiteralOf,
    ModelSet,
    Prim,
    TypeAliasDef,
    TypeExpr,
    UnionOf,
    names_in,
    union,
)

__all__ = ["UNKNOWN_VALUE", "UNKNOWN_VALUE_MODULE", "open_response_enums", "opened"]

UNKNOWN_VALUE = Prim("UnknownValue")
UNKNOWN_VALUE_MODULE = "typelink"
"""Where generated modules import :class:`~typelink.openapi.UnknownValue` from."""


def opened(expr: TypeExpr) -> TypeExpr:
    """``expr`` with every string enum of two or more values made open."""
    if isinstance(expr, LiteralOf):
        if len(expr.values) >= 2 and all(isinstance(v, str) for v in expr.values):
            return union(expr, UNKNOWN_VALUE)
        return expr
    if isinstance(expr, ListOf):
        return ListOf(opened(expr.item))
    if isinstance(expr, DictOf):
        return DictOf(opened(expr.value))
    if isinstance(expr, UnionOf):
        return union(*(opened(member) for member in expr.members))
    return expr


def response_names(model_set: ModelSet) -> set[str]:
    """Every generated name a 2xx response body reaches, transitively."""
    stack = [
        name
        for op in model_set.operations
        for media in [*op.responses.values(), *op.errors.values()]
        for expr in media.values()
        for name in names_in(expr)
    ]
    found: set[str] = set()
    while stack:
        name = stack.pop()
        if name not in found:
            found.add(name)
            stack.extend(model_set.definitions[name].depends_on())
    return found


def _opened_bodies(
    bodies: Mapping[str, Mapping[str, TypeExpr]],
) -> dict[str, dict[str, TypeExpr]]:
    return {
        status: {media: opened(expr) for media, expr in types.items()}
        for status, types in bodies.items()
    }


def open_response_enums(model_set: ModelSet) -> list[str]:
    """Open the enums of response models in place; returns the fields opened, as
    ``Class.field`` (``Alias`` for a type alias), so the change can be reported."""
    changed: list[str] = []
    for name in sorted(response_names(model_set)):
        definition = model_set.definitions[name]
        if isinstance(definition, TypeAliasDef):
            new_type = opened(definition.type)
            if new_type != definition.type:
                definition.type = new_type
                changed.append(name)
            continue
        assert isinstance(definition, ClassDef)
        for item in definition.fields:
            new_type = opened(item.type)
            if new_type != item.type:
                item.type = new_type
                changed.append(f"{name}.{item.name}")
    model_set.operations = [
        replace(op, responses=_opened_bodies(op.responses), errors=_opened_bodies(op.errors))
        for op in model_set.operations
    ]
    return changed
