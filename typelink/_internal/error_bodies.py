"""What an error answer says: the API's own message, and RFC 9457 problem details.

Used by :mod:`typelink.errors` to build status errors; :class:`ProblemDetails` is public
(exported at the root).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

import pydantic

__all__ = ["BODY_PREVIEW", "ProblemDetails", "read_api_message"]

BODY_PREVIEW = 500
"""How many characters of an unrecognised error body a message quotes."""


def read_api_message(parsed: Any, body: bytes, preview: int = BODY_PREVIEW) -> str:
    """The API's own message, from the common error-body shapes, else the first ``preview``
    characters of the body (the caller redacts, then shortens)."""
    if parsed is not None:
        for attr in ("message", "error_description", "detail", "error"):
            value = getattr(parsed, attr, None)
            if isinstance(value, str) and value:
                return value
    try:
        data = json.loads(body) if body else None
    except (ValueError, RecursionError):  # RecursionError: JSON nested too deeply
        data = None
    if isinstance(data, Mapping):
        for key in ("message", "error_description", "detail", "error", "title"):
            value = data.get(key)
            if isinstance(value, str) and value:
                return value
            if isinstance(value, Mapping):
                inner = value.get("message")
                if isinstance(inner, str) and inner:
                    return inner
    text = body[:preview].decode("utf-8", "replace").strip()
    return text


class ProblemDetails(pydantic.BaseModel):
    """An RFC 9457 problem details body (``application/problem+json``).

    Extension members stay readable (``model_extra``). As the RFC asks, a member whose
    value has the wrong type is ignored rather than failing the whole body.
    """

    model_config = pydantic.ConfigDict(extra="allow")

    type: str = "about:blank"
    title: str | None = None
    status: int | None = None
    detail: str | None = None
    instance: str | None = None

    @pydantic.model_validator(mode="before")
    @classmethod
    def _ignore_mistyped_members(cls, data: Any) -> Any:
        if not isinstance(data, Mapping):
            return data
        kept = dict(data)
        for name in ("type", "title", "detail", "instance"):
            if name in kept and not isinstance(kept[name], str):
                del kept[name]
        status = kept.get("status")
        if "status" in kept and (isinstance(status, bool) or not isinstance(status, int)):
            del kept["status"]
        return kept
