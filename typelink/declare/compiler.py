"""Declaring endpoints: the ``get``/``post``/... decorators and their compilation.

A decorated method becomes an :class:`Endpoint` descriptor. When the consumer class is
created (``__set_name__``), the signature and type hints are compiled into an
:class:`EndpointSpec`: which argument goes where, how the body is encoded, how the response is
parsed, and an uplink request definition that builds the request. Declarations that cannot
work fail right there, naming ``Class.method`` and the argument. If a hint refers to a name
that is defined later in the module (``from __future__ import annotations``), compilation is
retried on first use, with the same checks.

The decorators are typed as returning the function unchanged, so mypy and pyright see each
method's own parameters and return type.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
import inspect
import re
import sys
import types
import typing
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Annotated, Any, Literal, TypeVar, get_args, get_origin

import pydantic

from typelink._internal import uplink as _uplink
from typelink.declare import encoding
from typelink.declare.markers import (
    BodyMarker,
    FormMarker,
    HeaderMarker,
    Marker,
    PartMarker,
    PathMarker,
    QueryMarker,
)
from typelink.declare.parsing import Parser, build_parser, is_none_type
from typelink.declare.spec import IDEMPOTENT_METHODS, EndpointInfo
from typelink.errors import DeclarationError

F = TypeVar("F", bound=Callable[..., Any])

_PATH_VARIABLE = re.compile(r"\{([+#./;?&]?)([A-Za-z_][A-Za-z0-9_]*)\}")
_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_SCALARS: tuple[type, ...] = (
    str,
    int,
    float,
    bool,
    Decimal,
    uuid.UUID,
    enum.Enum,
    dt.datetime,
    dt.date,
    dt.time,
)
_HEADERS_ATTR = "__typelink_headers__"


@dataclass(frozen=True)
class EndpointOptions:
    """Per-endpoint settings given to the decorator."""

    idempotent: bool | None = None
    retry: Any = None
    paginate: Any = None
    timeout: float | tuple[float, float] | None = None
    cache: bool | float | None = None


@dataclass
class Argument:
    """One compiled method argument."""

    name: str
    kind: str
    wire_name: str
    annotation: Any


@dataclass
class EndpointSpec:
    """Everything a call needs that does not change between calls."""

    info: EndpointInfo
    options: EndpointOptions
    arguments: list[Argument]
    response_type: Any
    parser: Parser
    definition: Any
    converter_registry: Any
    method_headers: dict[str, str]
    body_kind: str | None = None
    page_item_type: Any = None
    extras: dict[str, Any] = field(default_factory=dict)


def _fail(owner: str, method: str, message: str) -> DeclarationError:
    return DeclarationError(f"{owner}.{method}: {message}")


def _split_annotated(tp: Any) -> tuple[Any, list[Marker]]:
    """``Annotated[T, Query()]`` -> ``(T, [Query()])``; marker classes count as markers too."""
    markers: list[Marker] = []
    while get_origin(tp) is Annotated:
        base, *meta = get_args(tp)
        for item in meta:
            if isinstance(item, Marker):
                markers.append(item)
            elif isinstance(item, type) and issubclass(item, Marker):
                markers.append(item())
        tp = base
    return tp, markers


def _strip_optional(tp: Any) -> Any:
    origin = get_origin(tp)
    if origin is typing.Union or origin is types.UnionType:
        args = [a for a in get_args(tp) if not is_none_type(a)]
        if len(args) == 1:
            return args[0]
    return tp


def _is_model(tp: Any) -> bool:
    tp = _strip_optional(tp)
    if isinstance(tp, type) and issubclass(tp, pydantic.BaseModel):
        return True
    origin = get_origin(tp)
    if origin in (list, tuple, typing.Sequence) or (
        isinstance(origin, type) and issubclass(origin, (list, tuple))
    ):
        return any(_is_model(arg) for arg in get_args(tp))
    return False


def _is_simple(tp: Any) -> bool:
    """Types that can travel as a string in a path, query string or header."""
    tp = _strip_optional(tp)
    if tp is Any or tp is object:
        return False
    if isinstance(tp, type) and issubclass(tp, _SCALARS):
        return True
    origin = get_origin(tp)
    if origin is Literal:
        return True
    if origin is typing.Union or origin is types.UnionType:
        return all(_is_simple(a) or is_none_type(a) for a in get_args(tp))
    if origin in (list, tuple, set, frozenset) or origin is typing.Sequence:
        args = [a for a in get_args(tp) if a is not Ellipsis]
        return bool(args) and all(_is_simple(a) for a in args)
    return False


def _module_globals(func: Callable[..., Any]) -> dict[str, Any]:
    module = sys.modules.get(func.__module__)
    return dict(vars(module)) if module is not None else {}


def _uplink_annotation(arg: Argument, body_methods_ok: bool) -> Any:
    kind = arg.kind
    if kind == "path":
        return _uplink.PathArg(arg.wire_name, type=encoding.PATH_VALUE)
    if kind == "query":
        return _uplink.QueryArg(arg.wire_name)
    if kind == "header":
        return _uplink.HeaderArg(arg.wire_name)
    if kind == "json":
        return _uplink.BodyArg(
            type=encoding.Wire(arg.annotation, encoding.json_body_encoder(arg.annotation))
        )
    if kind == "raw":
        return _uplink.BodyArg(type=encoding.Wire(arg.annotation, encoding.raw_body_encoder))
    if kind == "form":
        return _uplink.BodyArg(type=encoding.Wire(arg.annotation, encoding.form_body_encoder))
    if kind == "form_field":
        return _uplink.FieldArg(
            arg.wire_name, type=encoding.Wire(arg.annotation, encoding.form_field_encoder)
        )
    if kind == "part":
        return _uplink.PartArg(
            arg.wire_name, type=encoding.Wire(arg.annotation, encoding.part_encoder)
        )
    raise AssertionError(kind)  # pragma: no cover


_CONVERTERS: tuple[Any, ...] = (
    encoding.WireConverterFactory(),
    *_uplink.default_converter_factories(),
)


class Endpoint:
    """The descriptor a declared method becomes; compiled once per consumer class."""

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
        for _, variable in _PATH_VARIABLE.findall(self.path):
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
        """Compile at class creation (``Consumer.__init_subclass__``), so broken declarations
        fail there; a hint naming something defined later defers compilation to first use."""
        try:
            self._spec = self._compile()
        except NameError:
            self._spec = None

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

    # -- compilation -------------------------------------------------------------------

    def _hints(self) -> dict[str, Any]:
        owner = self.owner
        localns: dict[str, Any] = {}
        if owner is not None:
            localns[owner.__name__] = owner
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
        signature = inspect.signature(self.func)
        parameters = list(signature.parameters.values())
        if not parameters:
            raise fail("a consumer method needs a `self` argument")
        parameters = parameters[1:]
        path_vars = {name for _, name in _PATH_VARIABLE.findall(self.path)}
        method = self.http_method
        arguments: list[Argument] = []
        for param in parameters:
            if param.kind in (param.VAR_POSITIONAL, param.VAR_KEYWORD):
                raise fail(f"argument {param.name!r}: *args and **kwargs cannot be declared")
            if param.name not in hints:
                raise fail(f"argument {param.name!r} has no type annotation")
            arguments.append(self._classify(param.name, hints[param.name], path_vars, fail))
        used_path = {a.wire_name for a in arguments if a.kind == "path"}
        missing = path_vars - used_path
        if missing:
            raise fail(f"path variable {{{sorted(missing)[0]}}} in {self.path!r} has no argument")
        body_args = [a for a in arguments if a.kind in ("json", "raw", "form")]
        if len(body_args) > 1:
            names = ", ".join(repr(a.name) for a in body_args)
            raise fail(f"two body arguments ({names}); a request has one body")
        field_args = [a for a in arguments if a.kind == "form_field"]
        part_args = [a for a in arguments if a.kind == "part"]
        if body_args and (field_args or part_args):
            raise fail(
                f"argument {body_args[0].name!r} is the whole body, so "
                f"{(field_args or part_args)[0].name!r} cannot add form fields or parts"
            )
        body_like = body_args + field_args + part_args
        if body_like and method not in _BODY_METHODS:
            raise fail(
                f"argument {body_like[0].name!r} is a request body, but {method} has no body"
            )
        if "return" not in hints:
            raise fail(
                "declare the return type (it is the response contract); use -> None for none"
            )
        response_type = hints["return"]
        page_item_type, parser = self._response(response_type)
        body_kind = (
            body_args[0].kind
            if body_args
            else ("multipart" if part_args else ("form" if field_args else None))
        )
        method_headers = {"Content-Type": "application/json"} if body_kind == "json" else {}
        method_headers.update(getattr(self.func, _HEADERS_ATTR, {}))
        method_headers.update(self._extra_headers)
        definition = self._uplink_definition(parameters, arguments, fail)
        idempotent = self.options.idempotent
        info = EndpointInfo(
            consumer=owner_name,
            name=self.name,
            path=self.path,
            http_method=method,
            idempotent=method in IDEMPOTENT_METHODS if idempotent is None else idempotent,
            ref=f"{self.func.__module__}:{self.func.__qualname__}",
        )
        return EndpointSpec(
            info=info,
            options=self.options,
            arguments=arguments,
            response_type=response_type,
            parser=parser,
            definition=definition,
            converter_registry=definition.make_converter_registry(_CONVERTERS),
            method_headers=method_headers,
            body_kind=body_kind,
            page_item_type=page_item_type,
        )

    def _response(self, response_type: Any) -> tuple[Any, Parser]:
        """The page item type (for ``Page[T]``) and the response parser."""
        from typelink.pagination.executor import page_item_type

        item_type = page_item_type(response_type)
        if item_type is not None:
            return item_type, _page_parsed_by_paginator
        return None, build_parser(response_type)

    def _classify(
        self,
        name: str,
        annotation: Any,
        path_vars: set[str],
        fail: Callable[[str], DeclarationError],
    ) -> Argument:
        tp, markers = _split_annotated(annotation)
        if len(markers) > 1:
            raise fail(f"argument {name!r} has more than one marker: {markers}")
        marker = markers[0] if markers else None
        wire = (marker.name if marker is not None else None) or name
        if isinstance(marker, PathMarker) or (marker is None and name in path_vars):
            if wire not in path_vars:
                raise fail(
                    f"argument {name!r} names path variable {{{wire}}}, not in {self.path!r}"
                )
            if not _is_simple(tp):
                raise fail(f"argument {name!r}: a path variable must be a scalar, not {tp!r}")
            return Argument(name, "path", wire, tp)
        if isinstance(marker, QueryMarker):
            if not _is_simple(tp):
                raise fail(f"argument {name!r}: {tp!r} cannot be sent as a query parameter")
            return Argument(name, "query", wire, tp)
        if isinstance(marker, HeaderMarker):
            if not _is_simple(tp):
                raise fail(f"argument {name!r}: {tp!r} cannot be sent as a header")
            return Argument(name, "header", wire, tp)
        if isinstance(marker, BodyMarker):
            bare = _strip_optional(tp)
            if bare is bytes or bare is str or bare is typing.IO or _is_stream_type(bare):
                return Argument(name, "raw", wire, tp)
            return Argument(name, "json", wire, tp)
        if isinstance(marker, FormMarker):
            if _is_simple(tp):
                return Argument(name, "form_field", wire, tp)
            return Argument(name, "form", wire, tp)
        if isinstance(marker, PartMarker):
            return Argument(name, "part", wire, tp)
        if _is_model(tp):
            if self.http_method not in ("POST", "PUT", "PATCH"):
                raise fail(
                    f"argument {name!r} is a model, which would be a request body, "
                    f"but {self.http_method} has no body (mark it Query/Header or use POST)"
                )
            return Argument(name, "json", wire, tp)
        if _is_simple(tp):
            return Argument(name, "query", wire, tp)
        raise fail(
            f"argument {name!r}: annotation {tp!r} has no usable meaning; mark it "
            "Query[...], Header[...], Body[...], Form[...] or Part[...]"
        )

    def _uplink_definition(
        self,
        parameters: list[inspect.Parameter],
        arguments: list[Argument],
        fail: Callable[[str], DeclarationError],
    ) -> Any:
        shim_params = [inspect.Parameter("self", inspect.Parameter.POSITIONAL_OR_KEYWORD)]
        shim_params += [p.replace(annotation=inspect.Parameter.empty) for p in parameters]

        def shim(*args: Any, **kwargs: Any) -> None:  # pragma: no cover - never called
            raise NotImplementedError

        shim.__signature__ = inspect.Signature(shim_params)  # type: ignore[attr-defined]
        shim.__name__ = self.name
        shim.__qualname__ = self.func.__qualname__
        mapping = {a.name: _uplink_annotation(a, True) for a in arguments}
        factory = _uplink.HttpMethod(self.http_method, self.path, mapping)
        builder = factory(shim)
        if any(a.kind == "part" for a in arguments):
            builder = _uplink.multipart(builder)
        elif any(a.kind in ("form", "form_field") for a in arguments):
            builder = _uplink.form_url_encoded(builder)
        try:
            return builder.build()
        except Exception as exc:
            raise fail(f"uplink rejected the declaration: {exc}") from exc

    def add_headers(self, values: Mapping[str, str]) -> None:
        """Static headers for this endpoint (``@headers`` placed above the HTTP decorator)."""
        self._extra_headers.update(values)
        if self._spec is not None:
            self._spec.method_headers.update(values)

    def __repr__(self) -> str:
        owner = self.owner.__name__ if self.owner is not None else "?"
        return f"<typelink endpoint {owner}.{self.name}: {self.http_method} {self.path}>"


def _page_parsed_by_paginator(response: Any) -> Any:
    """``Page[T]`` endpoints are parsed by their paginator's page parser, never by this."""
    raise TypeError("a Page endpoint's response is parsed by its paginator")


