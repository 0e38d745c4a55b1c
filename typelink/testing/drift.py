"""``typelink cassettes check``: replay recorded bodies through the declared return types.

Each interaction recorded by the plugin names the consumer method that made it
(``"package.module:Class.method"``); only a declared endpoint under the checked project is
ever imported (see :mod:`typelink.testing.endpoints`), and a reference that cannot be
resolved fails the check. The recorded response body is validated against that
method's return annotation, and differences are reported as schema drift: fields the model
requires but the API no longer sends, values of the wrong type, and fields the API sends
that the model does not declare (kept by ``extra="allow"``, so they are found by walking the
validated models).
"""

from __future__ import annotations

import json
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PydanticUserError,
    TypeAdapter,
    ValidationError,
    create_model,
)

from typelink.testing.endpoints import UntrustedEndpointError, resolve_endpoint
from typelink.testing.files import METADATA_KEY, CassetteData
from typelink.testing.interactions import body_bytes, header
from typelink.testing.scrub import is_json_media, media_type

SKIPPED_TYPES: tuple[Any, ...] = (type(None), bytes, str)


@dataclass
class EndpointDrift:
    """Everything found for one endpoint across all cassettes."""

    endpoint: str
    interactions: int = 0
    checked: int = 0
    missing: set[str] = field(default_factory=set)
    wrong_type: dict[str, str] = field(default_factory=dict)
    new_fields: set[str] = field(default_factory=set)
    skipped: dict[str, int] = field(default_factory=dict)
    refused: str = ""
    """Why the endpoint could not be resolved (a failure: the cassette is not trusted)."""

    @property
    def drifted(self) -> bool:
        """Whether anything differs from the declaration."""
        return bool(self.missing or self.wrong_type or self.new_fields)

    def skip(self, reason: str) -> None:
        """Count an interaction that could not be checked, by reason."""
        self.skipped[reason] = self.skipped.get(reason, 0) + 1


def resolve_body_type(ref: str, project: Path) -> Any:
    """The type a response body of endpoint ``ref`` must validate as (see
    :func:`declared_body_type`). Only a declared endpoint under ``project`` is ever
    imported; anything else raises :class:`~typelink.testing.endpoints.UntrustedEndpointError`."""
    return declared_body_type(resolve_endpoint(ref, project))


class PageBody(BaseModel):
    """A wrapped page body (``{"data": [...], "has_more": true}``): the items are checked
    against the declared item type; the other fields are the strategy's (cursors, totals)
    and are not drift."""

    model_config = ConfigDict(extra="allow")


def declared_body_type(declared: Any) -> Any:
    """The type a response body of the compiled endpoint ``declared`` must validate as.

    A ``Page[T]`` body is read the way the endpoint's own pagination strategy reads it: a
    list of ``T``, or with ``items_key`` an object holding that list (dots for nesting). A
    client-wide ``paginate=`` is not part of the declaration, so a paginated endpoint whose
    body is wrapped should declare its strategy itself (``@get(..., paginate=...)``).
    """
    item = getattr(declared, "page_item_type", None)
    if item is None:
        return _unwrap_raw(declared.response_type)
    options = getattr(declared, "options", None)
    items_key = getattr(getattr(options, "paginate", None), "items_key", None)
    body: Any = list[item]  # type: ignore[valid-type]  # a page's items
    if not items_key:
        return body
    for key in reversed(items_key.split(".")):
        body = create_model(
            "PageBody", __base__=PageBody, items=(body, Field(alias=key, validation_alias=key))
        )
    return body


def _unwrap_raw(tp: Any) -> Any:
    """``RawResponse[T]`` declares a body of ``T`` (the wrapper only adds status/headers)."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if getattr(origin, "__name__", "") == "RawResponse" and len(args) == 1:
        return args[0]
    return tp


def _loc(parts: tuple[int | str, ...]) -> str:
    text = ""
    for part in parts:
        text += "[]" if isinstance(part, int) else f".{part}"
    return text.lstrip(".") or "<body>"


def _field_types(model: type[BaseModel]) -> dict[str, Any]:
    """Wire names (alias and attribute name) of a model's fields -> their annotations."""
    names: dict[str, Any] = {}
    for name, info in model.model_fields.items():
        names[name] = info.annotation
        for alias in (info.alias, info.validation_alias):
            if isinstance(alias, str):
                names[alias] = info.annotation
    return names


