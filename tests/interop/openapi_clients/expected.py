"""The description's example requests, and the exact bytes each must put on the wire.

For every operation: a call with only the required parameters (nothing else may be sent)
and a call with every parameter the description documents, plus the request body (the
media type's own example when there is one, else a sample). The expected request is
derived from those values with OpenAPI's serialisation rules, written independently of
typelink in :mod:`.encoding`.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlsplit

from .encoding import check_writable, encoded, form_pairs, query_pairs, text
from .samples import Sampler, Unsampleable

__all__ = ["ExampleCall", "Expected", "Reply", "base_path", "example_calls"]

_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")
_IGNORED_HEADERS = frozenset({"accept", "content-type", "authorization"})
_NO_BODY = object()


@dataclass
class Expected:
    """A request exactly as it must arrive."""

    method: str
    path: str
    query: list[str]
    headers: dict[str, str]
    forbidden_headers: set[str]
    content_type: str | None = None
    form: list[str] | None = None
    json: Any = _NO_BODY
    raw: bytes | None = None
    parts: dict[str, bytes] | None = None


@dataclass
class Reply:
    """What the server answers once the request matched."""

    status: int
    content_type: str | None
    body: bytes


@dataclass
class ExampleCall:
    """One example request: the values by place, the expected request and the reply."""

    operation_id: str
    label: str
    path: dict[str, Any]
    query: dict[str, Any]
    header: dict[str, Any]
    body: Any
    """The body value (None may be a JSON ``null``: see ``has_body``)."""
    expected: Expected
    reply: Reply
    error: Reply | None = None
    has_body: bool = False


def _operations(
    data: Mapping[str, Any], sampler: Sampler
) -> Iterator[tuple[str, str, dict[str, Any], list[Any]]]:
    for path, raw_item in (data.get("paths") or {}).items():
        item, _ = sampler.deref(raw_item)
        shared = [sampler.deref(p)[0] for p in item.get("parameters") or []]
        for method in _METHODS:
            if method in item:
                own = [sampler.deref(p)[0] for p in item[method].get("parameters") or []]
                merged = {(p["name"], p["in"]): p for p in [*shared, *own]}
                yield path, method.upper(), item[method], list(merged.values())


def _parameter_value(param: Mapping[str, Any], sampler: Sampler) -> Any:
    if "example" in param:
        return param["example"]
    examples = param.get("examples")
    if isinstance(examples, Mapping) and examples:
        first, _ = sampler.deref(next(iter(examples.values())))
        if isinstance(first, Mapping) and "value" in first:
            return first["value"]
    return sampler.value(param.get("schema") or {"type": "string"}, str(param["name"]), full=True)


def _media_rank(content_type: str) -> tuple[int, str]:
    for rank, marker in enumerate(("json", "x-www-form-urlencoded", "multipart/form-data")):
        if marker in content_type:
            return rank, content_type
    return 3, content_type


def _media_example(media: Mapping[str, Any], sampler: Sampler) -> Any:
    """The media type's documented example (``example``, else the first of ``examples``)."""
    if "example" in media:
        return media["example"]
    for raw in (media.get("examples") or {}).values():
        example, _ = sampler.deref(raw)
        if isinstance(example, Mapping) and "value" in example:
            value = example["value"]
            if isinstance(value, Mapping) and set(value) == {"$ref"}:
                target, _ = sampler.deref(value)
                value = target.get("value", target) if isinstance(target, Mapping) else target
            return value
    raise Unsampleable("no documented example")


def _is_empty_object(schema: Any, sampler: Sampler) -> bool:
    node, _ = sampler.deref(schema or {})
    extra = node.get("additionalProperties")
    return (
        node.get("type") == "object"
        and not node.get("properties")
        and not (isinstance(extra, Mapping) and extra)
        and not any(k in node for k in ("allOf", "oneOf", "anyOf"))
    )


def _request_body(
    op: Mapping[str, Any], method: str, sampler: Sampler, full: bool
) -> tuple[str, Any, Mapping[str, Any]] | None:
    """``(content type, value, encoding)`` of the body to send, or None."""
    body, _ = sampler.deref(op.get("requestBody") or {})
    content = body.get("content") or {}
    if not content or method in ("GET", "HEAD", "OPTIONS"):
        return None
    content_type = min(content, key=_media_rank)
    media = content[content_type]
    if _is_empty_object(media.get("schema"), sampler):
        return None
    if not full and not body.get("required"):
        return None
    try:
        value = _media_example(media, sampler)
        if "json" not in content_type and not isinstance(value, str | bytes):
            # GitHub documents render-raw's text/plain body with a JSON object example.
            raise Unsampleable(f"a {content_type} example that is not text: {value!r}")
    except Unsampleable:
        value = sampler.value(media.get("schema") or {}, "body", full=full)
    return content_type, value, media.get("encoding") or {}


def _reply_body(content_type: str | None, value: Any) -> bytes:
    if content_type is None:
        return b""
    if "json" in content_type:
        return json.dumps(value).encode()
    if isinstance(value, bytes):
        return value
    return str(value).encode()


