"""Which host each GitHub call goes to, and which hosts get the credential.

GitHub Enterprise Server puts uploads under ``/api/uploads``; github.com on its own host.
Downloads redirect to other hosts (``codeload.github.com`` for archives, object storage for
release assets) that must never see the token. Two local servers on different ports are two
origins, as api.github.com and codeload.github.com are.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

import pytest

from tests.fixtures.servers import Reply
from typelink.github import GitHub
from typelink.github._base import github_base_urls, uploads_url_for
from typelink.github.models import ReleaseAsset
from typelink.github.releases import ReleaseAssets

DATA = Path(__file__).parent / "data"
TOKEN = "ghp_hoststesttoken000000000000000000"


def exchanges(path: str) -> dict[str, dict[str, Any]]:
    document = json.loads((DATA / path).read_text())
    return {exchange["name"]: exchange for exchange in document["exchanges"]}


def body_of(exchange: dict[str, Any]) -> bytes:
    body = exchange["response"].get("body", {})
    if "base64" in body:
        return base64.b64decode(body["base64"])
    if "json" in body:
        return json.dumps(body["json"]).encode()
    return body.get("text", "").encode()


@pytest.mark.parametrize(
    ("api_url", "uploads"),
    [
        ("https://api.github.com", "https://uploads.github.com"),
        ("https://api.github.com/", "https://uploads.github.com"),
        ("https://ghe.example.com/api/v3", "https://ghe.example.com/api/uploads"),
        ("https://ghe.example.com/api/v3/", "https://ghe.example.com/api/uploads"),
        ("http://ghe.local:8080/api/v3", "http://ghe.local:8080/api/uploads"),
        ("https://api.acme.ghe.com", "https://uploads.acme.ghe.com"),
        ("http://127.0.0.1:8000", "http://127.0.0.1:8000"),
        ("https://proxy.example.com/github", "https://proxy.example.com/github"),
    ],
)
def test_uploads_url_for(api_url, uploads):
    assert uploads_url_for(api_url) == uploads


def test_the_uploads_url_follows_base_url_unless_given():
    assert GitHub().runtime.base_urls == {"uploads": "https://uploads.github.com/"}
    ghes = GitHub(base_url="https://HOST/api/v3")
    assert ghes.runtime.base_urls["uploads"] == "https://host/api/uploads/".replace("host", "HOST")
    explicit = GitHub(base_url="https://HOST/api/v3", uploads_url="https://files.HOST/up")
    assert explicit.runtime.base_urls["uploads"] == "https://files.HOST/up/"
    assert github_base_urls("https://a/api/v3", None, {"uploads": "https://u"}) == {
        "uploads": "https://u"
    }
    assert github_base_urls("https://a/api/v3", "https://x", {"uploads": "https://u"}) == {
        "uploads": "https://x"
    }
    alone = ReleaseAssets(base_url="https://HOST/api/v3")
    assert alone.runtime.base_urls["uploads"] == "https://HOST/api/uploads/"


def test_a_ghes_upload_goes_to_api_uploads_with_the_credential(api):
    upload = exchanges("extra/repos/upload-release-asset.json")["upload-zip"]
    data = base64.b64decode(upload["request"]["body"]["base64"])
    api.script = [Reply(status=201, body=body_of(upload))]
    with GitHub(TOKEN, base_url=api.url + "/api/v3") as gh:
        asset = gh.release_assets.upload(
            "octocat", "Hello-World", 1, data, "application/zip", "example.zip", label="Zip"
        )
    assert isinstance(asset, ReleaseAsset) and asset.name == "example.zip"
    seen = api.seen[0]
    assert seen.method == "POST"
    assert (
        seen.path
        == "/api/uploads/repos/octocat/Hello-World/releases/1/assets?name=example.zip&label=Zip"
    )
    assert seen.headers["Content-Type"] == "application/zip"
    assert seen.headers["Authorization"] == f"Bearer {TOKEN}"
    assert seen.headers["Accept"] == "application/vnd.github+json"
    assert seen.body == data


def test_an_upload_host_of_its_own_is_trusted(api, other):
    upload = exchanges("extra/repos/upload-release-asset.json")["upload-zip"]
    other.script = [Reply(status=201, body=body_of(upload))]
    with GitHub(TOKEN, base_url=api.url, uploads_url=other.url) as gh:
        gh.release_assets.uploads.upload(
            "octocat", "Hello-World", 1, b"PK\x03\x04", "application/zip", "example.zip"
        )
    assert api.seen == []
    assert other.seen[0].path == "/repos/octocat/Hello-World/releases/1/assets?name=example.zip"
    assert other.seen[0].headers["Authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(
    ("method", "path", "data"),
    [
        ("download_tarball", "tarball", "extra/repos/download-tarball-archive.json"),
        ("download_zipball", "zipball", "extra/repos/download-zipball-archive.json"),
    ],
)
def test_an_archive_redirect_to_codeload_gets_no_credential(api, other, method, path, data):
    names = list(exchanges(data))
    redirect, download = (exchanges(data)[name] for name in names)
    location = redirect["response"]["headers"]["Location"].replace(
        "https://codeload.github.com", other.url
    )
    api.script = [Reply(status=302, headers={"Location": location}, body=b"")]
    other.script = [Reply(body=body_of(download), headers=dict(download["response"]["headers"]))]
    with GitHub(TOKEN, base_url=api.url) as gh:
        archive = getattr(gh.contents, method)("octocat", "Hello-World", "main")
    assert archive == body_of(download)
    assert api.seen[0].path == f"/repos/octocat/Hello-World/{path}/main"
    assert api.seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
    assert len(other.seen) == 1
    assert "Authorization" not in other.seen[0].headers
    assert TOKEN not in json.dumps(other.seen[0].headers)


def test_a_release_asset_download_redirect_to_storage_gets_no_credential(api, other):
    flow = exchanges("extra/repos/get-release-asset.json")
    redirect, download = flow["download-redirect"], flow["download-from-storage"]
    location = redirect["response"]["headers"]["Location"].replace(
        "https://objects.githubusercontent.com", other.url
    )
    api.script = [Reply(status=302, headers={"Location": location}, body=b"")]
    other.script = [Reply(body=body_of(download), headers=dict(download["response"]["headers"]))]
    with GitHub(TOKEN, base_url=api.url) as gh:
        content = gh.release_assets.download("octocat", "Hello-World", 1)
    assert content == b"release asset bytes\n"
    assert api.seen[0].headers["Accept"] == "application/octet-stream"
    assert api.seen[0].headers["Authorization"] == f"Bearer {TOKEN}"
    stored = other.seen[0]
    assert stored.path.endswith("/example.zip?X-Amz-Expires=300")
    assert "Authorization" not in stored.headers
    assert stored.headers["Accept"] == "application/octet-stream"


def test_a_redirect_within_ghes_keeps_the_credential(api):
    """GHES serves archives from its own host: same origin, so the token still goes."""
    api.script = [
        Reply(
            status=302, headers={"Location": "/_codeload/octocat/Hello-World/tar/main"}, body=b""
        ),
        Reply(body=b"tar bytes", headers={"Content-Type": "application/x-gzip"}),
    ]
    with GitHub(TOKEN, base_url=api.url + "/api/v3") as gh:
        assert gh.contents.download_tarball("octocat", "Hello-World", "main") == b"tar bytes"
    assert [s.path for s in api.seen] == [
        "/api/v3/repos/octocat/Hello-World/tarball/main",
        "/_codeload/octocat/Hello-World/tar/main",
    ]
    assert all(s.headers["Authorization"] == f"Bearer {TOKEN}" for s in api.seen)