def _is_stream_type(tp: Any) -> bool:
    origin = get_origin(tp) or tp
    return (
        isinstance(origin, type)
        and origin.__module__ in ("io", "typing")
        and "IO" in origin.__name__
    )


def _declare(http_method: str, path: str, options: EndpointOptions) -> Callable[[F], F]:
    """The decorator behind ``get``/``post``/...: turns the method into an :class:`Endpoint`."""
    if options.cache is not None:
        from typelink.policies.cache import check_endpoint_option

        check_endpoint_option(options.cache)

    def decorate(func: F) -> F:
        if isinstance(func, Endpoint):
            raise DeclarationError(f"{func!r} is already declared as an endpoint")
        return typing.cast(F, Endpoint(func, http_method, path, options))

    return decorate


def get(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: Any = None,
    paginate: Any = None,
    timeout: float | tuple[float, float] | None = None,
    cache: bool | float | None = None,
) -> Callable[[F], F]:
    """Declare a GET endpoint at the URI template ``path`` (relative to the base URL).

    ``paginate=`` picks the strategy of a ``Page[T]`` endpoint; ``cache=`` is a TTL in
    seconds (or True/False) for the client's response cache.
    """
    return _declare(
        "GET",
        path,
        EndpointOptions(
            idempotent=idempotent, retry=retry, paginate=paginate, timeout=timeout, cache=cache
        ),
    )


