"""A local server that takes one expected request at a time and refuses any difference.

The test tells it what the next request must be (an :class:`~.expected.Expected` derived
from the description) and what to answer. The request must match exactly: the method, the
raw path bytes, the query string pair by pair (each ``key=value`` byte for byte; only the
order of *different* parameter names is free, as OpenAPI gives none), every expected header
value, none of the operation's other header parameters, the content type, and the body (a
form body pair by pair like the query, JSON as the same value with the same types, raw and
multipart bytes as given). Anything else is answered 418 with the differences, which the
server also keeps for the test to report.
"""

from __future__ import annotations

import email.parser
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from .expected import Expected, Reply

__all__ = ["SpecServer", "spec_server"]

_NO_BODY = Expected("", "", [], {}, set()).json


def _pairs(raw: str) -> list[str]:
    """``a=1&b=2&a=3`` -> pairs, same-name pairs in their order, names sorted."""
    items = [item for item in raw.split("&") if item]
    return sorted(items, key=lambda item: item.split("=", 1)[0])


def _kind(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    return type(value).__name__


def _same_json(a: Any, b: Any) -> bool:
    """Equal as JSON values: ``true`` is not ``1``, ``"1"`` is not ``1`` (``1`` and ``1.0``
    are the same JSON number)."""
    if _kind(a) != _kind(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_same_json(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return len(a) == len(b) and all(_same_json(x, y) for x, y in zip(a, b, strict=True))
    return bool(a == b)


def _parts(content_type: str, body: bytes) -> dict[str, bytes]:
    message = email.parser.BytesParser().parsebytes(
        f"Content-Type: {content_type}\r\n\r\n".encode() + body
    )
    found: dict[str, bytes] = {}
    for part in message.get_payload() if message.is_multipart() else []:
        name = part.get_param("name", header="content-disposition")
        payload = part.get_payload(decode=True)
        if isinstance(name, str) and isinstance(payload, bytes):
            found[name] = payload
    return found


def differences(
    expected: Expected, method: str, target: str, headers: Any, body: bytes
) -> list[str]:
    """What differs between the request that arrived and the expected one."""
    found: list[str] = []
    path, _, query = target.partition("?")
    if method != expected.method:
        found.append(f"method {method}, expected {expected.method}")
    if path != expected.path:
        found.append(f"path {path!r}, expected {expected.path!r}")
    if _pairs(query) != sorted(expected.query, key=lambda i: i.split("=", 1)[0]):
        found.append(f"query {_pairs(query)}, expected {sorted(expected.query)}")
    for name, value in expected.headers.items():
        if headers.get(name) != value:
            found.append(f"header {name}: {headers.get(name)!r}, expected {value!r}")
    for name in sorted(expected.forbidden_headers):
        if headers.get(name) is not None:
            found.append(f"header {name} was not asked for")
    found += _body_differences(expected, headers.get("Content-Type"), body)
    return found


def _body_differences(expected: Expected, content_type: str | None, body: bytes) -> list[str]:
    if expected.content_type is None:
        return [f"a body was sent: {body[:80]!r}"] if body else []
    media = (content_type or "").split(";")[0].strip()
    if media != expected.content_type:
        return [f"content type {content_type!r}, expected {expected.content_type!r}"]
    if expected.json is not _NO_BODY:
        try:
            sent = json.loads(body)
        except ValueError:
            return [f"body is not JSON: {body[:80]!r}"]
        return (
            []
            if _same_json(sent, expected.json)
            else [f"JSON {sent!r}, expected {expected.json!r}"]
        )
    if expected.form is not None:
        sent_pairs = _pairs(body.decode("ascii", "replace"))
        wanted = sorted(expected.form, key=lambda i: i.split("=", 1)[0])
        return [] if sent_pairs == wanted else [f"form {sent_pairs}, expected {wanted}"]
    if expected.parts is not None:
        parts = _parts(content_type or "", body)
        return [] if parts == expected.parts else [f"parts {parts}, expected {expected.parts}"]
    return [] if body == expected.raw else [f"body {body[:80]!r}, expected {expected.raw!r}"]


class SpecServer:
    """The server: :meth:`expect` the next request, then make the call."""

    def __init__(self) -> None:
        self.expected: Expected | None = None
        self.reply: Reply | None = None
        self.problems: list[str] = []
        self.requests = 0
        self._lock = threading.Lock()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True

            def _handle(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                outer._answer(self, body)

            do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _handle

            def log_message(self, format: str, *args: Any) -> None:
                return

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_port}"

    def expect(self, expected: Expected, reply: Reply) -> None:
        """The next request must be ``expected``; it is answered with ``reply``."""
        with self._lock:
            self.expected, self.reply, self.problems = expected, reply, []

    def _answer(self, handler: BaseHTTPRequestHandler, body: bytes) -> None:
        with self._lock:
            self.requests += 1
            expected, reply = self.expected, self.reply
            self.expected = None  # one request per expectation
            if expected is None or reply is None:
                self.problems = ["an unexpected extra request"]
            else:
                self.problems = differences(
                    expected, handler.command, handler.path, handler.headers, body
                )
            problems = list(self.problems)
        if problems or reply is None:
            payload = json.dumps({"problems": problems}).encode()
            self._send(handler, 418, "application/json", payload)
            return
        self._send(handler, reply.status, reply.content_type, reply.body)

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler, status: int, content_type: str | None, body: bytes
    ) -> None:
        handler.send_response(status)
        if content_type:
            handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if handler.command != "HEAD":
            handler.wfile.write(body)


@contextmanager
def spec_server() -> Iterator[SpecServer]:
    """A running :class:`SpecServer`, shut down afterwards."""
    server = SpecServer()
    thread = threading.Thread(target=server.httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.httpd.shutdown()
        server.httpd.server_close()
