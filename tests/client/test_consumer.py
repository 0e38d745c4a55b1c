"""Client root, resource groups, shared runtime, options, environment and lifecycle."""

from __future__ import annotations

import gc
import json
import tracemalloc
import types

import pytest
import requests
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from tests.fixtures.servers import Reply, ScriptedServer
from typelink import (
    BearerToken,
    Client,
    ConfigurationError,
    Consumer,
    DeclarationError,
    RetryPolicy,
    get,
)
from typelink._internal.redact import tracked_secret_values
from typelink.transport.config import options_from_env


class Users(Consumer):
    @get("users/{login}")
    def fetch(self, login: str) -> dict[str, str]:
        raise NotImplementedError


class Repos(Consumer):
    @get("repos/{name}")
    def fetch(self, name: str) -> dict[str, str]:
        raise NotImplementedError


class Api(Client):
    base_url = "http://127.0.0.1:9/should-be-overridden"
    users: Users
    repos: Repos


def echo(request: Request) -> Response:
    return Response(
        json.dumps(
            {
                "path": request.path,
                "ua": request.headers.get("User-Agent", ""),
                "x": request.headers.get("X-Default", ""),
            }
        ),
        content_type="application/json",
    )


def test_groups_share_one_runtime_and_session(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/api/users/a").respond_with_handler(echo)
    httpserver.expect_request("/api/repos/b").respond_with_handler(echo)
    with Api(
        base_url=httpserver.url_for("/api"), headers={"X-Default": "d"}, user_agent="ua/1"
    ) as api:
        assert api.users.runtime is api.repos.runtime is api.runtime
        assert api.users.fetch("a") == {"path": "/api/users/a", "ua": "ua/1", "x": "d"}
        assert api.repos.fetch("b")["path"] == "/api/repos/b"


def test_class_base_url_is_the_default(httpserver: HTTPServer) -> None:
    class Local(Client):
        base_url = httpserver.url_for("/v2")
        users: Users

    httpserver.expect_request("/v2/users/z").respond_with_handler(echo)
    assert Local().users.fetch("z")["path"] == "/v2/users/z"


def test_missing_or_invalid_base_url_is_a_configuration_error() -> None:
    with pytest.raises(ConfigurationError, match="no base_url"):
        Users()
    with pytest.raises(ConfigurationError, match="http"):
        Users(base_url="ftp://example.invalid")


def test_user_session_is_used_and_never_closed(httpserver: HTTPServer) -> None:
    session = requests.Session()
    session.headers["X-Default"] = "from-session"
    closed: list[bool] = []
    original_close = session.close

    def track_close() -> None:
        closed.append(True)
        original_close()

    session.close = track_close  # type: ignore[method-assign]
    httpserver.expect_request("/users/a").respond_with_handler(echo)
    with Api(base_url=httpserver.url_for("/"), session=session) as api:
        assert api.users.fetch("a")["x"] == "from-session"
        assert api.runtime.session is session
    assert closed == []


def test_owned_session_is_closed_and_calls_refused_after_close(httpserver: HTTPServer) -> None:
    api = Api(base_url=httpserver.url_for("/"))
    session = api.runtime.session
    api.close()
    assert api.runtime.closed
    with pytest.raises(ConfigurationError, match="closed"):
        api.users.fetch("a")
    assert session.adapters  # closing a Session leaves adapters mounted but pools cleared


def test_standalone_consumer(httpserver: HTTPServer) -> None:
    httpserver.expect_request("/users/solo").respond_with_handler(echo)
    with Users(base_url=httpserver.url_for("/")) as users:
        assert users.fetch("solo")["path"] == "/users/solo"


def test_timeout_connect_and_read_are_separate(scripted: ScriptedServer) -> None:
    from typelink import APITimeoutError

    scripted.script = [Reply(delay=0.4)]
    api = Api(base_url=scripted.url, timeout=(5.0, 0.1), retry=RetryPolicy(max_retries=0))
    with pytest.raises(APITimeoutError):
        api.users.fetch("slow")
    assert api.runtime.timeout == (5.0, 0.1)


def test_with_options_overrides_per_call_and_shares_session(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(status=503), Reply(status=503), Reply(status=503)]
    sleeps: list[float] = []
    api = Api(base_url=scripted.url, sleep=sleeps.append, rand=lambda: 0.0)
    no_retry = api.with_options(retries=0)
    assert no_retry.runtime.session is api.runtime.session
    assert no_retry.users.runtime is no_retry.runtime
    from typelink import InternalServerError

    with pytest.raises(InternalServerError):
        no_retry.users.fetch("x")
    assert len(scripted.seen) == 1
    assert sleeps == []
    with pytest.raises(InternalServerError):
        api.users.fetch("x")
    assert len(scripted.seen) == 4  # default policy: 2 retries
    assert sleeps == [0.5, 1.0]
    no_retry.close()
    assert not api.runtime.closed  # a view never closes the shared session


def test_options_from_env_reads_and_validates() -> None:
    env = {
        "ACME_BASE_URL": "https://api.acme.test/v1",
        "ACME_TIMEOUT": "3,20",
        "ACME_VERIFY": "false",
        "ACME_PROXY": "http://proxy.local:3128",
        "ACME_USER_AGENT": "acme/2",
        "ACME_HEADERS": '{"X-Team": "core"}',
    }
    options = options_from_env("ACME", env)
    assert options == {
        "base_url": "https://api.acme.test/v1",
        "timeout": (3.0, 20.0),
        "verify": False,
        "proxies": {"http": "http://proxy.local:3128", "https": "http://proxy.local:3128"},
        "user_agent": "acme/2",
        "headers": {"X-Team": "core"},
    }
    with pytest.raises(ConfigurationError, match="ACME_TIMEOUT"):
        options_from_env("ACME", {"ACME_TIMEOUT": "soon"})
    with pytest.raises(ConfigurationError, match="ACME_HEADERS"):
        options_from_env("ACME", {"ACME_HEADERS": "[1]"})
    with pytest.raises(ConfigurationError, match="ACME_VERIFY"):
        options_from_env("ACME", {"ACME_VERIFY": "/no/such/bundle.pem"})


def test_from_env_builds_a_working_client(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    httpserver.expect_request("/base/users/e").respond_with_handler(echo)
    monkeypatch.setenv("TL_BASE_URL", httpserver.url_for("/base"))
    monkeypatch.setenv("TL_HEADERS", '{"X-Default": "env"}')
    with Api.from_env("TL") as api:
        assert api.users.fetch("e") == {
            "path": "/base/users/e",
            "ua": api.runtime.headers["User-Agent"],
            "x": "env",
        }


def test_from_env_token_becomes_bearer_auth_and_is_never_shown(
    httpserver: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def handler(request: Request) -> Response:
        seen.append(request.headers.get("Authorization", ""))
        return Response("{}", status=404, content_type="application/json")

    httpserver.expect_request("/users/t").respond_with_handler(handler)
    monkeypatch.setenv("TL_BASE_URL", httpserver.url_for("/"))
    monkeypatch.setenv("TL_TOKEN", "ghp_secretvalue0123456789")
    from typelink import NotFoundError

    with Api.from_env("TL") as api:
        with pytest.raises(NotFoundError) as info:
            api.users.fetch("t")
        assert "ghp_secretvalue0123456789" not in repr(api.runtime.auth)
    assert seen == ["Bearer ghp_secretvalue0123456789"]
    assert "ghp_secretvalue0123456789" not in str(info.value)


def test_groups_declared_inside_a_function_resolve_even_when_names_repeat(
    httpserver: HTTPServer,
) -> None:
    def declare(path: str) -> type[Client]:
        class Scoped(Consumer):
            @get(path)
            def fetch(self) -> dict[str, str]:
                raise NotImplementedError

        class ScopedApi(Client):
            scoped: Scoped

        return ScopedApi

    first, second = declare("one"), declare("two")  # two live classes named Scoped
    httpserver.expect_request("/one").respond_with_json({"path": "one"})
    httpserver.expect_request("/two").respond_with_json({"path": "two"})
    assert first(base_url=httpserver.url_for("/")).scoped.fetch() == {"path": "one"}  # type: ignore[attr-defined]
    assert second(base_url=httpserver.url_for("/")).scoped.fetch() == {"path": "two"}  # type: ignore[attr-defined]


# -- compiling on first use (defer_compile) ------------------------------------------------

looked_up: list[str] = []
lazy_types = types.ModuleType("lazy_types")
"""A module whose names are produced on first lookup, like a lazily loaded models package."""


def _first_lookup(name: str) -> object:
    if name != "Login":  # tools probe modules for attributes (pytest's collection does)
        raise AttributeError(name)
    looked_up.append(name)
    return dict[str, str]


lazy_types.__getattr__ = _first_lookup  # type: ignore[method-assign]


def test_deferred_declarations_compile_on_first_use(httpserver: HTTPServer) -> None:
    class Lazy(Consumer):
        defer_compile = True

        @get("users/{login}")
        def fetch(self, login: str) -> lazy_types.Login:
            raise NotImplementedError

        @get("broken")
        def broken(self):  # type: ignore[no-untyped-def]  # no return annotation
            raise NotImplementedError

    assert looked_up == []  # creating the class resolved no annotation
    httpserver.expect_request("/users/octocat").respond_with_json({"login": "octocat"})
    api = Lazy(base_url=httpserver.url_for("/"))
    assert api.fetch("octocat") == {"login": "octocat"}
    assert looked_up == ["Login"]
    with pytest.raises(DeclarationError, match=r"Lazy\.broken: declare the return type"):
        api.broken()  # the broken declaration is reported on first use, not at import


def test_declarations_compile_at_class_creation_unless_deferred() -> None:
    with pytest.raises(DeclarationError, match=r"Eager\.broken: declare the return type"):

        class Eager(Consumer):
            @get("broken")
            def broken(self):  # type: ignore[no-untyped-def]
                raise NotImplementedError


def test_clients_created_and_closed_leave_memory_flat() -> None:
    """10,000 clients, each with its own token, created and closed: nothing of them stays
    (their credentials were tracked for the cassette scrubber only while they lived). A
    generous bound, far below one token kept per client; never a timing."""

    def client(number: int) -> Api:
        return Api(base_url="http://127.0.0.1:9", auth=BearerToken(f"token-{number:08d}"))

    alive = client(0)
    assert "token-00000000" in tracked_secret_values()
    for number in range(1, 500):  # warm every cache first
        client(number).close()
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for number in range(500, 10_500):
        client(number).close()
    gc.collect()
    grown = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert grown < 64 * 1024, f"{grown} bytes kept by 10,000 closed clients"
    assert not any(v.startswith("token-0001") for v in tracked_secret_values())
    alive.close()