def head(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: Any = None,
    timeout: float | tuple[float, float] | None = None,
) -> Callable[[F], F]:
    """Declare a HEAD endpoint."""
    return _declare(
        "HEAD", path, EndpointOptions(idempotent=idempotent, retry=retry, timeout=timeout)
    )


def post(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: Any = None,
    paginate: Any = None,
    timeout: float | tuple[float, float] | None = None,
) -> Callable[[F], F]:
    """Declare a POST endpoint; ``idempotent=True`` lets the retry policy resend it."""
    return _declare(
        "POST",
        path,
        EndpointOptions(idempotent=idempotent, retry=retry, paginate=paginate, timeout=timeout),
    )


def put(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: Any = None,
    timeout: float | tuple[float, float] | None = None,
) -> Callable[[F], F]:
    """Declare a PUT endpoint."""
    return _declare(
        "PUT", path, EndpointOptions(idempotent=idempotent, retry=retry, timeout=timeout)
    )


def patch(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: Any = None,
    timeout: float | tuple[float, float] | None = None,
) -> Callable[[F], F]:
    """Declare a PATCH endpoint; ``idempotent=True`` lets the retry policy resend it."""
    return _declare(
        "PATCH", path, EndpointOptions(idempotent=idempotent, retry=retry, timeout=timeout)
    )


