"""GitHub's OpenAPI description (``@octokit/openapi``), fetched once from the npm registry.

The same package ``make github-models`` generates ``typelink/github/models`` from, fetched
the same way (``npm pack``, the ordinary client, so the user's registry settings apply),
checked against the pinned integrity below, and only ``generated/api.github.com.json``
taken out of it into ``$TYPELINK_CACHE_DIR`` (default ``~/.cache/typelink``). Never
committed; a second call finds the cache and fetches nothing.

``python -m tests.interop.openapi_clients.octokit`` fetches it (``make test`` does, before
pytest). Without npm or a registry the tests that need it skip, unless
``TYPELINK_REQUIRE_GITHUB_DESCRIPTION`` is set.
"""

from __future__ import annotations

import base64
import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

VERSION = "23.0.2"
INTEGRITY = "sha512-pV8M7L9GY23AybNvTmo2nyjmpmnt6+2sRE/tqr0ZLQcPS4lnw7u5eZGNmwRNkBC3D7gZXbFx5AHzLUVRBXGDhg=="
"""``dist.integrity`` of @octokit/openapi 23.0.2 on the npm registry."""
MEMBER = "package/generated/api.github.com.json"
MAX_MEMBER = 64 * 1024 * 1024
SOURCE_NAME = f"@octokit/openapi {VERSION} generated/api.github.com.json"


class DescriptionUnavailable(Exception):
    """npm or the registry cannot be reached: tests may skip."""


def cache_file() -> Path:
    """Where the description is kept."""
    root = os.environ.get("TYPELINK_CACHE_DIR")
    base = Path(root) if root else Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
    folder = base if root else base / "typelink"
    return folder / f"octokit-openapi-{VERSION}" / "api.github.com.json"


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def github_description() -> Path:
    """The cached description, fetched first if needed."""
    target = cache_file()
    if target.is_file():
        return target
    npm = shutil.which("npm")
    if npm is None:
        raise DescriptionUnavailable("npm is not installed")
    with tempfile.TemporaryDirectory() as tmp:
        try:
            subprocess.run(
                [npm, "pack", "--silent", f"@octokit/openapi@{VERSION}"],
                cwd=tmp,
                check=True,
                capture_output=True,
                timeout=600,
            )
        except (OSError, subprocess.SubprocessError) as exc:
            message = f"npm pack @octokit/openapi@{VERSION} failed: {exc}"
            raise DescriptionUnavailable(message) from None
        tarball = Path(tmp) / f"octokit-openapi-{VERSION}.tgz"
        data = tarball.read_bytes()
        if _integrity(data) != INTEGRITY:
            raise RuntimeError(f"{tarball.name} is not the pinned @octokit/openapi {VERSION}")
        _extract(tarball, target)
    return target


def _extract(tarball: Path, target: Path) -> None:
    """Only the one member, only as a regular file of bounded size (never extractall)."""
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.getmember(MEMBER)
        if not member.isfile() or member.size > MAX_MEMBER:
            raise RuntimeError(f"{MEMBER} in {tarball.name} is not a plain file of sane size")
        source = archive.extractfile(member)
        assert source is not None
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_suffix(".partial")
        with source, partial.open("wb") as out:
            shutil.copyfileobj(source, out)
        partial.replace(target)


def main() -> int:
    """Fetch the description into the cache (``make test`` runs this first)."""
    try:
        print(f"GitHub's OpenAPI description: {github_description()}")
    except DescriptionUnavailable as exc:
        print(f"GitHub's OpenAPI description unavailable: {exc}", file=sys.stderr)
        return 0 if not os.environ.get("TYPELINK_REQUIRE_GITHUB_DESCRIPTION") else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
