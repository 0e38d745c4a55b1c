"""Fetching the corpus: once, verified, and only the cassette files (against a local index)."""

from __future__ import annotations

import dataclasses
import hashlib
import io
import json
import socket
import tarfile
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer

from tests.github.corpus.sdist import (
    GITHUB3,
    CorpusIntegrityError,
    CorpusUnavailable,
    Release,
    github3_cassettes,
)

ROOT = "github3.py-4.0.1/"
FOLDER = ROOT + "tests/cassettes/"


def _archive(members: dict[str, bytes], links: dict[str, str] | None = None) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type = tarfile.SYMTYPE
            info.linkname = target
            archive.addfile(info)
    return buffer.getvalue()


GOOD = {
    FOLDER + "Issue_edit.json": b'{"http_interactions": []}',
    ROOT + "LICENSE": b"BSD 3-Clause License",
    ROOT + "README.rst": b"not a cassette",
}


def _release(data: bytes, sha256: str | None = None, max_download: int | None = None) -> Release:
    """The real release's settings, pinned to ``data`` (or to another hash)."""
    return dataclasses.replace(
        GITHUB3,
        sha256=sha256 or hashlib.sha256(data).hexdigest(),
        max_download=max_download or GITHUB3.max_download,
    )


def _serve(server: HTTPServer, data: bytes, file_url: str | None = None) -> None:
    page = {"files": [{"filename": GITHUB3.filename, "url": file_url or "../../files/sdist"}]}
    server.expect_request("/simple/github3-py/").respond_with_data(
        json.dumps(page), content_type="application/vnd.pypi.simple.v1+json"
    )
    server.expect_request("/files/sdist").respond_with_data(data)


def test_downloads_once_then_uses_the_cache(httpserver: HTTPServer, tmp_path: Path) -> None:
    data = _archive(GOOD)
    _serve(httpserver, data)
    index = httpserver.url_for("/simple/")
    folder = github3_cassettes(tmp_path, index, _release(data))
    assert sorted(p.name for p in folder.iterdir()) == ["Issue_edit.json"]
    assert (folder.parent / "LICENSE").read_bytes() == b"BSD 3-Clause License"
    requests_made = len(httpserver.log)
    assert github3_cassettes(tmp_path, index, _release(data)) == folder
    assert len(httpserver.log) == requests_made == 2


def test_a_download_that_is_not_the_pinned_release_is_refused(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    data = _archive(GOOD)
    _serve(httpserver, data)
    index = httpserver.url_for("/simple/")
    pinned = _release(data, sha256="0" * 64)
    with pytest.raises(CorpusIntegrityError, match="SHA-256"):
        github3_cassettes(tmp_path, index, pinned)
    assert not list(tmp_path.rglob("*.json"))
    with pytest.raises(CorpusIntegrityError):  # nothing was cached: it is checked again
        github3_cassettes(tmp_path, index, pinned)


def test_only_plain_cassette_files_leave_the_archive(
    httpserver: HTTPServer, tmp_path: Path
) -> None:
    hostile = {
        **GOOD,
        FOLDER + "../../../escaped.json": b"{}",
        FOLDER + "sub/nested.json": b"{}",
        "/tmp/absolute.json": b"{}",
        FOLDER + ".hidden.json": b"{}",
    }
    data = _archive(hostile, links={FOLDER + "link.json": "/etc/passwd"})
    _serve(httpserver, data)
    cache = tmp_path / "cache"
    folder = github3_cassettes(cache, httpserver.url_for("/simple/"), _release(data))
    assert sorted(p.name for p in folder.iterdir()) == ["Issue_edit.json"]
    assert sorted(p.name for p in tmp_path.rglob("*.json")) == ["Issue_edit.json"]


def test_an_archive_without_cassettes_is_refused(httpserver: HTTPServer, tmp_path: Path) -> None:
    data = _archive({ROOT + "LICENSE": b"BSD"})
    _serve(httpserver, data)
    with pytest.raises(CorpusIntegrityError, match="no cassettes"):
        github3_cassettes(tmp_path, httpserver.url_for("/simple/"), _release(data))


def test_an_oversized_download_is_refused(httpserver: HTTPServer, tmp_path: Path) -> None:
    data = _archive(GOOD)
    _serve(httpserver, data)
    small = _release(data, max_download=len(data) - 1)
    with pytest.raises(CorpusIntegrityError, match="larger than"):
        github3_cassettes(tmp_path, httpserver.url_for("/simple/"), small)


def test_the_index_may_only_point_to_http(httpserver: HTTPServer, tmp_path: Path) -> None:
    data = _archive(GOOD)
    _serve(httpserver, data, file_url="file:///etc/passwd")
    with pytest.raises(CorpusIntegrityError, match="not an http"):
        github3_cassettes(tmp_path, httpserver.url_for("/simple/"), _release(data))


def test_a_mirror_serving_html_pages_works(httpserver: HTTPServer, tmp_path: Path) -> None:
    data = _archive(GOOD)
    page = f'<html><body><a href="../../files/sdist#sha256=x">{GITHUB3.filename}</a></body></html>'
    httpserver.expect_request("/simple/github3-py/").respond_with_data(
        page, content_type="text/html"
    )
    httpserver.expect_request("/files/sdist").respond_with_data(data)
    folder = github3_cassettes(tmp_path, httpserver.url_for("/simple/"), _release(data))
    assert (folder / "Issue_edit.json").is_file()


def test_an_unreachable_index_means_unavailable(tmp_path: Path) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(CorpusUnavailable, match="cannot reach"):
        github3_cassettes(tmp_path, f"http://127.0.0.1:{port}/simple/", timeout=5)


TOKEN = "s3cr3t-mirror-token"


def _authorizations(server: HTTPServer) -> dict[str, str | None]:
    return {
        f"{request.host}{request.path}": request.headers.get("Authorization")
        for request, _ in server.log
    }


def test_index_credentials_never_follow_a_redirect(httpserver: HTTPServer, tmp_path: Path) -> None:
    data = _archive(GOOD)
    port = httpserver.port
    # the file is listed on the index's origin, which redirects to another one (localhost)
    _serve(httpserver, data, file_url=f"http://127.0.0.1:{port}/files/moved")
    httpserver.expect_request("/files/moved").respond_with_data(
        "", status=302, headers={"Location": f"http://localhost:{port}/files/sdist"}
    )
    index = f"http://mirror-user:{TOKEN}@127.0.0.1:{port}/simple/"
    github3_cassettes(tmp_path, index, _release(data))
    seen = _authorizations(httpserver)
    assert seen[f"127.0.0.1:{port}/simple/github3-py/"] is not None
    assert seen[f"127.0.0.1:{port}/files/moved"] is not None
    assert seen[f"localhost:{port}/files/sdist"] is None


def test_index_credentials_stay_on_the_index_origin(httpserver: HTTPServer, tmp_path: Path) -> None:
    data = _archive(GOOD)
    port = httpserver.port
    _serve(httpserver, data, file_url=f"http://localhost:{port}/files/sdist")
    github3_cassettes(tmp_path, f"http://u:{TOKEN}@127.0.0.1:{port}/simple/", _release(data))
    assert _authorizations(httpserver)[f"localhost:{port}/files/sdist"] is None


def test_index_credentials_stay_out_of_messages(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(CorpusUnavailable) as caught:
        github3_cassettes(tmp_path, f"http://user:{TOKEN}@127.0.0.1:{port}/simple/", timeout=5)
    assert TOKEN not in str(caught.value)
