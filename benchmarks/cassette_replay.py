"""Replay speed: typelink's cassette replay against reading the file, and against stock vcrpy.

Records 1,000 and 5,000 interactions (about 2 KB of JSON each) from a local server through
typelink's recorder, then measures in interleaved rounds (the order rotates every round):

* parse: reading the file and parsing it with vcrpy's YAML serializer (the floor);
* typelink: a complete replay through the plugin's cassette (strict, network blocked);
* client: the same calls answered from memory by a transport adapter, without vcrpy
  (typelink's and requests' own cost, for reference);
* stock vcrpy: ``vcr.VCR().use_cassette`` with the same match fields.

Every request is a call of a typelink consumer method (``api.items.fetch(n)``), parsed into
a pydantic model. Times are this process's CPU time (no server runs while replaying, so it
is the work itself, and steadier than wall time on a shared machine; wall ratios are printed
too). Each ratio is computed within its round; the report gives the median and min-max over
the rounds and the load average before and after.

Stock vcrpy compares each request with every recorded one until the first match, so a full
replay is quadratic: about 15-20 s of CPU at 1,000 interactions and 10+ minutes at 5,000.
Each round therefore times vcrpy's complete load (entering the cassette) and a sample of
requests at evenly spaced positions (a different offset each round), and extrapolates:
load + sampled time x interactions / sample. A request's cost depends on its position, not
on which requests were played before it, so the sample estimates the whole replay; the
output says so. vcrpy's complete replay is also run once at sizes up to ``--full-vcrpy``
(1,000 by default) and printed next to the extrapolation, which checks it in the same run.

Targets (issue 17): typelink <= 2x parse at 1,000 and 5,000; >= 20x faster than stock
vcrpy at 5,000.

    python benchmarks/cassette_replay.py [--quick] [--sizes 1000 5000] [--rounds R]
        [--full-vcrpy N] [--json FILE]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import requests
import vcr
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


Times = tuple[float, float]
"""(wall seconds, CPU seconds of this process)."""


def timed(fn: Callable[[], object]) -> Times:
    """Wall and CPU time of ``fn()``, after a collection (every contender starts clean)."""
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - wall, time.process_time() - cpu


def parse_only(path: Path) -> None:
    """The floor: read the file and parse it with vcrpy's own serializer."""
    yamlserializer.deserialize(path.read_text(encoding="utf-8"))


def replay_typelink(path: Path, count: int) -> None:
    base = base_url(path)
    with CassetteSession(path, CassetteOptions(record_mode="none", strict=True)) as session:
        with Api(base_url=base) as api:
            for i in range(count):
                api.items.fetch(i)
        session.check_all_played()


def replay_vcrpy(path: Path, count: int) -> None:
    """Stock vcrpy, every request: O(n^2) matching, minutes at 5,000 interactions."""
    base = base_url(path)
    recorder = vcr.VCR(record_mode="none", match_on=MATCH_ON)
    with recorder.use_cassette(str(path)), Api(base_url=base) as api:
        for i in range(count):
            api.items.fetch(i)


def sample_positions(count: int, sample: int, phase: float) -> list[int]:
    """``sample`` evenly spaced request numbers, shifted by ``phase`` (0 <= phase < 1)."""
    return sorted({int((j + phase) * count / sample) for j in range(sample)})


def sample_vcrpy(path: Path, count: int, positions: list[int]) -> tuple[Times, Times]:
    """Stock vcrpy's load (entering the cassette) and the summed time of ``positions``.

    Stock vcrpy scans the recorded interactions in order until the first match, so a
    request's cost grows with its position and does not depend on which requests were
    played before it; evenly spaced positions therefore estimate the whole replay:
    load + (sampled time) x count / len(positions).
    """
    base = base_url(path)
    recorder = vcr.VCR(record_mode="none", match_on=MATCH_ON)
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    context = recorder.use_cassette(str(path))
    context.__enter__()
    load = (time.perf_counter() - wall, time.process_time() - cpu)
    spent_wall = spent_cpu = 0.0
    try:
        with Api(base_url=base) as api:
            for i in positions:
                wall, cpu = time.perf_counter(), time.process_time()
                api.items.fetch(i)
                spent_wall += time.perf_counter() - wall
                spent_cpu += time.process_time() - cpu
    finally:
        wall, cpu = time.perf_counter(), time.process_time()
        context.__exit__(None, None, None)
        load = (load[0] + time.perf_counter() - wall, load[1] + time.process_time() - cpu)
    return load, (spent_wall, spent_cpu)


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


def client_only(path: Path, count: int) -> None:
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
    with requests.Session() as s:
        s.mount("http://", CannedAdapter(body))
        with Api(base_url=base, session=s) as api:
            for i in range(count):
                api.items.fetch(i)


