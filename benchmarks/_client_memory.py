"""Memory per client and per idle consumer, and whether creating and closing clients leaks.

Run by ``import_time.py`` in a fresh process (``python benchmarks/_client_memory.py
[--clients N] [--cycle N] [--githubkit]``); prints one JSON object. Python allocations are
traced with tracemalloc: per-object figures are the traced growth while ``N`` objects are
alive (after one warm-up object, so per-class work such as compiling a declaration is not
counted), divided by ``N``. The flatness check creates and closes clients ``--cycle`` times
after a warm-up of a tenth as many, and reports the traced growth over the whole cycle.
"""

from __future__ import annotations

import argparse
import gc
import itertools
import json
import tracemalloc
from collections.abc import Callable
from typing import Any


def traced_per_object(make: Callable[[], Any], count: int) -> float:
    """Bytes of traced Python allocations per live object made by ``make``."""
    warm = make()
    _close(warm)
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    alive = [make() for _ in range(count)]
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    for obj in alive:
        _close(obj)
    return (after - before) / count


def traced_growth(make: Callable[[], Any], cycles: int) -> int:
    """Traced bytes still held after ``cycles`` clients were created and closed."""
    for _ in range(max(cycles // 10, 1)):
        _close(make())
    gc.collect()
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for _ in range(cycles):
        _close(make())
    gc.collect()
    after = tracemalloc.get_traced_memory()[0]
    tracemalloc.stop()
    return after - before


def _close(obj: Any) -> None:
    close = getattr(obj, "close", None)
    if callable(close):
        result = close()
        if hasattr(result, "close"):  # a coroutine from an async-only close: never awaited
            result.close()


def typelink_figures(clients: int, cycle: int) -> dict[str, float]:
    from typelink import Consumer, Model, get
    from typelink.github import GitHub

    class Item(Model):
        id: int

    class Items(Consumer):
        @get("items/{item_id}")
        def fetch(self, item_id: int) -> Item:
            raise NotImplementedError

    tokens = itertools.count()

    def github() -> GitHub:  # each client its own token, as a server acting for users has
        return GitHub(token=f"ghp_benchmark{next(tokens):08d}")

    def consumer() -> Items:
        return Items(base_url="http://127.0.0.1:9")

    return {
        "typelink GitHub client": traced_per_object(github, clients),
        "typelink idle consumer": traced_per_object(consumer, clients),
        "typelink GitHub clients created and closed": float(traced_growth(github, cycle)),
    }


def githubkit_figures(clients: int) -> dict[str, float]:
    from githubkit import GitHub

    return {"githubkit GitHub client": traced_per_object(lambda: GitHub("ghp_benchmark"), clients)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=1000)
    parser.add_argument("--cycle", type=int, default=10_000)
    parser.add_argument("--githubkit", action="store_true", help="measure githubkit instead")
    args = parser.parse_args()
    if args.githubkit:
        figures = githubkit_figures(args.clients)
    else:
        figures = typelink_figures(args.clients, args.cycle)
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
