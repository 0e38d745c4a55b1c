"""Shared fixtures: real local HTTP servers on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import logging

import pytest

pytest_plugins = ["tests.fixtures.servers"]


@pytest.fixture(autouse=True)
def _quiet_typelink_logger() -> None:
    """Each test starts with typelink's logger at its default level."""
    logging.getLogger("typelink").setLevel(logging.NOTSET)
