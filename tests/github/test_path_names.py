"""Branch, ref, tag, label and file names on the wire, exactly as GitHub expects them.

GitHub routes a file path, a git ref, a branch and a commit ref with its slashes: it spells
those resources that way itself (a branch's ``_links.self`` and ``protection_url`` read
``branches/stable/2.6/protection``; a contents ``url`` keeps the file's directories), and
sessions recorded against api.github.com sent ``branches/stable/2.6``, ``commits/stable/2.6``
and ``git/ref/tags/0.9.3`` (github3.py's cassettes). Those variables are declared ``{+name}``:
slashes kept, every other character of a segment that is not unreserved percent-encoded
(``+`` would read as a space in a ref; ``%``, ``#``, ``?`` and ``;`` are not URL syntax
here). Every other name is one segment (``labels/type%2Fbug``, ``releases/tags/release%2F1.0``),
as GitHub's REST documentation asks for path parameters in general. A ``.`` or ``..`` segment
is refused in any spelling before anything is sent.
"""

from __future__ import annotations

import base64
import contextlib
import json
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlsplit

import pytest

from tests.fixtures.servers import Reply, ScriptedServer
from tests.github.example_calls import Call, bound_method, calls
from tests.github.test_github_declarations import DECLARED
from typelink import errors as tl_errors
from typelink.declare.compiler import PATH_VARIABLE
from typelink.github import GitHub
from typelink.github.models import (
    GitUpdateRefRequest,
    ReposCreateOrUpdateFileContentsRequest,
    ReposDeleteFileRequest,
)

TOKEN = "ghp_" + "0" * 36
KEPT_WHOLE = {"path", "ref", "branch", "basehead"}
"""Path variables GitHub routes with their slashes (``{+name}``)."""
NAME = "feature/x+1"


def test_names_with_slashes_are_reserved_expansions_and_nothing_else_is() -> None:
    for name, endpoint in DECLARED:
        for operator, variable in PATH_VARIABLE.findall(endpoint.path):
            expected = "+" if variable in KEPT_WHOLE else ""
            assert operator == expected, f"{name}: {{{operator}{variable}}} in {endpoint.path}"


@pytest.fixture
def gh(api: ScriptedServer) -> GitHub:
    api.handler = lambda seen: Reply(status=204, body=b"")
    return GitHub(token=TOKEN, base_url=api.url)


def _sent(api: ScriptedServer) -> str:
    (seen,) = api.seen
    return seen.path


FILE = ReposCreateOrUpdateFileContentsRequest(message="m", content="aGk=")
WIRE = [
    # file paths: directories kept, each name encoded whole
    (lambda gh: gh.contents.get("o", "r", "docs/a b/c++.md"), "contents/docs/a%20b/c%2B%2B.md"),
    (lambda gh: gh.contents.get_raw("o", "r", "src/100%.txt"), "contents/src/100%25.txt"),
    (lambda gh: gh.contents.get_html("o", "r", "docs/#1?.md"), "contents/docs/%231%3F.md"),
    (lambda gh: gh.contents.get_object("o", "r", "a;b/c"), "contents/a%3Bb/c"),
    (
        lambda gh: gh.contents.create_or_update_file("o", "r", "é/x.md", FILE),
        "contents/%C3%A9/x.md",
    ),
    (
        lambda gh: gh.contents.delete_file(
            "o", "r", "a/b", ReposDeleteFileRequest(message="m", sha="s")
        ),
        "contents/a/b",
    ),
    (
        lambda gh: gh.contents.get("o", "r", "README.md", ref=NAME),
        "contents/README.md?ref=feature%2Fx%2B1",
    ),
    (lambda gh: gh.contents.download_tarball("o", "r", NAME), "tarball/feature/x%2B1"),
    (lambda gh: gh.contents.download_zipball("o", "r", NAME), "zipball/feature/x%2B1"),
    # git refs: heads/<branch>, tags/<tag>
    (lambda gh: gh.refs.get("o", "r", "heads/" + NAME), "git/ref/heads/feature/x%2B1"),
    (
        lambda gh: gh.refs.list_matching("o", "r", "heads/feature/"),
        "git/matching-refs/heads/feature/",
    ),
    (
        lambda gh: gh.refs.update("o", "r", "heads/" + NAME, GitUpdateRefRequest(sha="s")),
        "git/refs/heads/feature/x%2B1",
    ),
    (lambda gh: gh.refs.delete("o", "r", "tags/v1.0/rc#2"), "git/refs/tags/v1.0/rc%232"),
    # branches and their protection
    (lambda gh: gh.branches.get("o", "r", NAME), "branches/feature/x%2B1"),
    (lambda gh: gh.branches.get_protection("o", "r", NAME), "branches/feature/x%2B1/protection"),
    (lambda gh: gh.branches.delete_protection("o", "r", NAME), "branches/feature/x%2B1/protection"),
    # commit refs
    (lambda gh: gh.commits.get_sha("o", "r", NAME), "commits/feature/x%2B1"),
    (lambda gh: gh.commits.get_diff("o", "r", "heads/" + NAME), "commits/heads/feature/x%2B1"),
    (lambda gh: gh.statuses.get_combined("o", "r", NAME), "commits/feature/x%2B1/status"),
    (lambda gh: gh.statuses.list_for_ref("o", "r", NAME), "commits/feature/x%2B1/statuses"),
    (lambda gh: gh.commits.get("o", "r", NAME), "commits/feature/x%2B1"),
    (lambda gh: gh.check_runs.list_for_ref("o", "r", NAME), "commits/feature/x%2B1/check-runs"),
    (
        lambda gh: gh.check_suites.list_for_ref("o", "r", NAME),
        "commits/feature/x%2B1/check-suites",
    ),
    # a comparison: BASE...HEAD, each a branch that may hold slashes
    (lambda gh: gh.commits.compare("o", "r", "main..." + NAME), "compare/main...feature/x%2B1"),
    (
        lambda gh: gh.commits.compare("o", "r", "release/1.0...octo:" + NAME),
        "compare/release/1.0...octo%3Afeature/x%2B1",
    ),
    # one segment: an environment, a secret, a team
    (lambda gh: gh.environments.get("o", "r", "prod/eu"), "environments/prod%2Feu"),
    # one segment: tags of releases, labels, a SHA
    (lambda gh: gh.releases.get_by_tag("o", "r", "release/1.0"), "releases/tags/release%2F1.0"),
    (lambda gh: gh.labels.get("o", "r", "type/bug"), "labels/type%2Fbug"),
    (lambda gh: gh.labels.delete("o", "r", "a+b c"), "labels/a%2Bb%20c"),
    (lambda gh: gh.labels.remove_from_issue("o", "r", 3, "type/bug"), "issues/3/labels/type%2Fbug"),
    # refs in a query: encoded by the query encoding
    (
        lambda gh: gh.pulls.list("o", "r", head="octo:feature/x", base="release/1.0"),
        "pulls?head=octo%3Afeature%2Fx&base=release%2F1.0",
    ),
]


