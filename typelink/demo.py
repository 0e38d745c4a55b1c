"""``make demo`` before the GitHub client: a small issue tracker served on 127.0.0.1.

Runs offline: it starts its own local server, declares a typed consumer against it, and shows
typed calls, a typed 422 error with the server's field errors, and the call log.
Run with ``python -m typelink.demo``.
"""

from __future__ import annotations

import json
import logging
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pydantic

from typelink import (
    Client,
    Consumer,
    Model,
    NotFoundError,
    Query,
    UnprocessableEntityError,
    get,
    post,
)


class Issue(Model):
    """An issue as the tracker returns it."""

    number: int
    title: str
    state: str


class NewIssue(Model):
    """What the tracker needs to open an issue."""

    title: str
    body: str | None = None


class FieldError(Model):
    """One field-level validation error."""

    field: str
    code: str


class TrackerError(Model):
    """The tracker's error body."""

    message: str
    errors: list[FieldError] = pydantic.Field(default_factory=list)


class Issues(Consumer):
    """Issue endpoints."""

    @get("issues")
    def list_issues(self, state: Query[str] = "open") -> list[Issue]:
        """Issues in a state."""
        raise NotImplementedError

    @get("issues/{number}")
    def fetch(self, number: int) -> Issue:
        """One issue."""
        raise NotImplementedError

    @post("issues")
    def create(self, issue: NewIssue) -> Issue:
        """Open an issue."""
        raise NotImplementedError


class Tracker(Client):
    """The demo client root."""

    issues: Issues


def _serve() -> ThreadingHTTPServer:
    issues: list[dict[str, Any]] = [
        {"number": 1, "title": "Crash on start", "state": "open"},
        {"number": 2, "title": "Typo in docs", "state": "closed"},
    ]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, format: str, *args: object) -> None:
            return

        def _reply(self, status: int, payload: Any) -> None:
            body = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("X-Request-Id", f"demo-{len(issues)}")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            path, _, query = self.path.partition("?")
            if path == "/issues":
                state = "closed" if "state=closed" in query else "open"
                self._reply(200, [i for i in issues if i["state"] == state])
                return
            number = path.rsplit("/", 1)[-1]
            found = [i for i in issues if str(i["number"]) == number]
            if found:
                self._reply(200, found[0])
            else:
                self._reply(404, {"message": f"issue {number} not found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            data = json.loads(self.rfile.read(length) or b"{}")
            if not str(data.get("title", "")).strip():
                self._reply(
                    422,
                    {
                        "message": "Validation Failed",
                        "errors": [{"field": "title", "code": "blank"}],
                    },
                )
                return
            issue = {"number": len(issues) + 1, "title": data["title"], "state": "open"}
            issues.append(issue)
            self._reply(201, issue)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> int:
    """Run the demo; returns the exit code."""
    logging.basicConfig(level=logging.WARNING, format="  log: %(message)s", stream=sys.stdout)
    logging.getLogger("typelink").setLevel(logging.DEBUG)
    server = _serve()
    base_url = f"http://127.0.0.1:{server.server_address[1]}"
    print(f"typelink demo against a local tracker at {base_url}\n")
    with Tracker(base_url=base_url, error_model=TrackerError) as api:
        print("open issues:")
        for issue in api.issues.list_issues():
            print(f"  #{issue.number} {issue.title} [{issue.state}]")
        created = api.issues.create(NewIssue(title="Add dark mode"))
        print(f"created: #{created.number} {created.title!r} (a typed {type(created).__name__})")
        try:
            api.issues.create(NewIssue(title=" "))
        except UnprocessableEntityError as exc:
            parsed = exc.parsed
            assert isinstance(parsed, TrackerError)
            fields = ", ".join(f"{e.field}: {e.code}" for e in parsed.errors)
            print(f"typed 422: {type(exc).__name__} status={exc.status_code} fields=[{fields}]")
            print(f"  message: {exc}")
        try:
            api.issues.fetch(99)
        except NotFoundError as exc:
            print(f"typed 404: {exc}")
    server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
