"""Stripe's documented request encoding, checked strictly (the local server's parser).

Stripe reads query strings and ``application/x-www-form-urlencoded`` bodies the Rails/Rack
way: ``address[city]=Paris`` is a hash, ``expand[]=a&expand[]=b`` an array,
``items[0][price]=p_1`` an array of hashes, ``metadata[order_id]=`` (empty) unsets a key,
``created[gte]=1`` a range. This parser refuses everything else a sloppy client produces: a
repeated scalar key (``tag=a&tag=b``), a hash or array sent as one value (``address={'city':
'Paris'}``, a Python repr), ``True``/``None`` spellings, gaps in array indexes, conflicting
shapes and parameters the endpoint does not take. Each refusal says what was wrong, the way
Stripe's ``invalid_request_error`` does.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import parse_qsl

KEY = re.compile(r"^([a-z_]+)((?:\[[^\[\]]*\])*)$")
PART = re.compile(r"\[([^\[\]]*)\]")
REPR_LIKE = re.compile(r"^(\{.*\}|\[.*\]|\(.*\)|b'.*'|None|True|False)$", re.DOTALL)

Spec = Any
"""``"string" | "integer" | "boolean" | "hash" | ("array", Spec) | {name: Spec}``."""


class WireError(Exception):
    """A request Stripe would reject; ``param`` names the parameter."""

    def __init__(self, message: str, param: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.param = param


def parse(encoded: str) -> dict[str, Any]:
    """A query string or form body as nested hashes and arrays (strict)."""
    if not encoded:
        return {}
    try:
        pairs = parse_qsl(encoded, keep_blank_values=True, strict_parsing=True)
    except ValueError as exc:
        raise WireError(f"malformed encoding: {exc}") from None
    root: dict[str, Any] = {}
    for key, value in pairs:
        match = KEY.match(key)
        if match is None:
            raise WireError(f"malformed parameter name {key!r}", key)
        if REPR_LIKE.match(value):
            raise WireError(f"{key}: {value!r} is not a Stripe value (a Python repr?)", key)
        parts = [match.group(1), *PART.findall(match.group(2))]
        _insert(root, parts, value, key)
    return root


def _container_for(next_part: str) -> Any:
    return [] if next_part == "" or next_part.isdigit() else {}


def _insert(node: Any, parts: list[str], value: str, key: str) -> None:
    head, rest = parts[0], parts[1:]
    if isinstance(node, list):
        if head == "":
            if rest:
                raise WireError(f"{key}: [] must be the last part of a name", key)
            node.append(value)
            return
        if not head.isdigit():
            raise WireError(f"{key}: {head!r} is not an array index", key)
        index = int(head)
        if index > len(node):
            raise WireError(f"{key}: array index {index} skips {len(node)}", key)
        if not rest:
            if index < len(node):
                raise WireError(f"{key}: sent twice", key)
            node.append(value)
            return
        if index == len(node):
            node.append(_container_for(rest[0]))
        child = node[index]
        if not isinstance(child, type(_container_for(rest[0]))):
            raise WireError(f"{key}: conflicts with an earlier parameter", key)
        _insert(child, rest, value, key)
        return
    if head == "":
        raise WireError(f"{key}: [] used on a hash", key)
    if not rest:
        if head in node:
            raise WireError(f"{key}: sent twice (use {key}[] for an array)", key)
        node[head] = value
        return
    child = node.setdefault(head, _container_for(rest[0]))
    if not isinstance(child, type(_container_for(rest[0]))):
        raise WireError(f"{key}: conflicts with an earlier parameter", key)
    _insert(child, rest, value, key)


def check(params: dict[str, Any], spec: dict[str, Spec], where: str = "") -> None:
    """Refuse parameters ``spec`` does not take, or of the wrong shape."""
    for name, value in params.items():
        path = f"{where}[{name}]" if where else name
        if name not in spec:
            raise WireError(f"Received unknown parameter: {path}", path)
        _check_value(value, spec[name], path)


def _check_value(value: Any, spec: Spec, path: str) -> None:
    if isinstance(spec, dict):
        if not isinstance(value, dict):
            raise WireError(f"Invalid hash: {path}", path)
        check(value, spec, path)
    elif isinstance(spec, tuple):
        if not isinstance(value, list):
            raise WireError(f"Invalid array: {path}", path)
        for index, item in enumerate(value):
            _check_value(item, spec[1], f"{path}[{index}]")
    elif spec == "hash":
        if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
            raise WireError(f"Invalid hash: {path}", path)
    elif not isinstance(value, str):
        raise WireError(f"Invalid {spec}: {path} must be a single value", path)
    elif spec == "integer" and not re.fullmatch(r"-?\d+", value):
        raise WireError(f"Invalid integer: {value!r} ({path})", path)
    elif spec == "boolean" and value not in ("true", "false"):
        raise WireError(f"Invalid boolean: {value!r} ({path})", path)
    elif spec == "string" and value == "":
        raise WireError(f"You passed an empty string for '{path}'", path)


RANGE: Spec = {"gt": "integer", "gte": "integer", "lt": "integer", "lte": "integer"}
EXPAND: Spec = ("array", "string")
ADDRESS: Spec = {
    "line1": "string",
    "line2": "string",
    "city": "string",
    "state": "string",
    "postal_code": "string",
    "country": "string",
}
CUSTOMER: Spec = {
    "email": "string",
    "name": "string",
    "description": "string",
    "address": ADDRESS,
    "metadata": "hash",
    "expand": EXPAND,
}
CUSTOMER_LIST: Spec = {
    "limit": "integer",
    "starting_after": "string",
    "ending_before": "string",
    "created": RANGE,
    "email": "string",
    "expand": EXPAND,
}
SUBSCRIPTION: Spec = {
    "customer": "string",
    "items": ("array", {"price": "string", "quantity": "integer"}),
    "metadata": "hash",
    "expand": EXPAND,
}
CHARGE: Spec = {
    "amount": "integer",
    "currency": "string",
    "customer": "string",
    "source": "string",
    "description": "string",
    "capture": "boolean",
    "metadata": "hash",
}
RETRIEVE: Spec = {"expand": EXPAND}
