"""A keep-alive JSON server in its own process, shared by the benchmarks.

Running the server in a separate process keeps its work off the client's GIL, so the
figures compare client-side overhead. Nagle is disabled (otherwise every call waits ~40 ms).
"""

from __future__ import annotations

import json
import multiprocessing as mp
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


def _item(i: int) -> dict[str, Any]:
    return {
        "id": i,
        "name": f"item-{i}",
        "active": i % 2 == 0,
        "score": i * 0.5,
        "tags": ["alpha", "beta", "gamma"],
        "owner": {"login": f"user{i % 50}", "id": i % 50},
    }


SMALL = json.dumps(_item(1)).encode()


def big_body(target_bytes: int = 1_000_000) -> bytes:
    """A JSON list of items of about ``target_bytes``."""
    items: list[dict[str, Any]] = []
    size = 2
    i = 0
    while size < target_bytes:
        item = _item(i)
        size += len(json.dumps(item)) + 2
        items.append(item)
        i += 1
    return json.dumps(items).encode()


def _serve(port_queue: Any, big: bytes) -> None:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            body = big if self.path.startswith("/big") else SMALL
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port_queue.put(server.server_address[1])
    server.serve_forever()


class ServerProcess:
    """Start/stop the benchmark server in a child process."""

    def __init__(self) -> None:
        self.big = big_body()
        queue: Any = mp.Queue()
        self.process = mp.Process(target=_serve, args=(queue, self.big), daemon=True)
        self.process.start()
        self.port = int(queue.get(timeout=10))
        self.url = f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(5)
