"""A real local HTTP server for the record/replay tests (fixtures live in conftest.py)."""

from __future__ import annotations

import gzip
import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlsplit

SERVER_TOKEN = "srv-issued-access-token-7f3a9c2e51"
SERVER_REFRESH = "srv-issued-refresh-token-b81d0e44aa"
RESPONSE_API_KEY = "resp-api-key-5be1c0ffee77"


@dataclass
class ApiServer:
    """A stdlib server on 127.0.0.1 that records how often it was hit."""

    url: str
    hits: list[str] = field(default_factory=list)


def _handler(server: ApiServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def _reply(self, payload: object, *, compress: bool = False, status: int = 200) -> None:
            body = json.dumps(payload).encode()
            if compress:
                body = gzip.compress(body)
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            if compress:
                self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(body)))
            self.send_header("Set-Cookie", "session=cafe0123456789; Path=/; HttpOnly")
            self.send_header("X-Api-Key", RESPONSE_API_KEY)
            self.end_headers()
            self.wfile.write(body)

        def _handle(self) -> None:
            server.hits.append(f"{self.command} {self.path}")
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            parts = urlsplit(self.path)
            if parts.path == "/token":
                self._reply(
                    {
                        "access_token": SERVER_TOKEN,
                        "refresh_token": SERVER_REFRESH,
                        "token_type": "bearer",
                        "expires_in": 3600,
                    }
                )
            elif parts.path == "/gzip":
                self._reply({"compressed": True, "items": list(range(20))}, compress=True)
            elif parts.path.startswith("/users/"):
                login = parts.path.rsplit("/", 1)[-1]
                self._reply({"login": login, "id": len(login), "site_admin": False, "plan": "pro"})
            else:
                self._reply(
                    {
                        "method": self.command,
                        "path": parts.path,
                        "query": sorted(parse_qsl(parts.query)),
                        "body": raw.decode("utf-8", "replace"),
                    }
                )

        do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = _handle

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


def start_server() -> tuple[ApiServer, ThreadingHTTPServer]:
    """Start a server on a free port; the caller shuts it down."""
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), BaseHTTPRequestHandler)
    info = ApiServer(url=f"http://127.0.0.1:{httpd.server_port}")
    httpd.RequestHandlerClass = _handler(info)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return info, httpd
