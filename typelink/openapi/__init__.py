"""Generate readable pydantic models from an OpenAPI 3.0/3.1 description.

``typelink openapi models SPEC --operations FILE --output PATH`` loads a description
(:mod:`.loader`), keeps only the named operations and the schemas they reach
(:mod:`.select`), turns those schemas into model definitions (:mod:`.modelgen`) and writes
them as Python source (:mod:`.render`).
"""

from __future__ import annotations
