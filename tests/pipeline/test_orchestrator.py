"""The call pipeline: logging, events, 401 replay, retries and idempotency, per call."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator, Sequence

import pytest

from tests.fixtures.servers import Reply, ScriptedServer, Seen
from typelink import (
    AuthenticationError,
    Body,
    Consumer,
    Header,
    InternalServerError,
    Part,
    RetryPolicy,
    events,
    get,
    post,
)
from typelink.declare.spec import EndpointInfo
from typelink.transport.request import OutgoingRequest

SECRET = "tok_live_0123456789abcdef"


class RotatingToken:
    """A user-written Auth: generation g uses token ``<SECRET>-g``; refresh bumps g."""

    def __init__(self) -> None:
        self.generation = 1
        self.refreshes = 0

    def apply(self, request: OutgoingRequest, endpoint: EndpointInfo) -> int:
        request.headers["Authorization"] = f"Bearer {SECRET}-{self.generation}"
        return self.generation

    def refresh(self, failed_generation: int, endpoint: EndpointInfo) -> bool:
        if failed_generation == self.generation:
            self.generation += 1
            self.refreshes += 1
        return True

    def secret_values(self) -> Sequence[str]:
        return [f"{SECRET}-{g}" for g in range(1, self.generation + 2)] + [SECRET]

    def identity(self) -> str:
        return "rotating"


class Things(Consumer):
    @get("things/{thing_id}")
    def fetch(self, thing_id: int, token: str | None = None) -> dict[str, int]:
        raise NotImplementedError

    @post("things")
    def create(self, payload: Body[dict[str, int]]) -> dict[str, int]:
        raise NotImplementedError

    @post("things/upsert", idempotent=True)
    def upsert(self, payload: Body[dict[str, int]]) -> dict[str, int]:
        raise NotImplementedError

    @post("things/stream")
    def stream(self, payload: Body[bytes]) -> dict[str, int]:
        raise NotImplementedError


def make(server: ScriptedServer, **options: object) -> tuple[Things, list[float]]:
    sleeps: list[float] = []
    api = Things(base_url=server.url, sleep=sleeps.append, rand=lambda: 0.0, **options)  # type: ignore[arg-type]
    return api, sleeps


def test_debug_log_line_per_request_without_credentials(
    scripted: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    scripted.script = [Reply(body=b'{"a": 1}')]
    api, _ = make(scripted, auth=RotatingToken())
    with caplog.at_level(logging.DEBUG, logger="typelink"):
        api.fetch(5, token=SECRET)
    lines = [r.getMessage() for r in caplog.records if r.name == "typelink"]
    assert len(lines) == 1
    line = lines[0]
    assert line.startswith("GET http://127.0.0.1:")
    assert (
        "/things/5?token=" in line
        and "-> 200 in " in line
        and " ms (attempt 1) [Things.fetch]" in line
    )
    assert SECRET not in caplog.text
    assert scripted.seen[0].headers["Authorization"] == f"Bearer {SECRET}-1"


def test_typelink_log_env_turns_logging_on(monkeypatch: pytest.MonkeyPatch) -> None:
    from typelink._internal import logs as runtime

    logger = logging.getLogger("typelink")
    before = list(logger.handlers)
    monkeypatch.setenv("TYPELINK_LOG", "debug")
    try:
        runtime._configure_logging_from_env()
        assert logger.level == logging.DEBUG
        assert any(isinstance(h, runtime.EnvLogHandler) for h in logger.handlers)
    finally:
        for handler in logger.handlers[:]:
            if handler not in before:
                logger.removeHandler(handler)


def test_listeners_see_the_endpoint(scripted: ScriptedServer) -> None:
    seen: list[events.Event] = []
    scripted.script = [Reply(status=500), Reply(body=b'{"a": 2}')]
    api, sleeps = make(scripted, listeners=[seen.append])
    assert api.fetch(1) == {"a": 2}
    kinds = [type(e).__name__ for e in seen]
    assert kinds == [
        "RequestSent",
        "ResponseReceived",
        "RetryScheduled",
        "RequestSent",
        "ResponseReceived",
    ]
    first = seen[0]
    assert isinstance(first, events.RequestSent)
    assert first.endpoint.qualname == "Things.fetch"
    assert first.endpoint.path == "things/{thing_id}"
    assert first.endpoint.http_method == "GET"
    assert first.endpoint.ref == "tests.pipeline.test_orchestrator:Things.fetch"
    retry = seen[2]
    assert isinstance(retry, events.RetryScheduled)
    assert (retry.attempt, retry.reason, retry.wait) == (1, retry.reason, 0.5)
    assert sleeps == [0.5]


def test_global_listener_and_failing_listener_do_not_break_calls(scripted: ScriptedServer) -> None:
    got: list[events.Event] = []

    def broken(event: events.Event) -> None:
        raise RuntimeError("listener bug")

    events.add_global_listener(got.append)
    try:
        api, _ = make(scripted, listeners=[broken])
        assert api.fetch(1) == {}
    finally:
        events.remove_global_listener(got.append)
    assert any(isinstance(e, events.ResponseReceived) for e in got)


def test_401_refreshes_once_and_replays(scripted: ScriptedServer) -> None:
    auth = RotatingToken()
    scripted.script = [Reply(status=401), Reply(body=b'{"ok": 1}')]
    api, _ = make(scripted, auth=auth)
    assert api.fetch(1) == {"ok": 1}
    assert [s.headers["Authorization"] for s in scripted.seen] == [
        f"Bearer {SECRET}-1",
        f"Bearer {SECRET}-2",
    ]
    assert auth.refreshes == 1


def test_second_401_raises_authentication_error(scripted: ScriptedServer) -> None:
    auth = RotatingToken()
    scripted.script = [Reply(status=401, body=b'{"message": "bad credentials"}')]
    api, _ = make(scripted, auth=auth)
    with pytest.raises(AuthenticationError, match="bad credentials") as info:
        api.fetch(1)
    assert len(scripted.seen) == 2
    assert SECRET not in str(info.value)


def test_unreplayable_body_is_not_replayed_after_401(scripted: ScriptedServer) -> None:
    auth = RotatingToken()
    scripted.script = [Reply(status=401)]
    api, _ = make(scripted, auth=auth)

    def chunks() -> Iterator[bytes]:
        yield b"abc"

    with pytest.raises(AuthenticationError):
        api.stream(chunks())  # type: ignore[arg-type]
    assert len(scripted.seen) == 1
    assert auth.refreshes == 0


def test_post_is_not_retried_without_key_or_idempotent_flag(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(status=503)]
    api, sleeps = make(scripted)
    with pytest.raises(InternalServerError):
        api.create({"n": 1})
    assert len(scripted.seen) == 1
    assert sleeps == []


def test_idempotent_post_is_retried(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(status=503), Reply(body=b'{"n": 1}')]
    api, sleeps = make(scripted)
    assert api.upsert({"n": 1}) == {"n": 1}
    assert len(scripted.seen) == 2
    assert scripted.seen[0].body == scripted.seen[1].body == b'{"n":1}'


def test_idempotency_key_is_one_per_call_and_stable_across_attempts(
    scripted: ScriptedServer,
) -> None:
    scripted.script = [Reply(status=500), Reply(reset=True), Reply(body=b"{}"), Reply(body=b"{}")]
    api, sleeps = make(scripted, retry=RetryPolicy(idempotency_header="Idempotency-Key"))
    api.create({"n": 1})
    api.create({"n": 2})
    keys = [s.headers.get("Idempotency-Key") for s in scripted.seen]
    assert len(keys) == 4 and None not in keys
    assert keys[0] == keys[1] == keys[2] != keys[3]
    assert sleeps == [0.5, 1.0]


def test_backoff_state_belongs_to_each_call(scripted: ScriptedServer) -> None:
    def handler(seen: Seen) -> Reply:
        return Reply(status=503)

    scripted.handler = handler
    api, sleeps = make(scripted)
    for _ in range(2):
        with pytest.raises(InternalServerError):
            api.fetch(1)
    assert sleeps == [0.5, 1.0, 0.5, 1.0]


def test_request_repr_does_not_leak(scripted: ScriptedServer) -> None:
    request = OutgoingRequest("get", "http://h/x", headers={"Authorization": "Bearer x"})
    assert "Bearer" not in repr(request)
    buf = io.StringIO()
    print(request, file=buf)
    assert "Authorization" not in buf.getvalue()


class Repos(Consumer):
    @get("repos/{name}")
    def fetch(self, name: str) -> dict[str, int]:
        raise NotImplementedError

    @post("repos/{name}/rename", idempotent=False)
    def rename(self, name: str, payload: Body[dict[str, str]]) -> dict[str, int]:
        raise NotImplementedError


def test_301_is_followed_for_reads_with_the_credential_on_the_same_host(
    scripted: ScriptedServer,
) -> None:
    auth = RotatingToken()
    scripted.script = [
        Reply(status=301, headers={"Location": "/repositories/42"}, body=b""),
        Reply(body=b'{"id": 42}'),
    ]
    api = Repos(base_url=scripted.url, auth=auth)
    assert api.fetch("old-name") == {"id": 42}
    assert [s.path for s in scripted.seen] == ["/repos/old-name", "/repositories/42"]
    assert scripted.seen[1].headers["Authorization"] == f"Bearer {SECRET}-1"


def test_307_is_followed_for_writes_with_method_and_body(scripted: ScriptedServer) -> None:
    scripted.script = [
        Reply(status=307, headers={"Location": "/repositories/42/rename"}, body=b""),
        Reply(body=b'{"ok": 1}'),
    ]
    api = Repos(base_url=scripted.url)
    assert api.rename("old", {"name": "new"}) == {"ok": 1}
    second = scripted.seen[1]
    assert (second.method, second.path, second.body) == (
        "POST",
        "/repositories/42/rename",
        b'{"name":"new"}',
    )


def test_301_to_a_write_is_not_followed(scripted: ScriptedServer) -> None:
    from typelink import APIStatusError

    scripted.script = [Reply(status=301, headers={"Location": "/x"}, body=b"")]
    api = Repos(base_url=scripted.url)
    with pytest.raises(APIStatusError) as info:
        api.rename("old", {"name": "new"})
    assert info.value.status_code == 301
    assert len(scripted.seen) == 1


def test_redirect_loops_stop(scripted: ScriptedServer) -> None:
    from typelink import APIConnectionError

    scripted.script = [Reply(status=302, headers={"Location": "/repos/loop"}, body=b"")]
    api = Repos(base_url=scripted.url)
    with pytest.raises(APIConnectionError, match="more than 10 redirects"):
        api.fetch("loop")
    assert len(scripted.seen) == 11


# -- credentials and bodies across redirects and retries (review findings) -----------------


class Plain(Consumer):
    @get("start")
    def start(self) -> dict[str, int]:
        raise NotImplementedError


def test_cross_origin_redirect_drops_session_and_header_credentials(
    scripted: ScriptedServer,
) -> None:
    import requests

    other = ScriptedServer()
    try:
        other.script = [Reply(body=b'{"landed": 1}')]
        scripted.script = [
            Reply(status=302, headers={"Location": other.url + "/landing"}, body=b"")
        ]
        session = requests.Session()
        session.headers["Authorization"] = "Bearer from-session-headers"
        session.auth = ("user", "password-in-session")
        api = Plain(
            base_url=scripted.url,
            session=session,
            headers={"X-Api-Key": "key-in-client-headers", "Cookie": "sid=abc"},
        )
        assert api.start() == {"landed": 1}
        first, landed = scripted.seen[0].headers, other.seen[0].headers
        assert first["Authorization"].startswith("Basic ") or first["Authorization"].startswith(
            "Bearer "
        )
        assert first["X-Api-Key"] == "key-in-client-headers"
        for name in ("Authorization", "X-Api-Key", "Cookie"):
            assert name not in landed, name
    finally:
        other.close()


def test_307_with_a_used_up_stream_body_is_not_followed(scripted: ScriptedServer) -> None:
    from typelink import APIStatusError

    scripted.script = [Reply(status=307, headers={"Location": "/final"}, body=b"")]
    api = Things(base_url=scripted.url)

    def chunks() -> Iterator[bytes]:
        yield b"chunk1"
        yield b"chunk2"

    with pytest.raises(APIStatusError) as info:
        api.stream(chunks())  # type: ignore[arg-type]
    assert info.value.status_code == 307
    assert len(scripted.seen) == 1


class Uploads(Consumer):
    @post("upload", idempotent=True)
    def upload(self, file: Part[object]) -> dict[str, int]:
        raise NotImplementedError


def test_file_object_parts_are_not_resent_after_a_retry_or_401(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(status=503)]
    api, sleeps = make(scripted)
    uploads = Uploads(base_url=scripted.url, sleep=sleeps.append)
    with pytest.raises(InternalServerError):
        uploads.upload(io.BytesIO(b"PAYLOAD-CONTENT"))
    assert len(scripted.seen) == 1 and b"PAYLOAD-CONTENT" in scripted.seen[0].body
    auth = RotatingToken()
    scripted.seen.clear()
    scripted.script = [Reply(status=401)]
    with pytest.raises(AuthenticationError):
        Uploads(base_url=scripted.url, auth=auth).upload(io.BytesIO(b"PAYLOAD-CONTENT"))
    assert len(scripted.seen) == 1 and auth.refreshes == 0


def test_bytes_parts_are_resent_whole(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(status=503), Reply(body=b'{"ok": 1}')]
    sleeps: list[float] = []
    assert Uploads(base_url=scripted.url, sleep=sleeps.append).upload(b"PAYLOAD") == {"ok": 1}
    assert [b"PAYLOAD" in s.body for s in scripted.seen] == [True, True]


class Greeter(Consumer):
    @get("hello")
    def hello(self, name: Header[str]) -> dict[str, int]:
        raise NotImplementedError


def test_non_latin1_header_is_an_invalid_argument_without_retries(scripted: ScriptedServer) -> None:
    from typelink import InvalidArgumentError

    sleeps: list[float] = []
    with pytest.raises(InvalidArgumentError, match="Latin-1"):
        Greeter(base_url=scripted.url, sleep=sleeps.append).hello("Zoë 日本")
    assert sleeps == [] and scripted.seen == []
