"""A tiny type-expression tree: what a schema means as a Python annotation.

Keeping types as data (rather than strings) lets the generator merge unions, drop duplicate
``None`` members and know which names an annotation depends on, so definitions can be
ordered and split into modules without guessing.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field

__all__ = [
    "ANY",
    "NONE",
    "ClassDef",
    "Definition",
    "DictOf",
    "FieldDef",
    "ListOf",
    "LiteralOf",
    "ModelSet",
    "Named",
    "OperationTypes",
    "ParameterDef",
    "Prim",
    "TypeAliasDef",
    "TypeExpr",
    "UnionOf",
    "names_in",
    "prims_in",
    "render",
    "union",
]


@dataclass(frozen=True)
class Prim:
    """A builtin or imported type: ``str``, ``int``, ``datetime``, ``Any``, ``None``..."""

    name: str


@dataclass(frozen=True)
class Named:
    """A generated class or type alias, by its Python name."""

    name: str


@dataclass(frozen=True)
class ListOf:
    """``list[item]``."""

    item: TypeExpr


@dataclass(frozen=True)
class DictOf:
    """``dict[str, value]``: an object used as a map."""

    value: TypeExpr


@dataclass(frozen=True)
class LiteralOf:
    """``Literal[...]``: an enum or a const."""

    values: tuple[str | int | bool, ...]


@dataclass(frozen=True)
class UnionOf:
    """``A | B | None``; build it with :func:`union` so it stays flat and duplicate-free."""

    members: tuple[TypeExpr, ...]


TypeExpr = Prim | Named | ListOf | DictOf | LiteralOf | UnionOf
ANY = Prim("Any")
NONE = Prim("None")


def union(*types: TypeExpr) -> TypeExpr:
    """Flatten nested unions, merge literals, drop duplicates and put ``None`` last."""
    flat: list[TypeExpr] = []
    literal_values: list[str | int | bool] = []
    has_none = False
    for item in types:
        members = item.members if isinstance(item, UnionOf) else (item,)
        for member in members:
            if member == NONE:
                has_none = True
            elif member == ANY:
                return ANY
            elif isinstance(member, LiteralOf):
                literal_values.extend(v for v in member.values if v not in literal_values)
            elif member not in flat:
                flat.append(member)
    if literal_values:
        flat.insert(0, LiteralOf(tuple(literal_values)))
    if has_none:
        flat.append(NONE)
    if not flat:
        return NONE
    return flat[0] if len(flat) == 1 else UnionOf(tuple(flat))


def render(expr: TypeExpr, spell: Mapping[str, str] | None = None) -> str:
    """The annotation text, e.g. ``list[Label] | None``.

    ``spell`` replaces names where the plain one would mean something else in the module
    that uses the annotation: ``{"list": "builtins.list"}`` in a class with a method called
    ``list``, ``{"Page": "models.Page"}`` next to ``typelink.Page``.
    """
    names = spell or {}
    if isinstance(expr, Prim | Named):
        return names.get(expr.name, expr.name)
    if isinstance(expr, ListOf):
        return f"{names.get('list', 'list')}[{render(expr.item, spell)}]"
    if isinstance(expr, DictOf):
        return (
            f"{names.get('dict', 'dict')}[{names.get('str', 'str')}, {render(expr.value, spell)}]"
        )
    if isinstance(expr, LiteralOf):
        literal = names.get("Literal", "Literal")
        return f"{literal}[{', '.join(_literal(v) for v in expr.values)}]"
    return " | ".join(render(member, spell) for member in expr.members)


def _literal(value: str | int | bool) -> str:
    if isinstance(value, bool | int):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)


def names_in(expr: TypeExpr) -> set[str]:
    """Every generated name (class or alias) an annotation refers to."""
    if isinstance(expr, Named):
        return {expr.name}
    if isinstance(expr, ListOf):
        return names_in(expr.item)
    if isinstance(expr, DictOf):
        return names_in(expr.value)
    if isinstance(expr, UnionOf):
        return set().union(*(names_in(member) for member in expr.members))
    return set()


def prims_in(expr: TypeExpr) -> set[str]:
    """Every builtin/imported type name an annotation uses (decides the imports)."""
    if isinstance(expr, Prim):
        return {expr.name}
    if isinstance(expr, LiteralOf):
        return {"Literal"}
    if isinstance(expr, ListOf):
        return prims_in(expr.item)
    if isinstance(expr, DictOf):
        return prims_in(expr.value)
    if isinstance(expr, UnionOf):
        return set().union(*(prims_in(member) for member in expr.members))
    return set()


@dataclass
class FieldDef:
    """One model field: Python name, wire name, type, and whether the API always sends it."""

    name: str
    wire: str
    type: TypeExpr
    required: bool
    doc: str = ""


@dataclass
class ClassDef:
    """A generated model class."""

    name: str
    origin: str
    doc: str = ""
    fields: list[FieldDef] = field(default_factory=list)
    base: str | None = None

    def depends_on(self) -> set[str]:
        """Generated names used by the base class and the field annotations."""
        found: set[str] = {self.base} if self.base else set()
        return found.union(*(names_in(f.type) for f in self.fields))


@dataclass
class TypeAliasDef:
    """A generated ``Name: TypeAlias = ...`` for schemas that are not objects."""

    name: str
    origin: str
    type: TypeExpr
    doc: str = ""

    def depends_on(self) -> set[str]:
        """Generated names used by the aliased type."""
        return names_in(self.type)


Definition = ClassDef | TypeAliasDef


@dataclass(frozen=True)
class ParameterDef:
    """One path, query, header or cookie parameter of an operation, as a client sends it.

    ``style`` and ``explode`` are the description's serialisation rules with OpenAPI's
    defaults filled in (``form``/explode for query and cookie, ``simple`` for path and
    header), so a client generator never has to know the defaults.
    """

    name: str
    location: str
    python_name: str
    type: TypeExpr
    required: bool
    style: str
    explode: bool
    doc: str = ""


@dataclass(frozen=True)
class OperationTypes:
    """What one operation sends and returns, as annotations, plus the module it belongs to."""

    operation_id: str
    method: str
    path: str
    group: str
    request: Mapping[str, TypeExpr]
    responses: Mapping[str, Mapping[str, TypeExpr]]
    parameters: tuple[ParameterDef, ...] = ()
    errors: Mapping[str, Mapping[str, TypeExpr]] = field(default_factory=dict)
    """Error status (``"404"``, ``"4XX"``, ``"default"``) -> {content type: body type}; only
    filled when the operations were selected with their error bodies."""

    def annotations(self) -> list[TypeExpr]:
        """Every annotation the operation uses directly (bodies and parameters)."""
        found = [*self.request.values(), *(p.type for p in self.parameters)]
        found += [expr for media in self.responses.values() for expr in media.values()]
        found += [expr for media in self.errors.values() for expr in media.values()]
        return found

    def names(self) -> set[str]:
        """Generated names the operation uses directly."""
        return set().union(*(names_in(expr) for expr in self.annotations()))


@dataclass
class ModelSet:
    """Everything the renderer needs: definitions, operations, and where each name lives.

    ``components`` maps each component schema name to its Python name (twins share one),
    so examples published per schema (Stripe's fixtures) find their class.
    """

    definitions: dict[str, Definition]
    operations: list[OperationTypes]
    modules: dict[str, str] = field(default_factory=dict)
    components: dict[str, str] = field(default_factory=dict)
