"""The per-call pipeline, run by uplink's request execution as a ``RequestTemplate``.

For every call and every attempt, in order: build request (uplink, from the declaration) ->
auth (may refresh before expiry) -> rate limit (wait for quota) -> send -> on 401 refresh once
and replay -> retry policy -> error mapping -> parse into the declared type -> events/logging.

One :class:`CallPipeline` exists per call, so attempt counts, backoff and the idempotency key
belong to that call alone. Waits go through uplink's ``transitions.sleep``, so the same
template can later run under uplink's asyncio strategy.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Iterable, Mapping
from types import TracebackType
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import requests

from typelink import events
from typelink._internal.redact import redact_text, redact_url
from typelink._internal.uplink import transitions
from typelink.declare.parsing import RawResponse
from typelink.errors import (
    APIConnectionError,
    APIStatusError,
    APITimeoutError,
    InvalidArgumentError,
    RateLimitError,
    TypelinkError,
    redact_error,
    status_error_class,
)
from typelink.policies import cache
from typelink.policies.cache import CachedCall
from typelink.policies.cache_stores import MISSING
from typelink.policies.retry import RetryPolicy, RetryState
from typelink.transport.config import UNTRUSTED_ORIGIN
from typelink.transport.request import OutgoingRequest

if TYPE_CHECKING:
    from typelink.declare.compiler import EndpointSpec
    from typelink.transport.config import Runtime

logger = logging.getLogger("typelink")

UplinkRequest = tuple[str, str, Mapping[str, Any]]
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
MAX_REDIRECTS = 10


def connection_error(
    exc: BaseException, method: str, url: str, secrets: Iterable[str] = ()
) -> APIConnectionError:
    """Map a transport exception to the typed connection or timeout error."""
    kind = type(exc).__name__
    if isinstance(exc, requests.Timeout):
        return APITimeoutError(f"{method} {url}: timed out ({kind})", method=method, url=url)
    return APIConnectionError(
        f"{method} {url}: connection failed ({kind}: {_describe(exc, secrets)})",
        method=method,
        url=url,
    )


UNSENDABLE = (
    requests.exceptions.InvalidHeader,
    requests.exceptions.InvalidURL,
    requests.exceptions.MissingSchema,
    requests.exceptions.InvalidSchema,
    requests.exceptions.URLRequired,
    requests.exceptions.InvalidJSONError,
    UnicodeEncodeError,
)
"""``requests`` refused to build the request: nothing was sent, and a retry cannot help."""


def unsendable_error(exc: BaseException, method: str, url: str) -> InvalidArgumentError:
    """The typed error for a request ``requests`` would not send.

    ``requests`` quotes the offending value, which is often a credential (a token read from
    a file with its trailing newline), so only the kind of problem is reported.
    """
    hint = ""
    if isinstance(exc, requests.exceptions.InvalidHeader):
        hint = ": a header value has leading whitespace or a line break (a token read from a file?)"
    elif isinstance(exc, UnicodeEncodeError):
        hint = ": a header value is not Latin-1 text (HTTP headers cannot carry it as is)"
    return InvalidArgumentError(
        f"{method} {url}: the request cannot be sent ({type(exc).__name__}{hint})"
    )


_URL_IN_TEXT = re.compile(r"(url: )(\S+)")


def _describe(exc: BaseException, secrets: Iterable[str]) -> str:
    """The transport's own words, shortened, without secrets.

    urllib3 quotes the request path and query (``Max retries exceeded with url: /x?key=...``),
    so URLs and secret values are redacted first, then the text is cut (never mid-secret).
    """
    secrets = tuple(secrets)
    text = _URL_IN_TEXT.sub(lambda m: m.group(1) + redact_url(m.group(2), secrets), str(exc))
    text = redact_text(text, secrets)
    return text if len(text) <= 200 else text[:200] + "..."


class CallPipeline:
    """State and decisions for one call; uplink's execution drives it as a request template."""

    def __init__(
        self,
        spec: EndpointSpec,
        runtime: Runtime,
        headers: dict[str, str],
        consumer_policy: RetryPolicy | None = None,
    ) -> None:
        self.spec = spec
        self.endpoint = spec.info
        self.runtime = runtime
        self.headers = headers
        self.base: OutgoingRequest | None = None
        self.current: OutgoingRequest | None = None
        self.attempt = 0
        self.generation = 0
        self.replayed_401 = False
        self.retry_state: RetryState | None = None
        self.sent_at = 0.0
        self.redirects = 0
        self.policy = runtime.retry_policy_for(spec, consumer_policy)
        # A total budget counts from the start of the call, not from its first failure.
        self.started = runtime.clock() if self.policy.total_budget is not None else 0.0
        self.cached: CachedCall | None = None

    # -- uplink RequestTemplate hooks ----------------------------------------------------

    def before_request(self, request: UplinkRequest) -> Any:
        runtime = self.runtime
        if self.base is None:
            self.base = self._initial_request(request)
            if runtime.cache is not None:
                self.cached = cache.begin(runtime, self.spec, self.base)
                if self.cached is not None:
                    hit = self.cached.fresh_value(self.spec.parser)
                    if hit is not MISSING:
                        return transitions.finish(hit)
                    self.cached.add_validators(self.base)
        out = self.base.copy()
        if runtime.limiter is not None:
            wait = runtime.limiter.acquire(self.endpoint, out.url)
            if wait > 0:
                refusal = self._refuse_wait(wait)
                if refusal is not None:
                    error = self._quota_error(out, wait, refusal)
                    return transitions.fail(type(error), error, None)
                return transitions.sleep(wait)
        trusted = runtime.is_trusted(out.url)
        if not trusted:
            out.kwargs[UNTRUSTED_ORIGIN] = True
        if runtime.auth is not None and trusted:
            try:
                self.generation = runtime.auth.apply(out, self.endpoint)
            except TypelinkError as exc:
                return transitions.fail(type(exc), exc, exc.__traceback__)
        self.attempt += 1
        self.current = out
        if runtime.has_listeners:
            url = runtime.redact(out.full_url())
            events.emit(
                events.RequestSent(self.endpoint, out.method, url, self.attempt), runtime.listeners
            )
        self.sent_at = time.perf_counter()
        return transitions.send(out.to_uplink())

    def after_response(self, request: UplinkRequest, response: requests.Response) -> Any:
        runtime = self.runtime
        status = response.status_code
        elapsed_ms = (time.perf_counter() - self.sent_at) * 1000.0
        out = self.current
        assert out is not None
        if runtime.has_listeners or runtime.log_debug:
            self._observe(out, status, elapsed_ms)
        if runtime.limiter is not None:
            runtime.limiter.observe(self.endpoint, out.url, status, response.headers)
        if status == 304 and self.cached is not None and self.cached.entry is not None:
            try:
                value = self.cached.not_modified(response, self.spec.parser)
            except TypelinkError as cache_error:
                return transitions.fail(type(cache_error), cache_error, cache_error.__traceback__)
            if value is not MISSING:
                return transitions.finish(value)
            if self.base is not None:  # the cached body no longer parses: ask unconditionally
                self.cached.drop_validators(self.base)
                response.close()
                return transitions.prepare(request)
        if status in REDIRECT_STATUSES and "Location" in response.headers:
            action = self._follow_redirect(response, out)
            if action is not None:
                return action
        if status == 401:
            try:
                replay = self._should_replay_401(out)
            except TypelinkError as exc:
                return transitions.fail(type(exc), exc, exc.__traceback__)
            if replay:
                response.close()
                return transitions.prepare(request)
        if status >= 400 or status in self.policy.retry_statuses:
            decision = self._retry_state().after_response(status, response.headers)
            if decision.retry and self._body_replayable():
                response.close()
                return self._schedule_retry(decision.reason, decision.wait)
            if status >= 400:
                error = self._status_error(response, out, decision.retry_after)
                return transitions.fail(type(error), error, None)
        elif status >= 300:
            error = self._status_error(response, out, None)
            return transitions.fail(type(error), error, None)
        try:
            result = self.spec.parser(response)
        except TypelinkError as exc:
            redact_error(exc, runtime.secrets)
            return transitions.fail(type(exc), exc, exc.__traceback__)
        except requests.RequestException as exc:
            err = connection_error(exc, out.method, runtime.redact(out.full_url()), runtime.secrets)
            return transitions.fail(type(err), err, None)
        if isinstance(result, RawResponse):
            result.hide_secrets(runtime.secrets)
        if self.cached is not None:
            self.cached.store(response, result)
        return transitions.finish(result)

    def after_exception(
        self,
        request: UplinkRequest,
        exc_type: type[BaseException],
        exc_val: BaseException,
        exc_tb: TracebackType | None,
    ) -> Any:
        if isinstance(exc_val, TypelinkError):
            return transitions.fail(exc_type, exc_val, exc_tb)
        if not isinstance(exc_val, (requests.RequestException, OSError, ValueError)):
            return transitions.fail(exc_type, exc_val, exc_tb)
        out = self.current or self.base
        method = out.method if out is not None else request[0]
        url = self.runtime.redact(out.full_url() if out is not None else request[1])
        if isinstance(exc_val, UNSENDABLE):
            unsendable = unsendable_error(exc_val, method, url)
            return transitions.fail(type(unsendable), unsendable, None)
        error = connection_error(exc_val, method, url, self.runtime.secrets)
        if self.runtime.log_debug:
            logger.debug(
                "%s %s -> %s (attempt %d) [%s]",
                method,
                url,
                type(error).__name__,
                self.attempt,
                self.endpoint.qualname,
            )
        decision = self._retry_state().after_exception(error)
        if decision.retry and self._body_replayable():
            return self._schedule_retry(decision.reason, decision.wait)
        return transitions.fail(type(error), error, None)

    # -- helpers -------------------------------------------------------------------------

    def _initial_request(self, request: UplinkRequest) -> OutgoingRequest:
        out = OutgoingRequest.from_uplink(request)
        data = out.kwargs.get("data")
        if isinstance(data, dict) and None in data.values():
            out.kwargs["data"] = {k: v for k, v in data.items() if v is not None}
        merged = dict(self.headers)
        merged.update(out.headers)
        out.headers = merged
        if self.spec.body_kind == "json" and out.kwargs.get("data") is None:
            out.headers.pop("Content-Type", None)  # an optional body left out: nothing to type
        for key, value in self.runtime.send_options(self.spec).items():
            out.kwargs.setdefault(key, value)
        if self.policy.needs_idempotency_key(self.endpoint):
            out.headers.update(self._retry_state().idempotency_headers())
        return out

    def _follow_redirect(self, response: requests.Response, out: OutgoingRequest) -> Any:
        """Follow a redirect ourselves, so credentials only go to trusted origins.

        301/302/303 are followed for GET and HEAD (303 turns other methods into GET without
        the body); 307/308 are followed for every method with the same method and body. A
        301/302 answer to a write is not followed: it is raised as a status error.
        """
        status = response.status_code
        method = out.method
        if status in (301, 302) and method not in ("GET", "HEAD"):
            return None
        if status in (307, 308) and not out.body_is_replayable:
            return None  # the stream body was used up: resending it would send nothing
        if self.redirects >= MAX_REDIRECTS:
            error = APIConnectionError(
                f"{method} {self.runtime.redact(out.full_url())}: more than {MAX_REDIRECTS} "
                "redirects",
                method=method,
                url=self.runtime.redact(out.full_url()),
            )
            return transitions.fail(type(error), error, None)
        assert self.base is not None
        target = self.base.copy()
        target.url = urljoin(out.full_url(), response.headers["Location"])
        target.params = {}
        if status == 303 and method != "HEAD":
            target.method = "GET"
            for key in ("data", "json", "files"):
                target.kwargs.pop(key, None)
            target.headers = {
                k: v for k, v in target.headers.items() if k.lower() != "content-type"
            }
        self.base = target
        self.redirects += 1
        response.close()
        return transitions.prepare(target.to_uplink())

    def _refuse_wait(self, wait: float) -> str | None:
        """Why this call will not wait ``wait`` seconds for the rate limiter (None: it will).

        Longer than ``max_server_wait``, or (as for retries) a wait that would use up what
        is left of the call's ``total_budget``.
        """
        if wait > self.policy.max_server_wait:
            return f"more than the {self.policy.max_server_wait:g} s we wait"
        budget = self.policy.total_budget
        if budget is not None and wait >= budget - (self.runtime.clock() - self.started):
            return f"past the call's {budget:g} s budget"
        return None

    def _quota_error(self, out: OutgoingRequest, wait: float, refusal: str) -> RateLimitError:
        """The rate limiter's next slot is further away than this call will wait."""
        return RateLimitError(
            status_code=429,
            method=out.method,
            url=self.runtime.redact(out.full_url()),
            headers={},
            body=b"",
            retry_after=wait,
            message=f"rate limit reached (client side); next slot in {wait:.1f} s, {refusal}",
        )

    def _should_replay_401(self, out: OutgoingRequest) -> bool:
        """Refresh once after a 401 (a ``CredentialError`` from the refresh propagates)."""
        auth = self.runtime.auth
        if auth is None or self.replayed_401 or not out.body_is_replayable:
            return False
        if not self.runtime.is_trusted(out.url):
            return False
        self.replayed_401 = True
        renewed = auth.refresh(self.generation, self.endpoint)
        reports_itself = hasattr(auth, "add_refresh_listener")
        if renewed and not reports_itself and self.runtime.has_listeners:
            events.emit(
                events.CredentialRefreshed(self.endpoint, "unauthorized"), self.runtime.listeners
            )
        return renewed

    def _body_replayable(self) -> bool:
        """A stream or generator body was used up by the first send: never resend it."""
        return self.current is None or self.current.body_is_replayable

    def _retry_state(self) -> RetryState:
        if self.retry_state is None:
            self.retry_state = self.runtime.start_retry(self.policy, self.endpoint)
            if self.policy.total_budget is not None:
                self.retry_state.started = self.started
        return self.retry_state

    def _schedule_retry(self, reason: str, wait: float) -> Any:
        runtime = self.runtime
        if runtime.has_listeners:
            events.emit(
                events.RetryScheduled(self.endpoint, self.attempt, reason, wait), runtime.listeners
            )
        logger.info(
            "retrying %s after %s in %.3f s (attempt %d failed)",
            self.endpoint.qualname,
            reason,
            wait,
            self.attempt,
        )
        if wait > 0:
            return transitions.sleep(wait)
        return transitions.prepare(self.current.to_uplink() if self.current else None)

    def _observe(self, out: OutgoingRequest, status: int, elapsed_ms: float) -> None:
        runtime = self.runtime
        url = runtime.redact(out.full_url())
        if runtime.log_debug:
            logger.debug(
                "%s %s -> %d in %.1f ms (attempt %d) [%s]",
                out.method,
                url,
                status,
                elapsed_ms,
                self.attempt,
                self.endpoint.qualname,
            )
        if runtime.has_listeners:
            events.emit(
                events.ResponseReceived(
                    self.endpoint, out.method, url, status, elapsed_ms, self.attempt
                ),
                runtime.listeners,
            )

    def _status_error(
        self, response: requests.Response, out: OutgoingRequest, retry_after: float | None
    ) -> APIStatusError:
        runtime = self.runtime
        status = response.status_code
        headers = response.headers
        try:
            body = response.content
        except requests.RequestException:
            body = b""
        cls = status_error_class(status)
        if status == 403 and (runtime.quota_exhausted(headers) or retry_after is not None):
            cls = RateLimitError  # a 403 asking us to wait is a rate limit, not a permission
        return cls(
            status_code=status,
            method=out.method,
            url=runtime.redact(response.url or out.full_url()),
            headers=headers,
            body=body,
            parsed=runtime.parse_error_body(body),
            request_id=runtime.request_id(headers),
            retry_after=retry_after,
            secrets=runtime.secrets,
        )
