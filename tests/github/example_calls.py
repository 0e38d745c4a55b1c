"""Turn GitHub's published examples into typelink calls.

Shared by the cassette builder (``make github-cassettes``) and the replay test, so both
derive the same arguments from an example request: path variables from the URL, query
parameters by their wire names, the body validated into the declared body type, header
arguments from the example's headers. Consecutive exchanges that continue a redirect
belong to the same call.
"""

from __future__ import annotations

import base64
import json
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit

from pydantic import TypeAdapter

from typelink import Consumer
from typelink.declare.compiler import DeclaredMethod
from typelink.github import GitHub

DATA = Path(__file__).parent / "data"
_OPERATION = re.compile(r"\(operation ``([^`]+)``\)")
_VARIABLE = re.compile(r"\{(\+?)([A-Za-z_][A-Za-z0-9_]*)\}")


@dataclass
class Call:
    """One call of a declared method and the exchanges it should play."""

    operation: str
    attributes: tuple[str, ...]
    args: dict[str, Any]
    exchanges: list[dict[str, Any]] = field(default_factory=list)


def _walk(owner: type, prefix: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], type]]:
    for name, hint in typing.get_type_hints(owner).items():
        if isinstance(hint, type) and issubclass(hint, Consumer):
            yield (*prefix, name), hint
            yield from _walk(hint, (*prefix, name))


def declared_methods() -> dict[str, list[tuple[tuple[str, ...], DeclaredMethod]]]:
    """operationId -> every (attribute path from a ``GitHub`` instance, endpoint) declaring it.

    One operation can have several methods: ``release_assets.get`` (JSON) and
    ``release_assets.download`` (the same URL with ``Accept: application/octet-stream``).
    """
    found: dict[str, list[tuple[tuple[str, ...], DeclaredMethod]]] = {}
    seen: set[int] = set()
    for path, group in _walk(GitHub, ()):
        for name, value in vars(group).items():
            if isinstance(value, DeclaredMethod) and id(value) not in seen:
                seen.add(id(value))
                match = _OPERATION.search(value.__doc__ or "")
                if match:
                    found.setdefault(match.group(1), []).append(((*path, name), value))
    return found


def declared_operations() -> dict[str, tuple[tuple[str, ...], DeclaredMethod]]:
    """operationId -> the main (first declared) method for it."""
    return {op: methods[0] for op, methods in declared_methods().items()}


def media_name(media_type: str | None, *, asked: bool = True) -> str:
    """The representation a media type names: ``"default"``, or ``"star"``, ``"raw"``,
    ``"diff"``, ``"object"``... (version, ``+json`` suffix and parameters left out).

    ``application/vnd.github.v3.star+json`` (a response) and ``application/vnd.github.star+json``
    (an ``Accept``) both name ``"star"``; JSON is ``"default"``. Another type is itself when
    it is ``asked`` for (``Accept: application/octet-stream``), and ``"default"`` when a
    response is in it (``text/html`` is what ``markdown/render`` answers by default).
    """
    media = (media_type or "").split(";")[0].strip().lower()
    if media in ("", "application/json", "*/*", "application/vnd.github+json"):
        return "default"
    if not media.startswith("application/vnd.github."):
        return media if asked else "default"
    parts = re.split(r"[.+]", media.removeprefix("application/vnd.github."))
    named = [p for p in parts if p and p not in ("v3", "json")]
    return ".".join(named) or "default"


def declared_media(endpoint: DeclaredMethod) -> str:
    """The representation a method asks for with its own ``Accept`` (else ``"default"``)."""
    return media_name(endpoint.spec.method_headers.get("Accept"))


_OTHER_MEDIA_EXAMPLES = {"alternative-response-with-star-creation-timestamps": "star"}
"""Examples listed under ``application/json`` that GitHub only sends for another media type."""


def example_media(exchange: dict[str, Any]) -> str:
    """The representation an example is in (see :func:`media_name`): the ``Accept`` of a
    hand-written request, else the response's media type."""
    headers = {k.lower(): v for k, v in exchange["request"].get("headers", {}).items()}
    if "accept" in headers:
        return media_name(headers["accept"])
    if exchange["name"] in _OTHER_MEDIA_EXAMPLES:
        return _OTHER_MEDIA_EXAMPLES[exchange["name"]]
    return media_name(exchange["response"].get("headers", {}).get("Content-Type"), asked=False)