def _success(op: Mapping[str, Any], sampler: Sampler) -> Reply:
    responses = {str(k): v for k, v in (op.get("responses") or {}).items()}
    statuses = sorted(s for s in responses if s.startswith("2"))
    for status in statuses:
        response, _ = sampler.deref(responses[status])
        content = response.get("content") or {}
        if not content:
            continue
        content_type = min(content, key=lambda ct: ("json" not in ct, ct != "application/json", ct))
        media = content[content_type]
        try:
            value = _media_example(media, sampler)
        except Unsampleable:
            schema = media.get("schema") or {"type": "string"}
            value = sampler.value(schema, "reply", full=True, request=False)
        code = int(status) if status.isdigit() else 200
        return Reply(code, content_type, _reply_body(content_type, value))
    code = next((int(s) for s in statuses if s.isdigit()), 204)
    return Reply(code, None, b"")


def _error(op: Mapping[str, Any], sampler: Sampler) -> Reply | None:
    responses = {str(k): v for k, v in (op.get("responses") or {}).items()}
    documented = {int(s) for s in responses if s.isdigit()}
    order = sorted(responses, key=lambda s: (not s.isdigit(), s != "default", s))
    for status in order:
        if not (status == "default" or status[:1] in "45"):
            continue
        response, _ = sampler.deref(responses[status])
        content = response.get("content") or {}
        json_types = sorted(ct for ct in content if "json" in ct)
        if not json_types:
            continue
        media = content[json_types[0]]
        try:
            value = _media_example(media, sampler)
        except Unsampleable:
            try:
                value = sampler.value(media.get("schema") or {}, "error", request=False)
            except Unsampleable:
                continue
        if status.isdigit():
            code = int(status)
        else:
            base = 418 if status == "default" else int(status[0]) * 100
            code = next((c for c in range(base, base + 99) if c not in documented), 0)
        return Reply(code, json_types[0], _reply_body(json_types[0], value))
    return None


def _values(params: list[Any], sampler: Sampler, required_only: bool) -> dict[str, dict[str, Any]]:
    values: dict[str, dict[str, Any]] = {"path": {}, "query": {}, "header": {}}
    for param in params:
        place, name = param["in"], str(param["name"])
        if place == "cookie" or (place == "header" and name.lower() in _IGNORED_HEADERS):
            continue
        required = place == "path" or param.get("required") is True
        if required_only and not required:
            continue
        try:
            value = _parameter_value(param, sampler)
            check_writable(param, value)
        except Unsampleable:
            if required:
                raise
            continue
        values[place][name] = value
    return values


def _expected(
    method: str,
    path: str,
    params: list[Any],
    values: dict[str, dict[str, Any]],
    body: tuple[str, Any, Mapping[str, Any]] | None,
) -> Expected:
    for name, value in values["path"].items():
        items = value if isinstance(value, list) else [value]
        written = ",".join(quote(text(item), safe="") for item in items)
        path = path.replace("{" + name + "}", written)
    by_name = {(p["in"], str(p["name"])): p for p in params}
    query: list[tuple[str, str]] = []
    for name, value in values["query"].items():
        query += query_pairs(by_name[("query", name)], value)
    headers = {
        name.lower(): ",".join(text(v) for v in value) if isinstance(value, list) else text(value)
        for name, value in values["header"].items()
    }
    every_header = {str(p["name"]).lower() for p in params if p["in"] == "header"}
    expected = Expected(method, path, encoded(query), headers, every_header - set(headers))
    expected.forbidden_headers -= _IGNORED_HEADERS
    if body is not None:
        content_type, value, encoding = body
        expected.content_type = content_type
        if "json" in content_type:
            expected.json = value
        elif "x-www-form-urlencoded" in content_type:
            expected.form = encoded(form_pairs(value, encoding))
        elif "multipart/form-data" in content_type:
            expected.parts = {
                k: v
                if isinstance(v, bytes)
                else json.dumps(v).encode()
                if isinstance(v, Mapping | list)
                else text(v).encode()
                for k, v in value.items()
            }
        else:
            expected.raw = value if isinstance(value, bytes) else str(value).encode()
    return expected


def example_calls(
    data: Mapping[str, Any], operation_ids: list[str], sampler: Sampler, base_path: str
) -> tuple[list[ExampleCall], list[str]]:
    """The example calls of the named operations, and why any could not be made."""
    wanted = set(operation_ids)
    calls: list[ExampleCall] = []
    skipped: list[str] = []
    for path, method, op, params in _operations(data, sampler):
        operation_id = str(op.get("operationId"))
        if operation_id not in wanted:
            continue
        for label, required_only in (("required", True), ("all", False)):
            try:
                values = _values(params, sampler, required_only)
                body = _request_body(op, method, sampler, full=not required_only)
                reply = _success(op, sampler)
            except Unsampleable as exc:
                skipped.append(f"{operation_id} ({label}): {exc}")
                continue
            full_path = base_path.rstrip("/") + path
            calls.append(
                ExampleCall(
                    operation_id=operation_id,
                    label=label,
                    path=values["path"],
                    query=values["query"],
                    header=values["header"],
                    body=body[1] if body is not None else None,
                    has_body=body is not None,
                    expected=_expected(method, full_path, params, values, body),
                    reply=reply,
                    error=_error(op, sampler) if label == "required" else None,
                )
            )
    return calls, skipped


def base_path(data: Mapping[str, Any]) -> str:
    """The path of the description's first server URL (``/v2`` of ``https://x/v2``)."""
    servers = data.get("servers") or [{"url": "/"}]
    url = str(servers[0].get("url", "/"))
    for name, variable in (servers[0].get("variables") or {}).items():
        url = url.replace("{" + name + "}", str(variable.get("default", "")))
    return urlsplit(url).path or "/"
