"""Views (``with_options``) share the client's connection instead of rebuilding it."""

from __future__ import annotations

import pytest

from tests.fixtures.servers import Reply, ScriptedServer
from typelink import Client, ConfigurationError, Consumer, RetryPolicy, get


class Users(Consumer):
    @get("users/{name}")
    def fetch(self, name: str) -> dict[str, str]:
        raise NotImplementedError


class Api(Client):
    users: Users


def test_a_view_made_before_close_sends_nothing_after_it(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(body=b'{"ok": "1"}')]
    api = Api(base_url=scripted.url)
    view = api.with_options(retries=0)
    api.close()
    with pytest.raises(ConfigurationError, match="closed"):
        view.users.fetch("a")
    with pytest.raises(ConfigurationError, match="closed"):
        view.with_options(timeout=3).users.fetch("a")
    assert scripted.seen == []


def test_views_share_one_connection_and_its_per_origin_settings(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(body=b'{"ok": "1"}'), Reply(body=b'{"ok": "2"}')]
    with Api(base_url=scripted.url) as api:
        view = api.with_options(headers={"X-Trace": "t"})
        assert view.runtime.connection is api.runtime.connection
        assert view.runtime.config is api.runtime.config
        transport = api.runtime.connection.transport
        assert view.users.fetch("a") == {"ok": "1"}
        settings = dict(transport._environment)  # computed once, by the view's call
        assert settings
        assert api.users.fetch("b") == {"ok": "2"}
        assert transport._environment == settings  # reused by the client's own call
        assert scripted.seen[0].headers["X-Trace"] == "t"
        assert "X-Trace" not in scripted.seen[1].headers


def test_closing_a_view_stops_only_that_view(scripted: ScriptedServer) -> None:
    scripted.script = [Reply(body=b'{"ok": "1"}')]
    with Api(base_url=scripted.url) as api:
        view = api.with_options(retries=0)
        view.close()
        with pytest.raises(ConfigurationError, match="closed"):
            view.users.fetch("a")
        assert api.users.fetch("b") == {"ok": "1"}
        assert not api.runtime.closed


def test_a_view_of_a_view_keeps_both_overrides(scripted: ScriptedServer) -> None:
    with Api(base_url=scripted.url) as api:
        policy = RetryPolicy(max_retries=5)
        view = api.with_options(retry=policy, headers={"A": "1"}).with_options(
            retries=1, headers={"B": "2"}
        )
        overrides = view.runtime.overrides
        assert overrides.retry is policy and overrides.retries == 1
        assert dict(view.runtime.headers)["A"] == "1" and dict(view.runtime.headers)["B"] == "2"
        spec = Users.__dict__["fetch"].spec
        assert view.runtime.retry_policy_for(spec).max_retries == 1
