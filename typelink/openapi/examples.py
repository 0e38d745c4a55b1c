"""Turn the examples of an OpenAPI description into request/response pairs.

When the real API cannot be reached (no account, no network in CI), the examples its
authors published are the next best evidence of what it sends. Each selected operation
becomes one JSON document listing example exchanges: a concrete URL (path parameters filled
from a table of sample values), the example request body, and the example 2xx response.
Every document says where it came from, so nobody mistakes it for a recorded session.
"""

from __future__ import annotations

import json
import urllib.parse
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from typelink.openapi.loader import OpenAPIDocument
from typelink.openapi.select import MediaShape, SelectedOperation

__all__ = ["example_document", "example_file_name", "write_examples"]

_JSON_MARKERS = ("json",)


def example_file_name(operation_id: str) -> str:
    """``repos/get-content`` -> ``repos/get-content.json`` (one folder per group)."""
    parts = [
        part for part in operation_id.replace("\\", "/").split("/") if part not in ("", ".", "..")
    ]
    return "/".join(parts) + ".json"


def example_document(
    doc: OpenAPIDocument,
    op: SelectedOperation,
    parameter_values: Mapping[str, Any],
    source: str,
    skip: Collection[tuple[str, ...]] = (),
) -> dict[str, Any]:
    """Example exchanges for one operation, ready to be written as JSON.

    ``skip`` holds ``(operationId, example name)`` pairs to leave out.
    """
    operation = op.operation
    base_url = _base_url(doc, operation.spec)
    values = {**parameter_values, **_specific(parameter_values, op.operation_id)}
    path, query, missing = _fill_parameters(operation.parameters, operation.path, values)
    url = base_url.rstrip("/") + path
    if query:
        url += "?" + urllib.parse.urlencode(query)
    exchanges: list[dict[str, Any]] = []
    for status, response in op.responses:
        for name, body in _response_examples(response):
            if (op.operation_id, name) in skip:
                continue
            request_body = _request_example(op, name)
            exchanges.append(
                {
                    "name": name,
                    "request": _request(operation.method, url, request_body),
                    "response": _response(int(status), response, body),
                }
            )
    document: dict[str, Any] = {
        "operation_id": op.operation_id,
        "method": operation.method,
        "path": operation.path,
        "base_url": base_url,
        "source": source,
        "exchanges": exchanges,
    }
    if missing:
        document["unfilled_parameters"] = missing
    if not exchanges:
        document["note"] = "the description documents no 2xx response for this operation"
    return document


def write_examples(
    doc: OpenAPIDocument,
    selected: list[SelectedOperation],
    output: str | Path,
    parameter_values: Mapping[str, Any],
    source: str,
    skip: Collection[tuple[str, ...]] = (),
) -> list[Path]:
    """Write one JSON document per operation under ``output``; return the paths."""
    root = Path(output)
    written: list[Path] = []
    for op in selected:
        path = root / example_file_name(op.operation_id)
        path.parent.mkdir(parents=True, exist_ok=True)
        document = example_document(doc, op, parameter_values, source, skip)
        path.write_text(json.dumps(document, indent=1, ensure_ascii=False) + "\n", "utf-8")
        written.append(path)
    return written


def _base_url(doc: OpenAPIDocument, spec: Mapping[str, Any]) -> str:
    servers = spec.get("servers") or doc.data.get("servers") or [{"url": "/"}]
    return str(servers[0].get("url", "/"))


def _specific(values: Mapping[str, Any], operation_id: str) -> dict[str, Any]:
    """Values keyed ``"<operationId>:<name>"`` win over plain ``"<name>"`` for that operation."""
    prefix = f"{operation_id}:"
    return {key[len(prefix) :]: value for key, value in values.items() if key.startswith(prefix)}


def _fill_parameters(
    parameters: tuple[Mapping[str, Any], ...], template: str, values: Mapping[str, Any]
) -> tuple[str, dict[str, str], list[str]]:
    path = template
    query: dict[str, str] = {}
    missing: list[str] = []
    for param in parameters:
        name = str(param.get("name"))
        place = param.get("in")
        value = _parameter_value(param, values)
        if place == "path":
            if value is None:
                missing.append(name)
                continue
            path = path.replace("{" + name + "}", urllib.parse.quote(str(value), safe="/"))
        elif place == "query" and param.get("required") is True:
            if value is None:
                missing.append(name)
            else:
                query[name] = str(value)
    return path, query, missing


def _parameter_value(param: Mapping[str, Any], values: Mapping[str, Any]) -> Any:
    name = str(param.get("name"))
    if name in values:
        return values[name]
    if "example" in param:
        return param["example"]
    schema = param.get("schema") or {}
    if "example" in schema:
        return schema["example"]
    return schema.get("default")


def _response_examples(response: MediaShape | None) -> list[tuple[str, Any]]:
    if response is None:
        return [("no-content", None)]
    return list(response.examples.items())


def _request_example(op: SelectedOperation, name: str) -> tuple[MediaShape, Any] | None:
    for shape in op.request:
        if not shape.examples:
            continue
        body = shape.examples.get(name, next(iter(shape.examples.values())))
        return shape, body
    return None


def _is_json(shape: MediaShape) -> bool:
    """JSON media types, and vendor types (``application/vnd.x.obj``) with a structured schema."""
    if any(marker in shape.content_type for marker in _JSON_MARKERS):
        return True
    schema = shape.schema or {}
    return "$ref" in schema or schema.get("type", "string") not in ("string", None)


def _request(method: str, url: str, body: tuple[MediaShape, Any] | None) -> dict[str, Any]:
    request: dict[str, Any] = {"method": method, "url": url, "headers": {}}
    if body is not None:
        shape, value = body
        request["headers"]["Content-Type"] = shape.content_type
        request["body"] = _body(shape, value)
    return request


def _response(status: int, response: MediaShape | None, body: Any) -> dict[str, Any]:
    result: dict[str, Any] = {"status": status, "headers": {}}
    if response is not None:
        result["headers"]["Content-Type"] = response.content_type
        result["body"] = _body(response, body)
    return result


def _body(shape: MediaShape, value: Any) -> dict[str, Any]:
    """``{"json": ...}`` for JSON media types, ``{"text": ...}`` for anything else."""
    if _is_json(shape):
        return {"json": value}
    if isinstance(value, str):
        return {"text": value}
    return {"text": json.dumps(value), "note": "the example is not a string; stored as JSON text"}
