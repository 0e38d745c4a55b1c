"""uplink's request builder, with the work that does not depend on a call's arguments done once.

uplink builds every request from its declaration through a ``RequestBuilder``: the request
definition sets the method and URI template, each argument's annotation converts its value
and puts it in place, the method annotations run, and the URL is the base URL joined with
the expanded template. :class:`ReusingRequestBuilder` is that builder, and uplink still does
all of this, but it does not repeat per call what is the same on every call:

* a URI template is parsed once (uplink parses it again on every call, and again after each
  path variable it fills in); the variables are collected and the template expanded once,
  which gives uplink's result for templates whose expressions name one variable each (a
  template with ``{a,b}`` is built by uplink's own URI builder). A template made of plain
  ``{name}`` expressions is split into its literal text and names once, and a call whose
  values are all text fills it in directly, each value quoted as ``uritemplate`` quotes a
  simple expansion (every character but the unreserved ones percent-encoded); any other
  value goes through ``uritemplate``;
* the converter an argument's annotation asks for is looked up once per endpoint and type
  (uplink walks its converter factories on every call);
* the URL is the base URL followed by the expanded template whenever ``urljoin`` would give
  exactly that (a relative path without dot segments, empty segments or a scheme, under a
  base URL ending with ``/``), and ``urljoin``'s answer otherwise.

:class:`CallBinder` binds a call's arguments to the declared parameters as uplink's
``get_call_args`` does (``inspect.Signature.bind`` plus defaults), for the usual signature;
anything else is left to uplink.

This module subclasses uplink's builder, so importing it imports uplink (through
:mod:`typelink._internal.uplink`, the one module that touches it): a bound endpoint imports
it when it is made, once its declaration is compiled and uplink loaded anyway.
"""

from __future__ import annotations

import collections
import functools
import importlib
import inspect
import re
import weakref
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote as _quote
from urllib.parse import urljoin

from typelink._internal import uplink as _uplink

__all__ = ["BuildPlan", "CallBinder", "ReusingRequestBuilder", "join_url", "plan_for"]

_uritemplate: Any = importlib.import_module("uritemplate")
_uritemplate_variable: Any = importlib.import_module("uritemplate.variable")


class _Template:
    """A parsed URI template whose expressions name one variable each.

    ``literals`` and ``names`` are set when every expression is a plain ``{name}`` (no
    operator, modifier or default): the template is ``literals[0] + value of names[0] +
    literals[1] + ...``; otherwise they are empty and ``uritemplate`` expands it.
    """

    __slots__ = ("literals", "names", "template")

    def __init__(self, template: Any, uri: str) -> None:
        self.template = template
        self.literals: tuple[str, ...] = ()
        self.names: tuple[str, ...] = ()
        if all(_is_plain(variable) for variable in template.variables):
            pieces = _EXPRESSION.split(uri)  # literal, expression, literal, ...
            self.literals = tuple(pieces[0::2])
            self.names = tuple(pieces[1::2])

    def expand(self, variables: Mapping[str, Any]) -> str:
        """The URL path for ``variables``: directly when the template is plain and every
        value given is text, else by ``uritemplate``."""
        literals = self.literals
        if literals:
            parts = [literals[0]]
            for index, name in enumerate(self.names):
                value = variables.get(name)
                if value is not None:
                    if type(value) is not str:
                        break
                    parts.append(_quote(value, ""))
                parts.append(literals[index + 1])
            else:
                return "".join(parts)
        expanded: str = self.template.expand(variables)
        return expanded


_EXPRESSION = re.compile("{([^}]+)}")
"""An expression in a URI template, as ``uritemplate`` finds them."""


def _is_plain(variable: Any) -> bool:
    """True for a ``{name}`` expression: uritemplate's simple string expansion of one
    variable, without explode, prefix or default."""
    return (
        variable.operator is _uritemplate_variable.Operator.default
        and variable.original == variable.variable_names[0]
        and not variable.defaults
    )


@functools.lru_cache(maxsize=1024)
def _parse(uri: str) -> _Template | None:
    """The parsed template, or None when an expression names several variables (uplink
    fills those in one variable at a time, which this builder does not imitate)."""
    template = _uritemplate.URITemplate(uri)
    if any(len(variable.variable_names) != 1 for variable in template.variables):
        return None
    return _Template(template, uri)


class _TemplateURL:
    """Stands in for uplink's ``URIBuilder``: variables are collected, then expanded once."""

    __slots__ = ("template", "variables")

    def __init__(self, template: _Template) -> None:
        self.template = template
        self.variables: dict[str, Any] = {}

    def set_variable(self, var_dict: Mapping[str, Any] | None = None, **kwargs: Any) -> None:
        if var_dict:
            self.variables.update(var_dict)
        self.variables.update(kwargs)

    def remaining_variables(self) -> set[str]:
        return set(self.template.template.variable_names) - set(self.variables)

    def build(self) -> str:
        return self.template.expand(self.variables)