def delete(
    path: str,
    *,
    idempotent: bool | None = None,
    retry: Any = None,
    timeout: float | tuple[float, float] | None = None,
) -> Callable[[F], F]:
    """Declare a DELETE endpoint."""
    return _declare(
        "DELETE", path, EndpointOptions(idempotent=idempotent, retry=retry, timeout=timeout)
    )


T = TypeVar("T")


def headers(values: Mapping[str, str]) -> Callable[[T], T]:
    """Static headers for one method (put it under or over ``@get``) or a whole consumer class."""
    frozen = dict(values)

    def apply(target: T) -> T:
        if isinstance(target, Endpoint):
            target.add_headers(frozen)
            return target
        if isinstance(target, type):
            current = dict(target.__dict__.get(_HEADERS_ATTR, {}))
            current.update(frozen)
            setattr(target, _HEADERS_ATTR, current)
            return target
        if callable(target):
            current = dict(getattr(target, _HEADERS_ATTR, {}))
            current.update(frozen)
            setattr(target, _HEADERS_ATTR, current)
            return target
        raise DeclarationError(f"headers() cannot decorate {target!r}")

    return apply


def class_headers(cls: type) -> dict[str, str]:
    """Headers set with ``@headers`` on ``cls`` and its bases (bases first)."""
    result: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        result.update(klass.__dict__.get(_HEADERS_ATTR, {}))
    return result


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
    if not isinstance(target, Endpoint):
        raise DeclarationError(f"{ref!r} is not a typelink endpoint")
    return target.spec
