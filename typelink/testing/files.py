"""Reading and writing cassette files, with errors that name the file and the interaction.

vcrpy treats a cassette it cannot parse as empty and may record over it; for committed
cassettes that silently destroys evidence. Here a corrupt file, an old-format file or a
malformed interaction is a :class:`CassetteError`, and nothing is written unless asked.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from vcr.serialize import CASSETTE_FORMAT_VERSION
from vcr.serializers import compat, jsonserializer, yamlserializer

from typelink.errors import TypelinkError
from typelink.testing.interactions import decode_response
from typelink.testing.limits import (
    DEFAULT_LIMITS,
    CassetteLimits,
    DecodeBudget,
    LimitExceeded,
    check_alias_expansion,
    check_body_size,
    check_field_sizes,
)
from typelink.testing.yaml_load import load_yaml

METADATA_KEY = "typelink"
"""Key under the cassette's ``metadata`` and under each recorded response."""


class CassetteError(TypelinkError):
    """A cassette file cannot be used; the message names the file (and interaction)."""

    def __init__(
        self, path: str | os.PathLike[str], problem: str, interaction: int | None = None
    ) -> None:
        self.path = str(path)
        self.problem = problem
        self.interaction = interaction
        where = self.path if interaction is None else f"{self.path}, interaction #{interaction}"
        super().__init__(f"{where}: {problem}")


def serializer_name(path: str | os.PathLike[str]) -> str:
    """``"json"`` for ``*.json`` files, ``"yaml"`` otherwise."""
    return "json" if str(path).endswith(".json") else "yaml"


@dataclass
class CassetteData:
    """A parsed cassette file: interaction dicts (response bodies decoded) plus metadata."""

    path: Path
    interactions: list[dict[str, Any]]
    metadata: dict[str, Any] = field(default_factory=dict)
    compressed: frozenset[int] = frozenset()
    """Interactions whose stored response body was compressed (decoded when read)."""

    @property
    def typelink_metadata(self) -> dict[str, Any]:
        """The cassette-level typelink metadata (empty when recorded without the plugin)."""
        value = self.metadata.get(METADATA_KEY)
        return value if isinstance(value, dict) else {}


def _parse(path: Path, text: str, limits: CassetteLimits) -> Any:
    if serializer_name(path) == "json":
        try:
            return jsonserializer.deserialize(text)
        except ValueError as exc:
            raise CassetteError(path, f"not valid JSON: {exc}") from None
        except RecursionError:
            raise CassetteError(path, "not usable JSON: nested too deeply") from None
    try:
        check_alias_expansion(text, limits)
        return load_yaml(text)  # yamlserializer.deserialize's result, built faster
    except LimitExceeded as exc:
        raise CassetteError(path, str(exc)) from None
    except RecursionError:
        raise CassetteError(path, "not usable YAML: nested too deeply") from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""
        raise CassetteError(path, f"not valid YAML: {exc.problem or exc}{at}") from None
    except yaml.YAMLError as exc:
        raise CassetteError(path, f"not valid YAML: {exc}") from None


def _check_interaction(path: Path, index: int, item: Any, limits: CassetteLimits) -> dict[str, Any]:
    if not isinstance(item, dict):
        raise CassetteError(path, "an interaction must be a mapping", index)
    request, response = item.get("request"), item.get("response")
    if not isinstance(request, dict) or not {"method", "uri"} <= request.keys():
        raise CassetteError(path, "the request needs 'method' and 'uri'", index)
    if not isinstance(response, dict):
        raise CassetteError(path, "the interaction has no 'response' mapping", index)
    status = response.get("status")
    if not isinstance(status, dict) or not isinstance(status.get("code"), int):
        raise CassetteError(path, "the response needs 'status: {code: <int>}'", index)
    if not isinstance(response.get("headers", {}), dict):
        raise CassetteError(path, "the response headers must be a mapping", index)
    body = response.get("body")
    if not isinstance(body, dict) or "string" not in body:
        raise CassetteError(path, "the response needs 'body: {string: ...}'", index)
    try:
        check_body_size(request.get("body"), limits, "request body")
        check_body_size(body.get("string"), limits, "response body")
        check_field_sizes({k: v for k, v in request.items() if k != "body"}, limits, "request")
        check_field_sizes({k: v for k, v in response.items() if k != "body"}, limits, "response")
    except LimitExceeded as exc:
        raise CassetteError(path, str(exc), index) from None
    return item