def _uri_builder(uri: str | None) -> Any:
    parsed = _parse(uri or "")
    if parsed is None:
        return _uplink.URIBuilder(uri)
    return _TemplateURL(parsed)


def join_url(base: str, relative: str) -> str:
    """``urljoin(base, relative)``, without parsing both when the answer is ``base +
    relative``: ``base`` ends with ``/`` and has no query or fragment, and ``relative`` is a
    path (no scheme, not absolute) without ``.``/``..`` or empty segments, and without
    ``;`` in its last segment (``urlparse`` splits that off as parameters)."""
    if (
        relative
        and base.endswith("/")
        and relative[0] not in "/?#"
        and "?" not in base
        and "#" not in base
    ):
        path = relative
        for stop in "?#":
            found = path.find(stop)
            if found >= 0:
                path = path[:found]
        segments = path.split("/")
        if (
            ":" not in segments[0]
            and ";" not in segments[-1]  # urljoin reads ";..." there as parameters
            and "" not in segments[:-1]
            and "." not in segments
            and ".." not in segments
            and "//" not in base.partition("//")[2]
        ):
            return base + relative
    return urljoin(base, relative)


class ReusingRequestBuilder(_uplink.request_builder_type()):  # type: ignore[misc]  # untyped
    """uplink's ``RequestBuilder`` (see the module docstring). ``converters`` is the
    endpoint's cache of looked-up converters, shared by its calls."""

    def __init__(
        self,
        client: Any,
        converter_registry: Any,
        base_url: str,
        converters: dict[Any, Any],
    ) -> None:
        # uplink's own attributes, but for the URI template parsed per call
        self._method = None
        self._relative_url_template: Any = None
        self._return_type = None
        self._client = client
        self._base_url = base_url
        self._info: dict[str, Any] = collections.defaultdict(dict)
        self._context: dict[str, Any] = {}
        self._converter_registry = converter_registry
        self._transaction_hooks: list[Any] = []
        self._request_templates: list[Any] = []
        self._converters = converters

    def set_url_variable(self, variables: Any) -> None:
        if self._relative_url_template is None:
            self._relative_url_template = _uri_builder("")
        self._relative_url_template.set_variable(variables)

    @property
    def relative_url(self) -> str:
        if self._relative_url_template is None:
            return ""
        built: str = self._relative_url_template.build()
        return built

    @relative_url.setter
    def relative_url(self, url: str) -> None:
        self._relative_url_template = _uri_builder(url)

    @property
    def url(self) -> str:
        return join_url(self._base_url, self.relative_url)

    def get_converter(self, converter_key: Any, *args: Any, **kwargs: Any) -> Any:
        key = (converter_key, args, tuple(kwargs.items()))
        try:
            return self._converters[key]
        except KeyError:
            pass
        except TypeError:  # an unhashable argument: looked up every time
            return self._converter_registry[converter_key](*args, **kwargs)
        converter = self._converter_registry[converter_key](*args, **kwargs)
        if len(self._converters) < 256:
            self._converters[key] = converter
        return converter


_EMPTY = inspect.Parameter.empty


