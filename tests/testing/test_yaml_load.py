"""The faster cassette YAML loader returns exactly what vcrpy's serializer returns."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from vcr.serializers import yamlserializer

from typelink.testing.yaml_load import load_yaml

ROOT = Path(__file__).resolve().parents[2]


def _exact(value: Any) -> Any:
    """The value with every type spelled out (``1 == True == 1.0`` in Python)."""
    if isinstance(value, dict):
        return ("dict", [(_exact(k), _exact(v)) for k, v in value.items()])
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_exact(v) for v in value])
    if hasattr(value, "getvalue"):
        return (type(value).__name__, value.getvalue())
    return (type(value).__name__, value)


def _outcome(load: Any, text: str) -> Any:
    try:
        return ("ok", _exact(load(text)))
    except Exception as exc:
        return ("error", type(exc))


def _same(text: str) -> None:
    assert _outcome(load_yaml, text) == _outcome(yamlserializer.deserialize, text)


def test_every_committed_cassette_loads_the_same() -> None:
    files = sorted(ROOT.glob("cassettes/**/*.yaml")) + sorted(ROOT.glob("tests/**/*.yaml"))
    assert files
    for path in files:
        _same(path.read_text(encoding="utf-8"))


UNUSUAL = [
    "",
    "just a string",
    "a: &x {b: 1}\nc: *x\n",  # an anchor used twice: shared objects
    "base: &b {x: 1}\nmerged: {<<: *b, y: 2}\n",  # merge key
    "=: value\n",
    "? [1, 2]\n: pair key\n",
    "{null: 1, true: 2, 1.5: 3, 0: 4, 017: 5, 0x1F: 6, 1_000: 7, -3: 8, +4: 9}\n",
    "[!!binary aGVsbG8=, 2001-12-14t21:59:43.10-05:00, 2002-12-14, .inf, -.NaN, 1e3]\n",
    "[yes, No, ON, off, ~, null, Null, '', '0', 00, '١٢']\n",
    "t: !!python/tuple [1, 2]\ns: !!python/str abc\nu: !!python/unicode def\n",
    "b: !!python/object/new:_io.BytesIO {state: !!python/tuple ['abc', 0, null]}\n",
    "x: !!python/object/apply:os.getpid []\n",
    "x: !!python/name:os.system\n",
    "x: !!bool maybe\n",
    "x: !!int '12'\ny: !!int abc\nz: !!str 12\n",
    "x: !custom 1\n",
    "{a: 1, a: 2}\n",
    "[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]\n",
    "a: [1\n",
    "--- 1\n--- 2\n",
    "!!set {a, b}\n",
    "!!omap [a: 1, b: 2]\n",
]


@pytest.mark.parametrize("text", UNUSUAL)
def test_unusual_documents_load_the_same(text: str) -> None:
    _same(text)


scalars = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()
    | st.binary(max_size=20)
    | st.dates()
    | st.datetimes(timezones=st.just(dt.timezone.utc))
)
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=6) | st.integers(), inner, max_size=4)
    ),
    max_leaves=20,
)


@settings(max_examples=200, deadline=None)
@given(documents)
def test_any_recorded_data_loads_the_same(data: Any) -> None:
    _same(yaml.dump(data, Dumper=yaml.SafeDumper))


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="ab01 :-[]{},&*!<=?'\"\n#.x~", max_size=40))
def test_any_text_loads_the_same_or_fails_the_same(text: str) -> None:
    _same(text)
