"""Credentials: put them on each attempt, and renew them after a 401.

:class:`AuthStep` applies the client's :class:`typelink.Auth` to a copy of the request for
each attempt, only when the request's origin is trusted, and remembers the credential
generation it used. :class:`ReplayStep` answers a 401 from a trusted origin by asking the
auth to refresh (single flight: a credential someone else already renewed is simply reused)
and replaying the request, if its body can be sent again; a bounded number of times per call.
"""

from __future__ import annotations

from typelink import events
from typelink.pipeline.call import Call, Exchange, Proceed
from typelink.pipeline.effects import Flow, invoke, twin_of
from typelink.policies.protocols import Auth
from typelink.transport.request import OutgoingRequest

__all__ = ["AuthStep", "ReplayStep"]


class AuthStep:
    """Adds the credential to each attempt sent to a trusted origin."""

    __slots__ = ("apply", "auth")

    def __init__(self, auth: Auth) -> None:
        self.auth = auth
        self.apply = twin_of(auth, "apply")

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        if not request.trusted:
            return (yield from proceed(request))
        attempt = request.copy()
        call.generation = yield from invoke(self.apply, attempt, call.endpoint)
        return (yield from proceed(attempt))


class ReplayStep:
    """After a 401: refresh and send the same request again.

    The auth decides by generation (the credential the failed send used): if that is still
    the current one it renews it, if someone renewed it meanwhile it hands out the newer one.
    A replay that meets a 401 again asks again, so a credential that was renewed but died
    before this call used it is renewed in turn; the auth's ``refreshes_per_call`` bounds
    how often one call asks (once for an auth that does not say).
    """

    __slots__ = ("auth", "limit", "refresh", "reports_itself")

    def __init__(self, auth: Auth) -> None:
        self.auth = auth
        self.refresh = twin_of(auth, "refresh")
        limit = getattr(auth, "refreshes_per_call", 1)
        self.limit = limit if isinstance(limit, int) and limit >= 1 else 1
        # An auth that reports its own refreshes (ExpiringTokenAuth) emits the event itself.
        self.reports_itself = hasattr(auth, "add_refresh_listener")

    def __call__(self, call: Call, request: OutgoingRequest, proceed: Proceed) -> Flow[Exchange]:
        exchange = yield from proceed(request)
        while True:
            response = exchange.response
            if response is None or response.status_code != 401:
                return exchange
            if call.refreshes_401 >= self.limit:
                return exchange
            if not request.trusted or not request.body_is_replayable:
                return exchange
            call.refreshes_401 += 1
            renewed = yield from invoke(self.refresh, call.generation, call.endpoint)
            if not renewed:
                return exchange
            listeners = call.runtime.config.listeners
            if not self.reports_itself and (listeners or events.has_global_listeners()):
                events.emit(events.CredentialRefreshed(call.endpoint, "unauthorized"), listeners)
            response.close()
            exchange = yield from proceed(request)
