"""A local API server whose answers carry secrets in the places recordings used to miss."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

LOCATION_TOKEN = "loc-access-token-5f1e2d3c4b"
CONTENT_LOCATION_SIG = "cl-signature-8a7b6c5d4e3f"
LINK_TOKEN = "link-token-0b1c2d3e4f5a"
FRAGMENT_TOKEN = "frag-access-token-77aa88bb99"
TEXT_JSON_TOKEN = "txt-json-token-3c4d5e6f7a"
LISTED_LIST = ("list-password-one-111", "list-password-two-222")
LISTED_OBJECT = "obj-token-value-abcdef0123"
SESSION_ID = "9f8e7d6c5b4a39281706f5e4d3c2b1a0"
"""High-entropy value under a "session" name: scrubbed, and later sent back in a path."""


@dataclass
class HostileServer:
    """The server's URL and the requests it received."""

    url: str
    hits: list[str] = field(default_factory=list)


def _payload(server: HostileServer, handler: BaseHTTPRequestHandler, raw: bytes) -> tuple:
    """(status, headers, body) for one request."""
    parts = urlsplit(handler.path)
    query = dict(parse_qsl(parts.query))
    path = parts.path
    json_type = [("Content-Type", "application/json")]
    if path == "/redirect":
        location = f"{server.url}/landing?access_token={LOCATION_TOKEN}&page=2"
        return 302, [("Location", location)], b""
    if path == "/landing":
        headers = [
            ("Content-Location", f"/landing?page=2&signature={CONTENT_LOCATION_SIG}"),
            (
                "Link",
                f'<{server.url}/landing?page=3&token={LINK_TOKEN}>; rel="next", '
                f'<{server.url}/callback#access_token={FRAGMENT_TOKEN}&state=x>; rel="auth"',
            ),
            *json_type,
        ]
        return 200, headers, b'{"page": 2}'
    if path == "/text-json":
        body = {"access_token": TEXT_JSON_TOKEN, "token_type": "bearer"}
        return 200, [("Content-Type", "text/plain; charset=utf-8")], json.dumps(body).encode()
    if path == "/listed":
        body = {"password": list(LISTED_LIST), "token": {"value": LISTED_OBJECT, "ok": True}}
        return 200, json_type, json.dumps(body).encode()
    if path == "/country":
        return 200, json_type, json.dumps({"country": query.get("code")}).encode()
    if path == "/sessions":
        return 200, json_type, json.dumps({"session_id": SESSION_ID}).encode()
    if path.startswith("/sessions/"):
        return 200, json_type, json.dumps({"open": path.rsplit("/", 1)[1] == SESSION_ID}).encode()
    echo = {"method": handler.command, "path": path, "body": raw.decode("utf-8", "replace")}
    return 200, json_type, json.dumps(echo).encode()


def _handler(server: HostileServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def _handle(self) -> None:
            server.hits.append(f"{self.command} {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            status, headers, body = _payload(server, self, raw)
            self.send_response(status)
            for name, value in headers:
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_DELETE = _handle

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def start_hostile_server() -> tuple[HostileServer, ThreadingHTTPServer]:
    """Start a server on a free port; the caller shuts it down."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    info = HostileServer(url=f"http://127.0.0.1:{httpd.server_port}")
    httpd.RequestHandlerClass = _handler(info)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return info, httpd
