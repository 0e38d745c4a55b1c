"""One real local server for the fuzz tests of a module, answering what each example says.

``TYPELINK_FUZZ_SCALE=20`` multiplies every test's example count for a deeper hunt.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from hypothesis import HealthCheck, settings

from tests.fixtures.servers import ScriptedServer

FUZZ = settings(
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@pytest.fixture(scope="module")
def fuzz_server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as server:
        yield server


def examples(count: int) -> int:
    """``count`` scaled by ``TYPELINK_FUZZ_SCALE`` (default 1)."""
    return max(1, int(count * float(os.environ.get("TYPELINK_FUZZ_SCALE", "1"))))
