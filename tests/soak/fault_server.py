"""A misbehaving API plus its token endpoint, in a process of its own, for the fault soak.

Why a separate process: the soak measures the *client's* sockets, threads and memory, so
the server's connections and handler threads must not be counted with them (and its work
stays off the client's GIL). The parent talks to it over HTTP on an admin port that never
misbehaves, and it exits when its stdin closes (so it never outlives the soak).

The API (``/items``) has three endpoints: ``GET /items/{id}``, ``POST /items`` and
``PATCH /items/{id}``. Writes carry an ``Idempotency-Key``; the server applies each key
once, answers repeats from its record, and counts applications per logical write
(``op_id`` in the body), so a write applied twice is seen whatever the keys were. Every
request carries ``X-Call-Id`` (the same on every attempt of one call), so attempts per call
are counted here, independently of the client. Tokens come from ``POST /token`` on the
admin port (client credentials) and are accepted for a shorter time than advertised, so
expiry meets the client both ahead of time and as a 401.

Run: ``python -m tests.soak.fault_server '<FaultConfig JSON>'``; prints
``{"api": port, "admin": port}`` on one line, then serves until stdin closes.
"""

from __future__ import annotations

import base64
import contextlib
import email.utils
import json
import random
import re
import socket
import struct
import sys
import threading
import time
import uuid
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.soak.faults import FaultConfig

CLIENT_ID = "soak-client"
CLIENT_SECRET_PREFIX = "soak-secret-"
TOKEN_PREFIX = "soaktok-"
HTML_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
    b"<body><h1>Bad Gateway</h1><p>upstream connect error</p></body></html>"
)
_ITEM_PATH = re.compile(r"^/items/(\d+)$")


def item_payload(item_id: int) -> dict[str, Any]:
    """What ``GET /items/{id}`` answers."""
    return {
        "id": item_id,
        "name": f"item-{item_id}",
        "tags": [f"t{item_id % 5}", f"t{item_id % 7}"],
    }


def created_payload(op_id: str, value: int) -> dict[str, Any]:
    """What ``POST /items`` answers for a write."""
    return {"op_id": op_id, "value": value, "status": "created"}


def patched_payload(item_id: int, op_id: str, delta: int) -> dict[str, Any]:
    """What ``PATCH /items/{id}`` answers for a write."""
    return {"id": item_id, "op_id": op_id, "delta": delta, "status": "patched"}


