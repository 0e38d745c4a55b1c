"""Replay speed: typelink's indexed cassette against stock vcrpy matching.

Records 1,000 and 5,000 interactions (about 2 KB of JSON each) from a local server through
typelink's recorder, then replays each cassette three ways in the same run:

* load only: reading and parsing the cassette file with vcrpy's serializer (the floor),
* typelink: the plugin's cassette (indexed matching, network blocked),
* vcrpy: stock ``vcr.VCR().use_cassette`` with the same match fields.

Every request is a call of a typelink consumer method (``api.items.fetch(n)``), parsed
into a pydantic model. A fourth column answers the same calls from memory through a
transport adapter, without vcrpy: the client's own cost, for reference.
Stock vcrpy at 5,000 interactions takes minutes; ``--quick`` stops at 1,000.

    python benchmarks/cassette_replay.py [--quick] [--sizes 1000 5000]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import requests
import vcr
from vcr.cassette import Cassette
from vcr.serializers import yamlserializer

from typelink import Client, Consumer, Model, Query, get
from typelink.testing.session import CassetteOptions, CassetteSession


class Owner(Model):
    login: str
    id: int


class Item(Model):
    id: int
    name: str
    tags: list[str]
    description: str
    owner: Owner


class Items(Consumer):
    @get("items/{number}")
    def fetch(self, number: int, page: Query[int] = 1) -> Item:
        raise NotImplementedError


class Api(Client):
    base_url = "http://127.0.0.1:9/"
    items: Items


MATCH_ON = ("method", "scheme", "host", "port", "path", "query")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True

    def do_GET(self) -> None:
        number = int(self.path.rsplit("/", 1)[-1].split("?")[0])
        item = {
            "id": number,
            "name": f"item-{number}",
            "tags": [f"tag-{number % 7}", f"tag-{number % 11}"],
            "description": "x" * 1800,
            "owner": {"login": f"user{number % 13}", "id": number * 3},
        }
        body = json.dumps(item).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


def record(path: Path, count: int) -> None:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    try:
        with CassetteSession(path, CassetteOptions(record_mode="once")), Api(base_url=base) as api:
            for i in range(count):
                api.items.fetch(i)
    finally:
        server.shutdown()
        server.server_close()
    # Replays must reach the same URLs; remember them.
    path.with_suffix(".base").write_text(base)


def base_url(path: Path) -> str:
    return path.with_suffix(".base").read_text()


def time_load(path: Path) -> float:
    start = time.perf_counter()
    yamlserializer.deserialize(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def time_vcrpy_load(path: Path) -> float:
    """What stock vcrpy spends loading the cassette (parse, copy, filter), no requests."""
    start = time.perf_counter()
    Cassette.load(path=str(path), record_mode="none")
    return time.perf_counter() - start


def time_typelink(path: Path, count: int) -> float:
    base = base_url(path)
    start = time.perf_counter()
    with CassetteSession(path, CassetteOptions(record_mode="none", strict=True)) as session:
        with Api(base_url=base) as api:
            for i in range(count):
                api.items.fetch(i)
        session.check_all_played()
    return time.perf_counter() - start


class CannedAdapter(requests.adapters.BaseAdapter):
    """Answers every request from memory: the cost of requests itself, with no HTTP."""

    def __init__(self, body: bytes) -> None:
        super().__init__()
        self.body = body

    def send(self, request, **kwargs):  # type: ignore[no-untyped-def]
        response = requests.Response()
        response.status_code = 200
        response._content = self.body
        response._content_consumed = True  # read already, as requests marks a read body
        response.headers["Content-Type"] = "application/json"
        response.request = request
        response.url = request.url or ""
        return response

    def close(self) -> None:
        pass


def time_client_only(path: Path, count: int) -> float:
    base = base_url(path)
    body = json.dumps(
        {
            "id": 1,
            "name": "n",
            "tags": [],
            "description": "x" * 1800,
            "owner": {"login": "u", "id": 3},
        }
    ).encode()
    start = time.perf_counter()
    with requests.Session() as s:
        s.mount("http://", CannedAdapter(body))
        with Api(base_url=base, session=s) as api:
            for i in range(count):
                api.items.fetch(i)
    return time.perf_counter() - start


def time_vcrpy(path: Path, count: int) -> float:
    base = base_url(path)
    recorder = vcr.VCR(record_mode="none", match_on=MATCH_ON)
    start = time.perf_counter()
    with recorder.use_cassette(str(path)), Api(base_url=base) as api:
        for i in range(count):
            api.items.fetch(i)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only 1,000 interactions")
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    args = parser.parse_args(argv)
    sizes = args.sizes or ([1000] if args.quick else [1000, 5000])
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for count in sizes:
            path = Path(tmp) / f"replay_{count}.yaml"
            print(f"recording {count} interactions ...", file=sys.stderr, flush=True)
            record(path, count)
            size_mb = path.stat().st_size / 1e6
            load = min(time_load(path) for _ in range(3))
            vcr_load = min(time_vcrpy_load(path) for _ in range(3))
            ours = min(time_typelink(path, count) for _ in range(3))
            bare = min(time_client_only(path, count) for _ in range(3))
            print(f"stock vcrpy replay of {count} ...", file=sys.stderr, flush=True)
            stock = time_vcrpy(path, count)
            rows.append((count, size_mb, load, vcr_load, ours, stock, bare))
    header = (
        f"{'interactions':>12} {'MB':>5} {'parse s':>7} {'vcrpy load s':>12} "
        f"{'client s':>10} {'typelink s':>10} {'vcrpy s':>8} {'vcrpy/typelink':>14} "
        f"{'typelink/parse':>14} {'typelink/vcrpy load':>19} {'(typelink-client)/parse':>25}"
    )
    print(header)
    print("-" * len(header))
    for count, size_mb, load, vcr_load, ours, stock, bare in rows:
        print(
            f"{count:>12} {size_mb:>5.1f} {load:>7.2f} {vcr_load:>12.2f} {bare:>10.2f} "
            f"{ours:>10.2f} {stock:>8.2f} {stock / ours:>13.1f}x {ours / load:>13.2f}x "
            f"{ours / vcr_load:>18.2f}x {(ours - bare) / load:>24.2f}x"
        )
    print(
        "\nparse = read + parse the YAML file with vcrpy's serializer; vcrpy load = stock "
        "vcrpy's Cassette.load (parse, copy and filter every interaction); client = the same "
        "consumer calls answered from memory by a transport adapter (typelink + requests, no "
        "vcrpy); typelink and vcrpy = complete replays (load, match and play every call of "
        "the typelink consumer). Targets: vcrpy/typelink >= 20x at 5,000; "
        "typelink/load <= 2x (load read as parse, and as vcrpy load)."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
