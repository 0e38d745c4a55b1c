"""An :class:`OutgoingRequest` turned into ``requests``' ``PreparedRequest`` in one pass.

``Session.prepare_request`` re-parses the URL typelink has just built, copies the session's
cookie jar into a new one, looks up ``~/.netrc`` (two file checks and a parse of the URL),
merges headers, parameters and hooks through generic helpers (seven runtime ``Protocol``
checks per request in requests 2.34) and re-quotes the URL: about a third of a small call.
:func:`prepare_request` builds the same ``PreparedRequest`` directly:

* the URL is used as it is when it is already in the form ``requests`` would write it
  (:func:`normal_url`: lower-case scheme, an authority ``requests`` leaves alone, a path and
  query of characters that need no quoting, no dot segments, no fragment), with the query
  parameters encoded exactly as ``requests`` encodes them; any other URL goes through
  ``requests``' own ``prepare_url``;
* headers are the session's, then the request's, merged as ``requests`` merges them (a later
  spelling wins, ``None`` removes), each checked with ``requests``' own validity check (a
  name/value pair already checked is remembered, a few hundred at most);
* the session's cookies are merged in only when it has any;
* authentication is the session's (or the netrc entry the caller looked up once per origin);
  the body, authentication and hooks are ``requests``' own ``prepare_body``/``prepare_auth``/
  ``prepare_hooks``, in ``requests``' order.

Whether the result equals ``Session.prepare_request``'s is tested property-wise against
``requests`` itself (``tests/transport/test_prepare.py``).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

import requests
import requests.cookies
import requests.sessions
from requests.cookies import RequestsCookieJar
from requests.structures import CaseInsensitiveDict
from requests.utils import check_header_validity

from typelink.transport.request import OutgoingRequest

_merge_setting: Any = requests.sessions.merge_setting  # untyped in types-requests
_merge_cookies: Any = requests.cookies.merge_cookies

__all__ = [
    "encode_params",
    "header_items",
    "header_store",
    "normal_url",
    "prepare_request",
    "split_origin",
]

# A path and query that parse_url (urllib3) and requote_uri (requests) both leave as they
# are: RFC 3986 path characters, and percent-escapes in upper case of anything but an
# unreserved character (requote_uri would decode those); a query may also hold "?". No "#".
_UNRESERVED_ESCAPE = r"4[1-9A-F]|5[0-9AF]|6[1-9A-F]|7[0-9AE]|3[0-9]|2[DE]"
_PCHAR = rf"[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%(?!{_UNRESERVED_ESCAPE})[0-9A-F]{{2}}"
_NORMAL_TARGET = re.compile(rf"/(?:{_PCHAR})*(?:\?(?:{_PCHAR}|\?)+)?")
_AUTHORITIES: dict[str, bool] = {}
_VALID_HEADERS: set[tuple[str, str]] = set()
_MAX_REMEMBERED = 512


def _authority_is_normal(prefix: str) -> bool:
    """True when ``requests`` writes ``scheme://authority`` back unchanged (lower-case host,
    a port without leading zeros, no user info); remembered per authority."""
    known = _AUTHORITIES.get(prefix)
    if known is None:
        probe = requests.PreparedRequest()
        try:
            probe.prepare_url(prefix + "/", None)
            known = probe.url == prefix + "/" and "@" not in prefix
        except (requests.RequestException, ValueError):
            known = False
        if len(_AUTHORITIES) >= _MAX_REMEMBERED:
            _AUTHORITIES.clear()
        _AUTHORITIES[prefix] = known
    return known


def split_origin(url: str) -> tuple[str, str]:
    """``(scheme://authority, the rest)``: the authority ends at the first ``/``, ``?`` or
    ``#`` after ``//``, as both urllib3 and ``urlsplit`` end it (the URL's characters were
    checked by :func:`typelink.transport.urls.parse_target` before it got here)."""
    start = url.find("//")
    start = 0 if start < 0 else start + 2
    end = len(url)
    for stop in "/?#":
        found = url.find(stop, start, end)
        if found >= 0:
            end = found
    return url[:end], url[end:]


def normal_url(url: str, prefix: str | None = None) -> bool:
    """True when ``requests``' ``prepare_url`` would return ``url`` unchanged (``prefix``:
    its ``scheme://authority``, if the caller has split it off already)."""
    if not url.startswith(("https://", "http://")):
        return False
    if prefix is None:
        prefix, target = split_origin(url)
    else:
        target = url[len(prefix) :]
    if not target.startswith("/"):
        return False  # no path ("http://host" becomes "http://host/"), or a bare query
    if not _authority_is_normal(prefix):
        return False
    if _NORMAL_TARGET.fullmatch(target) is None:
        return False
    path = target.partition("?")[0]
    return "/." not in path or all(s not in (".", "..") for s in path.split("/"))


