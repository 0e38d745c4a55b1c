"""Credentials a client was configured with are scrubbed from recordings, wherever they appear."""

from __future__ import annotations

from pathlib import Path

from pytest_httpserver import HTTPServer

from typelink import Consumer, get
from typelink.auth import CallableAuth
from typelink.testing.session import CassetteOptions, CassetteSession
from typelink.transport.request import OutgoingRequest

SECRET = "hunter2hunter2"


class Echo(Consumer):
    @get("echo")
    def fetch(self) -> dict[str, str]:
        raise NotImplementedError


def test_a_custom_header_credential_is_scrubbed_from_request_and_echoed_response(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    httpserver.expect_request("/echo").respond_with_json({"echo": SECRET})

    def sign(request: OutgoingRequest) -> None:
        request.headers["X-Trace-Context"] = SECRET

    api = Echo(base_url=httpserver.url_for("/"), auth=CallableAuth(sign, secrets=[SECRET]))
    path = tmp_path / "echo.yaml"
    with CassetteSession(path, CassetteOptions(record_mode="once")):
        assert api.fetch() == {"echo": SECRET}
    text = path.read_text()
    assert SECRET not in text
    assert "X-Trace-Context" in text
    # and replay still works, with the scrubbed placeholders on both sides
    with CassetteSession(path, CassetteOptions(record_mode="none")):
        assert api.fetch()["echo"] != SECRET
