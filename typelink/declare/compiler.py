"""Compiling a declared method into an :class:`EndpointSpec`.

A decorated method becomes a :class:`DeclaredMethod` descriptor. When the consumer class is
created (``Consumer.__init_subclass__``), the signature and type hints are compiled: which
argument goes where, how the body is encoded, how the response is parsed, and an uplink
request definition that builds the request from a call's arguments. Declarations that cannot
work fail right there, naming ``Class.method`` and the argument. If a hint refers to a name
defined later in the module (``from __future__ import annotations``), compilation is retried
on first use, with the same checks.
"""

from __future__ import annotations

import functools
import importlib
import inspect
import re
import sys
import typing
from collections.abc import Callable, Mapping
from typing import Any

from typelink._internal import uplink as _uplink
from typelink.declare import encoding
from typelink.declare.arguments import check_wire_names, classify
from typelink.declare.page import page_item_type
from typelink.declare.parsing import build_parser
from typelink.declare.spec import (
    IDEMPOTENT_METHODS,
    Argument,
    ArgumentKind,
    BodyKind,
    EndpointInfo,
    EndpointOptions,
    EndpointSpec,
    Parser,
)
from typelink.errors import DeclarationError

__all__ = ["HEADERS_ATTRIBUTE", "DeclaredMethod", "lookup_endpoint"]

PATH_VARIABLE = re.compile(r"\{([+#./;?&]?)([A-Za-z_][A-Za-z0-9_]*)\}")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
HEADERS_ATTRIBUTE = "__typelink_headers__"
"""Where ``@headers`` keeps static headers on a function or a consumer class."""

Fail = Callable[[str], DeclarationError]


@functools.cache
def _converters() -> tuple[Any, ...]:
    """typelink's encoder first, then uplink's defaults (built with the first declaration,
    so importing typelink does not import uplink)."""
    return (encoding.WireConverterFactory(), *_uplink.default_converter_factories())


def _fail(owner: str, method: str, message: str) -> DeclarationError:
    return DeclarationError(f"{owner}.{method}: {message}")


