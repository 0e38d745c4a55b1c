"""A real OAuth 2.0 token endpoint plus a protected API, on 127.0.0.1, for the auth tests.

``POST /token`` issues ``access-1``, ``access-2``... (and rotating refresh tokens when
asked). ``GET /api`` answers 200 only to ``Bearer <the newest access token>``, so an old
token gets a 401 as if the server had revoked it. ``uses_per_token`` makes every token die
on the server after that many accepted calls, however long its ``expires_in`` claims it
lives (a server-side lifetime shorter than the advertised one, with no clock involved);
:meth:`TokenServer.hold_api_calls` holds the next API calls until that many have arrived
(a wave of requests all sent with the same token). ``mode`` makes the token endpoint
misbehave: ``500``, ``garbage``, ``no_expires_in``, ``bad_expires_in``, ``no_access_token``,
``oauth_error``, ``array``.
"""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qsl


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # 20 threads connect at once; the default backlog of 5 drops SYNs


class TokenServer:
    def __init__(self, *, expires_in: float | None = 3600, delay: float = 0.0) -> None:
        self.expires_in = expires_in
        self.delay = delay
        self.mode = "ok"
        self.rotate_refresh_tokens = False
        self.token_requests: list[dict[str, Any]] = []
        self.api_calls = 0
        self.issued = 0
        self.uses_per_token: int | None = None
        self.rejected = 0
        self._uses: dict[str, int] = {}
        self._held = 0
        self._barrier: threading.Barrier | None = None
        self._lock = threading.Lock()
        self._server = _Server(("127.0.0.1", 0), _handler_for(self))
        self._thread = threading.Thread(
            target=self._server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True
        )

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    @property
    def token_url(self) -> str:
        return self.base_url + "/token"

    @property
    def api_url(self) -> str:
        return self.base_url + "/api"

    @property
    def current_token(self) -> str:
        return f"access-{self.issued}"

    def __enter__(self) -> TokenServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def issue(self, form: dict[str, str], headers: dict[str, str]) -> tuple[int, bytes, str]:
        with self._lock:
            self.token_requests.append({"form": form, "headers": headers})
            mode = self.mode
            if mode == "ok":
                self.issued += 1
                number = self.issued
        if self.delay:
            time.sleep(self.delay)
        if mode == "500":
            return 500, b"internal error", "text/plain"
        if mode == "garbage":
            return 200, b"<html>not json</html>", "text/html"
        if mode == "oauth_error":
            body = {"error": "invalid_client", "error_description": "client authentication failed"}
            return 401, json.dumps(body).encode(), "application/json"
        if mode == "array":
            return 200, b"[1, 2]", "application/json"
        payload: dict[str, Any] = {"token_type": "bearer"}
        if mode == "no_access_token":
            payload["expires_in"] = 3600
            return 200, json.dumps(payload).encode(), "application/json"
        payload["access_token"] = f"access-{number if mode == 'ok' else 0}"
        if mode == "bad_expires_in":
            payload["expires_in"] = "soon"
        elif mode != "no_expires_in" and self.expires_in is not None:
            payload["expires_in"] = self.expires_in
        if self.rotate_refresh_tokens:
            payload["refresh_token"] = f"refresh-{number}"
        return 200, json.dumps(payload).encode(), "application/json"

    def hold_api_calls(self, count: int) -> None:
        """Hold the next ``count`` API calls until all of them have arrived."""
        with self._lock:
            self._held = count
            self._barrier = threading.Barrier(count, timeout=30)

    def check(self, authorization: str | None) -> int:
        with self._lock:
            barrier = self._barrier if self._held else None
            self._held = max(0, self._held - 1)
        if barrier is not None:
            barrier.wait()
        with self._lock:
            self.api_calls += 1
            uses = self._uses.get(authorization or "", 0)
            live = self.uses_per_token is None or uses < self.uses_per_token
            if authorization != f"Bearer {self.current_token}" or not live:
                self.rejected += 1
                return 401
            self._uses[authorization] = uses + 1
            return 200


def _handler_for(server: TokenServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, content_type: str) -> None:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            raw = self.rfile.read(length).decode()
            if self.path != "/token":
                self._send(404, b"", "text/plain")
                return
            form = dict(parse_qsl(raw))
            status, body, content_type = server.issue(form, dict(self.headers.items()))
            self._send(status, body, content_type)

        def do_GET(self) -> None:
            if self.path != "/api":
                self._send(404, b"", "text/plain")
                return
            status = server.check(self.headers.get("Authorization"))
            self._send(status, b'{"ok": true}' if status == 200 else b"{}", "application/json")

    return Handler
