"""Sending a ``PreparedRequest`` through a stock ``HTTPAdapter``'s connection pool directly.

``Session.send`` and ``HTTPAdapter.send`` spend more than the connection pool itself on a small
call: they parse the URL twice more to find the pool and the request target, rebuild the pool
key, check the CA bundle's path on disk, create a timeout object, run the cookie machinery
for responses that set no cookie, and look for a redirect to prepare. When the session's
``send`` and the mounted adapter's sending methods are ``requests``' own (not overridden by a
subclass, not patched by a mocking library or an instrumentation), :func:`send_direct` does
the same work with what the transport already knows: the pool for the origin (found through
the adapter once, then reused while the adapter's pool manager keeps it open), the request
target, and the timeout. The rest is ``requests``' own behaviour, in its order: the response
is built as ``HTTPAdapter.build_response`` builds it, the session's response hooks run, and
cookies go to the response's and the session's jars whenever the response sets any (a
redirect's ``Response.next`` is not prepared: see :func:`_after_send`). The pool is
urllib3's, so whatever hooks into urllib3 (vcrpy cassettes, urllib3 instrumentation, a
``Retry`` configured on the adapter, a custom ``init_poolmanager``) still sees each request.
"""

from __future__ import annotations

import operator
import time
import types
from datetime import timedelta
from typing import Any