@pytest.mark.parametrize(("call", "sent"), WIRE, ids=[sent for _, sent in WIRE])
def test_names_reach_github_as_github_spells_them(
    gh: GitHub, api: ScriptedServer, call: Callable[[GitHub], Any], sent: str
) -> None:
    with contextlib.suppress(tl_errors.ResponseValidationError):
        call(gh)  # the fake answers 204 to everything: only the request matters here
    assert _sent(api) == f"/repos/o/r/{sent}"


SPELLINGS = ["feature/../../../user", "a/%2e%2e/b", "%252e%252e/x", "..\\x", "x/..;/y"]
REFUSING = [
    lambda gh, name: gh.branches.get("o", "r", name),
    lambda gh, name: gh.branches.update_protection("o", "r", name, {}),
    lambda gh, name: gh.commits.get_sha("o", "r", name),
    lambda gh, name: gh.statuses.get_combined("o", "r", name),
    lambda gh, name: gh.commits.compare("o", "r", name),
    lambda gh, name: gh.check_runs.list_for_ref("o", "r", name),
    lambda gh, name: gh.contents.get_raw("o", "r", name),
    lambda gh, name: gh.contents.download_tarball("o", "r", name),
    lambda gh, name: gh.labels.get("o", "r", name),
]


@pytest.mark.parametrize("value", SPELLINGS)
@pytest.mark.parametrize("call", REFUSING)
def test_dot_segments_are_refused_before_anything_is_sent(
    gh: GitHub, api: ScriptedServer, call: Callable[[GitHub, str], Any], value: str
) -> None:
    with pytest.raises(tl_errors.InvalidArgumentError, match="segment"):
        call(gh, value)
    assert api.seen == []


# -- every declared method, with a slash in each name it takes ---------------------------------


def _first_calls() -> list[Call]:
    seen: set[tuple[str, ...]] = set()
    chosen = []
    for call in calls():
        if call.attributes not in seen and call.operation != "repos/upload-release-asset":
            seen.add(call.attributes)
            chosen.append(call)
    return chosen


def _reply(call: Call) -> Reply:
    response = call.exchanges[-1]["response"]
    headers = dict(response.get("headers", {}))
    body = response.get("body", {})
    if "json" in body:
        data = json.dumps(body["json"]).encode()
    elif "base64" in body:
        data = base64.b64decode(body["base64"])
    else:
        data = str(body.get("text", "")).encode()
    return Reply(status=int(response["status"]), body=data, headers=headers)


def _expected_path(template: str, args: dict[str, Any]) -> str:
    path = template
    for operator, variable in PATH_VARIABLE.findall(template):
        value = str(args[variable])
        encoded = "/".join(quote(s, safe="") for s in value.split("/"))
        path = path.replace(
            f"{{{operator}{variable}}}", encoded if operator else quote(value, safe="")
        )
    return "/" + path


SWEEP = [
    c
    for c in _first_calls()
    if urlsplit(c.exchanges[0]["request"]["url"]).hostname == "api.github.com"
]


@pytest.mark.parametrize("call", SWEEP, ids=[".".join(c.attributes) for c in SWEEP])
def test_every_method_sends_each_name_whole(gh: GitHub, api: ScriptedServer, call: Call) -> None:
    """Each string path argument (but owner, repo, user and org names) becomes ``a/b+c``."""
    method = bound_method(gh, call.attributes)
    args = dict(call.args)
    for argument in method.spec.arguments:
        named = argument.wire_name not in ("owner", "repo", "username", "org")
        if argument.kind == "path" and argument.annotation is str and named:
            args[argument.name] = "a/b+c"
    reply = _reply(call)
    api.handler = lambda seen: reply
    method(**args)  # answered with the example's final response (no redirect to follow)
    path = urlsplit(api.seen[0].path).path
    wire = {a.wire_name: args[a.name] for a in method.spec.arguments if a.kind == "path"}
    assert path == _expected_path(method.spec.info.path, wire)