@dataclass
class Size:
    """One cassette size: its file and every round's times (wall, CPU)."""

    count: int
    path: Path
    sample: int
    full_vcrpy: bool
    parse: list[Times] = field(default_factory=list)
    typelink: list[Times] = field(default_factory=list)
    client: list[Times] = field(default_factory=list)
    vcrpy_load: list[Times] = field(default_factory=list)
    vcrpy: list[Times] = field(default_factory=list)
    """Stock vcrpy's whole replay per round, extrapolated from the sample."""
    vcrpy_full: Times | None = None
    """One complete stock vcrpy replay (when it was run)."""

    def round(self, number: int, rounds: int) -> None:
        """One round: every contender once, in an order that rotates with the round."""
        steps: list[Callable[[], None]] = [
            lambda: self.parse.append(timed(lambda: parse_only(self.path))),
            lambda: self.typelink.append(timed(lambda: replay_typelink(self.path, self.count))),
            lambda: self.client.append(timed(lambda: client_only(self.path, self.count))),
            self._vcrpy_sample_round(number, rounds),
        ]
        for step in steps[number % len(steps) :] + steps[: number % len(steps)]:
            step()

    def _vcrpy_sample_round(self, number: int, rounds: int) -> Callable[[], None]:
        def run() -> None:
            positions = sample_positions(self.count, self.sample, (number + 0.5) / rounds)
            load, spent = sample_vcrpy(self.path, self.count, positions)
            scale = self.count / len(positions)
            self.vcrpy_load.append(load)
            self.vcrpy.append((load[0] + spent[0] * scale, load[1] + spent[1] * scale))

        return run


def _cpu(times: list[Times]) -> list[float]:
    return [t[1] for t in times]


def _wall(times: list[Times]) -> list[float]:
    return [t[0] for t in times]


def per_round(a: list[float], b: list[float]) -> list[float]:
    """a / b, round by round."""
    return [x / y for x, y in zip(a, b, strict=True)]


def span(values: list[float]) -> str:
    return f"{statistics.median(values):.2f}x ({min(values):.2f}-{max(values):.2f})"


def loadavg() -> str:
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def report(sizes: list[Size], rounds: int, load_before: str, load_after: str) -> str:
    header = (
        f"{'interactions':>12} {'MB':>5} {'parse s':>7} {'vcrpy load s':>12} "
        f"{'client s':>10} {'typelink s':>10} {'vcrpy s':>8} {'vcrpy/typelink':>14} "
        f"{'typelink/parse':>14} {'typelink/vcrpy load':>19} {'(typelink-client)/parse':>25}"
    )
    lines = [
        f"cassette replay: {rounds} interleaved rounds; {os.cpu_count()} CPUs, load average "
        f"{load_before} before, {load_after} after",
        "seconds are the median CPU time of this process over the rounds (no server runs "
        "during a replay, so CPU time is the work and the steadier figure on a shared machine)",
        "",
        header,
        "-" * len(header),
    ]
    for s in sizes:
        med = {k: statistics.median(_cpu(getattr(s, k))) for k in TIMED}
        lines.append(
            f"{s.count:>12} {s.path.stat().st_size / 1e6:>5.1f} {med['parse']:>7.2f} "
            f"{med['vcrpy_load']:>12.2f} {med['client']:>10.2f} {med['typelink']:>10.2f} "
            f"{med['vcrpy']:>8.2f} {med['vcrpy'] / med['typelink']:>13.1f}x "
            f"{med['typelink'] / med['parse']:>13.2f}x "
            f"{med['typelink'] / med['vcrpy_load']:>18.2f}x "
            f"{(med['typelink'] - med['client']) / med['parse']:>24.2f}x"
        )
    lines += ["", "ratios, median (min-max) over the rounds, each computed within its round:"]
    for s in sizes:
        for clock, pick in (("CPU", _cpu), ("wall", _wall)):
            lines.append(
                f"{s.count:>6,} interactions, {clock:>4}: typelink/parse "
                f"{span(per_round(pick(s.typelink), pick(s.parse)))}   vcrpy/typelink "
                f"{span(per_round(pick(s.vcrpy), pick(s.typelink)))}"
            )
    lines += ["", "stock vcrpy:"]
    for s in sizes:
        lines.append(
            f"{s.count:>6,} interactions: extrapolated each round from {s.sample} evenly "
            "spaced requests (a different offset each round) plus its complete load"
        )
        if s.vcrpy_full is not None:
            estimate = statistics.median(_cpu(s.vcrpy))
            full = s.vcrpy_full[1]
            lines.append(
                f"{'':>6}  complete replay, run once: {full:.2f} s CPU ({s.vcrpy_full[0]:.2f} s "
                f"wall); the rounds' extrapolation is {estimate / full:.2f}x of it; "
                f"vcrpy/typelink from it: {full / statistics.median(_cpu(s.typelink)):.1f}x"
            )
    lines += [
        "",
        "parse = read + parse the YAML file with vcrpy's serializer; vcrpy load = stock vcrpy "
        "entering the cassette (parse, copy and filter every interaction); client = the same "
        "consumer calls answered from memory by a transport adapter (typelink + requests, no "
        "vcrpy); typelink = complete replay (load, match and play every call of the typelink "
        "consumer, strict). Targets: typelink/parse <= 2x at 1,000 and 5,000; "
        "vcrpy/typelink >= 20x at 5,000.",
    ]
    return "\n".join(lines)