def _unwrap(tp: Any) -> list[Any]:
    """The candidate types inside Optional/Union/Annotated."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin is typing.Union or type(tp).__name__ == "UnionType":
        return [t for arg in typing.get_args(tp) for t in _unwrap(arg) if t is not type(None)]
    return [tp]


def undeclared_fields(raw: Any, tp: Any, path: str = "") -> Iterator[str]:
    """Paths of keys in ``raw`` that ``tp`` does not declare (works on invalid data too)."""
    for candidate in _unwrap(tp):
        origin = typing.get_origin(candidate) or candidate
        args = typing.get_args(candidate)
        if isinstance(candidate, type) and issubclass(candidate, BaseModel):
            if isinstance(raw, dict):
                fields = _field_types(candidate)
                for key, value in raw.items():
                    child = f"{path}.{key}".lstrip(".")
                    if key in fields:
                        yield from undeclared_fields(value, fields[key], child)
                    elif not issubclass(candidate, PageBody):
                        yield child
                return
        elif origin in (list, tuple, set, frozenset) and isinstance(raw, list) and args:
            for item in raw:
                yield from undeclared_fields(item, args[0], f"{path}[]")
            return
        elif origin is dict and isinstance(raw, dict) and len(args) == 2:
            for value in raw.values():
                yield from undeclared_fields(value, args[1], f"{path}.*")
            return


def check_body(drift: EndpointDrift, body_type: Any, body: bytes) -> None:
    """Validate one body and add what differs to ``drift``."""
    try:
        adapter: TypeAdapter[Any] = TypeAdapter(body_type)
    except PydanticUserError as exc:  # e.g. a raw response type: nothing to compare
        drift.skip(f"return type has no schema ({exc.code})")
        return
    drift.checked += 1
    try:
        adapter.validate_json(body)
    except ValidationError as exc:
        for error in exc.errors():
            where = _loc(tuple(error["loc"]))
            if error["type"] == "missing":
                drift.missing.add(where)
            else:
                drift.wrong_type.setdefault(where, error["msg"])
    drift.new_fields.update(undeclared_fields(json.loads(body), body_type))


def check_cassette(
    data: CassetteData, report: dict[str, EndpointDrift], project: Path | None = None
) -> None:
    """Check every interaction of one cassette, accumulating per endpoint in ``report``.

    ``project`` (default: the current folder) is where the named endpoints must live.
    """
    project = project or Path.cwd()
    untracked = report.setdefault("<no endpoint metadata>", EndpointDrift("<no endpoint metadata>"))
    for item in data.interactions:
        response = item["response"]  # read_cassette decoded it
        meta = response.get(METADATA_KEY)
        ref = meta.get("endpoint") if isinstance(meta, dict) else None
        if not isinstance(ref, str) or not ref:
            untracked.interactions += 1
            untracked.skip(f"{data.path.name}: recorded without the plugin or not by a consumer")
            continue
        drift = report.setdefault(ref, EndpointDrift(ref))
        drift.interactions += 1
        if drift.refused:
            continue
        status = (response.get("status") or {}).get("code", 0)
        if not 200 <= int(status) < 300:
            drift.skip(f"status {status}")
            continue
        try:
            body_type = resolve_body_type(ref, project)
        except UntrustedEndpointError as exc:
            drift.refused = str(exc)
            continue
        if body_type in SKIPPED_TYPES or body_type is typing.Any:
            drift.skip(f"return type {getattr(body_type, '__name__', body_type)} has no schema")
            continue
        raw = body_bytes((response.get("body") or {}).get("string")) or b""
        content_type = header(response.get("headers") or {}, "content-type")
        if media_type(content_type) and not is_json_media(content_type):
            drift.skip(f"{media_type(content_type)} body")
            continue
        try:
            json.loads(raw)
        except ValueError:
            drift.skip("body is not JSON (binary or text)")
            continue
        check_body(drift, body_type, raw)
    if not untracked.interactions:
        del report["<no endpoint metadata>"]