import requests
import requests.cookies
import requests.hooks
from requests.adapters import HTTPAdapter
from requests.exceptions import (
    ConnectionError,
    ConnectTimeout,
    InvalidHeader,
    InvalidURL,
    ProxyError,
    ReadTimeout,
    RetryError,
    SSLError,
)
from requests.structures import CaseInsensitiveDict
from requests.utils import get_encoding_from_headers
from urllib3.exceptions import (
    ClosedPoolError,
    ConnectTimeoutError,
    LocationValueError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.exceptions import HTTPError as Urllib3HTTPError
from urllib3.exceptions import InvalidHeader as Urllib3InvalidHeader
from urllib3.exceptions import ProxyError as Urllib3ProxyError
from urllib3.exceptions import SSLError as Urllib3SSLError
from urllib3.util import Timeout

from typelink.transport.prepare import header_store

_extract_cookies: Any = requests.cookies.extract_cookies_to_jar  # untyped in types-requests
_dispatch_hook: Any = requests.hooks.dispatch_hook

__all__ = ["PoolSlot", "is_stock_adapter", "send_direct", "stock_session_methods"]

_ADAPTER_METHODS = (
    "send",
    "get_connection_with_tls_context",
    "build_connection_pool_key_attributes",
    "cert_verify",
    "request_url",
    "add_headers",
    "build_response",
)
"""What ``HTTPAdapter.send`` runs; a subclass or patch changing any of them is sent through."""


def _genuine(function: Any, owner: str, module: str) -> bool:
    """True for ``requests``' own function (not a subclass's, a mock, or a wrapper)."""
    return (
        type(function) is types.FunctionType
        and function.__module__ == module
        and function.__qualname__.startswith(owner + ".")
        and not hasattr(function, "__wrapped__")
    )


_session_methods = operator.attrgetter("prepare_request", "send")
_adapter_methods = operator.attrgetter(*_ADAPTER_METHODS)
_verdicts: dict[type, tuple[tuple[Any, ...], tuple[bool, ...]]] = {}
"""Per class: the functions it had when it was checked, and which were ``requests``' own
(checked again whenever a function changes, as a patch or a mocking library changes it)."""


def _verdict(cls: type, functions: tuple[Any, ...], owner: str, module: str) -> tuple[bool, ...]:
    known = _verdicts.get(cls)
    if known is not None and known[0] == functions:
        return known[1]
    verdict = tuple(_genuine(function, owner, module) for function in functions)
    if len(_verdicts) >= 64:
        _verdicts.clear()
    _verdicts[cls] = (functions, verdict)
    return verdict


def stock_session_methods(session: requests.Session) -> tuple[bool, ...]:
    """Whether ``type(session).prepare_request`` and ``.send`` are ``requests``' own."""
    cls = type(session)
    return _verdict(cls, _session_methods(cls), "Session", "requests.sessions")


def is_stock_adapter(adapter: Any) -> bool:
    """True when every method ``HTTPAdapter.send`` relies on is ``requests``' own."""
    cls = type(adapter)
    if not issubclass(cls, HTTPAdapter):
        return False
    return all(_verdict(cls, _adapter_methods(cls), "HTTPAdapter", "requests.adapters"))


class PoolSlot:
    """The urllib3 pool one origin's requests go to through one adapter (found once)."""

    __slots__ = ("adapter", "full_url", "pool")

    def __init__(self, adapter: HTTPAdapter, pool: Any, full_url: bool) -> None:
        self.adapter = adapter
        self.pool = pool
        self.full_url = full_url
        """True when the request line carries the whole URL (plain HTTP through a proxy)."""

    def usable(self, adapter: Any) -> bool:
        """Still the pool for ``adapter`` (a pool manager closes the pools it evicts)."""
        return self.adapter is adapter and self.pool.pool is not None

    @classmethod
    def find(
        cls,
        adapter: Any,
        prepared: requests.PreparedRequest,
        settings: dict[str, Any],
    ) -> PoolSlot:
        """Ask the adapter for the pool, as ``HTTPAdapter.send`` does, and check its TLS files."""
        verify, cert, proxies = settings["verify"], settings["cert"], settings["proxies"]
        try:
            pool = adapter.get_connection_with_tls_context(
                prepared, verify, proxies=proxies, cert=cert
            )
        except LocationValueError as exc:
            raise InvalidURL(exc, request=prepared) from None
        adapter.cert_verify(pool, prepared.url or "", verify, cert)
        full_url = adapter.request_url(prepared, proxies) != prepared.path_url
        return cls(adapter, pool, full_url)


_TIMEOUTS: dict[Any, Timeout] = {}


def _timeout(timeout: Any) -> Timeout:
    """``HTTPAdapter.send``'s timeout object for ``timeout`` (remembered per value)."""
    if isinstance(timeout, Timeout):
        return timeout
    found = _TIMEOUTS.get(timeout)
    if found is None:
        if isinstance(timeout, tuple):
            try:
                connect, read = timeout
            except ValueError:
                raise ValueError(
                    f"Invalid timeout {timeout}. Pass a (connect, read) timeout tuple, "
                    "or a single float to set both timeouts to the same value."
                ) from None
            found = Timeout(connect=connect, read=read)
        else:
            found = Timeout(connect=timeout, read=timeout)
        if len(_TIMEOUTS) >= 64:
            _TIMEOUTS.clear()
        _TIMEOUTS[timeout] = found
    return found


def send_direct(
    session: requests.Session,
    slot: PoolSlot,
    prepared: requests.PreparedRequest,
    target: str,
    timeout: Any,
    settings: dict[str, Any],
) -> requests.Response:
    """``session.send(prepared, stream=True, allow_redirects=False, timeout=..., **settings)``
    through ``slot``'s pool; ``target`` is the request line's target (path and query)."""
    adapter = slot.adapter
    url = prepared.url or ""
    if slot.full_url:
        target = adapter.request_url(prepared, settings["proxies"])
    body = prepared.body
    headers: Any = prepared.headers
    if type(headers) is CaseInsensitiveDict:  # urllib3 walks a plain dict much faster
        store = header_store(headers)
        chunked = not (body is None or "content-length" in store)
        headers = dict(store.values())
    else:
        chunked = not (body is None or "Content-Length" in headers)
    started = time.perf_counter()
    try:
        raw = slot.pool.urlopen(
            method=prepared.method,
            url=target,
            body=body,
            headers=headers,
            redirect=False,
            assert_same_host=False,
            preload_content=False,
            decode_content=False,
            retries=adapter.max_retries,
            timeout=_timeout(timeout),
            chunked=chunked,
        )
    except (ProtocolError, OSError) as err:
        raise ConnectionError(err, request=prepared) from None
    except MaxRetryError as err:
        raise _retry_error(err, prepared) from None
    except ClosedPoolError as err:
        raise ConnectionError(err, request=prepared) from None
    except Urllib3ProxyError as err:
        raise ProxyError(err) from None
    except (Urllib3SSLError, Urllib3HTTPError) as err:
        if isinstance(err, Urllib3SSLError):
            raise SSLError(err, request=prepared) from None
        if isinstance(err, ReadTimeoutError):
            raise ReadTimeout(err, request=prepared) from None
        if isinstance(err, Urllib3InvalidHeader):
            raise InvalidHeader(err, request=prepared) from None
        raise
    response = _build_response(adapter, prepared, raw, url)
    response.elapsed = timedelta(seconds=time.perf_counter() - started)
    return _after_send(session, prepared, response, timeout, settings)


def _retry_error(err: MaxRetryError, prepared: requests.PreparedRequest) -> Exception:
    """The ``requests`` exception ``HTTPAdapter.send`` raises for a ``MaxRetryError``."""
    reason = err.reason
    if isinstance(reason, ConnectTimeoutError) and not isinstance(reason, NewConnectionError):
        return ConnectTimeout(err, request=prepared)
    if isinstance(reason, ResponseError):
        return RetryError(err, request=prepared)
    if isinstance(reason, Urllib3ProxyError):
        return ProxyError(err, request=prepared)
    if isinstance(reason, Urllib3SSLError):
        return SSLError(err, request=prepared)
    return ConnectionError(err, request=prepared)


def _sets_cookies(raw: Any) -> bool:
    """Whether ``extract_cookies_to_jar`` would find a cookie in ``raw`` (it reads the
    ``Set-Cookie`` and ``Set-Cookie2`` headers of the underlying ``http.client`` response)."""
    headers = getattr(raw, "headers", None)
    if headers is None or not ("set-cookie" in headers or "set-cookie2" in headers):
        return False  # the same names as the http.client message requests reads
    return bool(getattr(raw, "_original_response", None))


def _build_response(
    adapter: HTTPAdapter, prepared: requests.PreparedRequest, raw: Any, url: str
) -> requests.Response:
    """What ``HTTPAdapter.build_response`` returns."""
    response = requests.Response()
    filled: Any = response  # None when the raw response has no status, as in requests
    filled.status_code = getattr(raw, "status", None)
    headers: CaseInsensitiveDict[Any] = CaseInsensitiveDict()
    received = getattr(raw, "headers", {})
    store = header_store(headers)  # CaseInsensitiveDict(received), without a call per name
    for name in received:
        store[name.lower()] = (name, received[name])
    response.headers = headers
    response.encoding = get_encoding_from_headers(response.headers)
    response.raw = raw
    response.reason = raw.reason
    response.url = url
    if _sets_cookies(raw):
        _extract_cookies(response.cookies, prepared, raw)
    response.request = prepared
    response.connection = adapter
    return response


def _after_send(
    session: requests.Session,
    prepared: requests.PreparedRequest,
    response: requests.Response,
    timeout: Any,
    settings: dict[str, Any],
) -> requests.Response:
    """What ``Session.send`` does after the adapter answered, except preparing
    ``Response.next`` for a redirect: ``requests`` reads the whole redirect body for that
    (unbounded, before the body limits apply), and the pipeline follows redirects itself."""
    options = {**settings, "stream": True, "timeout": timeout}
    if prepared.hooks.get("response"):
        response = _dispatch_hook("response", prepared.hooks, response, **options)
        for earlier in response.history:
            _extract_cookies(session.cookies, earlier.request, earlier.raw)
    if _sets_cookies(response.raw):
        _extract_cookies(session.cookies, prepared, response.raw)
    return response
