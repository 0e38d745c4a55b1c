"""aiohttp bodies are recorded as the bytes that went out, and replay by them.

A raw ``aiohttp.ClientSession`` sends a file, form fields and a ``json=`` value (aiohttp
turns each into bytes itself); an async typelink client reads a gzip answer. The recording
holds each request body exactly as the server received it, and replays with the server
never hit.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import aiohttp

from tests.testing.cassette_server import ApiServer
from typelink import AsyncConsumer, get
from typelink.testing.files import read_cassette
from typelink.testing.session import CassetteOptions, CassetteSession


class Compressed(AsyncConsumer):
    @get("gzip")
    async def fetch(self) -> dict[str, Any]:
        raise NotImplementedError


async def _send_all(url: str, upload: Path) -> list[Any]:
    answers: list[Any] = []
    async with aiohttp.ClientSession() as session:
        with upload.open("rb") as file:
            async with session.post(f"{url}/file", data=file) as answer:
                answers.append(await answer.json())
        async with session.post(f"{url}/form", data={"a": "1", "b": "two words"}) as answer:
            answers.append(await answer.json())
        async with session.post(f"{url}/json", json={"enabled": True}) as answer:
            answers.append(await answer.json())
    async with Compressed(base_url=url) as api:
        answers.append(await api.fetch())
    return answers


def test_bodies_are_recorded_as_sent_and_replayed(api_server: ApiServer, tmp_path: Path) -> None:
    upload = tmp_path / "upload.bin"
    upload.write_bytes(b"file-content-\x00\x01")
    path = tmp_path / "bodies.yaml"
    with CassetteSession(path, CassetteOptions(record_mode="once")):
        recorded = asyncio.run(_send_all(api_server.url, upload))

    stored = read_cassette(path).interactions
    bodies = [i["request"]["body"] for i in stored]
    received = [answer["body"] for answer in recorded[:3]]
    assert [b.decode() if isinstance(b, bytes) else b for b in bodies[:3]] == received
    assert received[1] == "a=1&b=two+words"
    assert json.loads(received[2]) == {"enabled": True}
    types = [
        next((v[0] for k, v in i["request"]["headers"].items() if k.lower() == "content-type"), "")
        for i in stored[:3]
    ]
    assert types[1:] == ["application/x-www-form-urlencoded", "application/json"]
    assert recorded[3]["compressed"] is True
    assert "Content-Encoding" not in stored[3]["response"]["headers"]  # stored decoded

    api_server.hits.clear()
    with CassetteSession(path, CassetteOptions(record_mode="none", strict=True)) as session:
        assert asyncio.run(_send_all(api_server.url, upload)) == recorded
        session.check_all_played()
    assert api_server.hits == []
