"""One text rule for scalars, in paths, query strings, headers and forms (datetimes: UTC as Z)."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from decimal import Decimal
from typing import Any

import pytest

from tests.fixtures.servers import ScriptedServer
from typelink import Consumer, Header, InvalidArgumentError, Query, get
from typelink.declare.scalars import Unrepresentable, scalar_text

PARIS = dt.timezone(dt.timedelta(hours=2))


class Color(enum.Enum):
    RED = "red"


class Level(enum.IntEnum):
    HIGH = 3


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("text", "text"),
        (42, "42"),
        (True, "true"),
        (False, "false"),
        (0.5, "0.5"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.10"), "0.10"),
        (Color.RED, "red"),
        (Level.HIGH, "3"),
        (uuid.UUID(int=1), "00000000-0000-0000-0000-000000000001"),
        (dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc), "2024-05-01T12:00:00Z"),
        (
            dt.datetime(2024, 5, 1, 12, 0, 0, 5, tzinfo=dt.timezone.utc),
            "2024-05-01T12:00:00.000005Z",
        ),
        (dt.datetime(2024, 5, 1, 14, 0, tzinfo=PARIS), "2024-05-01T14:00:00+02:00"),
        (dt.date(2024, 5, 1), "2024-05-01"),
        (dt.time(9, 30), "09:30:00"),
        (dt.time(9, 30, tzinfo=dt.timezone.utc), "09:30:00Z"),
    ],
)
def test_scalar_text(value: Any, text: str) -> None:
    assert scalar_text(value) == text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (dt.datetime(2024, 5, 1, 12, 0), "without a timezone"),
        (float("nan"), "float nan"),
        (float("inf"), "float inf"),
        (Decimal("NaN"), "Decimal NaN"),
        (b"bytes", "a bytes value"),
        ({"a": 1}, "a dict value"),
        ([1], "a list value"),
        (object(), "a object value"),
        (None, "a NoneType value"),
    ],
)
def test_values_without_a_text_form(value: Any, message: str) -> None:
    with pytest.raises(Unrepresentable, match=message):
        scalar_text(value)


class Events(Consumer):
    @get("events/{day}")
    def on(
        self,
        day: dt.date,
        since: Query[dt.datetime],
        checked: Header[dt.datetime | None] = None,
    ) -> dict[str, Any]:
        raise NotImplementedError


def test_datetimes_on_the_wire(wire: ScriptedServer) -> None:
    api = Events(base_url=wire.url)
    api.on(
        dt.date(2024, 5, 1),
        dt.datetime(2024, 5, 1, 12, 0, tzinfo=dt.timezone.utc),
        checked=dt.datetime(2024, 5, 1, 14, 0, tzinfo=PARIS),
    )
    (seen,) = wire.seen
    assert seen.path == "/events/2024-05-01?since=2024-05-01T12%3A00%3A00Z"
    assert seen.headers["checked"] == "2024-05-01T14:00:00+02:00"


def test_a_naive_datetime_is_refused_before_sending(wire: ScriptedServer) -> None:
    api = Events(base_url=wire.url)
    with pytest.raises(InvalidArgumentError, match=r"Events\.on\(\): argument 'since': a datetime"):
        api.on(dt.date(2024, 5, 1), dt.datetime(2024, 5, 1, 12, 0))
    assert wire.seen == []
