"""What the call pipeline does with an Auth, reduced to the steps the auth tests need:
apply -> send -> on 401 refresh once and replay. Used by the thread and process tests."""

from __future__ import annotations

import requests

from typelink.declare.spec import ANONYMOUS_ENDPOINT
from typelink.policies.protocols import Auth
from typelink.transport.request import OutgoingRequest


def call(auth: Auth, url: str, session: requests.Session | None = None) -> int:
    """GET ``url`` with ``auth``; replay once after a 401 when the auth renewed."""
    sender = session or requests.Session()
    status = 0
    for attempt in range(2):
        request = OutgoingRequest("GET", url)
        generation = auth.apply(request, ANONYMOUS_ENDPOINT)
        method, target, extras = request.to_uplink()
        status = sender.request(method, target, timeout=10, **extras).status_code
        if status != 401 or attempt == 1 or not auth.refresh(generation, ANONYMOUS_ENDPOINT):
            break
    return status
