"""OpenAPI's serialisation rules for parameters and form bodies, written from the
specification (not from typelink), to say which bytes a request must carry.

* path: simple style, each value percent-encoded except RFC 3986 unreserved characters;
* query: ``form`` (exploded: ``ids=1&ids=2`` or an object's fields as parameters; not
  exploded: ``ids=1,2``), ``deepObject`` (``filter[color]=red``), ``spaceDelimited``,
  ``pipeDelimited``; OpenAPI leaves a ``deepObject`` list and scalar undefined, they are
  written the way the APIs using them read them (``expand[]=a``, ``created=5``);
* headers: simple style, lists joined with ``,``;
* ``application/x-www-form-urlencoded`` bodies field by field, ``deepObject`` fields nested
  with brackets (``address[city]=Paris``, lists of scalars as ``expand[]=a``, lists of
  objects as ``items[0][price]=p``), others as ``form`` fields;
* every pair percent-encoded the way HTML forms are (``urllib.parse.urlencode``).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlencode

from .samples import Unsampleable

__all__ = ["check_writable", "encoded", "form_pairs", "query_pairs", "text"]


def text(value: Any) -> str:
    """A scalar as OpenAPI writes it in a parameter (``true``, ``1``, ``1.5``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return ""
    return str(value)


def _scalar(value: Any) -> bool:
    return not isinstance(value, Mapping | list)


def check_writable(param: Mapping[str, Any], value: Any) -> None:
    """OpenAPI has no way to write a list of objects, or a nested object, in a parameter."""
    items = (
        value.values() if isinstance(value, Mapping) else value if isinstance(value, list) else []
    )
    nested = any(not _scalar(item) for item in items)
    in_object = isinstance(value, Mapping) and param["in"] != "query"
    if nested or in_object:
        raise Unsampleable(f"{param['name']}: OpenAPI gives no way to write {value!r}")


def query_pairs(param: Mapping[str, Any], value: Any) -> list[tuple[str, str]]:
    name = str(param["name"])
    style = param.get("style") or "form"
    explode = param.get("explode", style == "form")
    if style == "deepObject":
        if isinstance(value, Mapping):
            return [(f"{name}[{k}]", text(v)) for k, v in value.items() if v is not None]
        if isinstance(value, list):
            return [(f"{name}[]", text(v)) for v in value]
        return [(name, text(value))]
    if isinstance(value, list):
        if style in ("spaceDelimited", "pipeDelimited") and not explode:
            joiner = " " if style == "spaceDelimited" else "|"
            return [(name, joiner.join(text(v) for v in value))] if value else []
        if explode:
            return [(name, text(v)) for v in value]
        return [(name, ",".join(text(v) for v in value))] if value else []
    if isinstance(value, Mapping):
        present = [(k, v) for k, v in value.items() if v is not None]
        if explode:
            return [(k, text(v)) for k, v in present]
        return [(name, ",".join(f"{k},{text(v)}" for k, v in present))]
    return [(name, text(value))]


def encoded(pairs: list[tuple[str, str]]) -> list[str]:
    return [urlencode([pair]) for pair in pairs]


def _nested(prefix: str, value: Any) -> Iterator[tuple[str, str]]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            yield from _nested(f"{prefix}[{key}]", item)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, Mapping | list):
                yield from _nested(f"{prefix}[{index}]", item)
            else:
                yield (f"{prefix}[]", text(item))
    else:
        yield (prefix, text(value))


def form_pairs(body: Mapping[str, Any], encoding: Mapping[str, Any]) -> list[tuple[str, str]]:
    """A form body's pairs, field by field in the field's encoding style."""
    pairs: list[tuple[str, str]] = []
    for key, value in body.items():
        rule = encoding.get(key) or {}
        if rule.get("style") == "deepObject" and isinstance(value, Mapping | list):
            pairs += list(_nested(key, value))
        elif isinstance(value, list):
            pairs += [(key, text(item)) for item in value]
        elif isinstance(value, Mapping):
            pairs += [(k, text(v)) for k, v in value.items()]
        else:
            pairs.append((key, text(value)))
    return pairs
