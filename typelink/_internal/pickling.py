"""Pickling typelink errors: rebuilt from their args and attributes, never their ``__init__``.

Exception's own ``__reduce__`` calls ``cls(*args)``, which keyword-only constructors (and
subclasses with extra fields) cannot take, so an error sent through multiprocessing, Celery
or ``concurrent.futures`` would fail to arrive.
"""

from __future__ import annotations

import pickle
from typing import Any, TypeVar

__all__ = ["picklable", "restore"]

E = TypeVar("E", bound=BaseException)

PLAIN = (str, bytes, int, float, bool, type(None))


def restore(cls: type[E], args: tuple[Any, ...]) -> E:
    """Rebuild an error without calling its ``__init__`` (pickle then restores its fields)."""
    error = cls.__new__(cls)
    error.args = args
    return error


def picklable(value: Any) -> bool:
    """True when ``value`` survives pickling (a field that does not is left out)."""
    if isinstance(value, PLAIN):
        return True
    try:
        pickle.dumps(value)
    except Exception:  # a parsed error model of a class defined in a function, say
        return False
    return True
