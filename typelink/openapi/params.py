"""OpenAPI's serialisation defaults for parameters, filled in once.

The description may leave ``style`` and ``explode`` out; OpenAPI then means ``form`` with
``explode: true`` for query and cookie parameters and ``simple`` without explode for path
and header parameters. A generated client must not have to remember that.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["DEFAULT_STYLES", "parameter_defaults"]

DEFAULT_STYLES = {"query": "form", "cookie": "form", "path": "simple", "header": "simple"}


def parameter_defaults(param: Mapping[str, Any]) -> tuple[str, bool]:
    """``(style, explode)`` of a parameter object, with OpenAPI's defaults applied."""
    location = str(param.get("in", "query"))
    style = str(param.get("style") or DEFAULT_STYLES.get(location, "form"))
    explode = param.get("explode")
    if not isinstance(explode, bool):
        explode = style == "form"
    return style, explode
