from __future__ import annotations

import threading
from collections.abc import Callable, Iterator

import pytest
import requests

from tests.auth.calls import call
from tests.auth.token_server import TokenServer
from typelink import Consumer, get
from typelink.auth import (
    ClientCredentials,
    ExpiringTokenAuth,
    FileTokenStore,
    MemoryTokenStore,
    Token,
)
from typelink.declare.spec import ANONYMOUS_ENDPOINT, EndpointInfo
from typelink.errors import AuthenticationError, ConfigurationError, CredentialError
from typelink.policies.protocols import Auth
from typelink.transport.request import OutgoingRequest

THREADS = 20


class Clock:
    def __init__(self, now: float = 1_000_000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


class CountingProvider:
    """A provider issuing tokens ``t1``, ``t2``... that live ``lifetime`` seconds."""

    def __init__(self, clock: Clock, lifetime: float | None = 3600) -> None:
        self.clock = clock
        self.lifetime = lifetime
        self.calls: list[Token | None] = []
        self.store_key = "counting"

    def fetch(self, previous: Token | None) -> Token:
        self.calls.append(previous)
        expires = None if self.lifetime is None else self.clock() + self.lifetime
        return Token(f"t{len(self.calls)}", expires, obtained_at=self.clock())

    def secret_values(self) -> list[str]:
        return ["provider-secret"]


def header(auth: Auth) -> tuple[str, int]:
    request = OutgoingRequest("GET", "http://127.0.0.1/x")
    generation = auth.apply(request, ANONYMOUS_ENDPOINT)
    return request.headers["Authorization"], generation


@pytest.fixture
def server() -> Iterator[TokenServer]:
    with TokenServer(expires_in=3600, delay=0.05) as running:
        yield running


def test_fetches_once_and_reuses_until_the_refresh_window():
    clock = Clock()
    provider = CountingProvider(clock, lifetime=3600)
    auth = ExpiringTokenAuth(provider, refresh_window=60, clock=clock)
    assert isinstance(auth, Auth)
    assert header(auth) == ("Bearer t1", 1)
    clock.now += 3539
    assert header(auth) == ("Bearer t1", 1)
    clock.now += 1  # 60 s before expiry: renewed ahead of time
    assert header(auth) == ("Bearer t2", 2)
    assert provider.calls[1] is not None and provider.calls[1].value == "t1"
    assert auth.fetch_count == 2


def test_tokens_without_expiry_are_never_renewed_ahead():
    clock = Clock()
    auth = ExpiringTokenAuth(CountingProvider(clock, lifetime=None), clock=clock)
    header(auth)
    clock.now += 10**9
    assert header(auth) == ("Bearer t1", 1)


def test_refresh_after_401_is_single_flight_by_generation():
    clock = Clock()
    provider = CountingProvider(clock)
    auth = ExpiringTokenAuth(provider, clock=clock)
    _, generation = header(auth)
    assert auth.refresh(generation, ANONYMOUS_ENDPOINT) is True  # renews
    assert auth.refresh(generation, ANONYMOUS_ENDPOINT) is True  # someone already did
    assert len(provider.calls) == 2
    assert header(auth) == ("Bearer t2", 2)


def test_scheme_header_and_key_are_configurable():
    clock = Clock()
    store = MemoryTokenStore()
    auth = ExpiringTokenAuth(
        CountingProvider(clock), store, clock=clock, scheme=None, header="X-Token", key="k"
    )
    request = OutgoingRequest("GET", "http://x", headers={"x-token": "stale"})
    auth.apply(request, ANONYMOUS_ENDPOINT)
    assert request.headers == {"X-Token": "Bearer t1"}  # token_type from the token
    assert store.get("k") is not None
    bare = ExpiringTokenAuth(CountingProvider(clock), clock=clock, scheme="")
    assert header(bare)[0] == "t1"


def test_secrets_stay_out_of_repr_and_are_listed_for_redaction():
    clock = Clock()
    auth = ExpiringTokenAuth(CountingProvider(clock), clock=clock)
    header(auth)
    auth.refresh(1, ANONYMOUS_ENDPOINT)
    header(auth)
    assert {"t1", "t2", "provider-secret"} <= set(auth.secret_values())
    assert "t1" not in repr(auth) and "t2" not in repr(auth)
    assert auth.identity() == "token:counting"


def test_refresh_listeners_hear_the_reason():
    clock = Clock()
    auth = ExpiringTokenAuth(CountingProvider(clock), clock=clock)
    heard: list[tuple[str, EndpointInfo]] = []
    auth.add_refresh_listener(lambda reason, endpoint: heard.append((reason, endpoint)))
    auth.add_refresh_listener(lambda reason, endpoint: 1 / 0)  # ignored, logged
    header(auth)
    auth.refresh(1, ANONYMOUS_ENDPOINT)
    assert heard == [("expiry", ANONYMOUS_ENDPOINT), ("unauthorized", ANONYMOUS_ENDPOINT)]


def run_threads(target: Callable[[], object], count: int = THREADS) -> list[object]:
    barrier = threading.Barrier(count)
    results: list[object] = [None] * count

    def worker(index: int) -> None:
        barrier.wait()
        try:
            results[index] = target()
        except Exception as exc:
            results[index] = exc

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_twenty_threads_hitting_an_expired_token_cause_one_refresh(server: TokenServer):
    provider = ClientCredentials(server.token_url, "client", "secret-1")
    store = MemoryTokenStore()
    store.set(provider.store_key, Token("expired", expires_at=1.0))
    auth = ExpiringTokenAuth(provider, store)
    session = requests.Session()
    results = run_threads(lambda: call(auth, server.api_url, session))
    assert results == [200] * THREADS
    assert len(server.token_requests) == 1
    assert server.api_calls == THREADS


def test_a_wave_of_401s_causes_one_refresh_and_every_call_is_replayed(server: TokenServer):
    auth = ExpiringTokenAuth(ClientCredentials(server.token_url, "client", "secret-1"))
    assert call(auth, server.api_url) == 200
    server.issue({}, {})  # the server revokes our token by issuing a newer one elsewhere
    session = requests.Session()
    results = run_threads(lambda: call(auth, server.api_url, session))
    assert results == [200] * THREADS
    assert len(server.token_requests) == 3  # first token, the revoking one, one refresh
    assert server.api_calls == 1 + 2 * THREADS


def test_a_failing_refresh_raises_for_every_waiting_thread(server: TokenServer):
    server.mode = "500"
    auth = ExpiringTokenAuth(ClientCredentials(server.token_url, "client", "secret-1"))
    results = run_threads(lambda: header(auth))
    assert all(isinstance(r, CredentialError) for r in results)
    assert all("answered 500" in str(r) for r in results)
    # Threads that queued behind a failed refresh share its error rather than each
    # asking again; how many queued depends on scheduling, so only the bound is fixed.
    assert 1 <= len(server.token_requests) <= THREADS


def test_a_file_store_shares_one_token_between_clients(server: TokenServer, tmp_path):
    store_path = tmp_path / "tokens.json"

    def new_auth() -> ExpiringTokenAuth:
        provider = ClientCredentials(server.token_url, "client", "secret-1")
        return ExpiringTokenAuth(provider, FileTokenStore(store_path))

    first, second = new_auth(), new_auth()
    assert header(first) == ("Bearer access-1", 1)
    assert header(second) == ("Bearer access-1", 1)
    assert second.refresh(1, ANONYMOUS_ENDPOINT)
    assert first.refresh(1, ANONYMOUS_ENDPOINT)  # sees the other's refresh in the file
    assert header(first) == ("Bearer access-2", 2)
    assert len(server.token_requests) == 2


def test_a_custom_provider_failure_becomes_a_credential_error_without_its_message():
    class Broken:
        def fetch(self, previous: Token | None) -> Token:
            raise RuntimeError("leaked secret-xyz")

    auth = ExpiringTokenAuth(Broken())
    with pytest.raises(
        CredentialError, match=r"token provider Broken failed \(RuntimeError\)"
    ) as caught:
        header(auth)
    assert "secret-xyz" not in str(caught.value)
    assert isinstance(caught.value.__cause__, RuntimeError)


# -- 401s with a token that was renewed but died early (server-side), through the pipeline --

WAVE = 32


class Protected(Consumer):
    @get("api")
    def read(self) -> dict[str, bool]:
        raise NotImplementedError


def test_a_wave_whose_renewed_token_dies_early_still_succeeds(server: TokenServer):
    """32 calls sent with a revoked token all get a 401; the token renewed for them serves
    16 calls and dies (the server ends it long before its ``expires_in``). The other 16
    replays meet a 401 with a token that is still the current one: they renew it (one
    request for all of them) and replay again, so no call fails and each generation is
    requested once."""
    auth = ExpiringTokenAuth(ClientCredentials(server.token_url, "client", "secret-1"))
    with Protected(base_url=server.base_url, auth=auth) as api:
        assert api.read() == {"ok": True}
        server.issued += 1  # the server ends access-1 early
        server.uses_per_token = WAVE // 2  # and the renewed token serves only 16 calls
        server.hold_api_calls(WAVE)  # every call of the wave is sent with access-1
        results = run_threads(api.read, WAVE)
    assert results == [{"ok": True}] * WAVE
    assert len(server.token_requests) == 3 and auth.fetch_count == 3
    # every call met a 401 with access-1, and some replays one with the renewed access-3
    # (how many: up to 16, as the others may have picked up access-4 already)
    assert WAVE < server.rejected <= WAVE + WAVE // 2


def test_renewals_after_401s_are_bounded_per_call(server: TokenServer):
    """A server that refuses every token it issues: the call renews at most
    ``refreshes_per_call`` times, then the 401 stands as a typed error."""
    server.uses_per_token = 0
    auth = ExpiringTokenAuth(ClientCredentials(server.token_url, "client", "secret-1"))
    assert auth.refreshes_per_call == 3
    with Protected(base_url=server.base_url, auth=auth) as api, pytest.raises(AuthenticationError):
        api.read()
    assert len(server.token_requests) == 1 + 3 and server.api_calls == 1 + 3
    once = ExpiringTokenAuth(
        ClientCredentials(server.token_url, "client", "secret-1"), refreshes_per_call=1
    )
    with Protected(base_url=server.base_url, auth=once) as api, pytest.raises(AuthenticationError):
        api.read()
    assert len(server.token_requests) == 4 + 2 and server.api_calls == 4 + 2
    for refused in (0, -1, True):
        with pytest.raises(ConfigurationError, match="refreshes_per_call"):
            ExpiringTokenAuth(once.provider, refreshes_per_call=refused)
