"""An async consumer's declared method bound to a runtime: awaiting a call runs the pipeline.

``await api.issues.create(...)`` builds the request with uplink's request builder (the same
:meth:`EndpointBinding.build` as a blocking call: uplink's own async execution, which starts
a thread per call, is not used), then drives the endpoint's chain of steps with the async
driver. An ``AsyncPage[T]`` endpoint returns the first page.
"""

from __future__ import annotations

from typing import Any

from typelink.client.bound import EndpointBinding
from typelink.declare.async_page import AsyncPage
from typelink.declare.page import PageState
from typelink.declare.spec import EndpointSpec
from typelink.pagination.executor import resume_pages_async, start_pages_async
from typelink.pipeline import orchestrator
from typelink.pipeline.orchestrator import UplinkRequest
from typelink.transport.async_connection import AsyncConnection

__all__ = ["AsyncBoundEndpoint"]


class AsyncBoundEndpoint(EndpointBinding[AsyncConnection]):
    """An async client's bound endpoint: calling it returns an awaitable."""

    __slots__ = ()

    async def execute(self, request: UplinkRequest, spec: EndpointSpec | None = None) -> Any:
        """Run the pipeline for an already-built request (``spec``: parse with its parser)."""
        spec = spec or self._spec
        runtime = self._runtime
        outgoing = orchestrator.prepare(spec, runtime, self._headers, request)
        return await orchestrator.run_async(
            self._chain, spec, runtime, outgoing, self._consumer_policy
        )

    async def __call__(self, *args: Any, **kwargs: Any) -> Any:
        self._check_open()
        request = self.build(*args, **kwargs)
        spec = self._spec
        if spec.page_item_type is not None:
            return await start_pages_async(self, request)
        runtime = self._runtime  # execute(), inlined: one coroutine fewer per call
        outgoing = orchestrator.prepare(spec, runtime, self._headers, request)
        return await orchestrator.run_async(
            self._chain, spec, runtime, outgoing, self._consumer_policy
        )

    async def resume(
        self, state: PageState | str | bytes, *args: Any, **kwargs: Any
    ) -> AsyncPage[Any]:
        """Continue a paginated call from a saved :class:`PageState` (or its JSON)."""
        self._check_open()
        if isinstance(state, (str, bytes)):
            state = PageState.from_json(state)
        request = self.build(*args, **kwargs) if args or kwargs else None
        return await resume_pages_async(self, state, request)