class DeclaredMethod:
    """The descriptor a declared method becomes; compiled once per consumer class into an
    :class:`EndpointSpec`, and bound to each consumer instance as a ``BoundEndpoint``."""

    def __init__(
        self, func: Callable[..., Any], http_method: str, path: str, options: EndpointOptions
    ) -> None:
        self.func = func
        self.http_method = http_method
        self.path = path.lstrip("/")
        self.options = options
        self.name = func.__name__
        self.owner: type | None = None
        self._spec: EndpointSpec | None = None
        self._extra_headers: dict[str, str] = {}
        self.__doc__ = func.__doc__
        self.__wrapped__ = func
        self._check_path_template()

    def _check_path_template(self) -> None:
        params = list(inspect.signature(self.func).parameters)[1:]
        owner = self.func.__qualname__.rsplit(".", 1)[0]
        for _, variable in PATH_VARIABLE.findall(self.path):
            if variable not in params:
                raise _fail(
                    owner,
                    self.name,
                    f"path variable {{{variable}}} in {self.path!r} has no matching argument",
                )

    def __set_name__(self, owner: type, name: str) -> None:
        self.owner = owner
        self.name = name

    def compile_now(self) -> None:
        """Compile at class creation, so broken declarations fail there; a hint naming
        something defined later defers compilation to first use."""
        try:
            self._spec = self._compile()
        except NameError:
            self._spec = None

    @property
    def compiled(self) -> EndpointSpec | None:
        """The spec if it is compiled already (None while a forward reference waits)."""
        return self._spec

    @property
    def spec(self) -> EndpointSpec:
        """The compiled declaration (compiling now if a forward reference delayed it)."""
        if self._spec is None:
            self._spec = self._compile()
        return self._spec

    def __get__(self, instance: Any, owner: type | None = None) -> Any:
        if instance is None:
            return self
        bound = instance._typelink_bind_endpoint(self)
        instance.__dict__[self.name] = bound
        return bound

    def add_headers(self, values: Mapping[str, str]) -> None:
        """Static headers for this endpoint (``@headers`` placed above the HTTP decorator)."""
        self._extra_headers.update(values)
        if self._spec is not None:
            self._spec.method_headers.update(values)

    def __repr__(self) -> str:
        owner = self.owner.__name__ if self.owner is not None else "?"
        return f"<typelink endpoint {owner}.{self.name}: {self.http_method} {self.path}>"

    # -- compilation -------------------------------------------------------------------

    def _hints(self) -> dict[str, Any]:
        localns: dict[str, Any] = {}
        if self.owner is not None:
            localns[self.owner.__name__] = self.owner
        return typing.get_type_hints(
            self.func,
            globalns=getattr(self.func, "__globals__", None) or _module_globals(self.func),
            localns=localns,
            include_extras=True,
        )

    def _compile(self) -> EndpointSpec:
        owner_name = self.owner.__name__ if self.owner is not None else "<unbound>"

        def fail(message: str) -> DeclarationError:
            return _fail(owner_name, self.name, message)

        hints = self._hints()
        parameters = list(inspect.signature(self.func).parameters.values())
        if not parameters:
            raise fail("a consumer method needs a `self` argument")
        parameters = parameters[1:]
        arguments = tuple(self._arguments(parameters, hints, fail))
        body = _body_kind(arguments, self.http_method, fail)
        if "return" not in hints:
            raise fail(
                "declare the return type (it is the response contract); use -> None for none"
            )
        response_type = hints["return"]
        method_headers = {"Content-Type": "application/json"} if body is BodyKind.JSON else {}
        method_headers.update(getattr(self.func, HEADERS_ATTRIBUTE, {}))
        method_headers.update(self._extra_headers)
        definition = self._uplink_definition(
            parameters, arguments, f"{owner_name}.{self.name}", fail
        )
        idempotent = self.options.idempotent
        info = EndpointInfo(
            consumer=owner_name,
            name=self.name,
            path=self.path,
            http_method=self.http_method,
            idempotent=self.http_method in IDEMPOTENT_METHODS if idempotent is None else idempotent,
            ref=f"{self.func.__module__}:{self.func.__qualname__}",
        )
        item_type = page_item_type(response_type)
        parser = _parser_for(response_type, item_type, method_headers)
        return EndpointSpec(
            info=info,
            options=self.options,
            arguments=arguments,
            response_type=response_type,
            parser=parser,
            definition=definition,
            converter_registry=definition.make_converter_registry(_converters()),
            method_headers=method_headers,
            body=body,
            page_item_type=item_type,
        )

    def _arguments(
        self, parameters: list[inspect.Parameter], hints: dict[str, Any], fail: Fail
    ) -> list[Argument]:
        path_vars = {name for _, name in PATH_VARIABLE.findall(self.path)}
        arguments: list[Argument] = []
        for param in parameters:
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                raise fail(f"argument {param.name!r}: *args and **kwargs cannot be declared")
            if param.name not in hints:
                raise fail(f"argument {param.name!r} has no type annotation")
            arguments.append(
                classify(
                    param.name, hints[param.name], param.default, path_vars, self.http_method, fail
                )
            )
        check_wire_names(arguments, fail)
        used_path = {a.wire_name for a in arguments if a.kind is ArgumentKind.PATH}
        missing = path_vars - used_path
        if missing:
            raise fail(f"path variable {{{sorted(missing)[0]}}} in {self.path!r} has no argument")
        return arguments

    def _uplink_definition(
        self,
        parameters: list[inspect.Parameter],
        arguments: tuple[Argument, ...],
        qualname: str,
        fail: Fail,
    ) -> Any:
        """uplink's request definition for this method (built from an unannotated shim, so
        uplink sees only typelink's own argument annotations)."""
        shim_params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        shim_params += [p.replace(annotation=inspect.Parameter.empty) for p in parameters]

        def shim(*args: Any, **kwargs: Any) -> None:  # pragma: no cover - never called
            raise NotImplementedError

        shim.__signature__ = inspect.Signature(shim_params)  # type: ignore[attr-defined]
        shim.__name__ = self.name
        shim.__qualname__ = self.func.__qualname__
        reserved = {name for op, name in PATH_VARIABLE.findall(self.path) if op in "+#" and op}
        mapping = {a.name: _uplink_annotation(a, qualname, reserved) for a in arguments}
        builder = _uplink.HttpMethod(self.http_method, self.path, mapping)(shim)
        if any(a.kind is ArgumentKind.PART for a in arguments):
            builder = _uplink.multipart(builder)
        elif any(a.kind in (ArgumentKind.FORM_BODY, ArgumentKind.FORM_FIELD) for a in arguments):
            builder = _uplink.form_url_encoded(builder)
        try:
            return builder.build()
        except Exception as exc:
            raise fail(f"uplink rejected the declaration: {exc}") from exc


