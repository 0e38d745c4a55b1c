"""Running one pipeline step on its own: a real declaration and runtime, and a scripted rest
of the chain (``proceed``) that answers with prepared responses."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import requests
from requests.structures import CaseInsensitiveDict

from typelink import Body, Consumer, get, post
from typelink.declare.spec import EndpointSpec
from typelink.pipeline.call import Call, Exchange, Step
from typelink.pipeline.effects import Flow, run_sync
from typelink.transport.request import OutgoingRequest


class Things(Consumer):
    @get("things/{name}")
    def fetch(self, name: str) -> dict[str, int]:
        raise NotImplementedError

    @post("things")
    def create(self, body: Body[dict[str, int]]) -> dict[str, int]:
        raise NotImplementedError


def spec_of(method: str) -> EndpointSpec:
    spec: EndpointSpec = Things.__dict__[method].spec
    return spec


def response(status: int = 200, body: bytes = b"{}", **headers: str) -> requests.Response:
    made = requests.Response()
    made.status_code = status
    made._content = body
    made._content_consumed = True
    made.headers = CaseInsensitiveDict({k.replace("_", "-"): v for k, v in headers.items()})
    made.url = "https://api.example.com/things/a"
    prepared = requests.PreparedRequest()
    prepared.method = "GET"
    prepared.url = made.url
    made.request = prepared
    return made


class Script:
    """The rest of the chain: each call answers with the next scripted item (a response, or
    an exception to raise) and records the request it was given."""

    def __init__(self, answers: Iterable[requests.Response | Exception]) -> None:
        self.answers = list(answers)
        self.requests: list[OutgoingRequest] = []

    def __call__(self, request: OutgoingRequest) -> Flow[Exchange]:
        self.requests.append(request)
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return Exchange(request, answer)
        yield  # a generator, like every step


def run_step(
    step: Step,
    call: Call,
    request: OutgoingRequest,
    script: Script,
    sleeps: list[float] | None = None,
) -> Exchange:
    """Drive ``step`` alone; sleeps are recorded instead of slept."""
    pause: Callable[[float], None] = (sleeps if sleeps is not None else []).append
    flow = step(call, request, script)

    class NoNetwork:
        def send(self, request: OutgoingRequest) -> Any:
            raise AssertionError("a step run alone must not reach the network")

    return run_sync(flow, NoNetwork(), pause)
