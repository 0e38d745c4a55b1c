"""Client configuration: environment settings still apply, named base URLs, timeouts, and
the one list of client options."""

from __future__ import annotations

import pytest

from tests.fixtures.servers import Reply, ScriptedServer
from typelink import ConfigurationError, Consumer, get
from typelink.transport.config import normalize_timeout


class Thing(Consumer):
    @get("thing")
    def fetch(self) -> dict[str, int]:
        raise NotImplementedError


def test_proxy_from_environment_is_used(
    scripted: ScriptedServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    scripted.script = [Reply(body=b'{"via": 1}')]
    for name in ("no_proxy", "NO_PROXY", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", scripted.url)
    api = Thing(base_url="http://api.example.invalid/v1")
    assert api.fetch() == {"via": 1}
    # a proxy receives the absolute URL in the request line
    assert scripted.seen[0].path == "http://api.example.invalid/v1/thing"


def test_explicit_proxies_option(scripted: ScriptedServer, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HTTP_PROXY", raising=False)
    monkeypatch.delenv("http_proxy", raising=False)
    api = Thing(base_url="http://api.example.invalid", proxies={"http": scripted.url})
    api.fetch()
    assert scripted.seen[0].path == "http://api.example.invalid/thing"


def test_timeouts_are_validated() -> None:
    assert normalize_timeout(5) == 5.0
    assert normalize_timeout((1, 2)) == (1.0, 2.0)
    for bad in (0, -1, True, "5", (1, 2, 3)):
        with pytest.raises(ConfigurationError, match="timeout"):
            normalize_timeout(bad)


class Uploads(Consumer):
    base_url_name = "uploads"

    @get("assets/{asset_id}")
    def fetch(self, asset_id: int) -> dict[str, int]:
        raise NotImplementedError


def test_named_base_url_for_a_group_on_another_host(scripted: ScriptedServer) -> None:
    from typelink import Client
    from typelink.auth import BearerToken

    other = ScriptedServer()
    try:
        other.script = [Reply(body=b'{"asset": 1}')]

        class Api(Client):
            thing: Thing
            uploads: Uploads

        api = Api(
            base_url=scripted.url,
            base_urls={"uploads": other.url + "/up"},
            auth=BearerToken("tok-123456"),
        )
        assert api.uploads.fetch(5) == {"asset": 1}
        assert other.seen[0].path == "/up/assets/5"
        assert other.seen[0].headers["Authorization"] == "Bearer tok-123456"  # a trusted origin
        with pytest.raises(ConfigurationError, match="base_urls\\['uploads'\\]"):
            Api(base_url=scripted.url).uploads.fetch(1)
    finally:
        other.close()


def test_redirect_to_another_host_drops_the_credential(scripted: ScriptedServer) -> None:
    from typelink.auth import BearerToken

    other = ScriptedServer()
    try:
        other.script = [Reply(body=b'{"moved": 1}')]
        scripted.script = [
            Reply(status=302, headers={"Location": other.url + "/elsewhere"}, body=b"")
        ]
        api = Thing(
            base_url=scripted.url, auth=BearerToken("tok-abcdef"), headers={"X-Api-Key": "k"}
        )
        assert api.fetch() == {"moved": 1}
        assert scripted.seen[0].headers["Authorization"] == "Bearer tok-abcdef"
        assert "Authorization" not in other.seen[0].headers
        assert other.seen[0].path == "/elsewhere"
    finally:
        other.close()


@pytest.mark.parametrize("bad", [float("inf"), float("nan"), (1.0, float("inf"))])
def test_non_finite_timeouts_are_configuration_errors(bad: object) -> None:
    with pytest.raises(ConfigurationError, match="timeout"):
        normalize_timeout(bad)


def test_with_options_timeout_wins_over_the_endpoint_timeout(scripted: ScriptedServer) -> None:
    from typelink import APITimeoutError

    class Slow(Consumer):
        @get("slow", timeout=0.2)
        def slow(self) -> dict[str, int]:
            raise NotImplementedError

    scripted.script = [Reply(delay=0.5, body=b'{"done": 1}')]
    api = Slow(base_url=scripted.url)
    assert api.with_options(timeout=5, retries=0).slow() == {"done": 1}
    with pytest.raises(APITimeoutError):
        api.with_options(retries=0).slow()


def test_client_settings_list_exactly_the_configuration_fields() -> None:
    """ClientConfig is the one list of options; the TypedDict for wrappers must not drift."""
    from dataclasses import fields

    from typelink.transport.config import ClientConfig, ClientOptions, ClientSettings

    configured = {f.name for f in fields(ClientConfig)}
    assert set(ClientSettings.__annotations__) | {"base_url", "base_urls", "auth"} == configured
    assert set(ClientOptions.__annotations__) == set(ClientSettings.__annotations__) | {"auth"}
