"""Following redirects ourselves, so credentials only ever go to trusted origins.

301/302/303 are followed for GET and HEAD (303 turns other methods into GET without the
body); 307/308 are followed for every method with the same method and body, unless the body
was a stream the first send used up. A 301/302 answer to a write is not followed: the error
mapping step raises it. Each target's origin decides again whether it may see credentials.
"""

from __future__ import annotations

from urllib.parse import urljoin

from typelink._internal.http import REDIRECT_STATUSES
from typelink.errors import APIConnectionError
from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow
from typelink.transport.connection import SharedConnection
from typelink.transport.request import OutgoingRequest

__all__ = ["MAX_REDIRECTS", "RedirectStep"]

MAX_REDIRECTS = 10


class RedirectStep:
    """Follows ``Location`` up to :data:`MAX_REDIRECTS` times."""

    __slots__ = ("connection",)

    def __init__(self, connection: SharedConnection) -> None:
        self.connection = connection

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        while True:
            exchange = yield from proceed(request)
            response = exchange.response
            if response is None or response.status_code not in REDIRECT_STATUSES:
                return exchange
            location = response.headers.get("Location")
            if location is None or not _follows(response.status_code, request):
                return exchange
            if call.redirects >= MAX_REDIRECTS:
                url = call.redact(request.full_url())
                raise APIConnectionError(
                    f"{request.method} {url}: more than {MAX_REDIRECTS} redirects",
                    method=request.method,
                    url=url,
                )
            request = self._target(request, response.status_code, location)
            call.redirects += 1
            response.close()

    def _target(self, request: OutgoingRequest, status: int, location: str) -> OutgoingRequest:
        target = request.copy()
        target.url = urljoin(request.full_url(), location)
        target.params = {}
        target.trusted = self.connection.is_trusted(target.url)
        if status == 303 and request.method != "HEAD":
            target.method = "GET"
            for key in ("data", "json", "files"):
                target.kwargs.pop(key, None)
            target.headers = {
                k: v for k, v in target.headers.items() if k.lower() != "content-type"
            }
        return target


def _follows(status: int, request: OutgoingRequest) -> bool:
    if status in (301, 302):
        return request.method in ("GET", "HEAD")
    if status in (307, 308):
        return request.body_is_replayable
    return True
