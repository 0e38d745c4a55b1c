"""The last step: put the request on the wire, and type what the transport raises.

Nothing from ``requests`` or urllib3 leaves this step: a request that cannot be built is an
:class:`InvalidArgumentError` (nothing was sent, a retry cannot help), a timeout an
:class:`APITimeoutError`, every other transport failure an :class:`APIConnectionError`.
Their messages are redacted: urllib3 quotes the request path and query, and ``requests``
quotes offending header values (often a credential read from a file with its newline).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable

import requests

from typelink._internal.limits import DeadlineExceeded, ResponseTooLarge
from typelink._internal.logs import logger
from typelink._internal.redact import redact_text, redact_url
from typelink.errors import (
    APIConnectionError,
    APIError,
    APITimeoutError,
    InvalidArgumentError,
    ResponseTooLargeError,
    TypelinkError,
)
from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow, send
from typelink.transport.failures import TransportFailure, TransportTimeout, TransportUnsendable
from typelink.transport.request import OutgoingRequest

__all__ = ["SendStep", "connection_error", "unsendable_error"]

UNSENDABLE = (
    requests.exceptions.InvalidHeader,
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.URLRequired,
    requests.exceptions.InvalidJSONError,
    UnicodeEncodeError,
    TransportUnsendable,
)
"""``requests`` refused to build the request: nothing was sent, and a retry cannot help."""

_URL_IN_TEXT = re.compile(r"(url: )(\S+)")


def connection_error(
    exc: BaseException, method: str, url: str, secrets: Iterable[str] = ()
) -> APIConnectionError:
    """Map a transport exception to the typed connection or timeout error."""
    kind = type(exc).__name__
    if isinstance(exc, (requests.Timeout, TransportTimeout)):
        return APITimeoutError(f"{method} {url}: timed out ({kind})", method=method, url=url)
    return APIConnectionError(
        f"{method} {url}: connection failed ({kind}: {_describe(exc, secrets)})",
        method=method,
        url=url,
    )


def unsendable_error(exc: BaseException, method: str, url: str) -> InvalidArgumentError:
    """The typed error for a request ``requests`` would not send (only the kind of problem
    is reported: the offending value is often a credential)."""
    hint = ""
    if isinstance(exc, requests.exceptions.InvalidHeader):
        hint = ": a header value has leading whitespace or a line break (a token read from a file?)"
    elif isinstance(exc, UnicodeEncodeError):
        hint = ": a header value is not Latin-1 text (HTTP headers cannot carry it as is)"
    elif isinstance(exc, TransportUnsendable) and exc.hint:
        hint = f": {exc.hint}"
    return InvalidArgumentError(
        f"{method} {url}: the request cannot be sent ({type(exc).__name__}{hint})"
    )


def _describe(exc: BaseException, secrets: Iterable[str]) -> str:
    """The transport's own words, shortened, without secrets (redacted first, then cut, so a
    secret is never cut in half and missed)."""
    secrets = tuple(secrets)
    text = _URL_IN_TEXT.sub(lambda m: m.group(1) + redact_url(m.group(2), secrets), str(exc))
    text = redact_text(text, secrets)
    return text if len(text) <= 200 else text[:200] + "..."


class SendStep:
    """Sends through the transport (the driver performs the send)."""

    __slots__ = ()

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        try:
            response = yield from send(request)
        except TypelinkError:
            raise
        except (ResponseTooLarge, DeadlineExceeded) as exc:
            limit_error = _limit_error(exc, call, request)
        except (requests.RequestException, OSError, ValueError, TransportFailure) as exc:
            url = call.redact(request.full_url())
            if isinstance(exc, UNSENDABLE):
                raise unsendable_error(exc, request.method, url) from None
            error = connection_error(exc, request.method, url, call.runtime.secrets)
            if logger.isEnabledFor(logging.DEBUG):
                logger.debug(
                    "%s %s -> %s (attempt %d) [%s]",
                    request.method,
                    url,
                    type(error).__name__,
                    call.attempt,
                    call.endpoint.qualname,
                )
            raise error from None
        else:
            return Exchange(request, response)
        raise limit_error from None


def _limit_error(exc: Exception, call: Call, request: OutgoingRequest) -> APIError:
    """The typed error for a response that outgrew its size limit or the call's budget."""
    method, url = request.method, call.redact(request.full_url())
    if isinstance(exc, ResponseTooLarge):
        status = getattr(exc, "status_code", 0)
        return ResponseTooLargeError(
            f"{method} {url} -> {status}: {exc} (max_response_size {exc.limit}); "
            "reading stopped there",
            method=method,
            url=url,
            limit=exc.limit,
            status_code=status,
        )
    budget = call.policy.total_budget or 0.0
    return APITimeoutError(
        f"{method} {url}: timed out: the call's total_budget of {budget:g} s ran out ({exc})",
        method=method,
        url=url,
    )
