"""Pagination throughput and memory: typelink ``Page[T]`` against hand-written requests loops.

A local server (stdlib, in its own process, keep-alive, Nagle off) serves 100,000 items over
1,000 pages linked with RFC 8288 ``Link: rel="next"`` headers. In the same run we time:

* ``requests loop (dicts)``: ``session.get`` + ``r.json()`` + ``r.links["next"]``;
* ``requests loop (typed)``: the same, validating each page with pydantic into ``Item``;
* ``typelink Page[dict]`` and ``typelink Page[Item]``: a declared endpoint, iterated.

Each variant runs ``--rounds`` times (interleaved); the best round counts, both for wall
time (items/s) and for the client process's CPU time (less sensitive to other load on the
machine, since the server runs in another process). The median of per-round ratios (the loop
and typelink run back to back, under the same load) is printed too. Then one more
typelink pass runs under tracemalloc to report peak memory growth (Python allocations), and
the RSS before/after is printed. Usage: ``python benchmarks/pagination.py [--pages 1000]``.
"""

from __future__ import annotations

import argparse
import http.server
import json
import multiprocessing
import os
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import pydantic
import requests

from typelink import Consumer, Model, Page, get


class Item(Model):
    id: int
    name: str
    score: float
    active: bool


class Catalog(Consumer):
    @get("items")
    def items(self) -> Page[Item]:
        raise NotImplementedError

    @get("items")
    def raw_items(self) -> Page[dict[str, Any]]:
        raise NotImplementedError


# -- server (child process) --------------------------------------------------------------------


def serve(pages: int, per_page: int, ready: Any) -> None:
    bodies = [
        json.dumps(
            [
                {"id": i, "name": f"item-{i}", "score": i / 7, "active": i % 2 == 0}
                for i in range(p * per_page, (p + 1) * per_page)
            ]
        ).encode()
        for p in range(pages)
    ]

    class Handler(http.server.BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def do_GET(self) -> None:
            _, _, query = self.path.partition("?")
            page = int(query.split("page=")[1]) if "page=" in query else 1
            body = bodies[page - 1]
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            if page < pages:
                host = self.headers["Host"]
                self.send_header("Link", f'<http://{host}/items?page={page + 1}>; rel="next"')
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            return None

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    ready.put(server.server_address[1])
    server.serve_forever()


# -- clients -----------------------------------------------------------------------------------


def loop_dicts(base: str) -> int:
    count = 0
    with requests.Session() as session:
        url: str | None = base + "items"
        while url:
            response = session.get(url, timeout=30)
            response.raise_for_status()
            for _item in response.json():
                count += 1
            url = response.links.get("next", {}).get("url")
    return count


_ITEMS = pydantic.TypeAdapter(list[Item])


def loop_typed(base: str) -> int:
    count = 0
    with requests.Session() as session:
        url: str | None = base + "items"
        while url:
            response = session.get(url, timeout=30)
            response.raise_for_status()
            for _item in _ITEMS.validate_json(response.content):
                count += 1
            url = response.links.get("next", {}).get("url")
    return count


def typelink_typed(base: str) -> int:
    count = 0
    with Catalog(base) as catalog:
        for _item in catalog.items():
            count += 1
    return count


def typelink_dicts(base: str) -> int:
    count = 0
    with Catalog(base) as catalog:
        for _item in catalog.raw_items():
            count += 1
    return count


def rss_mb() -> float:
    try:
        with open(f"/proc/{os.getpid()}/status") as status:
            for line in status:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--per-page", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="200 pages, 3 rounds")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    if args.quick:
        args.pages, args.rounds = min(args.pages, 200), min(args.rounds, 3)
    expected = args.pages * args.per_page

    ready: Any = multiprocessing.get_context("spawn").Queue()
    server = multiprocessing.get_context("spawn").Process(
        target=serve, args=(args.pages, args.per_page, ready), daemon=True
    )
    server.start()
    try:
        base = f"http://127.0.0.1:{ready.get(timeout=30)}/"
        variants: dict[str, Callable[[str], int]] = {
            "requests loop (dicts)": loop_dicts,
            "typelink Page[dict]": typelink_dicts,
            "requests loop (typed)": loop_typed,
            "typelink Page[Item]": typelink_typed,
        }
        for run in variants.values():  # warm up connections, imports, pydantic schemas
            run(base)
        best: dict[str, float] = dict.fromkeys(variants, float("inf"))
        best_cpu: dict[str, float] = dict.fromkeys(variants, float("inf"))
        rounds: dict[str, list[float]] = {name: [] for name in variants}
        for _ in range(args.rounds):
            for name, run in variants.items():
                started = time.perf_counter()
                cpu_started = time.process_time()
                count = run(base)
                cpu = time.process_time() - cpu_started
                elapsed = time.perf_counter() - started
                assert count == expected, (name, count)
                best[name] = min(best[name], elapsed)
                rounds[name].append(elapsed)
                best_cpu[name] = min(best_cpu[name], cpu)

        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(
            f"{expected:,} items over {args.pages:,} pages, best of {args.rounds} rounds "
            f"({os.cpu_count()} CPUs, load average {load})"
        )
        print(f"  {'variant':<24} {'items/s (wall)':>16} {'client CPU us/item':>20}")
        for name in variants:
            per_item = best_cpu[name] / expected * 1e6
            print(f"  {name:<24} {expected / best[name]:>16,.0f} {per_item:>20.2f}")
        figures: list[dict[str, Any]] = []
        for typelink_name, loop_name in (
            ("typelink Page[dict]", "requests loop (dicts)"),
            ("typelink Page[Item]", "requests loop (typed)"),
        ):
            wall = best[loop_name] / best[typelink_name]
            cpu = best_cpu[loop_name] / best_cpu[typelink_name]
            pairs = zip(rounds[loop_name], rounds[typelink_name], strict=True)
            paired = statistics.median(loop / ours for loop, ours in pairs)
            figures.append(
                {
                    "name": f"{typelink_name} vs {loop_name} (median of paired rounds)",
                    "value": expected / best[typelink_name],
                    "unit": "items/s",
                    "baseline": expected / best[loop_name],
                    "baseline_name": loop_name,
                    "ratio": paired,
                    "target": "",
                }
            )
            print(
                f"  {typelink_name} vs {loop_name}: {wall:.2f}x items/s (best rounds), "
                f"{paired:.2f}x (median of paired rounds), {cpu:.2f}x CPU per item (loop/ours)"
            )

        rss_before = rss_mb()
        tracemalloc.start()
        baseline, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        count = typelink_typed(base)
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        rss_after = rss_mb()
        assert count == expected
        print(
            f"  memory: tracemalloc peak growth {(peak - baseline) / 1e6:.2f} MB while iterating "
            f"{expected:,} items; RSS {rss_before:.1f} MB -> {rss_after:.1f} MB"
        )
        if args.json:
            figures.append(
                {
                    "name": f"peak memory growth iterating {expected:,} items (Page[Item])",
                    "value": (peak - baseline) / 1e6,
                    "unit": "MB",
                }
            )
            with open(args.json, "w") as fh:
                json.dump({"figures": figures}, fh, indent=2)
    finally:
        server.terminate()
        server.join(timeout=10)


if __name__ == "__main__":
    main()
