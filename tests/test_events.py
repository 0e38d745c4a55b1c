"""Events: delivered to a client's listeners and the process-wide ones; a failing listener
never breaks a call."""

from __future__ import annotations

import logging

import pytest

from typelink import events
from typelink.declare.spec import ANONYMOUS_ENDPOINT


def test_emit_reaches_client_and_global_listeners_in_order() -> None:
    seen: list[str] = []

    def globally(event: events.Event) -> None:
        seen.append("global")

    events.add_global_listener(globally)
    try:
        assert events.has_global_listeners()
        assert globally in events.global_listeners()
        events.emit(
            events.RetryScheduled(ANONYMOUS_ENDPOINT, 1, "timeout", 0.5),
            (lambda e: seen.append("client"),),
        )
    finally:
        events.remove_global_listener(globally)
    assert seen == ["client", "global"]
    events.remove_global_listener(globally)  # unknown listeners are ignored


def test_a_failing_listener_is_logged_and_the_others_still_run(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[events.Event] = []

    def broken(event: events.Event) -> None:
        raise RuntimeError("listener bug")

    event = events.CredentialRefreshed(ANONYMOUS_ENDPOINT, "expiry")
    with caplog.at_level(logging.ERROR, logger="typelink"):
        events.emit(event, (broken, seen.append))
    assert seen == [event]
    assert "listener" in caplog.text and "listener bug" in caplog.text
