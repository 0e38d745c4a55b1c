"""Make an example call through a generated client, as a user would.

The generated package says where each operation is declared (``_operations.OPERATIONS``);
the compiled declaration says which argument carries which parameter. Each example value is
given to the method as the type its argument declares (a model for an object, a
``datetime`` for a date-time), so what reaches the wire is the client's own encoding.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import TypeAdapter

from typelink import APIStatusError, Page, ResponseValidationError
from typelink.declare.compiler import PATH_VARIABLE, DeclaredMethod
from typelink.declare.spec import ArgumentKind

from .expected import ExampleCall
from .spec_server import SpecServer

__all__ = ["Outcome", "run_call", "run_error"]

_SPEC_VARIABLE = re.compile(r"\{([^}]+)\}")
_BODIES = (ArgumentKind.JSON_BODY, ArgumentKind.FORM_BODY, ArgumentKind.RAW_BODY)


@dataclass
class Outcome:
    """What one example call did: the server's complaints, or the client's error.

    ``answer_refused``: the request was exact, but the client refused the answer (the
    description's own example does not fit its schema).
    """

    call: str
    problems: list[str]
    answer_refused: bool = False

    def __str__(self) -> str:
        return f"{self.call}: {'; '.join(self.problems)}"


def _declaration(
    client: Any, operations: Mapping[str, tuple[str, str]], operation_id: str
) -> tuple[Any, str, DeclaredMethod]:
    attribute, name = operations[operation_id]
    consumer = getattr(client, attribute)
    declared = inspect.getattr_static(type(consumer), name)
    assert isinstance(declared, DeclaredMethod), operation_id
    return consumer, name, declared


def _value(annotation: Any, value: Any) -> Any:
    if isinstance(value, bytes) or annotation is bytes:
        return value if isinstance(value, bytes) else str(value).encode()
    return TypeAdapter(annotation).validate_python(value)


def arguments(call: ExampleCall, declared: DeclaredMethod, spec_path: str) -> dict[str, Any]:
    """Keyword arguments carrying the call's values, by the declaration's argument names."""
    spec = declared.spec
    declared_vars = [name for _, name in PATH_VARIABLE.findall(spec.info.path)]
    path_names = dict(zip(declared_vars, _SPEC_VARIABLE.findall(spec_path), strict=True))
    headers = {name.lower(): value for name, value in call.header.items()}
    kwargs: dict[str, Any] = {}
    for argument in spec.arguments:
        wire, kind = argument.wire_name, argument.kind
        if kind is ArgumentKind.PATH:
            value = call.path[path_names[wire]]
        elif kind is ArgumentKind.QUERY:
            name = wire[:-2] if wire.endswith("[]") and wire[:-2] in call.query else wire
            if name not in call.query:
                continue
            value = call.query[name]
        elif kind is ArgumentKind.HEADER:
            if wire.lower() not in headers:
                continue
            value = headers[wire.lower()]
        elif kind in _BODIES:
            if not call.has_body:
                continue
            value = call.body
        elif kind is ArgumentKind.PART:
            if not call.has_body or wire not in call.body:
                continue
            value = call.body[wire]
        else:
            raise AssertionError(f"{argument.name}: {kind} is not sent by generated clients")
        kwargs[argument.name] = _value(argument.annotation, value)
    return kwargs


def run_call(
    server: SpecServer,
    client: Any,
    operations: Mapping[str, tuple[str, str]],
    call: ExampleCall,
    spec_path: str,
) -> Outcome:
    """Make ``call``; the outcome lists what the server refused or the client raised."""
    consumer, name, declared = _declaration(client, operations, call.operation_id)
    label = f"{call.operation_id} ({call.label})"
    try:
        kwargs = arguments(call, declared, spec_path)
    except Exception as exc:  # the example does not fit the generated types
        return Outcome(label, [f"arguments: {type(exc).__name__}: {exc}"])
    server.expect(call.expected, call.reply)
    try:
        result = getattr(consumer, name)(**kwargs)
        if isinstance(result, Page):
            list(result.items)
    except Exception as exc:
        if server.problems:
            return Outcome(label, list(server.problems))
        refused = isinstance(exc, ResponseValidationError)
        return Outcome(label, [f"{type(exc).__name__}: {exc}"], answer_refused=refused)
    return Outcome(label, list(server.problems))


def run_error(
    server: SpecServer,
    client: Any,
    operations: Mapping[str, tuple[str, str]],
    call: ExampleCall,
    spec_path: str,
) -> Outcome:
    """Answer ``call`` with its documented error: the declared class must be raised, with
    the body parsed into its type."""
    assert call.error is not None
    consumer, name, declared = _declaration(client, operations, call.operation_id)
    label = f"{call.operation_id} (error {call.error.status})"
    kwargs = arguments(call, declared, spec_path)
    server.expect(call.expected, call.error)
    try:
        getattr(consumer, name)(**kwargs)
    except APIStatusError as exc:
        problems = list(server.problems)
        cls = type(exc)
        if cls.__module__.rpartition(".")[2] != "errors" or cls.body_type is None:
            problems.append(f"raised {cls.__qualname__}, not a declared error class")
        elif not (not cls.status_codes or exc.status_code in cls.status_codes):
            problems.append(f"{cls.__name__} does not match status {exc.status_code}")
        elif exc.parsed is None:
            problems.append(f"{cls.__name__}.parsed is None")
        return Outcome(label, problems)
    return Outcome(label, [*server.problems, "no error was raised"])
