"""github3.py's recorded GitHub sessions, fetched once from the package index into a cache.

The sdist of github3.py 4.0.1 (BSD-3-Clause, Ian Stapleton Cordasco and contributors)
ships about 400 betamax cassettes recorded against api.github.com from 2013 to 2023. It is
never committed here: :func:`github3_cassettes` downloads it from the package index (PEP 691
simple API, the same index pip uses: ``PIP_INDEX_URL`` or pypi.org), checks it against the
pinned SHA-256 below, and extracts only ``tests/cassettes/*.json`` (plus the licence) into
``$TYPELINK_CACHE_DIR`` (default ``$XDG_CACHE_HOME/typelink``, else ``~/.cache/typelink``).
A second call finds the cache and downloads nothing.

The archive is treated as hostile input: its hash must be the pinned one before anything is
read, only regular files with plain names directly under the cassette folder are written
(never ``extractall``; no links, no ``..``, no absolute paths), and every size is capped.
Credentials in ``PIP_INDEX_URL`` (``https://user:token@mirror/simple``) go to that origin
only, never along a redirect, and never into a message.

``python -m tests.github.corpus.sdist`` fetches it (``make test`` does, before pytest).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import re
import shutil
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from typelink._internal.redact import redact_url


@dataclass(frozen=True)
class Release:
    """One sdist on the index and what may be taken out of it."""

    project: str
    filename: str
    sha256: str
    cassette_folder: str
    """Folder inside the archive holding the cassettes (``<root>/tests/cassettes/``)."""
    licence: str
    max_download: int
    """Refuse a download larger than this (bytes): a hostile mirror cannot fill the disk."""


GITHUB3 = Release(
    project="github3-py",
    filename="github3.py-4.0.1.tar.gz",
    sha256="30d571076753efc389edc7f9aaef338a4fcb24b54d8968d5f39b1342f45ddd36",
    cassette_folder="github3.py-4.0.1/tests/cassettes/",
    licence="github3.py-4.0.1/LICENSE",
    max_download=64 * 1024 * 1024,
)
DEFAULT_INDEX = "https://pypi.org/simple/"
MAX_MEMBER = 64 * 1024 * 1024
"""The largest cassette (a whole-repository patch) is 42 MB."""
MAX_EXTRACTED = 160 * 1024 * 1024
MAX_INDEX_PAGE = 4 * 1024 * 1024
_PLAIN_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*\.json")
_COMPLETE = "complete"
_SIMPLE_JSON = "application/vnd.pypi.simple.v1+json"


class CorpusUnavailable(Exception):
    """The package index could not be reached (no network): tests may skip."""


class CorpusIntegrityError(Exception):
    """The index answered with something that is not the pinned release: never skip this."""


def cache_root() -> Path:
    """Where downloaded corpora are kept (outside the repository's tracked files)."""
    explicit = os.environ.get("TYPELINK_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "typelink"


def index_url() -> str:
    """The index pip would use: ``PIP_INDEX_URL`` when set, else pypi.org."""
    return os.environ.get("PIP_INDEX_URL") or DEFAULT_INDEX


def github3_cassettes(
    cache: Path | None = None,
    index: str | None = None,
    release: Release = GITHUB3,
    timeout: float = 60.0,
) -> Path:
    """The folder of github3.py's betamax cassettes, downloading the sdist on first use."""
    target = (cache or cache_root()) / release.filename.removesuffix(".tar.gz")
    cassettes = target / "cassettes"
    if _is_complete(target, release):
        return cassettes
    target.mkdir(parents=True, exist_ok=True)
    clean, credential = _without_user_info(index or index_url())
    url = _file_url(clean, release, timeout, credential)
    archive = _download(url, release, timeout, credential)
    staging = Path(tempfile.mkdtemp(prefix="extract-", dir=target))
    try:
        _extract(archive, release, staging)
        if _is_complete(target, release):  # another process finished first
            return cassettes
        if cassettes.exists():  # an interrupted earlier run: replace what it left
            shutil.rmtree(cassettes)
        os.replace(staging / "cassettes", cassettes)
        os.replace(staging / "LICENSE", target / "LICENSE")
        (target / _COMPLETE).write_text(release.sha256 + "\n", encoding="ascii")
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return cassettes


def _is_complete(target: Path, release: Release) -> bool:
    marker = target / _COMPLETE
    try:
        return marker.read_text(encoding="ascii").strip() == release.sha256
    except OSError:
        return False


class _Anchors(HTMLParser):
    """``href`` of every ``<a>`` in a PEP 503 HTML page, by link text."""

    def __init__(self) -> None:
        super().__init__()
        self.links: dict[str, str] = {}
        self._href: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href = dict(attrs).get("href")

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self.links[data.strip()] = self._href
            self._href = None


@dataclass(frozen=True)
class _Credential:
    """Basic credentials from the index URL's user info, for that origin only."""

    origin: tuple[str, str, int | None]
    authorization: str


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, (parts.hostname or "").lower(), parts.port


def _without_user_info(index: str) -> tuple[str, _Credential | None]:
    """``https://user:token@mirror/simple`` -> the URL without them, and the credential."""
    parts = urlsplit(index)
    if parts.username is None:
        return index, None
    pair = f"{unquote(parts.username)}:{unquote(parts.password or '')}".encode()
    netloc = parts.netloc.rsplit("@", 1)[1]
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return clean, _Credential(_origin(clean), "Basic " + base64.b64encode(pair).decode())


def _open(
    url: str, timeout: float, accept: str, limit: int, credential: _Credential | None
) -> tuple[bytes, str]:
    """The body (at most ``limit`` bytes) and content type at ``url``."""
    shown = redact_url(url)
    if urlsplit(url).scheme not in ("https", "http"):
        raise CorpusIntegrityError(f"refusing to fetch {shown!r}: not an http(s) URL")
    request = urllib.request.Request(url, headers={"Accept": accept})
    if credential is not None and _origin(url) == credential.origin:
        # unredirected: urllib would copy a normal header to wherever a redirect leads
        request.add_unredirected_header("Authorization", credential.authorization)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            data = response.read(limit + 1)
            content_type = str(response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        raise CorpusIntegrityError(f"{shown}: the index answered {exc.code} {exc.reason}") from None
    except (urllib.error.URLError, OSError) as exc:
        raise CorpusUnavailable(f"cannot reach the package index at {shown}: {exc}") from None
    if len(data) > limit:
        raise CorpusIntegrityError(f"{shown}: the answer is larger than {limit} bytes")
    return bytes(data), content_type


def _file_url(index: str, release: Release, timeout: float, credential: _Credential | None) -> str:
    """The sdist's URL, read from the index's project page (JSON, or HTML from a mirror)."""
    page = urljoin(index.rstrip("/") + "/", release.project + "/")
    accept = f"{_SIMPLE_JSON}, text/html;q=0.1"
    body, content_type = _open(page, timeout, accept, MAX_INDEX_PAGE, credential)
    links: dict[str, str] = {}
    if content_type.split(";")[0].strip() == _SIMPLE_JSON:
        for entry in json.loads(body).get("files", []):
            links[str(entry.get("filename"))] = str(entry.get("url"))
    else:
        parser = _Anchors()
        parser.feed(body.decode("utf-8", "replace"))
        links = parser.links
    if release.filename not in links:
        raise CorpusIntegrityError(f"{redact_url(page)} does not list {release.filename}")
    return urljoin(page, links[release.filename])


def _download(url: str, release: Release, timeout: float, credential: _Credential | None) -> bytes:
    accept = "application/octet-stream, */*"
    data, _ = _open(url, timeout, accept, release.max_download, credential)
    digest = hashlib.sha256(data).hexdigest()
    if digest != release.sha256:
        raise CorpusIntegrityError(
            f"{release.filename} from {redact_url(url)} has SHA-256 {digest}, expected {release.sha256}"
        )
    return data


def _members(archive: tarfile.TarFile, release: Release) -> Iterator[tuple[str, tarfile.TarInfo]]:
    """``(name, member)`` for the cassettes and the licence; everything else is ignored."""
    for member in archive:
        if member.name == release.licence and member.isfile():
            yield "LICENSE", member
            continue
        if not member.name.startswith(release.cassette_folder):
            continue
        name = member.name[len(release.cassette_folder) :]
        if member.isfile() and _PLAIN_NAME.fullmatch(name) and ".." not in name:
            yield name, member


def _extract(data: bytes, release: Release, staging: Path) -> None:
    folder = staging / "cassettes"
    folder.mkdir()
    found = total = 0
    try:
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
            for name, member in _members(archive, release):
                total += member.size
                if member.size > MAX_MEMBER or total > MAX_EXTRACTED:
                    raise CorpusIntegrityError(f"{member.name}: the archive unpacks too large")
                source = archive.extractfile(member)
                if source is None:
                    continue
                destination = staging / name if name == "LICENSE" else folder / name
                destination.write_bytes(source.read())
                found += name != "LICENSE"
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise CorpusIntegrityError(f"{release.filename} is not a readable archive: {exc}") from None
    if not found or not (staging / "LICENSE").is_file():
        raise CorpusIntegrityError(
            f"{release.filename} holds no cassettes under {release.cassette_folder}"
        )


def main() -> int:
    """Fetch the corpus (``make test`` runs this first); print where it is."""
    try:
        folder = github3_cassettes()
    except (CorpusUnavailable, CorpusIntegrityError) as exc:
        print(f"github3.py corpus: {exc}", file=sys.stderr)
        return 1
    count = sum(1 for _ in folder.glob("*.json"))
    print(f"github3.py corpus: {count} cassettes in {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
