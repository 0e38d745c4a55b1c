"""The auth and 401-replay steps alone."""

from __future__ import annotations

from tests.pipeline.harness import Script, Things, response, run_step, spec_of
from typelink.declare.spec import EndpointInfo
from typelink.pipeline.call import Call
from typelink.pipeline.steps.auth import AuthStep, ReplayStep
from typelink.transport.request import OutgoingRequest

URL = "https://api.example.com/things/a"


class Rotating:
    """A credential that renews on refresh (the real auth schemes have their own tests)."""

    def __init__(self) -> None:
        self.generation = 1
        self.refreshed: list[int] = []

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        request.headers["Authorization"] = f"Bearer t{self.generation}"
        return self.generation

    def refresh(self, failed_generation: int, endpoint: EndpointInfo) -> bool:
        self.refreshed.append(failed_generation)
        self.generation += 1
        return True

    def secret_values(self) -> list[str]:
        return [f"t{self.generation}"]

    def identity(self) -> str:
        return "rotating"


def test_the_credential_goes_on_a_copy_and_only_to_trusted_origins() -> None:
    auth = Rotating()
    call = Call(spec_of("fetch"), Things(base_url="https://api.example.com", auth=auth).runtime)
    original = OutgoingRequest("GET", URL)
    script = Script([response(200), response(200)])
    run_step(AuthStep(auth), call, original, script)
    assert "Authorization" not in original.headers
    assert script.requests[0].headers["Authorization"] == "Bearer t1" and call.generation == 1
    foreign = OutgoingRequest("GET", "https://cdn.example.net/x", trusted=False)
    run_step(AuthStep(auth), call, foreign, script)
    assert "Authorization" not in script.requests[1].headers


def test_a_401_refreshes_once_and_replays_once() -> None:
    auth = Rotating()
    call = Call(spec_of("fetch"), Things(base_url="https://api.example.com", auth=auth).runtime)
    call.generation = 1
    script = Script([response(401), response(401)])
    exchange = run_step(ReplayStep(auth), call, OutgoingRequest("GET", URL), script)
    assert exchange.response is not None and exchange.response.status_code == 401
    assert auth.refreshed == [1] and len(script.requests) == 2


def test_a_401_from_an_untrusted_origin_is_not_replayed() -> None:
    auth = Rotating()
    call = Call(spec_of("fetch"), Things(base_url="https://api.example.com", auth=auth).runtime)
    script = Script([response(401)])
    run_step(ReplayStep(auth), call, OutgoingRequest("GET", URL, trusted=False), script)
    assert auth.refreshed == [] and len(script.requests) == 1


class Bounded(Rotating):
    """A credential that says how often one call may refresh after 401s."""

    def __init__(self, refreshes_per_call: int) -> None:
        super().__init__()
        self.refreshes_per_call = refreshes_per_call


def test_each_refused_replay_refreshes_again_up_to_the_auths_bound() -> None:
    auth = Bounded(refreshes_per_call=3)
    call = Call(spec_of("fetch"), Things(base_url="https://api.example.com", auth=auth).runtime)
    call.generation = 1
    script = Script([response(401), response(401), response(200)])
    exchange = run_step(ReplayStep(auth), call, OutgoingRequest("GET", URL), script)
    assert exchange.response is not None and exchange.response.status_code == 200
    assert auth.refreshed == [1, 1] and len(script.requests) == 3  # a stub: generation kept
    assert call.refreshes_401 == 2
    refused = Call(spec_of("fetch"), Things(base_url="https://api.example.com", auth=auth).runtime)
    script = Script([response(401) for _ in range(4)])
    exchange = run_step(ReplayStep(auth), refused, OutgoingRequest("GET", URL), script)
    assert exchange.response is not None and exchange.response.status_code == 401
    assert len(script.requests) == 4 and refused.refreshes_401 == 3  # 1 + 3 replays, then it stands
