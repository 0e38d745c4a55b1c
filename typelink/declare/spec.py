"""The shared data of a declared endpoint: what every hook sees and what every call needs.

* :class:`EndpointInfo`: static facts about one declared method. Every hook (auth, rate
  limit, retry, logging, events, the testing plugin) receives it, so behaviour and
  diagnostics can depend on *which* method made the call without reaching into the consumer.
* :class:`Argument` and :class:`ArgumentKind`: where each method argument goes.
* :class:`EndpointOptions`: what the decorator was given (``@get(..., retry=...)``).
* :class:`EndpointSpec`: the compiled declaration, built once per consumer class by
  :mod:`typelink.declare.compiler` and read by the pipeline, pagination and tools.

This module is a leaf of the package: it imports only the policy *values* it stores.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from typelink._internal.http import IDEMPOTENT_METHODS
from typelink.declare.styles import FormStyle, QueryStyle
from typelink.errors import APIStatusError
from typelink.policies.paginators import Paginator
from typelink.policies.retry import RetryPolicy
from typelink.transport.response import HTTPResponse

__all__ = [
    "ANONYMOUS_ENDPOINT",
    "IDEMPOTENT_METHODS",
    "Argument",
    "ArgumentKind",
    "BodyKind",
    "EndpointInfo",
    "EndpointOptions",
    "EndpointSpec",
    "Parser",
    "Timeout",
]

Parser = Callable[[HTTPResponse], Any]
"""Turns a response into the declared return type (built once per endpoint)."""

Timeout = float | tuple[float, float]
"""Seconds, or ``(connect, read)`` seconds."""


@dataclass(frozen=True, slots=True)
class EndpointInfo:
    """Static facts about one declared endpoint.

    ``ref`` is an importable reference (``"package.module:Class.method"``) so tools such as
    ``typelink cassettes check`` can find the declaration again from a recorded cassette.
    """

    consumer: str
    name: str
    path: str
    http_method: str
    idempotent: bool
    ref: str = ""

    @property
    def qualname(self) -> str:
        """``Consumer.method``, the form used in messages and logs."""
        return f"{self.consumer}.{self.name}"


ANONYMOUS_ENDPOINT = EndpointInfo(
    consumer="<direct>", name="request", path="", http_method="GET", idempotent=True
)


class ArgumentKind(str, enum.Enum):
    """Where one method argument travels in the request.

    A ``str`` enum, so a kind also compares equal to its value (``"query"``).
    """

    PATH = "path"
    """A URI-template variable."""
    QUERY = "query"
    """A query-string parameter."""
    HEADER = "header"
    """A request header."""
    JSON_BODY = "json"
    """The whole body, encoded as JSON."""
    RAW_BODY = "raw"
    """The whole body, sent as given (bytes, text, a file or an iterator)."""
    FORM_BODY = "form"
    """The whole body, a form (a model or a mapping of fields)."""
    FORM_FIELD = "form_field"
    """One field of a form body."""
    PART = "part"
    """One part of a multipart body."""

    @property
    def is_whole_body(self) -> bool:
        """True for the kinds that are the request's whole body."""
        return self in (ArgumentKind.JSON_BODY, ArgumentKind.RAW_BODY, ArgumentKind.FORM_BODY)


class BodyKind(str, enum.Enum):
    """How an endpoint's request body is encoded (None in the spec: no body)."""

    JSON = "json"
    RAW = "raw"
    FORM = "form"
    MULTIPART = "multipart"


@dataclass(frozen=True, slots=True)
class Argument:
    """One compiled method argument: its name, where it goes and under which wire name.

    ``style`` is a query argument's style; ``not_given`` is True when the annotation admits
    ``NotGiven`` (the argument can be left out, and ``None`` is then a value: a JSON null).
    """

    name: str
    kind: ArgumentKind
    wire_name: str
    annotation: Any
    style: QueryStyle | None = None
    not_given: bool = False


@dataclass(frozen=True)
class EndpointOptions:
    """Per-endpoint settings given to the decorator (None: the client's setting applies)."""

    idempotent: bool | None = None
    retry: RetryPolicy | None = None
    paginate: Paginator | None = None
    timeout: Timeout | None = None
    cache: bool | float | None = None
    form_style: FormStyle | None = None
    errors: tuple[type[APIStatusError[Any]], ...] = ()
    max_response_size: int | None = None
    """Largest decoded body (bytes) this endpoint reads; None: the client's limit."""


@dataclass(eq=False)
class EndpointSpec:
    """Everything a call needs that does not change between calls.

    ``definition`` and ``converter_registry`` are uplink's request definition and converter
    registry (uplink is untyped: see :mod:`typelink._internal.uplink`); they build the request
    from the call's arguments. ``page_item_type`` is ``T`` for a ``Page[T]`` endpoint.
    """

    info: EndpointInfo
    options: EndpointOptions
    arguments: tuple[Argument, ...]
    response_type: Any
    parser: Parser
    definition: Any
    converter_registry: Any
    method_headers: dict[str, str]
    body: BodyKind | None = None
    page_item_type: Any = None

    def with_parser(self, parser: Parser) -> EndpointSpec:
        """The same declaration parsed differently (a page parser for ``Page[T]``)."""
        return EndpointSpec(
            info=self.info,
            options=self.options,
            arguments=self.arguments,
            response_type=self.response_type,
            parser=parser,
            definition=self.definition,
            converter_registry=self.converter_registry,
            method_headers=self.method_headers,
            body=self.body,
            page_item_type=self.page_item_type,
        )