class State:
    """Everything the server decides and records, under one lock."""

    def __init__(self, config: FaultConfig, client_secret: str) -> None:
        self.config = config
        self.client_secret = client_secret
        self.lock = threading.Lock()
        self.rng = random.Random(config.seed)
        kinds = list(config.rates)
        self._kinds = kinds
        self._weights = [config.rates[k] for k in kinds]
        self._none = max(0.0, 1.0 - sum(self._weights))
        self.faults: Counter[str] = Counter()
        self.requests = 0
        self.burst_left = 0
        self.burst_responses = 0
        self.unauthorized = 0
        self.tokens: dict[str, float] = {}
        self.issued: list[str] = []
        self.token_requests = 0
        self.token_faults = 0
        self.applied: dict[str, int] = {}
        self.records: dict[str, tuple[str, bytes]] = {}
        self.deduped = 0
        self.missing_key = 0
        self.key_changes = 0
        self.key_conflicts = 0
        self.attempts: dict[str, int] = {}
        self.call_keys: dict[str, str] = {}
        self.restart_requested = threading.Event()

    # -- decisions ---------------------------------------------------------------------

    def choose(self, call_id: str, method: str, key: str | None) -> str:
        """Record the attempt and pick this request's fault ('' for none)."""
        with self.lock:
            self.requests += 1
            self.attempts[call_id] = self.attempts.get(call_id, 0) + 1
            if method in ("POST", "PATCH"):
                if not key:
                    self.missing_key += 1
                elif self.call_keys.setdefault(call_id, key) != key:
                    self.key_changes += 1
            if self.burst_left > 0:
                self.burst_left -= 1
                self.burst_responses += 1
                return "burst_5xx_continued"
            (kind,) = self.rng.choices([*self._kinds, ""], [*self._weights, self._none])
            if kind == "burst_5xx":
                low, high = self.config.burst_length
                self.burst_left = self.rng.randint(low, high) - 1
                self.burst_responses += 1
            return kind

    def count(self, kind: str) -> None:
        with self.lock:
            self.faults[kind] += 1

    def pick(self, options: list[Any]) -> Any:
        with self.lock:
            return self.rng.choice(options)

    def authorized(self, header: str | None) -> bool:
        if not header or not header.startswith("Bearer "):
            return False
        token = header[len("Bearer ") :]
        with self.lock:
            expiry = self.tokens.get(token)
            ok = expiry is not None and time.monotonic() < expiry
            if not ok:
                self.unauthorized += 1
            return ok

    def issue_token(self, authorization: str | None) -> tuple[int, bytes]:
        expected = "Basic " + base64.b64encode(f"{CLIENT_ID}:{self.client_secret}".encode()).decode(
            "ascii"
        )
        with self.lock:
            self.token_requests += 1
            if authorization != expected:
                return 401, json.dumps({"error": "invalid_client"}).encode()
            if self.rng.random() < self.config.token_fault_rate:
                self.token_faults += 1
                return 500, b'{"error": "temporarily_unavailable"}'
            token = TOKEN_PREFIX + uuid.uuid4().hex
            self.tokens[token] = time.monotonic() + self.config.token_server_lifetime
            self.issued.append(token)
        body = {
            "access_token": token,
            "token_type": "bearer",
            "expires_in": self.config.token_lifetime,
        }
        return 200, json.dumps(body).encode()

    # -- the application ---------------------------------------------------------------

    def answer(self, method: str, path: str, body: bytes, key: str | None) -> tuple[int, bytes]:
        """The correct answer, applying a write at most once per idempotency key."""
        match = _ITEM_PATH.match(path)
        if method == "GET" and match:
            return 200, json.dumps(item_payload(int(match.group(1)))).encode()
        try:
            data = json.loads(body)
        except ValueError:
            return 400, b'{"message": "body is not JSON"}'
        if not isinstance(data, dict) or not isinstance(data.get("op_id"), str):
            return 400, b'{"message": "no op_id"}'
        op_id: str = data["op_id"]
        if method == "POST" and path == "/items" and isinstance(data.get("value"), int):
            payload = created_payload(op_id, data["value"])
        elif method == "PATCH" and match and isinstance(data.get("delta"), int):
            payload = patched_payload(int(match.group(1)), op_id, data["delta"])
        else:
            return 404, b'{"message": "no such endpoint"}'
        with self.lock:
            if key and key in self.records:
                recorded_op, recorded = self.records[key]
                if recorded_op != op_id:
                    self.key_conflicts += 1
                    return 422, b'{"message": "idempotency key reused for another write"}'
                self.deduped += 1
                return 200, recorded
            encoded = json.dumps(payload).encode()
            self.applied[op_id] = self.applied.get(op_id, 0) + 1
            if key:
                self.records[key] = (op_id, encoded)
            return 200, encoded

    def stats(self) -> dict[str, Any]:
        with self.lock:
            histogram = Counter(self.attempts.values())
            return {
                "requests": self.requests,
                "faults": dict(self.faults),
                "burst_5xx_responses": self.burst_responses,
                "unauthorized": self.unauthorized,
                "token_requests": self.token_requests,
                "token_faults": self.token_faults,
                "issued_tokens": list(self.issued),
                "applied": dict(self.applied),
                "deduped": self.deduped,
                "missing_key": self.missing_key,
                "key_changes": self.key_changes,
                "key_conflicts": self.key_conflicts,
                "attempts_histogram": {str(k): v for k, v in sorted(histogram.items())},
                "max_attempts": max(self.attempts.values(), default=0),
            }


class ApiServer(ThreadingHTTPServer):
    """The API listener; a restart closes it (connections are refused) and rebinds the port."""

    daemon_threads = True
    request_queue_size = 128
    timeout = 0.02

    def __init__(self, state: State) -> None:
        self.state = state
        self.connections: set[socket.socket] = set()
        self.conn_lock = threading.Lock()
        self.stopping = False
        super().__init__(("127.0.0.1", 0), ApiHandler)

    def handle_error(self, request: Any, client_address: Any) -> None:
        return  # dropped connections are the point

    def serve(self) -> None:
        while not self.stopping:
            if self.state.restart_requested.is_set():
                self._restart()
            self.handle_request()

    def _restart(self) -> None:
        self.socket.close()
        with self.conn_lock:
            connections = list(self.connections)
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        time.sleep(self.state.config.restart_seconds)
        for attempt in range(50):  # the port is ours; binding again only races the kernel
            self.socket = socket.socket(self.address_family, self.socket_type)
            try:
                self.server_bind()
                break
            except OSError:
                self.socket.close()
                if attempt == 49:
                    raise
                time.sleep(0.01)
        self.server_activate()
        self.state.restart_requested.clear()


class ApiHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    server: ApiServer

    def log_message(self, format: str, *args: object) -> None:
        return

    def setup(self) -> None:
        super().setup()
        with self.server.conn_lock:
            self.server.connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.conn_lock:
                self.server.connections.discard(self.connection)

    # -- low-level answers ---------------------------------------------------------------

    def _reset(self) -> None:
        """Abort the connection with a TCP RST."""
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True

    def _head(
        self, status: int, length: int, content_type: str, extra: dict[str, str] | None = None
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(length))
        for name, value in (extra or {}).items():
            self.send_header(name, value)
        self.end_headers()

    def _send(
        self,
        status: int,
        body: bytes,
        content_type: str = "application/json",
        extra: dict[str, str] | None = None,
    ) -> None:
        self._head(status, len(body), content_type, extra)
        self.wfile.write(body)

    # -- the request ---------------------------------------------------------------------

    def _handle(self) -> None:
        state = self.server.state
        config = state.config
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        key = self.headers.get("Idempotency-Key")
        fault = state.choose(self.headers.get("X-Call-Id", ""), self.command, key)
        if fault == "restart":
            state.count(fault)
            state.restart_requested.set()
            self._reset()
            return
        if fault == "reset_before":
            state.count(fault)
            self._reset()
            return
        authorization = self.headers.get("Authorization")
        if not state.authorized(authorization):
            # Like many real APIs, quote the rejected credential back: typelink must redact it.
            presented = (authorization or "").removeprefix("Bearer ")
            message = {"message": f"the access token {presented} expired or is unknown"}
            self._send(401, json.dumps(message).encode())
            return
        if fault in ("burst_5xx", "burst_5xx_continued"):
            if fault == "burst_5xx":
                state.count(fault)
            status = state.pick([500, 502, 503, 504])
            self._send(status, b'{"message": "server error (injected)"}')
            return
        if fault == "rate_limited":
            state.count(fault)
            self._rate_limited()
            return
        if fault == "empty_body" and state.pick([True, False]):
            state.count(fault)
            self._send(503, b"")
            return
        status, answer = state.answer(self.command, self.path, body, key)
        if status != 200 or not fault:
            self._send(status, answer)
            return
        state.count(fault)
        if fault == "reset_mid_body":
            self._head(200, len(answer), "application/json")
            self.wfile.write(answer[: len(answer) // 2])
            self._reset()
        elif fault == "read_timeout":
            time.sleep(config.stall_seconds)
            self.close_connection = True
        elif fault == "truncated_json":
            self._send(200, answer[: max(1, len(answer) // 2)])
        elif fault == "malformed_json":
            self._send(200, b"{" + answer)
        elif fault == "html_error":
            self._send(state.pick([200, 500, 502, 503]), HTML_PAGE)
        elif fault == "wrong_content_type":
            self._send(200, answer, state.pick(["text/plain", "application/octet-stream"]))
        elif fault == "empty_body":
            self._send(200, b"")
        elif fault == "huge_body":
            padded = answer[:-1] + b', "padding": "' + b"x" * config.huge_bytes + b'"}'
            self._send(200, padded)
        elif fault == "slow_drip":
            self._head(200, len(answer), "application/json")
            step = max(1, -(-len(answer) // config.drip_chunks))
            for start in range(0, len(answer), step):
                self.wfile.write(answer[start : start + step])
                time.sleep(config.drip_gap)
        elif fault == "connection_close":
            self._send(200, answer, extra={"Connection": "close"})
            self.close_connection = True
        else:  # pragma: no cover - a kind added to FAULT_KINDS but not here
            self._send(200, answer)

    def _rate_limited(self) -> None:
        state = self.server.state
        variant = state.pick(["seconds", "seconds", "zero", "date", "millis", "too_long"])
        headers: dict[str, str]
        if variant == "seconds":
            headers = {"Retry-After": str(state.pick([1, 2]))}
        elif variant == "zero":
            headers = {"Retry-After": "0"}
        elif variant == "date":
            headers = {"Retry-After": email.utils.formatdate(time.time() + 2, usegmt=True)}
        elif variant == "millis":
            headers = {"retry-after-ms": "150", "Retry-After": "1"}
        else:
            headers = {"Retry-After": str(int(state.config.too_long_retry_after))}
        state.count(f"rate_limited_{variant}")
        self._send(429, b'{"message": "slow down (injected)"}', extra=headers)

    do_GET = do_POST = do_PATCH = _handle


class AdminHandler(BaseHTTPRequestHandler):
    """The token endpoint and the statistics, on a port without faults."""

    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    state: State

    def log_message(self, format: str, *args: object) -> None:
        return

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        self.rfile.read(length)
        if self.path != "/token":
            self._send(404, b"{}")
            return
        self._send(*self.state.issue_token(self.headers.get("Authorization")))

    def do_GET(self) -> None:
        if self.path != "/stats":
            self._send(404, b"{}")
            return
        self._send(200, json.dumps(self.state.stats()).encode())


class _AdminServer(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 64


def main(argv: list[str]) -> int:
    config = FaultConfig.from_json(argv[0]) if argv else FaultConfig()
    client_secret = argv[1] if len(argv) > 1 else CLIENT_SECRET_PREFIX + "default"
    state = State(config, client_secret)
    api = ApiServer(state)
    admin_handler = type("BoundAdminHandler", (AdminHandler,), {"state": state})
    admin = _AdminServer(("127.0.0.1", 0), admin_handler)
    threading.Thread(target=api.serve, daemon=True).start()
    threading.Thread(target=admin.serve_forever, daemon=True).start()
    print(json.dumps({"api": api.server_address[1], "admin": admin.server_address[1]}), flush=True)
    sys.stdin.read()  # the parent closes our stdin (or dies): time to go
    api.stopping = True
    admin.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
