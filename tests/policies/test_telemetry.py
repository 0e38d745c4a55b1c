"""The ``telemetry=`` option: off by default, nothing imported or added to the chain unless it
is configured, and a clear error when the OpenTelemetry API is not installed."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.fixtures.otel import Sink
from typelink import ConfigurationError, Consumer, Telemetry, get
from typelink.policies.telemetry import client_telemetry


class Things(Consumer):
    @get("things/{thing_id}")
    def fetch(self, thing_id: int) -> dict[str, int]:
        raise NotImplementedError


def test_the_option_accepts_none_booleans_and_a_telemetry() -> None:
    mine = Telemetry()
    assert client_telemetry(None) is None and client_telemetry(False) is None
    assert isinstance(client_telemetry(True), Telemetry)
    assert client_telemetry(mine) is mine
    with pytest.raises(ConfigurationError, match="telemetry= must be a typelink Telemetry"):
        client_telemetry("yes")


def test_without_telemetry_the_chain_has_no_telemetry_step() -> None:
    plain = Things(base_url="http://127.0.0.1:9")
    assert "Span" not in repr(plain.fetch._chain)  # type: ignore[attr-defined]
    assert plain.runtime.config.telemetry is None and plain.runtime.config.listeners == ()


def test_with_telemetry_the_call_step_is_outermost_and_the_attempt_step_before_events() -> None:
    sink = Sink()
    try:
        traced = Things(base_url="http://127.0.0.1:9", telemetry=sink.telemetry)
        steps = repr(traced.fetch._chain).split(" -> ")  # type: ignore[attr-defined]
        assert steps[0] == "CallSpanStep"
        assert steps[-3:] == ["AttemptSpanStep", "EventsStep", "SendStep"]
        listeners = traced.runtime.config.listeners
        assert listeners == (sink.telemetry.instrument().on_event,)
    finally:
        sink.close()


def test_typelink_does_not_import_opentelemetry_until_a_client_has_telemetry() -> None:
    script = """
import sys
import typelink
from typelink import Consumer, Telemetry, get
class Things(Consumer):
    @get("things")
    def fetch(self) -> dict[str, int]:
        raise NotImplementedError
Things(base_url="http://127.0.0.1:9").fetch
print(any(name.startswith("opentelemetry") for name in sys.modules))
telemetry = Telemetry()
print(any(name.startswith("opentelemetry") for name in sys.modules))
Things(base_url="http://127.0.0.1:9", telemetry=telemetry).fetch
print(any(name.startswith("opentelemetry") for name in sys.modules))
"""
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["False", "False", "True"]


def test_a_missing_opentelemetry_api_is_a_configuration_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "opentelemetry", None)  # what an absent package does
    monkeypatch.delitem(sys.modules, "typelink.policies.otel", raising=False)
    with pytest.raises(ConfigurationError, match=r"pip install 'typelink\[otel\]'"):
        Things(base_url="http://127.0.0.1:9", telemetry=True)
