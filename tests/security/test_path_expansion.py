"""Reserved path expansion: a ``{+path}`` value never reaches another endpoint.

``{+path}`` keeps ``/`` (a file path in ``contents/{+path}``). RFC 6570's reserved
expansion would pass percent-encoded triplets through unchanged; ``requests`` then decodes
unreserved escapes (``%2e`` -> ``.``) and servers resolve dot segments, so
``%2e%2e/%2e%2e/user`` sent as a file path would reach ``/user`` with the client's token.
typelink encodes each segment whole (``%`` is sent as ``%25``), and still refuses every
spelling of a dot segment before anything is sent (a server or proxy may decode twice);
``#`` and ``?`` in a reserved value are percent-encoded, not a fragment or a query that
silently cuts the rest of the path off.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.fixtures.servers import Reply, ScriptedServer
from typelink import BearerToken, Consumer, get
from typelink import errors as tl_errors
from typelink.github import GitHub

TOKEN = "ghp_pathTokenValue0123456789"

SPELLINGS = [
    "%2e%2e/%2e%2e/user",  # percent-encoded
    "%2E%2e/%2e%2E/user",  # mixed case
    "%252e%252e/%252e%252e/user",  # double-encoded (a second decoding gives %2e, then .)
    "..\\..\\user",  # backslashes (IIS and others treat them as /)
    "..%5c..%5cuser",  # encoded backslashes
    "docs/..;/..;/user",  # Tomcat-style path parameter on a dot segment
    "docs/%2e%2e%2f%2e%2e%2fuser",  # with encoded slashes
]


class Files(Consumer):
    @get("repos/{owner}/contents/{+path}")
    def contents(self, owner: str, path: str) -> dict[str, Any]:
        raise NotImplementedError

    @get("users/{name}/repos")
    def repos(self, name: str) -> dict[str, Any]:
        raise NotImplementedError


@pytest.fixture
def files(good: ScriptedServer) -> Files:
    good.handler = lambda seen: Reply(body=b"{}")
    return Files(base_url=good.url + "/api/", auth=BearerToken(TOKEN))


@pytest.mark.parametrize("value", SPELLINGS)
def test_a_dot_segment_in_any_spelling_is_refused_in_reserved_expansion(files, good, value):
    with pytest.raises(tl_errors.InvalidArgumentError, match="segment"):
        files.contents("octo", value)
    assert good.seen == []


@pytest.mark.parametrize("value", ["%2e%2e", "%252e%252E", "..\\", "..;"])
def test_a_dot_segment_in_any_spelling_is_refused_in_simple_expansion(files, good, value):
    with pytest.raises(tl_errors.InvalidArgumentError, match="segment"):
        files.repos(value)
    assert good.seen == []


def test_ordinary_paths_still_work_and_fragments_do_not_cut_the_path(files, good):
    files.contents("octo", "docs/a b/index.md")
    files.contents("octo", "notes/issue#12?.md")
    paths = [seen.path for seen in good.seen]
    assert paths[0] == "/api/repos/octo/contents/docs/a%20b/index.md"
    assert paths[1] == "/api/repos/octo/contents/notes/issue%2312%3F.md"


@pytest.fixture
def github(good: ScriptedServer) -> GitHub:
    good.handler = lambda seen: Reply(status=204, body=b"")
    return GitHub(token=TOKEN, base_url=good.url)


@pytest.mark.parametrize("value", SPELLINGS)
def test_githubs_contents_and_refs_refuse_dot_segments(github, good, value):
    with pytest.raises(tl_errors.InvalidArgumentError):
        github.contents.get("octo", "hello", value)
    with pytest.raises(tl_errors.InvalidArgumentError):
        github.refs.delete("octo", "hello", value)
    assert good.seen == []


def test_deleting_a_ref_with_a_hash_deletes_that_ref_not_a_shorter_one(github, good):
    github.refs.delete("octo", "hello", "heads/feature#2")
    (seen,) = good.seen
    assert seen.method == "DELETE"
    assert seen.path == "/repos/octo/hello/git/refs/heads/feature%232"
