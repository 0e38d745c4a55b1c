"""Names of generated methods and arguments: readable, valid, and the same on every run.

A method is named, in this order of preference:

1. after the operationId's own verb when the id has one: GitHub's ``issues/list-for-repo``
   becomes ``list_for_repo`` (the ``tag/`` part names the consumer already);
2. after what the operation does to the resource of its consumer, when the operationId was
   made mechanically from the method and the path (Stripe's ``GetCustomersCustomer``, Box's
   ``get_files_id``): a collection is ``list``-ed and ``create``-d, an item ``get``,
   ``update``-d and ``delete``-d, an action is called by its name
   (``POST /v1/payment_intents/{intent}/capture`` -> ``capture``), a sub-resource gets its
   name (``GET /users/me`` -> ``get_me``), ``GET .../search`` is ``search``;
3. after the whole operationId in ``snake_case`` (``listPets`` -> ``list_pets``).

Names two operations of one consumer would share fall back to rule 3, then get a number.
A name that is a keyword or an attribute the consumer class already has (``close``,
``with_options``...) gets a trailing ``_``. Arguments keep their wire name when Python
allows it (``per_page``, ``starting_after``), else its ``snake_case`` (``If-Match`` ->
``if_match``).
"""

from __future__ import annotations

import keyword
import re
from collections.abc import Collection, Iterable, Sequence

from typelink.openapi.loader import HTTP_METHODS, Operation
from typelink.openapi.modules import is_version_segment
from typelink.openapi.naming import snake_case, unique

__all__ = ["argument_name", "method_names", "rest_name"]

_ID_WORD = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+")
_COLLECTION = {"GET": "list", "POST": "create", "PUT": "replace", "PATCH": "update"}
_COLLECTION["DELETE"] = "delete"
_ITEM = {"GET": "get", "POST": "update", "PUT": "update", "PATCH": "update", "DELETE": "delete"}
_SUB_RESOURCE = {"GET": "get", "PUT": "update", "PATCH": "update", "DELETE": "delete"}


def _is_parameter(segment: str) -> bool:
    return segment.startswith("{") and segment.endswith("}")


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and not word.endswith("ss") else word


def _matches_group(segment: str, group: str) -> bool:
    name = snake_case(segment)
    words = {_singular(word) for word in group.split("_")}
    return name == group or _singular(name) in words


def rest_name(method: str, path: str, group: str) -> str | None:
    """What the operation does to its consumer's resource (rule 2), or None when no path
    segment names that resource."""
    segments = [s for s in path.strip("/").split("/") if s and not is_version_segment(s)]
    matching = [
        i for i, s in enumerate(segments) if not _is_parameter(s) and _matches_group(s, group)
    ]
    if not matching:
        return None
    below = segments[matching[-1] + 1 :]
    literals = [snake_case(s) for s in below if not _is_parameter(s)]
    if not below:
        if method == "GET" and snake_case(segments[matching[-1]]) == "search":
            return "search"
        return _COLLECTION.get(method)
    if not literals:
        return _ITEM.get(method) if len(below) == 1 else None
    action = "_".join(literals)
    if action == "search" and method == "GET":
        return "search"
    if not _is_parameter(below[-1]) and method == "POST":
        return action
    verb = _SUB_RESOURCE.get(method)
    return f"{verb}_{action}" if verb else None


def _mechanical(operation_id: str) -> bool:
    """An id built from the HTTP method and the path (``GetCustomers``, ``get_files_id``)."""
    words = _ID_WORD.findall(operation_id)
    return bool(words) and words[0].lower() in HTTP_METHODS


def _preferred(operation: Operation, group: str) -> str:
    operation_id = operation.operation_id
    if "/" in operation_id:
        return snake_case(operation_id.rsplit("/", 1)[1])
    if _mechanical(operation_id):
        name = rest_name(operation.method, operation.path, group)
        if name:
            return name
    return snake_case(operation_id)


def _valid(name: str, reserved: Collection[str]) -> str:
    if keyword.iskeyword(name) or name in reserved or name.startswith("_"):
        return f"{name.lstrip('_') or 'operation'}_"
    return name


def method_names(
    operations: Sequence[Operation], group: str, reserved: Collection[str]
) -> list[str]:
    """One method name per operation of a consumer, in the order given.

    ``reserved``: attribute names of the consumer base class (never overridden).
    """
    preferred = [_valid(_preferred(op, group), reserved) for op in operations]
    shared = {name for name in preferred if preferred.count(name) > 1}
    names: list[str] = []
    for op, name in zip(operations, preferred, strict=True):
        if name in shared:
            name = _valid(snake_case(op.operation_id), reserved)
        names.append(unique(name, names))
    return names


def argument_name(wire: str, taken: Iterable[str]) -> str:
    """A Python argument name for a parameter: the wire name when it is a plain identifier,
    else its ``snake_case``; never ``self``, a keyword or a name already ``taken``."""
    usable = wire.isidentifier() and wire.isascii() and not wire.startswith("_")
    name = wire if usable else snake_case(wire)
    if keyword.iskeyword(name) or name == "self":
        name = f"{name}_"
    return unique(name, taken)