def _decode_bodies(
    path: Path, interactions: list[dict[str, Any]], limits: CassetteLimits
) -> frozenset[int]:
    """Decode compressed response bodies in place, within one budget for the file."""
    budget = DecodeBudget(limits)
    compressed: set[int] = set()
    for index, item in enumerate(interactions):
        compat.convert_to_bytes(item["response"])
        try:
            decoded, changed = decode_response(item["response"], budget)
        except LimitExceeded as exc:
            raise CassetteError(path, str(exc), index) from None
        if changed:
            item["response"] = decoded
            compressed.add(index)
    return frozenset(compressed)


def parse_cassette(
    path: str | os.PathLike[str], text: str, limits: CassetteLimits = DEFAULT_LIMITS
) -> CassetteData:
    """Validate and parse cassette ``text`` read from ``path``, within ``limits``."""
    where = Path(path)
    data = _parse(where, text, limits)
    if isinstance(data, list):
        raise CassetteError(
            where,
            "this cassette uses the format of vcrpy < 1.0 (a bare list of interactions); "
            "re-record it, or convert it with `python -m vcr.migration`",
        )
    if not isinstance(data, dict) or "interactions" not in data:
        raise CassetteError(where, "not a vcrpy cassette (no 'interactions' list)")
    version = data.get("version")
    if version != CASSETTE_FORMAT_VERSION:
        raise CassetteError(
            where, f"unsupported cassette format version {version!r} (expected 1); re-record it"
        )
    raw = data["interactions"]
    if not isinstance(raw, list):
        raise CassetteError(where, "'interactions' must be a list")
    interactions = [_check_interaction(where, i, item, limits) for i, item in enumerate(raw)]
    metadata = data.get("metadata")
    if metadata is not None and not isinstance(metadata, dict):
        raise CassetteError(where, "'metadata' must be a mapping")
    try:
        check_field_sizes(metadata or {}, limits, "metadata")
    except LimitExceeded as exc:
        raise CassetteError(where, str(exc)) from None
    compressed = _decode_bodies(where, interactions, limits)
    return CassetteData(where, interactions, metadata or {}, compressed)


def read_cassette_text(
    path: str | os.PathLike[str], limits: CassetteLimits = DEFAULT_LIMITS
) -> str:
    """The file's text, refusing files over ``max_file_bytes`` before reading them."""
    where = Path(path)
    try:
        size = where.stat().st_size
        if size > limits.max_file_bytes:
            raise CassetteError(
                where, f"the file is {size:,} bytes (more than {limits.max_file_bytes:,})"
            )
        return where.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise CassetteError(where, "not UTF-8 text (is this a binary file?)") from None
    except OSError as exc:
        raise CassetteError(where, f"cannot read: {exc.strerror or exc}") from None


def read_cassette(
    path: str | os.PathLike[str], limits: CassetteLimits = DEFAULT_LIMITS
) -> CassetteData:
    """Read and validate the cassette at ``path``."""
    return parse_cassette(path, read_cassette_text(path, limits), limits)


def render_cassette(
    path: str | os.PathLike[str], interactions: list[dict[str, Any]], metadata: dict[str, Any]
) -> str:
    """Serialise interactions the way vcrpy does (text bodies stay readable)."""
    # Copies that share nothing: YAML would write a shared mapping as an anchor and
    # aliases, and readers refuse cassettes whose aliases expand too far.
    items = [
        {
            "request": compat.convert_to_unicode(_unshared(item["request"])),
            "response": compat.convert_to_unicode(_unshared(item["response"])),
        }
        for item in interactions
    ]
    data: dict[str, Any] = {"version": CASSETTE_FORMAT_VERSION, "interactions": items}
    if metadata:
        data["metadata"] = metadata
    if serializer_name(path) == "json":
        return json.dumps(data, indent=2, ensure_ascii=False, default=_json_default) + "\n"
    text: str = yamlserializer.serialize(data)
    return text


def _unshared(value: Any) -> Any:
    if isinstance(value, dict):
        return {key: _unshared(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_unshared(item) for item in value]
    return value


def _json_default(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    raise TypeError(f"cannot store {type(value).__name__} in a JSON cassette")


def write_atomically(path: str | os.PathLike[str], text: str) -> None:
    """Replace ``path`` with ``text`` so a crash never leaves half a cassette behind."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(text)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
