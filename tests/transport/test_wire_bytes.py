"""The fast ways send the same bytes as the reference ways.

typelink builds a call's request with a reusing request builder
(:mod:`typelink._internal.request_builder`) and, for a stock ``requests.Session``, prepares
it and hands it to the adapter's urllib3 pool itself (:mod:`typelink.transport.direct`). The
reference is uplink's own ``RequestBuilder`` and ``requests``' own ``prepare_request`` and
``send`` (a session subclass overriding both makes the transport take that way). A plain
TCP server records every request byte for byte, request line, header order and body
included, so "the same request" means the same bytes on the socket, through a user's session
with a mounted adapter, headers, parameters, cookies and authentication, and through a proxy.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.adapters import HTTPAdapter

from tests._internal.test_request_builder import uplinks_own
from tests.transport.test_sessions import NO_RETRY, RequestsOwnWay, Things, origin_slots
from typelink.client.bound import BoundEndpoint

_ANSWER = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}"


class RawServer:
    """Answers every request with ``{}`` on a kept-alive connection, and keeps the bytes
    of each request as they arrived (head and body)."""

    def __init__(self) -> None:
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self._listener.getsockname()[1]}"
        self.requests: list[bytes] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                connection, _ = self._listener.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(connection,), daemon=True).start()

    def _serve(self, connection: socket.socket) -> None:
        buffer = b""
        with connection:
            while True:
                while b"\r\n\r\n" not in buffer:
                    data = connection.recv(65536)
                    if not data:
                        return
                    buffer += data
                head, _, rest = buffer.partition(b"\r\n\r\n")
                length = _content_length(head)
                while len(rest) < length:
                    data = connection.recv(65536)
                    if not data:
                        return
                    rest += data
                with self._lock:
                    self.requests.append(head + b"\r\n\r\n" + rest[:length])
                buffer = rest[length:]
                connection.sendall(_ANSWER)

    def take(self) -> list[bytes]:
        with self._lock:
            taken, self.requests = self.requests, []
        return taken

    def close(self) -> None:
        self._listener.close()


def _content_length(head: bytes) -> int:
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            return int(value.strip())
    return 0


@pytest.fixture
def raw() -> Iterator[RawServer]:
    server = RawServer()
    try:
        yield server
    finally:
        server.close()


@pytest.fixture
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "ALL_PROXY",
                 "all_proxy", "NO_PROXY", "no_proxy"):  # fmt: skip
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))


CALLS: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = [
    ("fetch", ("1",), {}),
    ("fetch", ("a b/é",), {"q": "x&y"}),
    ("fetch", ("%2e%41~",), {"q": "ü ?#"}),
    ("create", ({"n": 1, "s": "é"},), {"note": "hi"}),
    ("submit", ("x y&z", 2), {}),
]


def user_session(session: requests.Session, mount_on: str) -> requests.Session:
    """A session as a user sets one up: its own adapter mounted, headers, parameters, a
    cookie and basic authentication."""
    session.mount(mount_on, HTTPAdapter(pool_connections=2, pool_maxsize=2))
    session.headers["X-Session"] = "s"
    session.headers["Accept"] = "application/json"
    session.params = {"key": "k v"}
    session.cookies.set("sid", "abc", domain="127.0.0.1", path="/")
    session.auth = ("user", "pass")
    return session


def sent_bytes(
    server: RawServer, session: requests.Session, base_url: str, reference: bool
) -> list[bytes]:
    """What ``server`` received for :data:`CALLS`: built by typelink's builder, or (the
    reference) by uplink's own builder and then run through the same pipeline."""
    api = Things(base_url=base_url, session=session, retry=NO_RETRY)
    for name, args, kwargs in CALLS:
        endpoint: BoundEndpoint = getattr(api, name)
        if reference:
            endpoint.execute(uplinks_own(endpoint, *args, **kwargs))
        else:
            endpoint(*args, **kwargs)
    if not reference:  # the fast way did run
        assert origin_slots(api) == 1
    return server.take()


def test_a_users_session_sends_the_reference_bytes(raw: RawServer, clean_env: None) -> None:
    base = raw.url + "/v1"
    fast = sent_bytes(raw, user_session(requests.Session(), raw.url), base, reference=False)
    slow = sent_bytes(raw, user_session(RequestsOwnWay(), raw.url), base, reference=True)
    assert len(fast) == len(CALLS)
    assert fast == slow
    first = fast[0].split(b"\r\n")
    assert first[0] == b"GET /v1/things/1?key=k+v HTTP/1.1"
    assert b"Cookie: sid=abc" in first and b"X-Session: s" in first
    assert b"Authorization: Basic dXNlcjpwYXNz" in first


def test_a_proxied_request_is_the_reference_bytes(raw: RawServer, clean_env: None) -> None:
    """The session's proxy gets the request in absolute form, the same bytes both ways."""
    base = "http://api.example.invalid/v1"

    def proxied(session: requests.Session) -> requests.Session:
        session.proxies = {"http": raw.url}
        session.headers["X-Session"] = "s"
        return session

    fast = sent_bytes(raw, proxied(requests.Session()), base, reference=False)
    slow = sent_bytes(raw, proxied(RequestsOwnWay()), base, reference=True)
    assert fast == slow
    assert fast[0].startswith(b"GET http://api.example.invalid/v1/things/1 HTTP/1.1\r\n")


@pytest.mark.parametrize(
    "tweak",
    [
        lambda s: s.headers.update({"Accept-Encoding": None}),  # a session header removed
        lambda s: s.cookies.clear(),  # a jar emptied by the user
        lambda s: setattr(s, "trust_env", False),
    ],
)
def test_session_variations_send_the_reference_bytes(
    raw: RawServer, clean_env: None, tweak: Callable[[requests.Session], object]
) -> None:
    sessions = []
    for session in (requests.Session(), RequestsOwnWay()):
        user_session(session, raw.url)
        tweak(session)
        sessions.append(session)
    fast = sent_bytes(raw, sessions[0], raw.url, reference=False)
    slow = sent_bytes(raw, sessions[1], raw.url, reference=True)
    assert fast == slow
