"""Per-call overhead: raw requests + pydantic vs plain uplink vs a typelink typed call.

All three run against one local keep-alive server (in its own process), interleaved in
rounds so machine noise hits each the same way; the figure is the median of the rounds.
Then the parse time of a ~1 MB JSON list into models: typelink's parser (bytes straight into
pydantic) vs ``r.json()`` + validation.

Targets: typelink >= 0.9x raw requests+pydantic calls/s, >= 1.0x plain uplink, parse >= 1.3x,
and the shared hooks (bearer auth, a client-side quota, the default retry policy) cost no more
than 10% over the core alone. With the OpenTelemetry SDK installed, a fifth contender traces
and measures every call (SDK tracer and meter, spans recorded but not exported): what
telemetry costs when it is on (off, it is not in the chain at all).
Run: ``.venv/bin/python benchmarks/overhead.py [--quick] [--calls N] [--rounds R] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from typing import Any

import pydantic
import requests
import uplink

sys.path.insert(0, __file__.rsplit("/", 2)[0])

from benchmarks._server import ServerProcess
from typelink import Consumer, Model, get
from typelink.auth import BearerToken
from typelink.declare.parsing import build_parser
from typelink.policies.ratelimit import QuotaLimiter


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


class PlainItem(pydantic.BaseModel):
    id: int
    name: str
    active: bool
    score: float
    tags: list[str]
    owner: dict[str, Any]


class TypedItems(Consumer):
    @get("items/{item_id}")
    def fetch(self, item_id: int) -> Item:
        raise NotImplementedError


class PlainUplink(uplink.Consumer):  # type: ignore[misc]
    @uplink.returns.json
    @uplink.get("items/{item_id}")
    def fetch(self, item_id: Any) -> Any:
        raise NotImplementedError


def traced_client(base: str) -> TypedItems | None:
    """A client with telemetry on the real SDK (None when the SDK is not installed)."""
    try:
        from opentelemetry.sdk.metrics import MeterProvider
        from opentelemetry.sdk.metrics.export import InMemoryMetricReader
        from opentelemetry.sdk.trace import TracerProvider
    except ImportError:
        return None
    from typelink import Telemetry

    meters = MeterProvider(metric_readers=[InMemoryMetricReader()])
    return TypedItems(base_url=base, telemetry=Telemetry(TracerProvider(), meters))


def calls_per_second(fn: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        fn()
    return calls / (time.perf_counter() - start)


def run(calls: int, rounds: int) -> dict[str, Any]:
    server = ServerProcess()
    try:
        base = server.url
        session = requests.Session()
        raw_url = f"{base}/items/1"

        def raw() -> object:
            return Item.model_validate(session.get(raw_url, timeout=30).json())

        plain = PlainUplink(base_url=base + "/", client=requests.Session())
        typed = TypedItems(base_url=base)
        hooked = TypedItems(
            base_url=base,
            auth=BearerToken("bench-token-0123456789"),
            rate_limiter=QuotaLimiter(calls=1_000_000, period=1.0),
        )
        contenders: dict[str, Callable[[], object]] = {
            "raw requests + pydantic": raw,
            "plain uplink @returns.json": lambda: plain.fetch(1),
            "typelink typed call": lambda: typed.fetch(1),
            "typelink + auth + rate limit": lambda: hooked.fetch(1),
        }
        traced = traced_client(base)
        if traced is not None:
            contenders["typelink + OpenTelemetry"] = lambda: traced.fetch(1)
        for fn in contenders.values():  # warm up connections and caches
            calls_per_second(fn, 50)
        results: dict[str, list[float]] = {name: [] for name in contenders}
        for _ in range(rounds):
            for name, fn in contenders.items():
                results[name].append(calls_per_second(fn, calls))
        medians = {name: statistics.median(v) for name, v in results.items()}

        big = session.get(f"{base}/big", timeout=30)
        big.content  # noqa: B018 - read the body once, outside the timing
        parser = build_parser(list[Item])
        adapter = pydantic.TypeAdapter(list[Item])

        def typelink_parse() -> object:
            return parser(big)

        def json_then_validate() -> object:
            return adapter.validate_python(big.json())

        parse_times: dict[str, list[float]] = {"typelink parse": [], "r.json() + validate": []}
        for _ in range(3):  # warm up the allocator for both (the first big parses page-fault)
            typelink_parse()
            json_then_validate()
        for _ in range(max(rounds * 3, 15)):
            for name, fn in (
                ("typelink parse", typelink_parse),
                ("r.json() + validate", json_then_validate),
            ):
                # as timeit does: no cyclic GC pass (triggered by the thousands of objects a
                # parse allocates) lands inside one contender's sample
                gc.collect()
                gc.disable()
                try:
                    start = time.perf_counter()
                    result = fn()
                    parse_times[name].append(time.perf_counter() - start)
                finally:
                    gc.enable()
                del result
        # parsing is deterministic CPU work: the fastest of many interleaved runs is the one
        # least disturbed by the rest of the machine
        parse = {name: min(v) for name, v in parse_times.items()}
        return {
            "calls": calls,
            "rounds": rounds,
            "calls_per_second": medians,
            "big_body_bytes": len(big.content),
            "parse_seconds": parse,
        }
    finally:
        server.stop()


def report(result: dict[str, Any]) -> str:
    cps = result["calls_per_second"]
    raw = cps["raw requests + pydantic"]
    plain = cps["plain uplink @returns.json"]
    typed = cps["typelink typed call"]
    hooked = cps["typelink + auth + rate limit"]
    parse = result["parse_seconds"]
    speedup = parse["r.json() + validate"] / parse["typelink parse"]
    lines = [
        f"per-call overhead ({result['calls']} calls x {result['rounds']} interleaved rounds, median)",
        f"{'contender':32} {'calls/s':>10} {'vs raw':>8} {'vs uplink':>10}",
    ]
    for name, value in cps.items():
        lines.append(f"{name:32} {value:10.0f} {value / raw:8.2f} {value / plain:10.2f}")
    lines += [
        "",
        f"parse {result['big_body_bytes'] / 1e6:.2f} MB JSON list into models (best of interleaved runs)",
        f"{'typelink parse':32} {parse['typelink parse'] * 1000:10.1f} ms",
        f"{'r.json() + validate':32} {parse['r.json() + validate'] * 1000:10.1f} ms",
        "",
        f"targets: typelink/raw {typed / raw:.2f} (>= 0.90)  typelink/uplink {typed / plain:.2f} (>= 1.00)"
        f"  parse speedup {speedup:.2f}x (>= 1.30)",
        f"hooks cost: (typelink + auth + rate limit) / typelink = {hooked / typed:.2f} (>= 0.90)",
    ]
    traced = cps.get("typelink + OpenTelemetry")
    if traced:
        lines.append(f"telemetry on: (typelink + OpenTelemetry) / typelink = {traced / typed:.2f}")
    return "\n".join(lines)


def figures(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures in ``benchmarks/run_all.py``'s convention: value, same-run baseline, target."""
    cps = result["calls_per_second"]
    parse = result["parse_seconds"]
    typed = cps["typelink typed call"]
    return [
        {
            "name": "typelink typed call vs raw requests + pydantic",
            "value": typed,
            "unit": "calls/s",
            "baseline": cps["raw requests + pydantic"],
            "baseline_name": "raw requests + pydantic",
            "target": ">= 0.90",
        },
        {
            "name": "typelink typed call vs plain uplink",
            "value": typed,
            "unit": "calls/s",
            "baseline": cps["plain uplink @returns.json"],
            "baseline_name": "plain uplink @returns.json",
            "target": ">= 1.00",
        },
        {
            "name": "typelink + bearer auth + rate limit vs typelink alone",
            "value": cps["typelink + auth + rate limit"],
            "unit": "calls/s",
            "baseline": typed,
            "baseline_name": "typelink typed call",
            "target": ">= 0.90",
        },
        *(
            [
                {
                    "name": "typelink + OpenTelemetry (SDK spans and metrics) vs typelink alone",
                    "value": cps["typelink + OpenTelemetry"],
                    "unit": "calls/s",
                    "baseline": typed,
                    "baseline_name": "typelink typed call",
                    "target": "",
                }
            ]
            if "typelink + OpenTelemetry" in cps
            else []
        ),
        {
            "name": f"parse {result['big_body_bytes'] / 1e6:.1f} MB JSON list (speedup)",
            "value": parse["typelink parse"] * 1000,
            "unit": "ms",
            "baseline": parse["r.json() + validate"] * 1000,
            "baseline_name": "r.json() + validate",
            "ratio": parse["r.json() + validate"] / parse["typelink parse"],
            "target": ">= 1.30",
        },
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--calls", type=int, default=None, help="calls per round (1000)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (9)")
    parser.add_argument("--quick", action="store_true", help="200 calls x 3 rounds")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    calls = args.calls or (200 if args.quick else 1000)
    rounds = args.rounds or (3 if args.quick else 9)
    result = run(calls, rounds)
    print(report(result))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({**result, "figures": figures(result)}, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
