"""Async per-call overhead: typelink's AsyncClient vs raw aiohttp vs uplink's AiohttpClient.

All contenders call one local keep-alive server (aiohttp.web, in its own process, so its
work stays off the client's CPU) and run in the same process, interleaved in rounds:

* ``raw aiohttp + model_validate_json``: ``session.get`` then ``Item.model_validate_json``;
* ``typelink AsyncClient``: a declared ``async def`` endpoint returning ``Item``;
* ``uplink AiohttpClient + pydantic``: uplink's own async client and pydantic converter
  (which runs each sync converter in a new thread and event loop).

1,000 calls at concurrency 50 (small JSON into a model). Figures: calls/s (median of the
rounds) and client CPU per call; threads started per call (``threading.Thread.start`` is
counted); memory over 100,000 typelink calls (tracemalloc: the traced size after a warm-up
and at the end); ``AsyncPage`` over 100,000 items on 1,000 pages against a hand-written
aiohttp loop. Targets (ratios in one run): typelink >= 0.65x raw aiohttp and >= 4x uplink;
AsyncPage >= 0.9x the hand-written loop.
Run: ``.venv/bin/python benchmarks/async_overhead.py [--quick] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing as mp
import statistics
import sys
import threading
import time
import tracemalloc
import warnings
from collections.abc import Awaitable, Callable
from typing import Any

import aiohttp
import pydantic
import uplink
from uplink.clients.aiohttp_ import AiohttpClient

sys.path.insert(0, __file__.rsplit("/", 2)[0])

from benchmarks._server import SMALL
from typelink import AsyncClient, AsyncConsumer, AsyncPage, Model, get

CONCURRENCY = 50
PER_PAGE = 100


class Owner(Model):
    login: str
    id: int


class Item(Model):
    id: int
    name: str
    active: bool
    score: float
    tags: list[str]
    owner: Owner


class Row(Model):
    id: int
    name: str


class Items(AsyncConsumer):
    @get("items/{item_id}")
    async def fetch(self, item_id: int) -> Item:
        raise NotImplementedError

    @get("rows")
    async def rows(self) -> AsyncPage[Row]:
        raise NotImplementedError


class Api(AsyncClient):
    items: Items


class UplinkItems(uplink.Consumer):  # type: ignore[misc]
    @uplink.returns.json(Item)  # the model, given here: uplink cannot read string annotations
    @uplink.get("items/{item_id}")
    def fetch(self, item_id: Any) -> Any:
        """uplink converts the response with its pydantic converter."""


# -- the server (child process) -----------------------------------------------------------


def _serve(port_queue: Any, pages: int) -> None:
    from aiohttp import web

    bodies = [
        json.dumps(
            [{"id": i, "name": f"row-{i}"} for i in range(p * PER_PAGE, (p + 1) * PER_PAGE)]
        ).encode()
        for p in range(pages)
    ]

    async def item(request: web.Request) -> web.Response:
        return web.Response(body=SMALL, content_type="application/json")

    async def rows(request: web.Request) -> web.Response:
        page = int(request.query.get("page", "1"))
        headers = {}
        if page < pages:
            headers["Link"] = f'<http://{request.host}/rows?page={page + 1}>; rel="next"'
        return web.Response(body=bodies[page - 1], content_type="application/json", headers=headers)

    async def main() -> None:
        app = web.Application()
        app.router.add_get("/items/{item_id}", item)
        app.router.add_get("/rows", rows)
        runner = web.AppRunner(app, access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0, backlog=512)
        await site.start()
        port_queue.put(runner.addresses[0][1])
        await asyncio.Event().wait()

    asyncio.run(main())


class Server:
    def __init__(self, pages: int) -> None:
        queue: Any = mp.Queue()
        self.process = mp.Process(target=_serve, args=(queue, pages), daemon=True)
        self.process.start()
        self.url = f"http://127.0.0.1:{int(queue.get(timeout=20))}"

    def stop(self) -> None:
        self.process.terminate()
        self.process.join(5)


# -- measuring ---------------------------------------------------------------------------------

Call = Callable[[], Awaitable[object]]


class ThreadCounter:
    """Counts ``threading.Thread.start`` calls while installed."""

    def __init__(self) -> None:
        self.started = 0
        self._original = threading.Thread.start

    def __enter__(self) -> ThreadCounter:
        counter, original = self, self._original

        def start(thread: threading.Thread) -> None:
            counter.started += 1
            original(thread)

        threading.Thread.start = start  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc_info: object) -> None:
        threading.Thread.start = self._original  # type: ignore[method-assign]


async def concurrently(call: Call, calls: int) -> tuple[float, float, int]:
    """``calls`` calls on CONCURRENCY workers: (calls/s, client CPU µs per call, threads)."""
    per_worker, extra = divmod(calls, CONCURRENCY)

    async def worker(count: int) -> None:
        for _ in range(count):
            await call()

    gc.collect()
    with ThreadCounter() as threads:
        cpu, wall = time.process_time(), time.perf_counter()
        await asyncio.gather(*(worker(per_worker + (i < extra)) for i in range(CONCURRENCY)))
        wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return calls / wall, cpu / calls * 1e6, threads.started


async def compare_calls(base: str, calls: int, rounds: int) -> dict[str, Any]:
    url = f"{base}/items/1"
    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=100))
    api = Api(base)
    uplink_session = aiohttp.ClientSession()
    plain = UplinkItems(
        base_url=base + "/",
        client=AiohttpClient(session=uplink_session),
        converter=uplink.converters.PydanticConverter(),
    )

    async def raw() -> object:
        async with session.get(url) as response:
            return Item.model_validate_json(await response.read())

    async def typed() -> object:
        return await api.items.fetch(1)

    async def uplinked() -> object:
        return await plain.fetch(1)

    contenders: dict[str, Call] = {
        "raw aiohttp + model_validate_json": raw,
        "typelink AsyncClient": typed,
        "uplink AiohttpClient + pydantic": uplinked,
    }
    for call in contenders.values():  # warm up pools, caches and the converter
        await concurrently(call, 200)
    results: dict[str, list[tuple[float, float, int]]] = {name: [] for name in contenders}
    for _ in range(rounds):
        for name, call in contenders.items():
            results[name].append(await concurrently(call, calls))
    await session.close()
    await uplink_session.close()
    await api.aclose()
    return {
        name: {
            "calls_per_second": statistics.median(r[0] for r in runs),
            "cpu_us_per_call": statistics.median(r[1] for r in runs),
            "threads_per_call": max(r[2] for r in runs) / calls,
        }
        for name, runs in results.items()
    }


async def memory_over(base: str, calls: int) -> dict[str, float]:
    """Traced Python memory after a warm-up and after ``calls`` more typelink calls."""
    async with Api(base) as api:

        async def typed() -> object:
            return await api.items.fetch(1)

        await concurrently(typed, 2_000)
        gc.collect()
        tracemalloc.start()
        await concurrently(typed, 5_000)
        gc.collect()
        after_warmup = tracemalloc.get_traced_memory()[0]
        await concurrently(typed, calls)
        gc.collect()
        at_end, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    return {
        "calls": calls,
        "after_warmup_kb": after_warmup / 1024,
        "at_end_kb": at_end / 1024,
        "growth_kb": (at_end - after_warmup) / 1024,
        "peak_kb": peak / 1024,
    }


_ROWS = pydantic.TypeAdapter(list[Row])


async def compare_pages(base: str, rounds: int) -> dict[str, float]:
    async def loop() -> int:
        count = 0
        async with aiohttp.ClientSession() as session:
            url: Any = f"{base}/rows"
            while url:
                async with session.get(url) as response:
                    for _row in _ROWS.validate_json(await response.read()):
                        count += 1
                    url = response.links.get("next", {}).get("url")
        return count

    async def typed() -> int:
        count = 0
        async with Api(base) as api:
            async for _row in await api.items.rows():
                count += 1
        return count

    times: dict[str, list[float]] = {"hand-written aiohttp loop": [], "typelink AsyncPage": []}
    items = 0
    for _ in range(rounds):
        for name, walk in (("hand-written aiohttp loop", loop), ("typelink AsyncPage", typed)):
            gc.collect()
            started = time.perf_counter()
            items = await walk()
            times[name].append(time.perf_counter() - started)
    return {name: items / min(runs) for name, runs in times.items()} | {"items": items}


def figures(calls: dict[str, Any], pages: dict[str, float]) -> list[dict[str, Any]]:
    raw = calls["raw aiohttp + model_validate_json"]["calls_per_second"]
    typed = calls["typelink AsyncClient"]["calls_per_second"]
    upl = calls["uplink AiohttpClient + pydantic"]["calls_per_second"]
    return [
        {
            "name": "async calls: typelink vs raw aiohttp + model_validate_json",
            "value": typed,
            "unit": "calls/s",
            "baseline": raw,
            "baseline_name": "raw aiohttp",
            "target": ">= 0.65",
        },
        {
            "name": "async calls: typelink vs uplink AiohttpClient + pydantic",
            "value": typed,
            "unit": "calls/s",
            "baseline": upl,
            "baseline_name": "uplink AiohttpClient",
            "target": ">= 4",
        },
        {
            "name": "AsyncPage vs a hand-written aiohttp loop (100k items, 1,000 pages)",
            "value": pages["typelink AsyncPage"],
            "unit": "items/s",
            "baseline": pages["hand-written aiohttp loop"],
            "baseline_name": "aiohttp loop",
            "target": ">= 0.90",
        },
    ]


async def run(args: argparse.Namespace) -> dict[str, Any]:
    server = Server(args.pages)
    try:
        calls = await compare_calls(server.url, args.calls, args.rounds)
        pages = await compare_pages(server.url, args.rounds)
        memory = await memory_over(server.url, args.memory_calls)
    finally:
        server.stop()
    return {
        "calls": calls,
        "pages": pages,
        "memory": memory,
        "figures": figures(calls, pages),
    }


def report(data: dict[str, Any]) -> None:
    print(f"{'contender':<36} {'calls/s':>9} {'CPU µs/call':>12} {'threads/call':>13}")
    print("-" * 73)
    for name, row in data["calls"].items():
        print(
            f"{name:<36} {row['calls_per_second']:>9,.0f} {row['cpu_us_per_call']:>12,.0f} "
            f"{row['threads_per_call']:>13.3f}"
        )
    print()
    pages = data["pages"]
    for name in ("hand-written aiohttp loop", "typelink AsyncPage"):
        print(f"{name:<36} {pages[name]:>12,.0f} items/s ({pages['items']:,} items)")
    memory = data["memory"]
    print(
        f"\nmemory over {memory['calls']:,} typelink calls: {memory['after_warmup_kb']:,.0f} KB "
        f"after warm-up, {memory['at_end_kb']:,.0f} KB at the end "
        f"(growth {memory['growth_kb']:+,.0f} KB, peak {memory['peak_kb']:,.0f} KB)\n"
    )
    for figure in data["figures"]:
        ratio = figure["value"] / figure["baseline"]
        print(f"{figure['name']}: {ratio:.2f}x (target {figure['target']})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and calls")
    parser.add_argument("--calls", type=int, default=1_000)
    parser.add_argument("--rounds", type=int, default=None)
    parser.add_argument("--pages", type=int, default=1_000)
    parser.add_argument("--memory-calls", type=int, default=None)
    parser.add_argument("--json", help="write the figures to this file")
    args = parser.parse_args(argv)
    args.rounds = args.rounds or (3 if args.quick else 7)
    args.memory_calls = args.memory_calls or (20_000 if args.quick else 100_000)
    warnings.simplefilter("ignore")  # uplink's pydantic converter calls parse_obj
    data = asyncio.run(run(args))
    report(data)
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(data, handle, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