def encode_params(params: Mapping[Any, Any]) -> str:
    """Query parameters as ``requests`` encodes a mapping (a list value repeats the key, a
    ``None`` value is left out)."""
    pairs: list[tuple[Any, Any]] = []
    for key, values in params.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__iter__"):
            values = (values,)
        for value in values:
            if value is not None:
                pairs.append((key, value))
    return urlencode(pairs, doseq=True)


def _prepare_url(
    prepared: requests.PreparedRequest, url: str, params: Any, prefix: str | None
) -> None:
    if isinstance(params, Mapping) and normal_url(url, prefix):
        query = encode_params(params) if params else ""
        if query:
            url = f"{url}{'&' if '?' in url else '?'}{query}"
        prepared.url = url
        return
    prepared.prepare_url(url, params)


def _merged_headers(session_headers: Any, request_headers: Mapping[str, Any]) -> Any:
    """The session's headers overridden by the request's, as ``requests``' ``merge_setting``
    merges them (a later spelling of a name wins; ``None`` removes it; session headers that
    are not a mapping are ignored), each checked as ``prepare_headers`` checks it."""
    headers: CaseInsensitiveDict[Any] = CaseInsensitiveDict()
    store = header_store(headers)  # what CaseInsensitiveDict.__setitem__ writes, directly
    if isinstance(session_headers, Mapping):
        for name, value in header_items(session_headers):
            if type(name) is not str:  # a bytes name: requests' own merge decodes it
                return _slow_headers(session_headers, request_headers)
            store[name.lower()] = (name, value)
    for name, value in request_headers.items():
        if type(name) is not str:
            return _slow_headers(session_headers, request_headers)
        store[name.lower()] = (name, value)
    for key, pair in list(store.items()):
        value = pair[1]
        if value is None:
            del store[key]
        elif type(value) is not str or pair not in _VALID_HEADERS:
            check_header_validity(pair)  # raises InvalidHeader
            if type(value) is str:
                if len(_VALID_HEADERS) >= _MAX_REMEMBERED:
                    _VALID_HEADERS.clear()
                _VALID_HEADERS.add(pair)
    return headers


def header_items(headers: Mapping[Any, Any]) -> Any:
    """``headers.items()``, read from a ``CaseInsensitiveDict``'s store when it is one
    (its ``items()`` goes through the generic mapping view, a method call per header)."""
    if type(headers) is CaseInsensitiveDict:
        return header_store(headers).values()
    return headers.items()


def header_store(headers: CaseInsensitiveDict[Any]) -> dict[str, tuple[str, Any]]:
    """A ``CaseInsensitiveDict``'s own store: lower-cased name -> (name as given, value)."""
    opened: Any = headers  # the attribute is requests' own, absent from its type stubs
    store: dict[str, tuple[str, Any]] = opened._store
    return store


def _slow_headers(session_headers: Any, request_headers: Mapping[str, Any]) -> Any:
    probe = requests.PreparedRequest()
    merged = _merge_setting(request_headers, session_headers, dict_class=CaseInsensitiveDict)
    probe.prepare_headers(merged)
    return probe.headers


def _has_cookies(jar: Any) -> bool:
    """Whether the session's jar holds a cookie (a ``CookieJar``'s domains are checked
    without walking every cookie, as ``len`` does; a domain left empty counts as one)."""
    domains = getattr(jar, "_cookies", None)
    if isinstance(domains, dict):
        return bool(domains)
    return bool(len(jar))


def prepare_request(
    session: requests.Session,
    request: OutgoingRequest,
    params: Any,
    auth: Any,
    prefix: str | None = None,
) -> requests.PreparedRequest:
    """The ``PreparedRequest`` that ``session.prepare_request`` makes of ``request``.

    ``params`` are the request's query parameters merged with the session's; ``auth`` is the
    authentication to apply (the session's, a netrc entry, ``requests``' ``(user, password)``
    form, or None for none); ``prefix`` is the URL's ``scheme://authority`` if known.
    """
    kwargs = request.kwargs
    prepared = requests.PreparedRequest()
    prepared.method = request.method
    _prepare_url(prepared, request.url, params, prefix)
    prepared.headers = _merged_headers(session.headers, request.headers)
    cookies = RequestsCookieJar()
    if _has_cookies(session.cookies):
        prepared.prepare_cookies(_merge_cookies(cookies, session.cookies))
    else:
        filled: Any = prepared  # the jar prepare_cookies would keep, for auth handlers
        filled._cookies = cookies
    prepared.prepare_body(kwargs.get("data"), kwargs.get("files"), kwargs.get("json"))
    if auth:
        prepared.prepare_auth(auth, request.url)
    hooks: Any = session.hooks  # None in a session that was given None
    if hooks is not None and hooks.get("response") != []:
        prepared.prepare_hooks(hooks)
    return prepared
