"""The base model for request and response shapes.

APIs add fields over time; a client that rejected unknown fields would break on the day the
API ships one. :class:`Model` keeps extra fields (readable through ``model_extra``) and
accepts both field names and aliases when constructed in Python.
"""

from __future__ import annotations

from typing import Any

import pydantic
from pydantic import ConfigDict


class Model(pydantic.BaseModel):
    """Base class for typelink models: tolerant of new fields, populated by name or alias."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)


def dump_request_json(value: pydantic.BaseModel) -> bytes:
    """Serialise a request model the way APIs expect: by alias, unset fields left out."""
    return value.model_dump_json(by_alias=True, exclude_unset=True).encode()


def dump_request_dict(value: pydantic.BaseModel) -> dict[str, Any]:
    """The same selection as :func:`dump_request_json`, as a dict (for form bodies)."""
    return value.model_dump(mode="json", by_alias=True, exclude_unset=True)
