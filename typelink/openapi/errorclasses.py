"""Declared error classes from a description's error responses.

Each (status, JSON body type) pair the selected operations document becomes one class, so
``except NotFoundError`` still catches it and its ``parsed`` is the typed body::

    class BoxNotFoundError(NotFoundError, APIStatusError[ClientError]):
        status_codes = frozenset({404})
        parsed: ClientError

A status typelink has a class for (400, 401, 403, 404, 409, 422, 429, 5xx) keeps it as a
base; ``4XX``/``5XX`` ranges match the whole range; a ``default`` response becomes a class
that matches any error status whose body validates (``StripeError``). Names are the client's
name, then the ``#/components/responses`` entry the response refers to (GitHub's
``validation_failed``) or the status's reason phrase, then ``Error``. Responses without a
JSON body add nothing to the built-in classes and get none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from typelink.openapi.naming import class_name, unique
from typelink.openapi.prose import first_sentence
from typelink.openapi.select import SelectedOperation
from typelink.openapi.types import ANY, OperationTypes, TypeExpr, names_in, render

__all__ = ["ErrorClassDef", "ErrorPlan", "plan_errors"]

_BUILTIN = {
    400: "BadRequestError",
    401: "AuthenticationError",
    403: "PermissionDeniedError",
    404: "NotFoundError",
    409: "ConflictError",
    422: "UnprocessableEntityError",
    429: "RateLimitError",
}
_REASONS = {
    400: "BadRequest",
    401: "Unauthorized",
    402: "PaymentRequired",
    403: "Forbidden",
    404: "NotFound",
    405: "MethodNotAllowed",
    406: "NotAcceptable",
    409: "Conflict",
    410: "Gone",
    412: "PreconditionFailed",
    413: "ContentTooLarge",
    415: "UnsupportedMediaType",
    422: "UnprocessableEntity",
    423: "Locked",
    429: "TooManyRequests",
    500: "InternalServer",
    501: "NotImplemented",
    502: "BadGateway",
    503: "ServiceUnavailable",
    504: "GatewayTimeout",
}
_RANGES = {"4XX": "Client", "5XX": "Server"}


@dataclass(frozen=True)
class ErrorClassDef:
    """One generated error class."""

    name: str
    status: str
    body: TypeExpr
    base: str | None
    doc: str

    @property
    def status_codes(self) -> str | None:
        """Source of the ``status_codes`` value, or None (any error status)."""
        if self.status == "default":
            return None
        if self.status.upper() in _RANGES:
            first = int(self.status[0]) * 100
            return f"frozenset(range({first}, {first + 100}))"
        return f"frozenset({{{int(self.status)}}})"


@dataclass
class ErrorPlan:
    """The classes to generate, and which ones each operation declares."""

    classes: list[ErrorClassDef] = field(default_factory=list)
    specific: dict[str, list[str]] = field(default_factory=dict)
    """operationId -> classes for its statuses (exact codes first, then ranges)."""
    default: dict[str, str] = field(default_factory=dict)
    """operationId -> the class of its ``default`` response, when it has one."""

    def builtins(self) -> set[str]:
        """The typelink classes the generated ones extend."""
        return {c.base for c in self.classes if c.base is not None}


def _order(status: str) -> tuple[int, str]:
    if status.isdigit():
        return (0, status)
    return (1, status) if status != "default" else (2, status)


def _json_body(media: Mapping[str, TypeExpr]) -> TypeExpr | None:
    for content_type in sorted(media, key=lambda ct: (ct != "application/json", ct)):
        if "json" in content_type and media[content_type] != ANY:
            return media[content_type]
    return None


def _base(status: str) -> str | None:
    if status.isdigit():
        code = int(status)
        return "InternalServerError" if code >= 500 else _BUILTIN.get(code)
    return "InternalServerError" if status.upper() == "5XX" else None


def _phrase(status: str) -> str:
    if status == "default":
        return "An error answer"
    if status.upper() in _RANGES:
        return f"A {_RANGES[status.upper()].lower()} error"
    words = re.findall(r"[A-Z][a-z]*", _REASONS.get(int(status), ""))
    return " ".join([words[0], *(w.lower() for w in words[1:])]) if words else f"Status {status}"


def _stem(status: str, component: str | None) -> str:
    if component:
        return class_name(component).removesuffix("Error")
    if status == "default":
        return ""
    if status.upper() in _RANGES:
        return _RANGES[status.upper()]
    return _REASONS.get(int(status), f"Status{status}")


def _name(prefix: str, stem: str, body: TypeExpr, used: set[str]) -> str:
    """``{prefix}{stem}Error``; when another body took it, the body's own names go in too
    (``GitHubConflictRepositoryRuleViolationError``), numbers only as the last resort."""
    plain = f"{prefix}{stem}Error"
    if plain not in used:
        return plain
    parts = [n.removesuffix("Error") for n in sorted(names_in(body)) if n not in plain]
    return unique(f"{prefix}{stem}{''.join(parts)}Error", used)


def plan_errors(
    selected: Iterable[SelectedOperation],
    types: Mapping[str, OperationTypes],
    prefix: str,
    taken: Iterable[str],
) -> ErrorPlan:
    """Error classes for the JSON error bodies of the ``selected`` operations; ``prefix``
    starts every name (the client's name), ``taken`` are names the classes must not use."""
    plan = ErrorPlan()
    used = set(taken)
    by_key: dict[tuple[str, str], str] = {}
    for op in selected:
        components = {e.status: e.component for e in op.errors}
        descriptions = {e.status: e.description for e in op.errors}
        errors = types[op.operation_id].errors
        for status in sorted(errors, key=_order):
            body = _json_body(errors[status])
            if body is None:
                continue
            key = (status, render(body))
            name = by_key.get(key)
            if name is None:
                name = _name(prefix, _stem(status, components.get(status)), body, used)
                used.add(name)
                by_key[key] = name
                # A shared response's description says what the error means; one written
                # for one operation ("the folder is locked") would mislead the others.
                shared = components.get(status) is not None
                doc = first_sentence(descriptions.get(status, "")) if shared else _phrase(status)
                plan.classes.append(ErrorClassDef(name, status, body, _base(status), doc))
            if status == "default":
                plan.default[op.operation_id] = name
            else:
                plan.specific.setdefault(op.operation_id, []).append(name)
    return plan