def _body_kind(arguments: tuple[Argument, ...], method: str, fail: Fail) -> BodyKind | None:
    """How the body is encoded, after checking the body arguments fit together."""
    bodies = [a for a in arguments if a.kind.is_whole_body]
    if len(bodies) > 1:
        names = ", ".join(repr(a.name) for a in bodies)
        raise fail(f"two body arguments ({names}); a request has one body")
    fields = [a for a in arguments if a.kind is ArgumentKind.FORM_FIELD]
    parts = [a for a in arguments if a.kind is ArgumentKind.PART]
    if bodies and (fields or parts):
        raise fail(
            f"argument {bodies[0].name!r} is the whole body, so "
            f"{(fields or parts)[0].name!r} cannot add form fields or parts"
        )
    body_like = bodies + fields + parts
    if body_like and method not in _BODY_METHODS:
        raise fail(f"argument {body_like[0].name!r} is a request body, but {method} has no body")
    if bodies:
        return _WHOLE_BODY[bodies[0].kind]
    if parts:
        return BodyKind.MULTIPART
    return BodyKind.FORM if fields else None


_WHOLE_BODY = {
    ArgumentKind.JSON_BODY: BodyKind.JSON,
    ArgumentKind.RAW_BODY: BodyKind.RAW,
    ArgumentKind.FORM_BODY: BodyKind.FORM,
}


def _uplink_annotation(arg: Argument, qualname: str, reserved: set[str]) -> Any:
    """The uplink argument annotation, tagged with typelink's converter for the value.

    Query, header, form and part values pass through uplink unchanged: the encoding pass
    after the build (:class:`typelink.declare.request_encoder.RequestEncoder`) writes them.
    ``reserved``: path variables expanded with ``{+name}``, whose ``/`` stays a separator.
    """
    kind, wire, tp = arg.kind, arg.wire_name, arg.annotation
    if kind is ArgumentKind.PATH:
        return _uplink.PathArg(
            wire,
            type=encoding.Wire(tp, encoding.path_encoder(qualname, arg.name, wire in reserved)),
        )
    passthrough = encoding.Wire(tp, encoding.passthrough)
    if kind is ArgumentKind.QUERY:
        return _uplink.QueryArg(wire, type=passthrough)
    if kind is ArgumentKind.HEADER:
        return _uplink.HeaderArg(wire, type=passthrough)
    if kind is ArgumentKind.JSON_BODY:
        encoder = encoding.json_body_encoder(tp, arg.not_given, qualname, arg.name)
        return _uplink.BodyArg(type=encoding.Wire(tp, encoder))
    if kind is ArgumentKind.RAW_BODY:
        return _uplink.BodyArg(type=encoding.Wire(tp, encoding.raw_body_encoder))
    if kind is ArgumentKind.FORM_BODY:
        return _uplink.BodyArg(type=passthrough)
    if kind is ArgumentKind.FORM_FIELD:
        return _uplink.FieldArg(wire, type=passthrough)
    return _uplink.PartArg(wire, type=passthrough)


def _parser_for(response_type: Any, item_type: Any, method_headers: Mapping[str, str]) -> Parser:
    """The endpoint's parser; a bytes or str endpoint knows the ``Accept`` it declares."""
    if item_type is not None:
        return _page_parsed_by_paginator
    accept = next((v for k, v in method_headers.items() if k.lower() == "accept"), None)
    return build_parser(response_type, accept)


def _page_parsed_by_paginator(response: Any) -> Any:
    """``Page[T]`` endpoints are parsed by their strategy's page parser, never by this."""
    raise TypeError("a Page endpoint's response is parsed by its paginator")


def _module_globals(func: Callable[..., Any]) -> dict[str, Any]:
    module = sys.modules.get(func.__module__)
    return dict(vars(module)) if module is not None else {}


def lookup_endpoint(ref: str) -> EndpointSpec:
    """The compiled declaration behind ``"package.module:Class.method"`` (used by tools)."""
    module_name, _, qualname = ref.partition(":")
    if not module_name or not qualname:
        raise DeclarationError(f"{ref!r} is not of the form 'package.module:Class.method'")
    try:
        target: Any = importlib.import_module(module_name)
    except ImportError as exc:
        raise DeclarationError(f"cannot import {module_name!r} for {ref!r}: {exc}") from None
    for part in qualname.split("."):
        try:
            target = inspect.getattr_static(target, part)
        except AttributeError:
            raise DeclarationError(f"{ref!r}: {part!r} not found") from None
    if not isinstance(target, DeclaredMethod):
        raise DeclarationError(f"{ref!r} is not a typelink endpoint")
    return target.spec
