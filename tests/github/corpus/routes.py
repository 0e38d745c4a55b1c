"""Which typed ``typelink.github`` method a recorded request was: found from the declarations.

No table per cassette: every method declared on :class:`typelink.github.GitHub` (nested
groups included) becomes a route of its HTTP method, its host (the API or the uploads host),
its path template and its representation (the ``Accept`` it declares). A recorded request
takes the route whose template matches its path with path arguments that validate as the
declared types (``issues/{issue_number}`` is not ``issues/events``), whose representation is
the one the request asked for (``pulls.get_diff`` for ``application/vnd.github.diff``,
``contents.get_raw`` for ``raw+json``), preferring the most literal template
(``releases/latest`` over ``releases/{release_id}``).

GitHub names a repository, user or organization by id in its redirects and ``Link``
headers (``/repositories/1296269/issues?page=2``); such paths are read as the
``/repos/{owner}/{repo}/...``, ``/users/{username}/...`` and ``/orgs/{org}/...`` they stand
for.
"""

from __future__ import annotations

import re
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import pydantic
import requests

from typelink import Consumer
from typelink.client import BoundEndpoint
from typelink.declare.decorators import class_headers
from typelink.github import GitHub
from typelink.pagination.executor import page_spec, paginator_for

PLACEHOLDER_TOKEN = "ghp_" + "0" * 36
_VARIABLE = re.compile(r"\{(\+?)([A-Za-z_][A-Za-z0-9_]*)\}")
_BY_ID = (
    (re.compile(r"^/repositories/(\d+)(?=/|$)"), r"/repos/repository-id/\1"),
    (re.compile(r"^/user/(\d+)(?=/|$)"), r"/users/\1"),
    (re.compile(r"^/organizations/(\d+)(?=/|$)"), r"/orgs/\1"),
)
TEXT = "text:"
"""Prefix of the representation of a method returning bytes or text in a media type it asks
for (``text:diff``, ``text:raw``)."""
_BODY_FORMATS = frozenset({"full", "text", "html", "raw", "text-match"})
"""``application/vnd.github.v3.<format>+json``: the same JSON resource, its text fields
rendered differently (``body_html``...) or with ``text_matches`` added."""


def representation(accept: str) -> str:
    """The representation an ``Accept`` value asks GitHub for: ``"json"`` or another name.

    Preview media types (``application/vnd.github.drax-preview+json``), versions and
    body-format parameters all ask for the resource's JSON representation; ``star+json``
    (star timestamps), ``diff``, ``patch``, ``sha``, ``raw``, ``html``, ``object`` and
    ``application/octet-stream`` ask for another one. A list (``a, b``) asks for JSON only
    if every member does.
    """
    kinds = {_one_representation(part) for part in accept.split(",") if part.strip()}
    if not kinds or kinds == {"json"}:
        return "json"
    return ",".join(sorted(kinds - {"json"}))


def text_representation(accept: str) -> str:
    """What an ``Accept`` asks a ``bytes``/``str`` method for, body formats included.

    ``application/vnd.github.raw+json`` on contents is the file's own bytes, not the JSON
    resource with raw body fields: for the methods that declare it, the format is the
    representation. ``+json``, versions and previews are left out (``v3.raw`` is ``raw``).
    """
    kinds = set()
    for part in accept.split(","):
        media = part.split(";")[0].strip().lower()
        if media.startswith("application/vnd.github"):
            rest = media.removeprefix("application/vnd.github")
            named = [p for p in re.split(r"[.+]", rest) if p and p not in ("v3", "json")]
            media = ".".join(p for p in named if not p.endswith("-preview")) or "json"
        elif media in ("application/json", "*/*", "application/*", ""):
            media = "json"
        kinds.add(media)
    return ",".join(sorted(kinds - {"json"})) or "json"


def _one_representation(media: str) -> str:
    media = media.split(";")[0].strip().lower()
    if media in ("application/json", "*/*", "application/*"):
        return "json"
    if not media.startswith("application/vnd.github"):
        return media
    rest = media.removeprefix("application/vnd.github")
    is_json = rest.endswith(("+json", ".json"))
    parts = [p for p in re.split(r"[.+]", rest) if p and p != "json"]
    params = [p for p in parts if p not in ("v3",) and not p.endswith("-preview")]
    if not params:
        return "json"
    if is_json and set(params) <= _BODY_FORMATS:
        return "json"
    return ".".join(params) + ("+json" if is_json else "")


