"""Write a planned client as Python source a person can read and edit.

Consumer modules import what their annotations use by name (``Query``, ``Page``,
``NotGiven``...) and call the decorators through the package (``@tl.get``), because a
method called ``get`` or ``list`` would otherwise hide the decorator or the builtin in the
class body for type checkers. Where a method's name does hide a name an annotation needs,
that name is qualified (``builtins.list[str]``, ``tl.query(...)``); a model whose name
clashes with an imported name is used as ``models.Name``.

Consumers of an existing models package (``--models``) name every model through it
(``models.Label``), as the hand-written GitHub consumers do: a generated models package
loads each module on first use, so importing such a consumer loads no model, and one
whose base class sets ``defer_compile`` builds none until its first call.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from typelink.openapi.clientplan import ClientPlan, ConsumerPlan
from typelink.openapi.header import Header
from typelink.openapi.methods import ArgumentPlan, MethodPlan, ordered
from typelink.openapi.prose import docstring_block
from typelink.openapi.types import (
    NONE,
    DictOf,
    ListOf,
    TypeExpr,
    UnionOf,
    names_in,
    prims_in,
    render,
)

__all__ = ["ModuleContext", "render_consumer", "render_errors", "render_init", "render_root"]

_BUILTINS = frozenset({"list", "dict", "str", "int", "float", "bool", "bytes", "None"})
_TYPING = frozenset({"Annotated", "Any", "Literal"})
_DATES = frozenset({"date", "datetime"})
_TYPELINK_TYPES = frozenset(
    {"NOT_GIVEN", "Body", "Form", "Header", "NotGiven", "Page", "Part", "Query", "UnknownValue"}
    | {"query", "header", "part", "FormStyle", "Consumer", "Client"}
    | {"Cursor", "LinkHeader", "NextUrl", "OffsetLimit", "PageNumber"}
    | {"APIStatusError", "BadRequestError", "AuthenticationError", "PermissionDeniedError"}
    | {"NotFoundError", "ConflictError", "UnprocessableEntityError", "RateLimitError"}
    | {"InternalServerError"}
)
FORM_STYLE_CONSTANT = "FORM_BRACKETS"


class ModuleContext:
    """The names one generated module imports, and how each must be spelt there."""

    def __init__(
        self,
        models_module: str,
        local: Iterable[str],
        hidden: Iterable[str],
        qualify_models: bool = False,
    ) -> None:
        self.models_module = models_module
        self.qualify_models = qualify_models
        self.local = set(local)
        self.hidden = set(hidden)
        self.typelink: set[str] = set()
        self.typing: set[str] = set()
        self.dates: set[str] = set()
        self.models: set[str] = set()
        self.errors: set[str] = set()
        self.qualified: set[str] = set()

    def name(self, name: str) -> str:
        """``name`` as this module must spell it, recording the import it needs."""
        if name in _BUILTINS:
            if name in self.hidden:
                self.qualified.add("builtins")
                return f"builtins.{name}"
            return name
        for group, names, qualifier in (
            (self.typing, _TYPING, "typing"),
            (self.dates, _DATES, "dt"),
            (self.typelink, _TYPELINK_TYPES, "tl"),
        ):
            if name in names:
                if name in self.hidden or name in self.local:
                    self.qualified.add(qualifier)
                    return f"{qualifier}.{name}"
                group.add(name)
                return name
        return self.model(name)

    def model(self, name: str) -> str:
        """A model class or alias (imported from the models package)."""
        clash = name in self.hidden or name in self.local or name in _TYPELINK_TYPES | _TYPING
        if clash or self.qualify_models:
            self.qualified.add("models")
            return f"models.{name}"
        self.models.add(name)
        return name

    def annotation(self, expr: TypeExpr) -> str:
        """A type expression spelt for this module."""
        used = prims_in(expr) | _containers(expr)
        spell = {name: self.name(name) for name in used}
        spell.update({name: self.model(name) for name in names_in(expr)})
        return render(expr, spell)

    def imports(self, errors_module: str = ".errors") -> list[str]:
        """The import block (``from __future__`` excluded), in isort order."""
        standard = []
        if "builtins" in self.qualified:
            standard.append("import builtins")
        if "dt" in self.qualified:
            standard.append("import datetime as dt")
        if "typing" in self.qualified:
            standard.append("import typing")
        if self.dates:
            standard.append(f"from datetime import {', '.join(sorted(self.dates))}")
        if self.typing:
            standard.append(f"from typing import {', '.join(sorted(self.typing))}")
        third = ["import typelink as tl"] if "tl" in self.qualified else []
        if self.typelink:
            third.append(f"from typelink import {', '.join(sorted(self.typelink))}")
        local: list[str] = []
        if self.errors:
            local.append(f"from {errors_module} import {', '.join(sorted(self.errors))}")
        local += self._model_imports()
        blocks = [block for block in (standard, third, local) if block]
        lines: list[str] = []
        for block in blocks:
            lines += ["", *block]
        return lines

    def _model_imports(self) -> list[str]:
        lines: list[str] = []
        package, _, leaf = self.models_module.rpartition(".")
        if "models" in self.qualified:
            if self.models_module.startswith("."):  # the package's own ``models/``
                lines.append(f"from {package or '.'} import {leaf}")
            elif not package:  # a top-level package: ``import shop_models as models``
                lines.append(f"import {leaf} as models")
            else:
                alias = "" if leaf == "models" else " as models"
                lines.append(f"from {package} import {leaf}{alias}")
        if self.models:
            lines.append(f"from {self.models_module} import {', '.join(sorted(self.models))}")
        return lines


def _containers(expr: TypeExpr) -> set[str]:
    """``list``/``dict``/``str`` spelt by the container types in ``expr``."""
    if isinstance(expr, ListOf):
        return {"list"} | _containers(expr.item)
    if isinstance(expr, DictOf):
        return {"dict", "str"} | _containers(expr.value)
    if isinstance(expr, UnionOf):
        return set().union(*(_containers(member) for member in expr.members))
    return set()


def _quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _argument(argument: ArgumentPlan, context: ModuleContext) -> str:
    inner = context.annotation(argument.type)
    if argument.kind == "path":
        annotation = inner
    elif argument.kind == "body":
        annotation = f"{context.name('Body')}[{inner}]"
    elif argument.kind == "form":
        annotation = f"{context.name('Form')}[{inner}]"
    elif argument.kind in ("header", "part") and argument.wire == argument.name:
        annotation = f"{context.name(argument.kind.title())}[{inner}]"
    elif argument.kind == "query" and argument.style is None and argument.explode is None:
        if argument.wire == argument.name:
            annotation = f"{context.name('Query')}[{inner}]"
        else:
            marker = f"{context.name('query')}({_quote(argument.wire)})"
            annotation = f"{context.name('Annotated')}[{inner}, {marker}]"
    else:
        annotation = f"{context.name('Annotated')}[{inner}, {_marker(argument, context)}]"
    if argument.required:
        return f"{argument.name}: {annotation}"
    not_given = context.name("NotGiven")
    return f"{argument.name}: {annotation} | {not_given} = {context.name('NOT_GIVEN')}"


def _marker(argument: ArgumentPlan, context: ModuleContext) -> str:
    options = [_quote(argument.wire)] if argument.wire != argument.name else []
    if argument.style is not None:
        options.append(f"style={_quote(argument.style)}")
    if argument.explode is not None:
        options.append(f"explode={argument.explode}")
    factory = {"query": "query", "header": "header", "part": "part"}[argument.kind]
    return f"{context.name(factory)}({', '.join(options)})"


def _decorator(method: MethodPlan, context: ModuleContext) -> str:
    options = [_quote(method.path)]
    if method.page is not None:
        strategy = context.name(method.page.strategy)
        options.append(f"paginate={strategy}{method.page.source[len(method.page.strategy) :]}")
    if method.form_brackets:
        options.append(f"form_style={FORM_STYLE_CONSTANT}")
    if method.errors:
        context.errors.update(method.errors)
        options.append(f"errors=[{', '.join(method.errors)}]")
    return f"    @tl.{method.http_method.lower()}({', '.join(options)})"


def _returns(method: MethodPlan, context: ModuleContext) -> str:
    if method.page is not None:
        return f"{context.name('Page')}[{context.annotation(method.page.item)}]"
    if method.returns == NONE:
        return "None"
    return context.annotation(method.returns)


def _method_doc(method: MethodPlan) -> list[str]:
    summary = method.summary or method.operation_id
    blocks = [summary if summary[-1:] in ".!?" else f"{summary}."]
    if method.deprecated:
        blocks.append("Deprecated.")
    blocks += method.description
    defaults = [f"``{a.name}={a.default}``" for a in method.arguments if a.default is not None]
    if defaults:
        blocks.append(f"Not sent unless given; the server then uses {', '.join(defaults)}.")
    if method.notes:
        blocks.append(f"Note: {'; '.join(method.notes)}.")
    route = f"``{method.http_method} {method.spec_path}`` (operation ``{method.operation_id}``)."
    blocks.append(route)
    if method.docs_url:
        blocks.append(f"Docs: {method.docs_url}")
    return docstring_block(blocks, "        ")


def render_method(method: MethodPlan, context: ModuleContext) -> list[str]:
    """The decorated method, its docstring and its ``raise NotImplementedError`` body."""
    positional, keyword = ordered(method.arguments)
    signature = ["self", *(_argument(a, context) for a in positional)]
    if keyword:
        signature += ["*", *(_argument(a, context) for a in keyword)]
    lines = [_decorator(method, context)]
    if method.content_type is not None:
        lines.append(f'    @tl.headers({{"Content-Type": {_quote(method.content_type)}}})')
    lines.append(f"    def {method.name}(")
    lines += [f"        {item}," for item in signature]
    lines.append(f"    ) -> {_returns(method, context)}:")
    return [*lines, *_method_doc(method), "        raise NotImplementedError"]


def render_consumer(
    consumer: ConsumerPlan,
    header: Header,
    models_module: str,
    base: tuple[str, str] | None,
) -> str:
    """One consumer module. ``base``: ``(module, class)`` of the consumer base class (None:
    :class:`typelink.Consumer`)."""
    hidden = {m.name for m in consumer.methods}
    local = {consumer.class_name, FORM_STYLE_CONSTANT, "tl", "models", "builtins", "dt"}
    if base is not None:
        local.add(base[1])
    external = not models_module.startswith(".")
    context = ModuleContext(models_module, local, hidden, qualify_models=external)
    context.qualified.add("tl")
    body = [f"class {consumer.class_name}({base[1] if base else context.name('Consumer')}):"]
    body += docstring_block([consumer.doc], "    ")
    if consumer.default_error is not None:
        context.errors.add(consumer.default_error)
        body += ["", f"    error_classes = ({consumer.default_error},)"]
    for method in consumer.methods:
        body += ["", *render_method(method, context)]
    constants: list[str] = []
    if any(m.form_brackets for m in consumer.methods):
        form_style = context.name("FormStyle")
        constants += [
            "",
            f'{FORM_STYLE_CONSTANT} = {form_style}(objects="brackets", lists="brackets")',
            '"""How this API nests form fields: ``address[city]=Paris``, ``expand[]=a``."""',
        ]
    lines = [*header.lines(), *docstring_block([consumer.doc], ""), ""]
    lines += ["from __future__ import annotations", *context.imports()]
    if base is not None:
        lines.append(f"from {base[0]} import {base[1]}")
    lines += ["", f'__all__ = ["{consumer.class_name}"]', *constants]
    return "\n".join([*lines, "", "", *body]) + "\n"


def render_errors(plan: ClientPlan, header: Header, models_module: str) -> str:
    """The module of declared error classes."""
    context = ModuleContext(models_module, {c.name for c in plan.errors.classes}, ())
    classes: list[str] = []
    for error in sorted(plan.errors.classes, key=lambda c: c.name):
        body_type = context.annotation(error.body)
        status_error = context.name("APIStatusError")
        bases = f"{status_error}[{body_type}]"
        if error.base is not None:
            bases = f"{context.name(error.base)}, {bases}"
        described = (error.doc or "An error answer").rstrip(".")
        status = "any error status" if error.status == "default" else f"status {error.status}"
        doc = f"{described}: raised for {status} when the body parses as ``{body_type}``."
        classes += ["", "", f"class {error.name}({bases}):", *docstring_block([doc], "    ")]
        if error.status_codes is not None:
            classes += ["", f"    status_codes = {error.status_codes}"]
        if error.base is not None:
            classes.append(f"    parsed: {body_type}")
    described = f"{plan.title} {plan.version}".strip()
    lines = [*header.lines()]
    lines += docstring_block(
        [f"Error classes of {described}: each is raised for its status when the body parses."],
        "",
    )
    lines += ["", "from __future__ import annotations", *context.imports(), ""]
    names = sorted(c.name for c in plan.errors.classes)
    lines += ["__all__ = [", *(f'    "{name}",' for name in names), "]", *classes]
    return "\n".join(lines) + "\n"


def render_root(plan: ClientPlan, header: Header, base: str | None, base_module: str | None) -> str:
    """The client root: the base URL and one annotated attribute per consumer.

    ``base``/``base_module``: the class it extends and where it comes from (None:
    :class:`typelink.Client`).
    """
    described = f"{plan.title} {plan.version}".strip() or plan.name
    base_name = base or "Client"
    lines = [*header.lines(), *docstring_block([f"The {described} client."], ""), ""]
    lines += ["from __future__ import annotations", ""]
    lines.append(f"from {base_module or 'typelink'} import {base_name}")
    lines.append("")
    for consumer in sorted(plan.consumers, key=lambda c: c.module):
        lines.append(f"from .{consumer.module} import {consumer.class_name}")
    lines += ["", f'__all__ = ["{plan.name}"]', "", ""]
    lines.append(f"class {plan.name}({base_name}):")
    groups = ", ".join(f"``{c.attribute}``" for c in plan.consumers)
    lines += docstring_block([f"{described}.", *plan.description, f"Groups: {groups}."], "    ")
    lines += ["", f"    base_url = {_quote(plan.base_url)}", ""]
    lines += [f"    {c.attribute}: {c.class_name}" for c in plan.consumers]
    return "\n".join(lines) + "\n"


def render_operations(plan: ClientPlan, header: Header) -> str:
    """``OPERATIONS``: operationId -> (attribute on the client, method name)."""
    lines = [*header.lines()]
    lines += docstring_block(
        ["Where each operation of the description is declared in this package."], ""
    )
    lines += ["", "from __future__ import annotations", "", '__all__ = ["OPERATIONS"]', ""]
    lines.append("OPERATIONS: dict[str, tuple[str, str]] = {")
    for operation_id, (attribute, method) in sorted(plan.operations.items()):
        lines.append(f"    {_quote(operation_id)}: ({_quote(attribute)}, {_quote(method)}),")
    lines += ["}", '"""operationId -> (resource group on the client, method name)."""']
    return "\n".join(lines) + "\n"


def render_init(plan: ClientPlan, header: Header, exports: Mapping[str, Iterable[str]]) -> str:
    """The package ``__init__``: re-exports the root, the consumers and the error classes.

    ``exports``: module -> names it contributes (``{".client": ["Stripe"], ...}``).
    """
    described = f"{plan.title} {plan.version}".strip() or plan.name
    lines = [*header.lines()]
    lines += docstring_block(
        [f"A typed client for {described}, generated from its OpenAPI description."], ""
    )
    lines += ["", "from __future__ import annotations", ""]
    every: list[str] = []
    for module, names in sorted(exports.items()):
        chosen = sorted(names)
        if chosen:
            lines.append(f"from {module} import {', '.join(chosen)}")
            every += chosen
    lines += ["", "__all__ = [", *(f'    "{name}",' for name in sorted(every)), "]"]
    return "\n".join(lines) + "\n"