TIMED = ("parse", "vcrpy_load", "client", "typelink", "vcrpy")


def figures(sizes: list[Size]) -> dict[str, Any]:
    """``--json`` content: run_all's figure convention, plus rows for its plot."""
    figs: list[dict[str, Any]] = []
    rows = []
    for s in sizes:
        med = {k: statistics.median(_cpu(getattr(s, k))) for k in TIMED}
        rows.append(
            {
                "interactions": s.count,
                "load_s": med["parse"],
                "typelink_s": med["typelink"],
                "vcrpy_s": s.vcrpy_full[1] if s.vcrpy_full else med["vcrpy"],
            }
        )
        parse_ratios = per_round(_cpu(s.typelink), _cpu(s.parse))
        figs.append(
            {
                "name": f"replay {s.count:,} interactions: typelink vs reading + parsing the "
                f"file (CPU, median of {len(parse_ratios)} rounds, min-max "
                f"{min(parse_ratios):.2f}-{max(parse_ratios):.2f})",
                "value": med["typelink"],
                "unit": "s",
                "baseline": med["parse"],
                "baseline_name": "YAML read + parse",
                "ratio": statistics.median(parse_ratios),
                "target": "<= 2",
            }
        )
        speedups = per_round(_cpu(s.vcrpy), _cpu(s.typelink))
        how = (
            f"vcrpy extrapolated from {s.sample} sampled requests per round, min-max "
            f"{min(speedups):.1f}-{max(speedups):.1f}"
        )
        figs.append(
            {
                "name": f"replay {s.count:,} interactions: stock vcrpy / typelink (speedup, "
                f"CPU; {how})",
                "value": med["typelink"],
                "unit": "s",
                "baseline": med["vcrpy"],
                "baseline_name": "stock vcrpy, extrapolated",
                "ratio": statistics.median(speedups),
                "target": ">= 20" if s.count >= 5000 else "",
            }
        )
        if s.vcrpy_full is not None:
            figs.append(
                {
                    "name": f"replay {s.count:,} interactions: stock vcrpy / typelink "
                    "(speedup, CPU; vcrpy's complete replay, run once)",
                    "value": med["typelink"],
                    "unit": "s",
                    "baseline": s.vcrpy_full[1],
                    "baseline_name": "stock vcrpy, complete",
                    "ratio": s.vcrpy_full[1] / med["typelink"],
                    "target": ">= 20" if s.count >= 5000 else "",
                }
            )
    return {"figures": figs, "rows": rows}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="only 1,000 interactions")
    parser.add_argument("--sizes", type=int, nargs="+", default=None)
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (5)")
    parser.add_argument(
        "--full-vcrpy",
        type=int,
        default=1000,
        metavar="N",
        help="also run stock vcrpy's complete replay once at sizes up to N (default 1000)",
    )
    parser.add_argument("--json", help="write the figures here (benchmarks/run_all.py)")
    args = parser.parse_args(argv)
    counts = args.sizes or ([1000] if args.quick else [1000, 5000])
    rounds = args.rounds or (3 if args.quick else 5)
    load_before = loadavg()
    with tempfile.TemporaryDirectory() as tmp:
        sizes = []
        for count in counts:
            path = Path(tmp) / f"replay_{count}.yaml"
            print(f"recording {count} interactions ...", file=sys.stderr, flush=True)
            record(path, count)
            sample = max(20, min(count, 250_000 // count))  # ~5 s of stock vcrpy a round
            sizes.append(Size(count, path, sample, full_vcrpy=count <= args.full_vcrpy))
        for number in range(rounds):
            for size in sizes:
                print(f"round {number + 1}/{rounds}: {size.count}", file=sys.stderr, flush=True)
                size.round(number, rounds)
        for size in sizes:
            if size.full_vcrpy:
                print(f"stock vcrpy, complete, {size.count} ...", file=sys.stderr, flush=True)
                size.vcrpy_full = timed(lambda s=size: replay_vcrpy(s.path, s.count))
        print(report(sizes, rounds, load_before, loadavg()))
    if args.json:
        Path(args.json).write_text(json.dumps(figures(sizes), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