@dataclass(frozen=True)
class Route:
    """One declared method as a matchable route."""

    name: str
    """Attribute path from a ``GitHub`` client: ``"pulls.get"``, ``"release_assets.uploads.upload"``."""
    bound: BoundEndpoint
    host: str
    pattern: re.Pattern[str]
    literal_length: int
    representation: str
    path_types: dict[str, pydantic.TypeAdapter[Any]]

    def arguments(self, path: str) -> dict[str, Any] | None:
        """The path arguments if ``path`` is this route's, validated as declared; else None."""
        match = self.pattern.fullmatch(path)
        if match is None:
            return None
        values: dict[str, Any] = {}
        for name, adapter in self.path_types.items():
            try:
                values[name] = adapter.validate_python(unquote(match.group(name)))
            except pydantic.ValidationError:
                return None
        return values

    def parser(self) -> Callable[[requests.Response], Any]:
        """The parser a call of this method runs on its response (a page's for ``Page[T]``)."""
        spec = self.bound.spec
        if spec.page_item_type is not None:
            return page_spec(spec, paginator_for(self.bound)).parser
        return spec.parser


def _pattern(template: str) -> tuple[re.Pattern[str], int]:
    pattern, position = "", 0
    for match in _VARIABLE.finditer(template):
        pattern += re.escape(template[position : match.start()])
        pattern += f"(?P<{match.group(2)}>{'.+' if match.group(1) else '[^/]+'})"
        position = match.end()
    pattern += re.escape(template[position:])
    literal = len(_VARIABLE.sub("", template))
    return re.compile("/" + pattern.lstrip("/")), literal


def _groups(client: Any, owner: type, prefix: str) -> Iterator[tuple[str, Consumer]]:
    for name, hint in typing.get_type_hints(owner).items():
        if isinstance(hint, type) and issubclass(hint, Consumer):
            group = getattr(client, name)
            yield prefix + name, group
            yield from _groups(group, hint, f"{prefix}{name}.")


def _route(name: str, group: Consumer, bound: BoundEndpoint) -> Route:
    spec = bound.spec
    headers = {**class_headers(type(group)), **spec.method_headers}
    accept = next((v for k, v in headers.items() if k.lower() == "accept"), "")
    pattern, literal = _pattern(spec.info.path)
    kind = representation(accept)
    if spec.response_type in (bytes, str) and "accept" in {k.lower() for k in spec.method_headers}:
        kind = TEXT + text_representation(accept)  # the bytes of a representation it asks for
    path_types = {
        argument.wire_name: pydantic.TypeAdapter(argument.annotation)
        for argument in spec.arguments
        if argument.kind == "path"
    }
    return Route(
        name=name,
        bound=bound,
        host=(urlsplit(bound.base_url).hostname or "").lower(),
        pattern=pattern,
        literal_length=literal,
        representation=kind,
        path_types=path_types,
    )


class RouteTable:
    """Every declared method of :class:`GitHub`, matchable by recorded request."""

    def __init__(self, client: GitHub | None = None) -> None:
        self.client = client or GitHub(token=PLACEHOLDER_TOKEN)
        self.routes: list[Route] = []
        seen: set[int] = set()
        for prefix, group in _groups(self.client, GitHub, ""):
            for attribute in sorted(vars(type(group))):
                bound = getattr(group, attribute, None)
                if isinstance(bound, BoundEndpoint) and id(bound.spec) not in seen:
                    seen.add(id(bound.spec))
                    self.routes.append(_route(f"{prefix}.{attribute}", group, bound))

    def match(self, method: str, uri: str, accept: str) -> Route | None:
        """The route of a recorded request, or None when no declared method sends it."""
        parts = urlsplit(uri)
        host = (parts.hostname or "").lower()
        path = parts.path
        for by_id, replacement in _BY_ID:
            path = by_id.sub(replacement, path)
        wanted = {representation(accept), TEXT + text_representation(accept)}
        candidates = [
            route
            for route in self.routes
            if route.bound.spec.info.http_method == method.upper()
            and route.host == host
            and route.representation in wanted
            and route.arguments(path) is not None
        ]
        # a method declaring the exact representation asked for wins (contents.get_raw for
        # raw+json), then the most literal template (releases/latest over releases/{id})
        return max(
            candidates,
            key=lambda r: (r.representation.startswith(TEXT), r.literal_length),
            default=None,
        )

    def unmatched_reason(self, method: str, uri: str, accept: str) -> str:
        """Why nothing matched: an undeclared operation, or an undeclared representation."""
        wanted = representation(accept)
        if wanted != "json" and self.match(method, uri, "application/json") is not None:
            return f"representation {wanted} not declared"
        return "operation not declared"
