"""Parsing: the final response becomes the declared return type.

The endpoint's parser (built once when the declaration was compiled) runs on the body bytes.
Its errors are typed already; here they lose any secret of the credential (parsers know no
credentials), and a body that breaks off while it is read is a connection error.
"""

from __future__ import annotations

import requests

from typelink.declare.parsing import RawResponse
from typelink.errors import TypelinkError, redact_error
from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow
from typelink.pipeline.steps.send import connection_error
from typelink.policies.cache_stores import MISSING
from typelink.transport.request import OutgoingRequest

__all__ = ["ParseStep"]


class ParseStep:
    """Runs the endpoint's parser on a successful response (a cached value is kept as is)."""

    __slots__ = ()

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        exchange = yield from proceed(request)
        response = exchange.response
        if exchange.value is not MISSING or response is None or response.status_code >= 300:
            return exchange  # a cached value, or a 304 the cache step answers
        secrets = call.runtime.secrets
        try:
            value = call.spec.parser(response)
        except TypelinkError as exc:
            redact_error(exc, secrets)
            raise
        except requests.RequestException as exc:
            url = call.redact(exchange.request.full_url())
            raise connection_error(exc, exchange.request.method, url, secrets) from None
        if isinstance(value, RawResponse):
            value.hide_secrets(secrets)
        exchange.value = value
        return exchange