def _method_for(
    methods: list[tuple[tuple[str, ...], DeclaredMethod]], exchange: dict[str, Any]
) -> tuple[tuple[str, ...], DeclaredMethod] | None:
    """The method that asks for the example's representation; None when no method does."""
    media = example_media(exchange)
    return next((m for m in methods if declared_media(m[1]) == media), None)


def method_for_example(operation: str, exchange: dict[str, Any]) -> DeclaredMethod | None:
    """The declared method an example of ``operation`` belongs to (None: no method asks for
    its representation, such as a commit as JSON)."""
    chosen = _method_for(declared_methods().get(operation, []), exchange)
    return None if chosen is None else chosen[1]


def documents(operation: str) -> list[dict[str, Any]]:
    """The example documents (generated and hand-written) for ``operation``."""
    docs = []
    for folder in ("examples", "extra"):
        path = DATA / folder / f"{operation}.json"
        if path.exists():
            document = json.loads(path.read_text())
            if folder == "extra":  # hand-written: each exchange says where it came from
                document["origin"] = document["source"]
            docs.append(document)
    return docs


def body_value(body: dict[str, Any]) -> Any:
    """The example body as JSON data, bytes or text."""
    if "json" in body:
        return body["json"]
    if "base64" in body:
        return base64.b64decode(body["base64"])
    return body.get("text", "")


def _template_regex(template: str) -> re.Pattern[str]:
    pattern = ""
    position = 0
    for match in _VARIABLE.finditer(template):
        pattern += re.escape(template[position : match.start()])
        pattern += f"(?P<{match.group(2)}>{'.+' if match.group(1) else '[^/]+'})"
        position = match.end()
    pattern += re.escape(template[position:])
    return re.compile(pattern)


def _lax(value: Any, annotation: Any) -> Any:
    return TypeAdapter(annotation).validate_python(value)


def plan_call(endpoint: DeclaredMethod, request: dict[str, Any]) -> dict[str, Any] | None:
    """Keyword arguments that make ``endpoint`` send ``request``; None if it is not its URL."""
    spec = endpoint.spec
    url = urlsplit(request["url"])
    match = _template_regex(spec.info.path).fullmatch(url.path.lstrip("/"))
    if match is None:
        return None
    query = dict(parse_qsl(url.query, keep_blank_values=True))
    headers = {k.lower(): v for k, v in request.get("headers", {}).items()}
    kwargs: dict[str, Any] = {}
    for argument in spec.arguments:
        if argument.kind == "path":
            kwargs[argument.name] = _lax(
                unquote(match.group(argument.wire_name)), argument.annotation
            )
        elif argument.kind == "query" and argument.wire_name in query:
            kwargs[argument.name] = _lax(query[argument.wire_name], argument.annotation)
        elif argument.kind == "header" and argument.wire_name.lower() in headers:
            kwargs[argument.name] = headers[argument.wire_name.lower()]
        elif argument.kind in ("json", "raw") and "body" in request:
            value = body_value(request["body"])
            if argument.kind == "json":
                value = _lax(value, argument.annotation)
            kwargs[argument.name] = value
    return kwargs


def calls() -> list[Call]:
    """Every example exchange of every declared operation, grouped into calls.

    Each example goes to the method asking for its representation (``pulls.get`` for the
    JSON, ``pulls.get_diff`` for a diff...); an example in a representation no method
    declares (a commit as JSON) is left out. A hand-written example keeps its document's
    ``source`` (``exchange["origin"]``), which the cassette builder records.
    """
    result: list[Call] = []
    for operation, methods in sorted(declared_methods().items()):
        for document in documents(operation):
            current: Call | None = None
            for exchange in document["exchanges"]:
                continues = (
                    current is not None and 300 <= current.exchanges[-1]["response"]["status"] < 400
                )
                chosen = _method_for(methods, exchange)
                if chosen is None and not continues:
                    continue
                args = None if chosen is None else plan_call(chosen[1], exchange["request"])
                if args is None or continues:
                    assert current is not None, f"{operation}: {exchange['name']} starts no call"
                    current.exchanges.append(exchange)
                    continue
                if "origin" in document:
                    exchange = {**exchange, "origin": document["origin"]}
                assert chosen is not None
                current = Call(operation, chosen[0], args, [exchange])
                result.append(current)
    return result


def bound_method(client: GitHub, attributes: tuple[str, ...]) -> Any:
    """``client.<group>...<method>``."""
    target: Any = client
    for name in attributes:
        target = getattr(target, name)
    return target
