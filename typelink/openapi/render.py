"""Write model definitions as Python source that reads like hand-written code.

Output is deterministic: definitions are ordered so that each one follows what it uses
(alphabetically otherwise), fields keep the order of the description, and nothing depends
on dict or set iteration order of the build.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping, Sequence

from typelink.openapi.header import GENERATED_MARKER, Header, comment
from typelink.openapi.loader import OpenAPIError
from typelink.openapi.modules import COMMON_MODULE, INDEX_MODULE
from typelink.openapi.opening import UNKNOWN_VALUE, UNKNOWN_VALUE_MODULE
from typelink.openapi.types import (
    ClassDef,
    Definition,
    FieldDef,
    ModelSet,
    Named,
    OperationTypes,
    TypeAliasDef,
    TypeExpr,
    names_in,
    prims_in,
    render,
)

__all__ = [
    "GENERATED_MARKER",
    "INDEX_MODULE",
    "Header",
    "render_index",
    "render_module",
    "render_package",
]

_WIDTH = 100
_MAX_DOC = 600
_MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_PLAIN = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
        "\u00d7": "x",
        "\u2026": "...",
    }
)
_TYPING_NAMES = ("Any", "Literal")


def render_package(model_set: ModelSet, header: Header, package_doc: str) -> dict[str, str]:
    """Module file name -> source, for a package with one module per operation group."""
    by_module: dict[str, list[str]] = {}
    for name, module in model_set.modules.items():
        by_module.setdefault(module, []).append(name)
    files: dict[str, str] = {}
    for module, names in sorted(by_module.items()):
        doc = (
            "Models shared by several groups of operations."
            if module == COMMON_MODULE
            else f"Models used only by the ``{module}`` operations."
        )
        files[f"{module}.py"] = render_module(
            model_set, names, header, doc, from_modules=model_set.modules
        )
    files["__init__.py"] = _render_init(by_module, header, package_doc)
    files[f"{INDEX_MODULE}.py"] = render_index(model_set, header, model_set.modules)
    return files


def render_index(
    model_set: ModelSet, header: Header, from_modules: Mapping[str, str] | None = None
) -> str:
    """A module mapping each operationId to its endpoint and body types.

    Tests use it to check every example against the right type, and consumer declarations
    can be checked against it; the values are real runtime types (``list[Issue]``), usable
    with ``pydantic.TypeAdapter``.
    """
    lines = [*header.lines()]
    lines += _docstring(
        "Endpoint, request body types and 2xx response body types of every generated "
        "operation, keyed by operationId; values work with pydantic.TypeAdapter.",
        "",
    )
    lines += ["", "from __future__ import annotations", ""]
    exprs = [expr for op in model_set.operations for expr in _body_types(op)]
    exprs += [Named(name) for name in model_set.components.values()]
    prims: set[str] = {"Any"}.union(*(prims_in(expr) for expr in exprs))
    used: set[str] = set().union(*(names_in(expr) for expr in exprs))
    lines += _prim_imports(prims)
    by_module: dict[str, set[str]] = {}
    for name in used:
        by_module.setdefault((from_modules or {}).get(name, ""), set()).add(name)
    if by_module:
        lines.append("")
    for module, names in sorted(by_module.items()):
        lines.append(f"from .{module} import {', '.join(sorted(names))}")
    lines += ["", '__all__ = ["COMPONENTS", "ENDPOINTS", "REQUEST_BODIES", "RESPONSE_BODIES"]', ""]
    ordered = sorted(model_set.operations, key=lambda o: o.operation_id)
    lines.append("ENDPOINTS: dict[str, tuple[str, str]] = {")
    lines += [f'    "{o.operation_id}": ("{o.method}", {_quote(o.path)}),' for o in ordered]
    lines += ["}", '"""operationId -> (HTTP method, path template)."""', ""]
    lines.append("REQUEST_BODIES: dict[str, dict[str, Any]] = {")
    for op in ordered:
        if op.request:
            media = ", ".join(f"{_quote(ct)}: {render(t)}" for ct, t in sorted(op.request.items()))
            lines.append(f'    "{op.operation_id}": {{{media}}},')
    lines += [
        "}",
        '"""operationId -> {content type: body type}, for operations with a body."""',
        "",
    ]
    lines.append("RESPONSE_BODIES: dict[str, dict[int, dict[str, Any]]] = {")
    for op in ordered:
        statuses = []
        for status, media_types in sorted(op.responses.items()):
            media = ", ".join(f"{_quote(ct)}: {render(t)}" for ct, t in sorted(media_types.items()))
            statuses.append(f"{int(status)}: {{{media}}}")
        lines.append(f'    "{op.operation_id}": {{{", ".join(statuses)}}},')
    lines += [
        "}",
        '"""operationId -> {2xx status: {content type: body type}}; ``{}`` means no body."""',
        "",
        "COMPONENTS: dict[str, Any] = {",
        *(f"    {_quote(name)}: {py}," for name, py in sorted(model_set.components.items())),
        "}",
        '"""Component schema name -> its generated type (twins share one)."""',
    ]
    return "\n".join(lines) + "\n"


def _body_types(op: OperationTypes) -> list[TypeExpr]:
    return [*op.request.values(), *(t for media in op.responses.values() for t in media.values())]


def _prim_imports(prims: set[str]) -> list[str]:
    """Import lines for the builtin and library names an annotation set uses."""
    lines: list[str] = []
    dates = sorted(prims & {"date", "datetime"})
    if dates:
        lines.append(f"from datetime import {', '.join(dates)}")
    typing_names = sorted(prims & {*_TYPING_NAMES, "TypeAlias"})
    if typing_names:
        lines.append(f"from typing import {', '.join(typing_names)}")
    if UNKNOWN_VALUE.name in prims:
        lines += ["", f"from {UNKNOWN_VALUE_MODULE} import {UNKNOWN_VALUE.name}"]
    return lines


def render_module(
    model_set: ModelSet,
    names: Iterable[str],
    header: Header,
    module_doc: str,
    from_modules: Mapping[str, str] | None = None,
) -> str:
    """One module holding ``names``; other names it uses are imported from ``from_modules``."""
    local = set(names)
    definitions = _ordered(model_set.definitions, local)
    imported: dict[str, set[str]] = {}
    for definition in definitions:
        for dependency in definition.depends_on() - local:
            module = (from_modules or {}).get(dependency)
            if module is None:
                raise OpenAPIError(f"{dependency} is used but not generated in any module")
            imported.setdefault(module, set()).add(dependency)
    lines = [*header.lines(), *_docstring(module_doc, ""), "", "from __future__ import annotations"]
    lines.extend(_imports(definitions, imported))
    lines.extend(["", "__all__ = ["])
    lines.extend(f'    "{definition.name}",' for definition in _sorted_all(definitions))
    lines.append("]")
    for definition in definitions:
        lines.extend(["", "", *_definition(definition)])
    rebuild = _forward_references(definitions)
    if rebuild:
        lines.extend(
            ["", "", "# These classes refer to themselves or to classes defined after them."]
        )
        lines.extend(f"{name}.model_rebuild()" for name in rebuild)
    return "\n".join(lines) + "\n"


def _render_init(by_module: Mapping[str, list[str]], header: Header, package_doc: str) -> str:
    """The package root: every name, each module imported on first use of one of its names.

    Importing the package builds no model (a client importing it stays fast to start);
    ``from package import Name`` imports the module defining ``Name`` (and what it uses).
    Static checkers see the real imports (under ``TYPE_CHECKING``), never the module
    ``__getattr__``, so a misspelt name is still an error for them.
    """
    lines = [
        *header.lines(),
        *_docstring(package_doc, ""),
        "",
        "from __future__ import annotations",
        "",
        "import importlib",
        "from typing import TYPE_CHECKING, Any",
        "",
        "if TYPE_CHECKING:",
    ]
    every: list[str] = []
    for module, names in sorted(by_module.items()):
        lines.append(f"    from .{module} import (")
        lines.extend(f"        {name}," for name in sorted(names))
        lines.append("    )")
        every.extend(names)
    lines.extend(["", "__all__ = ["])
    lines.extend(f'    "{name}",' for name in sorted(every))
    lines.extend(["]", "", *_LAZY_COMMENT, "_NAMES_BY_MODULE: dict[str, tuple[str, ...]] = {"])
    for module, names in sorted(by_module.items()):
        lines.append(f'    "{module}": (')
        lines.extend(f'        "{name}",' for name in sorted(names))
        lines.append("    ),")
    lines.append("}")
    lines.extend(_LAZY_GETATTR)
    return "\n".join(lines) + "\n"


_LAZY_COMMENT = (
    "# Each module is imported when one of its names is first used (``__getattr__`` below), so",
    "# importing the package builds no model; static checkers read the imports above instead.",
)
_LAZY_GETATTR = (
    "_MODULE_OF = {name: module for module, names in _NAMES_BY_MODULE.items() for name in names}",
    '"""The module defining each name, imported when it is first used."""',
    "",
    "",
    "if not TYPE_CHECKING:",
    "",
    "    def __getattr__(name: str) -> Any:",
    "        module = _MODULE_OF.get(name)",
    "        if module is None:",
    '            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")',
    '        value = getattr(importlib.import_module(f".{module}", __name__), name)',
    "        globals()[name] = value",
    "        return value",
    "",
    "",
    "def __dir__() -> list[str]:",
    "    return sorted({*globals(), *__all__})",
)


def _sorted_all(definitions: Sequence[Definition]) -> list[Definition]:
    return sorted(definitions, key=lambda d: d.name)


def _ordered(definitions: Mapping[str, Definition], local: set[str]) -> list[Definition]:
    """Each definition after the local ones it uses (cycles aside), alphabetical otherwise."""
    ordered: list[Definition] = []
    visited: set[str] = set()

    def visit(name: str) -> None:
        if name in visited:
            return
        visited.add(name)
        definition = definitions[name]
        base = definition.base if isinstance(definition, ClassDef) else None
        first = [base] if base is not None and base in local else []
        for dependency in [*first, *sorted(definition.depends_on() & local)]:
            visit(dependency)
        ordered.append(definitions[name])

    for name in sorted(local):
        visit(name)
    return ordered


def _forward_references(definitions: Sequence[Definition]) -> list[str]:
    position = {definition.name: index for index, definition in enumerate(definitions)}
    late: list[str] = []
    for index, definition in enumerate(definitions):
        ahead = [d for d in definition.depends_on() if position.get(d, -1) >= index]
        if not ahead:
            continue
        if isinstance(definition, TypeAliasDef):
            raise OpenAPIError(f"type alias {definition.name} is part of a reference cycle")
        if definition.base in ahead:
            raise OpenAPIError(f"class {definition.name} would subclass a class defined later")
        late.append(definition.name)
    return late


def _imports(definitions: Sequence[Definition], imported: Mapping[str, set[str]]) -> list[str]:
    prims: set[str] = set()
    uses_alias = False
    for definition in definitions:
        if isinstance(definition, TypeAliasDef):
            prims |= prims_in(definition.type) | {"TypeAlias"}
        else:
            for item in definition.fields:
                prims |= prims_in(item.type)
                uses_alias = uses_alias or item.name != item.wire
    lines = ["", *_prim_imports(prims)]
    if len(lines) > 1:
        lines.append("")
    if uses_alias:
        lines.extend(["from pydantic import Field", ""])
    if any(isinstance(d, ClassDef) and not d.base for d in definitions):
        lines.append("from typelink import Model")
    if imported:
        lines.append("")
        for module, names in sorted(imported.items()):
            lines.append(f"from .{module} import {', '.join(sorted(names))}")
    return lines


def _definition(definition: Definition) -> list[str]:
    comment_lines = comment(definition.origin)
    if isinstance(definition, TypeAliasDef):
        lines = [*comment_lines, f"{definition.name}: TypeAlias = {render(definition.type)}"]
        doc = _docstring(definition.doc, "")
        return lines + doc
    lines = [*comment_lines, f"class {definition.name}({definition.base or 'Model'}):"]
    body = _docstring(definition.doc, "    ")
    for item in definition.fields:
        body.extend(_field(item))
    return lines + (body or ["    pass"])


def _field(item: FieldDef) -> list[str]:
    annotation = render(item.type)
    if item.name != item.wire:
        default = "" if item.required else "default=None, "
        value = f" = Field({default}alias={_quote(item.wire)})"
    else:
        value = "" if item.required else " = None"
    return [f"    {item.name}: {annotation}{value}", *_docstring(item.doc, "    ")]


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _clean(text: str) -> str:
    first = text.strip().split("\n\n", 1)[0]
    first = _MARKDOWN_LINK.sub(r"\1", first).translate(_PLAIN)
    first = " ".join(first.split())
    if len(first) > _MAX_DOC:
        cut = first.rfind(". ", 0, _MAX_DOC)
        first = first[: cut + 1] if cut > 0 else first[:_MAX_DOC].rstrip() + "..."
    return first.replace("\\", "\\\\").replace('"""', '\\"\\"\\"')


def _docstring(text: str, indent: str) -> list[str]:
    cleaned = _clean(text)
    if not cleaned:
        return []
    if cleaned.endswith('"'):
        cleaned += " "
    single = f'{indent}"""{cleaned}"""'
    if len(single) <= _WIDTH:
        return [single]
    wrapped = textwrap.wrap(
        cleaned,
        width=_WIDTH - len(indent),
        initial_indent='"""',
        break_long_words=True,
        break_on_hyphens=False,
    )
    return [f"{indent}{line}" for line in wrapped] + [f'{indent}"""']