class CallBinder:
    """Binds a call's arguments to a function's parameters as uplink's ``get_call_args``
    does; None from :meth:`bind` means "let uplink do it" (an unusual signature or call,
    whose error uplink words)."""

    __slots__ = ("defaults", "names", "usable")

    def __init__(self, func: Callable[..., Any]) -> None:
        parameters = list(inspect.signature(func).parameters.values())
        self.usable = all(p.kind is p.POSITIONAL_OR_KEYWORD for p in parameters)
        self.names = tuple(p.name for p in parameters)
        self.defaults = tuple(p.default for p in parameters)

    def bind(self, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> dict[str, Any] | None:
        """``{name: value}`` in parameter order for ``func(*args, **kwargs)``, defaults
        filled in; ``args`` starts with the value of the first parameter (``self``)."""
        names = self.names
        count = len(args)
        if not self.usable or count > len(names):
            return None
        bound = dict(zip(names, args, strict=False))
        used = 0
        for index in range(count, len(names)):
            name = names[index]
            if name in kwargs:
                bound[name] = kwargs[name]
                used += 1
            elif self.defaults[index] is not _EMPTY:
                bound[name] = self.defaults[index]
            else:
                return None  # a missing argument
        if used != len(kwargs):
            return None  # an unknown keyword, or one also given by position
        return bound


class BuildPlan:
    """How one endpoint's requests are built (shared by every bound copy of the endpoint):
    uplink's request definition, its converters as looked up, and whether the arguments may
    be bound here and handed to the definition's own argument and method handlers (what
    uplink's ``define_request`` does after ``get_call_args``).

    When they may, the annotated parameters are listed once, in the order uplink's handler
    visits them, each with how uplink's ``modify_request`` treats its value (see
    :func:`_argument_steps`), and the converter each asks for is looked up on the first call
    and kept: a call then converts and places each value without asking the registry."""

    __slots__ = ("arguments", "binder", "converters", "definition")

    def __init__(self, definition: Any) -> None:
        self.definition = definition
        self.converters: dict[Any, Any] = {}
        self.binder: CallBinder | None = None
        self.arguments: tuple[_ArgumentStep, ...] | None = None
        handler: Any = getattr(definition, "_argument_handler", None)
        if (
            type(definition).define_request is _uplink.request_definition_type().define_request
            and type(handler).handle_call is _uplink.argument_handler_type().handle_call
            and callable(getattr(handler, "_func", None))
        ):
            binder = CallBinder(handler._func)
            self.binder = binder if binder.usable else None
            if self.binder is not None:
                self.arguments = _argument_steps(handler, binder.names)

    def new_builder(self, converter_registry: Any, base_url: str) -> ReusingRequestBuilder:
        """A builder for one call (uplink's builders hold one request's state)."""
        return ReusingRequestBuilder(None, converter_registry, base_url, self.converters)

    def define(self, builder: Any, args: tuple[Any, ...], kwargs: Mapping[str, Any]) -> None:
        """``definition.define_request(builder, args, kwargs)``."""
        definition = self.definition
        bound = self.binder.bind((None, *args), kwargs) if self.binder is not None else None
        if bound is None:
            definition.define_request(builder, args, kwargs)
            return
        builder.method = definition._method
        builder.relative_url = definition._uri
        builder.return_type = definition._return_type
        if self.arguments is None:
            definition._argument_handler.handle_call_args(builder, bound)
        else:
            for step in self.arguments:
                step.apply(builder, bound[step.name])
        definition._method_handler.handle_builder(builder)


class _ArgumentStep:
    """One annotated parameter: ``apply`` is its annotation's ``modify_request``.

    ``kind`` is ``"own"`` for an annotation with its own ``modify_request`` (called as
    it is), ``"plain"`` for uplink's ``ArgumentAnnotation.modify_request`` (convert, then
    ``_modify_request``) and ``"none"`` for ``EncodeNoneMixin``'s (a None value skipped
    or replaced by ``_encode_none`` first)."""

    __slots__ = ("annotation", "converter", "kind", "name")

    def __init__(self, name: str, annotation: Any, kind: str) -> None:
        self.name = name
        self.annotation = annotation
        self.kind = kind
        self.converter: Any = _UNSET

    def apply(self, builder: Any, value: Any) -> None:
        annotation = self.annotation
        kind = self.kind
        if kind == "own":
            annotation.modify_request(builder, value)
            return
        if kind == "none" and value is None:
            value = annotation._encode_none
            if value is None:
                return
        converter = self.converter
        if converter is _UNSET:
            converter = builder.get_converter(annotation.converter_key, annotation.type)
            self.converter = converter
        annotation._modify_request(builder, converter(value) if converter else value)


_UNSET: Any = object()


def _argument_steps(handler: Any, names: tuple[str, ...]) -> tuple[_ArgumentStep, ...] | None:
    """The steps for ``handler``'s annotated parameters, in parameter order (the order
    ``handle_call_args`` visits a bound call's arguments); None when the handler or an
    annotation does not behave as uplink's own classes do (then uplink's handler runs)."""
    handler_type = _uplink.argument_handler_type()
    if (
        type(handler).handle_call_args is not handler_type.handle_call_args
        or type(handler).get_relevant_arguments is not handler_type.get_relevant_arguments
    ):
        return None
    annotations = handler._arguments
    plain = _uplink.argument_annotation_type().modify_request
    none_mixin = _uplink.encode_none_mixin_type().modify_request
    steps: list[_ArgumentStep] = []
    for name in names:
        annotation = annotations.get(name)
        if annotation is None:
            continue
        method = type(annotation).modify_request
        kind = "plain" if method is plain else "none" if method is none_mixin else "own"
        steps.append(_ArgumentStep(name, annotation, kind))
    return tuple(steps)


_PLANS: weakref.WeakKeyDictionary[Any, BuildPlan] = weakref.WeakKeyDictionary()


def plan_for(definition: Any) -> BuildPlan:
    """The endpoint's :class:`BuildPlan` (made on first use)."""
    plan = _PLANS.get(definition)
    if plan is None:
        plan = _PLANS[definition] = BuildPlan(definition)
    return plan
