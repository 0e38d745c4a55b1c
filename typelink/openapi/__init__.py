"""Generate readable pydantic models, and whole typed clients, from an OpenAPI 3.0/3.1
description.

``typelink openapi models SPEC --operations FILE --output PATH`` loads a description
(:mod:`.loader`), keeps only the named operations and the schemas they reach
(:mod:`.select`), turns those schemas into model definitions (:mod:`.modelgen`), opens the
enums of response models (:mod:`.opening`) and writes them as Python source (:mod:`.render`).

``typelink openapi client SPEC --operations FILE --output PACKAGE`` builds the same models,
plans one consumer per group of operations (:mod:`.clientplan`: method names from
:mod:`.callnames`, arguments from :mod:`.arguments`, bodies and return types from
:mod:`.methods`, pagination from :mod:`.paging`, error classes from :mod:`.errorclasses`)
and writes the package (:mod:`.clientrender`, :mod:`.clientgen`).

Generated response models use :class:`UnknownValue` for enum values the description does
not list; :func:`find_unknown_values` reports where they occur in a parsed response.
"""

from __future__ import annotations

from typelink.declare.enums import UnknownEnumValue, UnknownValue, find_unknown_values

__all__ = ["UnknownEnumValue", "UnknownValue", "find_unknown_values"]
