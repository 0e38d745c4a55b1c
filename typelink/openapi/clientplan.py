"""The shape of a generated client: one consumer per group of operations, and a root.

Operations are grouped exactly as their models are (:func:`typelink.openapi.modules.group_for`:
first tag, else path prefix), so ``customers.py`` declares the operations whose models live
in ``models/customers.py``. Consumers are ordered by name and methods by the order of the
operations list, so the output does not depend on anything but the inputs.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from typelink.openapi.callnames import method_names
from typelink.openapi.errorclasses import ErrorPlan, plan_errors
from typelink.openapi.loader import OpenAPIDocument
from typelink.openapi.methods import MethodPlan, plan_method
from typelink.openapi.modules import group_for
from typelink.openapi.naming import class_name, unique
from typelink.openapi.prose import paragraphs
from typelink.openapi.select import SelectedOperation
from typelink.openapi.types import ModelSet

__all__ = ["ClientPlan", "ConsumerPlan", "Names", "plan_client"]

RESERVED_MODULES = frozenset({"models", "errors", "client", "_operations", "__init__"})
"""Modules of the generated package that a group's module may not be called."""


@dataclass(frozen=True)
class Names:
    """The names a generated client is built around."""

    client: str
    """The root class (also the prefix of the error classes)."""
    consumer_reserved: Collection[str] = ()
    """Attributes of the consumer base class: no method may take one of these names."""
    client_reserved: Collection[str] = ()
    """Attributes of the client base class: no group may take one of these names."""


@dataclass
class ConsumerPlan:
    """One consumer class: its module, class name, attribute on the root, and methods."""

    attribute: str
    module: str
    class_name: str
    doc: str
    methods: list[MethodPlan]
    default_error: str | None = None


@dataclass
class ClientPlan:
    """Everything the renderer needs for the whole package."""

    name: str
    base_url: str
    title: str
    version: str
    description: list[str]
    consumers: list[ConsumerPlan]
    errors: ErrorPlan
    model_set: ModelSet
    operations: dict[str, tuple[str, str]] = field(default_factory=dict)
    """operationId -> (attribute on the root, method name)."""


def _base_url(doc: OpenAPIDocument) -> str:
    servers = doc.data.get("servers") or []
    if not servers or not isinstance(servers[0], Mapping):
        return ""
    server: Mapping[str, Any] = servers[0]
    url = str(server.get("url") or "")
    for name, variable in (server.get("variables") or {}).items():
        if isinstance(variable, Mapping) and "default" in variable:
            url = url.replace("{" + str(name) + "}", str(variable["default"]))
    return url if url.startswith(("http://", "https://")) else ""


def _tag_docs(doc: OpenAPIDocument) -> dict[str, str]:
    found: dict[str, str] = {}
    for tag in doc.data.get("tags") or []:
        if isinstance(tag, Mapping) and tag.get("name"):
            text = paragraphs(str(tag.get("description") or ""), limit=1)
            found[str(tag["name"])] = text[0] if text else ""
    return found


def _consumer_doc(ops: list[SelectedOperation], tag_docs: Mapping[str, str], group: str) -> str:
    tags = ops[0].operation.tags
    if tags and tag_docs.get(tags[0]):
        return tag_docs[tags[0]]
    if tags:
        return f"The operations tagged ``{tags[0]}``."
    return f"The ``{group}`` operations."


def _shared_default(methods: list[MethodPlan], errors: ErrorPlan) -> str | None:
    defaults = {errors.default.get(m.operation_id) for m in methods}
    return next(iter(defaults)) if len(defaults) == 1 else None


def plan_client(
    doc: OpenAPIDocument,
    selected: Iterable[SelectedOperation],
    model_set: ModelSet,
    names: Names,
    error_classes: bool = True,
) -> ClientPlan:
    """Plan the consumers, methods and error classes of a client for ``selected``."""
    chosen = list(selected)
    types = {op.operation_id: op for op in model_set.operations}
    errors = (
        plan_errors(chosen, types, names.client, [*model_set.definitions, names.client])
        if error_classes
        else ErrorPlan()
    )
    groups: dict[str, list[SelectedOperation]] = {}
    for op in chosen:
        groups.setdefault(group_for(op.operation), []).append(op)
    tag_docs = _tag_docs(doc)
    consumers: list[ConsumerPlan] = []
    taken_classes = {names.client, *model_set.definitions, *(c.name for c in errors.classes)}
    for group, ops in sorted(groups.items()):
        method_list = method_names([op.operation for op in ops], group, names.consumer_reserved)
        methods = [
            plan_method(name, op, types[op.operation_id], doc, model_set.definitions, errors)
            for name, op in zip(method_list, ops, strict=True)
        ]
        default = _shared_default(methods, errors)
        for method in methods:
            own_default = errors.default.get(method.operation_id)
            if own_default is not None and own_default != default:
                method.errors.append(own_default)
        python_class = class_name(group)
        if python_class in taken_classes:
            python_class = unique(f"{python_class}Operations", taken_classes)
        taken_classes.add(python_class)
        attribute = f"{group}_" if group in names.client_reserved else group
        module = f"{group}_api" if group in RESERVED_MODULES else group
        consumers.append(
            ConsumerPlan(
                attribute, module, python_class, _consumer_doc(ops, tag_docs, group), methods
            )
        )
        consumers[-1].default_error = default
    plan = ClientPlan(
        name=names.client,
        base_url=_base_url(doc),
        title=doc.title,
        version=doc.version,
        description=paragraphs(str(doc.data.get("info", {}).get("description") or ""), 1),
        consumers=consumers,
        errors=errors,
        model_set=model_set,
    )
    for consumer in consumers:
        for method in consumer.methods:
            plan.operations[method.operation_id] = (consumer.attribute, method.name)
    return plan
