"""Following redirects ourselves, so credentials only ever go to trusted origins.

301/302/303 are followed for GET and HEAD (303 turns other methods into GET without the
body); 307/308 are followed for every method with the same method and body, unless the body
was a stream the first send used up. A 301/302 answer to a write is not followed: the error
mapping step raises it. Each target's origin decides again whether it may see credentials,
read as the transport connects (:func:`typelink.transport.urls.parse_target`): a ``Location``
that two parsers could read differently (``http://evil\\@good/``) is refused with
:class:`UnsafeURLError`, and an untrusted target gets only the headers on the safe list.
"""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from typelink._internal.http import REDIRECT_STATUSES
from typelink._internal.logs import logger
from typelink.errors import APIConnectionError, UnsafeURLError
from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow
from typelink.transport.connection import SharedConnection
from typelink.transport.request import OutgoingRequest
from typelink.transport.urls import check_characters

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
            target = self._target(call, request, response.status_code, location)
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "%s %s -> %d: following the redirect to %s (%s) [%s]",
                    request.method,
                    call.redact(request.full_url()),
                    response.status_code,
                    call.redact(target.url),
                    "trusted" if target.trusted else "untrusted: no credentials",
                    call.endpoint.qualname,
                )
            request = target
            call.redirects += 1
            response.close()

    def _target(
        self, call: Call, request: OutgoingRequest, status: int, location: str
    ) -> OutgoingRequest:
        target = request.copy()
        target.url = urljoin(request.full_url(), location.strip(" "))
        target.params = {}
        refused: UnsafeURLError | None = None
        try:
            check_characters(location.strip(" "))  # before urljoin, which may hide them
            target.trusted = self.connection.is_trusted(target.url)
        except UnsafeURLError as exc:
            refused = self._refused(call, request, status, exc)
        if refused is not None:  # raised outside the handler: no chained context
            raise refused
        if status == 303 and request.method != "HEAD":
            target.method = "GET"
            for key in ("data", "json", "files"):
                target.kwargs.pop(key, None)
            target.headers = {
                k: v for k, v in target.headers.items() if k.lower() != "content-type"
            }
        return target

    @staticmethod
    def _refused(
        call: Call, request: OutgoingRequest, status: int, exc: UnsafeURLError
    ) -> UnsafeURLError:
        url = call.redact(request.full_url())
        return UnsafeURLError(
            f"{request.method} {url} -> {status}: refusing to follow the redirect: {exc}",
            reason=exc.reason,
        )


def _follows(status: int, request: OutgoingRequest) -> bool:
    if status in (301, 302):
        return request.method in ("GET", "HEAD")
    if status in (307, 308):
        return request.body_is_replayable
    return True
