"""The base class for every request and response model.

Placeholder until the lead's ``typelink/models.py`` lands; the lead keeps his version.
``extra="allow"`` keeps fields an API adds later instead of rejecting them, and
``populate_by_name`` lets code build models with Python names as well as wire aliases.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Model(BaseModel):
    """Base model: tolerant of unknown fields, constructible by field name or alias."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
