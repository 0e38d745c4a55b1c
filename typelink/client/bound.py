"""A declared method bound to a runtime: calling it runs the whole pipeline once.

``api.issues.create`` is a :class:`BoundEndpoint`. Calling it builds the request from the
arguments with uplink's request builder (from the compiled declaration), then runs the
endpoint's pipeline chain; a ``Page[T]`` endpoint returns the first page instead, and
:meth:`BoundEndpoint.resume` continues a saved walk. :class:`EndpointBinding` is what the
blocking and the async bound endpoint share (everything but how a call waits).
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from typing import Any, Generic

from typelink._internal import uplink as _uplink
from typelink.declare.page import Page, PageState
from typelink.declare.request_encoder import RequestEncoder
from typelink.declare.spec import EndpointSpec
from typelink.errors import (
    APIStatusError,
    BlockingCallError,
    ConfigurationError,
    InvalidArgumentError,
    TypelinkError,
)
from typelink.pagination.executor import resume_pages, start_pages
from typelink.pipeline import orchestrator
from typelink.pipeline.orchestrator import UplinkRequest
from typelink.policies.paginators import Paginator
from typelink.policies.retry import RetryPolicy
from typelink.transport.connection import Connection
from typelink.transport.runtime import ConnectionT, Runtime

__all__ = ["BoundEndpoint", "EndpointBinding"]


class EndpointBinding(Generic[ConnectionT]):
    """One declared method of one consumer instance (a view has its own)."""

    __slots__ = (
        "__name__",
        "_base_url",
        "_chain",
        "_consumer_policy",
        "_encoder",
        "_headers",
        "_runtime",
        "_spec",
    )

    def __init__(
        self,
        spec: EndpointSpec,
        runtime: Runtime[ConnectionT],
        headers: Mapping[str, str],
        base_url: str,
        consumer_policy: RetryPolicy | None = None,
        consumer_errors: tuple[type[APIStatusError[Any]], ...] = (),
    ) -> None:
        self._spec = spec
        self._runtime = runtime
        self._headers = headers
        self._base_url = base_url
        self._consumer_policy = consumer_policy
        self._encoder = RequestEncoder(spec, spec.options.form_style or runtime.config.form_style)
        self._chain = orchestrator.chain_for(spec, runtime, consumer_errors)
        self.__name__ = spec.info.name

    @property
    def spec(self) -> EndpointSpec:
        """The compiled declaration."""
        return self._spec

    @property
    def runtime(self) -> Runtime[ConnectionT]:
        """The configuration and connection this endpoint is bound to."""
        return self._runtime

    @property
    def base_url(self) -> str:
        """The base URL this endpoint's requests go to (its group's named one, if any)."""
        return self._base_url

    @property
    def default_paginator(self) -> Paginator | None:
        """The client's ``paginate=`` strategy, if any."""
        return self._runtime.config.paginate

    @property
    def secrets(self) -> tuple[str, ...]:
        """The credential's current secret values."""
        return self._runtime.secrets

    def build(self, *args: Any, **kwargs: Any) -> UplinkRequest:
        """The request for these arguments, every value written for the wire (no pipeline
        step applied): uplink builds it from the declaration, then typelink encodes the
        query, headers, form and parts (see :mod:`typelink.declare.encoding`)."""
        spec = self._spec
        builder = _uplink.RequestBuilder(None, spec.converter_registry, self._base_url)
        try:
            spec.definition.define_request(builder, args, kwargs)
        except TypelinkError:
            raise
        except TypeError as exc:
            raise TypeError(f"{spec.info.qualname}(): {exc}") from None
        except Exception as exc:
            raise InvalidArgumentError(f"{spec.info.qualname}(): {exc}") from exc
        return (builder.method, builder.url, self._encoder.encode(builder.info))

    def _check_open(self) -> None:
        if self._runtime.closed:
            raise ConfigurationError(f"{self._spec.info.qualname}: the client is closed")

    def __repr__(self) -> str:
        info = self._spec.info
        return f"<bound endpoint {info.qualname}: {info.http_method} {info.path}>"


class BoundEndpoint(EndpointBinding[Connection]):
    """A blocking client's bound endpoint."""

    __slots__ = ()

    def execute(self, request: UplinkRequest, spec: EndpointSpec | None = None) -> Any:
        """Run the pipeline for an already-built request (``spec``: parse with its parser)."""
        if asyncio._get_running_loop() is not None:
            raise BlockingCallError(
                f"{self._spec.info.qualname}: a blocking client was called inside a running "
                "event loop, where it would stall every task; use an async client "
                "(typelink.AsyncClient / AsyncConsumer), or run it with asyncio.to_thread"
            )
        spec = spec or self._spec
        runtime = self._runtime
        outgoing = orchestrator.prepare(spec, runtime, self._headers, request)
        return orchestrator.run(self._chain, spec, runtime, outgoing, self._consumer_policy)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self._check_open()
        request = self.build(*args, **kwargs)
        if self._spec.page_item_type is not None:
            return start_pages(self, request)
        return self.execute(request)

    def resume(self, state: PageState | str | bytes, *args: Any, **kwargs: Any) -> Page[Any]:
        """Continue a paginated call from a saved :class:`PageState` (or its JSON)."""
        self._check_open()
        if isinstance(state, (str, bytes)):
            state = PageState.from_json(state)
        request = self.build(*args, **kwargs) if args or kwargs else None
        return resume_pages(self, state, request)
