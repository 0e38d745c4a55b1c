"""Build ``cassettes/github/endpoints/**`` from GitHub's published examples.

We cannot reach api.github.com from CI, so the GitHub cassettes are built, not recorded:
each response is an example from GitHub's OpenAPI description (or a hand-written flow for the
redirects and binary bodies it does not describe), and each request is exactly what the
typelink GitHub client sends for the arguments the example implies. The cassette metadata
says so. Run with ``make github-cassettes``; ``make github-models`` refreshes the examples.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from http import HTTPStatus
from pathlib import Path
from typing import Any

import requests

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from tests.github.example_calls import Call, body_value, bound_method, calls, documents  # noqa: E402
from typelink._version import __version__  # noqa: E402
from typelink.github import GitHub  # noqa: E402
from typelink.testing.files import METADATA_KEY, render_cassette, write_atomically  # noqa: E402
from typelink.testing.interactions import scrub_response  # noqa: E402
from typelink.testing.scrub import Scrubber, ScrubRules  # noqa: E402

OUTPUT = ROOT / "cassettes" / "github" / "endpoints"
BUILT_AT = "2026-11-21T00:00:00+00:00"
SOURCE = (
    "built from the examples in GitHub's OpenAPI description (@octokit/openapi 23.0.2, "
    "generated/api.github.com.json) and hand-written flows from GitHub's REST docs; "
    "not recorded from a live server"
)
PLACEHOLDER_TOKEN = "ghp_" + "0" * 36


def _request_id(seed: str) -> str:
    digest = hashlib.sha256(seed.encode()).hexdigest().upper()
    return f"{digest[:4]}:{digest[4:9]}:{digest[9:16]}:{digest[16:24]}:{digest[24:32]}"


def _headers(values: dict[str, str]) -> dict[str, list[str]]:
    return {name: [value] for name, value in values.items()}


def _response(
    exchange: dict[str, Any], call: Call, index: int, endpoint_ref: str
) -> dict[str, Any]:
    response = exchange["response"]
    status = int(response["status"])
    headers = dict(response.get("headers", {}))
    body = body_value(response["body"]) if "body" in response else b""
    if isinstance(body, (dict, list)):
        data = json.dumps(body, ensure_ascii=False).encode()
    elif isinstance(body, str):
        data = body.encode()
    else:
        data = body
    seed = f"{call.operation}:{exchange['name']}:{index}"
    media = headers.get("Content-Type", "").split(";")[0].strip()
    if media.startswith("application/vnd.github."):  # several representations, one name
        seed += f":{media}"
    headers.setdefault("X-GitHub-Request-Id", _request_id(seed))
    headers.setdefault("X-RateLimit-Limit", "5000")
    headers.setdefault("X-RateLimit-Remaining", "4999")
    headers.setdefault("X-RateLimit-Reset", "4102444800")
    headers.setdefault("X-RateLimit-Resource", "core")
    headers["Content-Length"] = str(len(data))
    try:
        message = HTTPStatus(status).phrase
    except ValueError:
        message = ""
    stored = {
        "status": {"code": status, "message": message},
        "headers": _headers(headers),
        "body": {"string": data},
        METADATA_KEY: {
            "recorded_at": BUILT_AT,
            "typelink_version": __version__,
            "endpoint": endpoint_ref,
            "method": endpoint_ref.rsplit(":", 1)[-1],
            "operation": call.operation,
            "source": "hand-written" if "origin" in exchange else "example",
            "example": exchange["name"],
            **({"origin": exchange["origin"]} if "origin" in exchange else {}),
        },
    }
    # the same scrubbing a recording gets: GitHub's examples contain token-shaped values
    return scrub_response(Scrubber(ScrubRules()), stored)


def _first_request(client: GitHub, call: Call) -> dict[str, Any]:
    """The request the typelink client sends for the call (first hop)."""
    bound = bound_method(client, call.attributes)
    method, url, info = bound.build(**call.args)
    headers = {**bound._headers, **dict(info.get("headers") or {})}
    headers["Authorization"] = "token [REDACTED]"
    prepared = requests.Request(
        method,
        url,
        headers=headers,
        params=dict(info.get("params") or {}),
        data=info.get("data"),
        files=info.get("files"),
    ).prepare()
    body = prepared.body
    if body is not None:  # the scrubbing a recorded request gets (a webhook's ``secret``)
        raw = body.encode() if isinstance(body, str) else body
        scrubbed = Scrubber(ScrubRules()).body(raw, prepared.headers.get("Content-Type"), "request")
        if scrubbed != raw:
            body = scrubbed
    return {
        "method": method,
        "uri": prepared.url,
        "body": body,
        "headers": _headers({k: str(v) for k, v in prepared.headers.items()}),
    }


def _follow_up(exchange: dict[str, Any]) -> dict[str, Any]:
    request = exchange["request"]
    return {"method": request["method"], "uri": request["url"], "body": None, "headers": {}}


def build(output: Path = OUTPUT) -> list[Path]:
    """Write one cassette per operation; return the files written."""
    if output.exists():
        shutil.rmtree(output)
    by_operation: dict[str, list[dict[str, Any]]] = {}
    client = GitHub(token=PLACEHOLDER_TOKEN)
    for call in calls():
        interactions = by_operation.setdefault(call.operation, [])
        ref = bound_method(client, call.attributes).spec.info.ref
        for index, exchange in enumerate(call.exchanges):
            request = _first_request(client, call) if index == 0 else _follow_up(exchange)
            response = _response(exchange, call, index, ref)
            interactions.append({"request": request, "response": response})
    written = []
    for operation, interactions in sorted(by_operation.items()):
        path = output / f"{operation}.yaml"
        path.parent.mkdir(parents=True, exist_ok=True)
        metadata = {
            METADATA_KEY: {
                "recorded_at": BUILT_AT,
                "typelink_version": __version__,
                "scrubbed": True,
                "source": SOURCE,
                "operation": operation,
                "rebuild": "make github-cassettes",
            }
        }
        write_atomically(path, render_cassette(path, interactions, metadata))
        written.append(path)
    return written


DEMO = ROOT / "cassettes" / "github" / "demo" / "session.yaml"
DEMO_ISSUE_TITLES = [
    "Found a bug",
    "Crash when the title is empty",
    "Docs: typo in README",
    "Support GitHub Enterprise uploads",
    "Pagination stops early",
]


def _example(operation: str, name: str | None = None) -> dict[str, Any]:
    for document in documents(operation):
        for exchange in document["exchanges"]:
            if name is None or exchange["name"] == name:
                return exchange
    raise KeyError(f"{operation}: no example {name!r}")


def _json_exchange(
    status: int, payload: Any, headers: dict[str, str] | None = None
) -> dict[str, Any]:
    return {
        "name": "demo",
        "response": {
            "status": status,
            "headers": {"Content-Type": "application/json; charset=utf-8", **(headers or {})},
            "body": {"json": payload},
        },
    }


def build_demo(path: Path = DEMO) -> Path:
    """The ``make demo`` session: repository, three pages of issues, create, a 422, rate limit."""
    client = GitHub(token=PLACEHOLDER_TOKEN)
    owner, repo = "octocat", "Hello-World"
    interactions: list[dict[str, Any]] = []

    def add(
        attributes: tuple[str, ...],
        args: dict[str, Any],
        exchange: dict[str, Any],
        uri: str | None = None,
    ) -> None:
        call = Call(operation="demo", attributes=attributes, args=args, exchanges=[exchange])
        request = _first_request(client, call)
        if uri is not None:
            request["uri"] = uri
        ref = bound_method(client, attributes).spec.info.ref
        interactions.append(
            {"request": request, "response": _response(exchange, call, len(interactions), ref)}
        )

    add(("repos", "get"), {"owner": owner, "repo": repo}, _example("repos/get"))

    template = _example("issues/list-for-repo")["response"]["body"]["json"][0]
    issues = []
    for offset, title in enumerate(DEMO_ISSUE_TITLES):
        number = 1347 - offset
        issue = dict(template, number=number, title=title)
        issue["url"] = f"https://api.github.com/repos/{owner}/{repo}/issues/{number}"
        issue["html_url"] = f"https://github.com/{owner}/{repo}/issues/{number}"
        issues.append(issue)
    pages = [issues[0:2], issues[2:4], issues[4:5]]
    link_base = "https://api.github.com/repositories/1296269/issues?state=all&per_page=2&page="
    for index, items in enumerate(pages, start=1):
        links = []
        if index < len(pages):
            links.append(f'<{link_base}{index + 1}>; rel="next"')
            links.append(f'<{link_base}{len(pages)}>; rel="last"')
        if index > 1:
            links.append(f'<{link_base}1>; rel="first"')
            links.append(f'<{link_base}{index - 1}>; rel="prev"')
        exchange = _json_exchange(200, items, {"Link": ", ".join(links)} if links else None)
        uri = None if index == 1 else f"{link_base}{index}"
        add(
            ("issues", "list_for_repo"),
            {"owner": owner, "repo": repo, "state": "all", "per_page": 2},
            exchange,
            uri,
        )

    from typelink.github.models import IssuesCreateRequest

    created = dict(_example("issues/create")["response"]["body"]["json"])
    created.update(
        number=1348, title="typelink demo: found a bug", body="Opened by the typelink demo."
    )
    created["html_url"] = f"https://github.com/{owner}/{repo}/issues/1348"
    add(
        ("issues", "create"),
        {
            "owner": owner,
            "repo": repo,
            "body": IssuesCreateRequest(
                title="typelink demo: found a bug", body="Opened by the typelink demo."
            ),
        },
        _json_exchange(201, created, {"Location": created["url"]}),
    )
    failed = {
        "message": "Validation Failed",
        "errors": [{"resource": "Issue", "code": "missing_field", "field": "title"}],
        "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue",
        "status": "422",
    }
    add(
        ("issues", "create"),
        {"owner": owner, "repo": repo, "body": IssuesCreateRequest(title="")},
        _json_exchange(422, failed),
    )
    add(("rate_limit", "get"), {}, _example("rate-limit/get"))

    metadata = {
        METADATA_KEY: {
            "recorded_at": BUILT_AT,
            "typelink_version": __version__,
            "scrubbed": True,
            "source": SOURCE
            + "; the issue pages, the created issue and the 422 are assembled from them",
            "demo_repo": f"{owner}/{repo}",
            "rebuild": "make github-cassettes",
            "rerecord": "GITHUB_TOKEN=... python -m typelink.github demo --live --record --repo you/sandbox",
        }
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, render_cassette(path, interactions, metadata))
    return path


if __name__ == "__main__":
    files = build()
    print(f"wrote {len(files)} cassettes under {OUTPUT.relative_to(ROOT)}")
    print(f"wrote {build_demo().relative_to(ROOT)}")
