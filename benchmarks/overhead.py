"""Per-call overhead of a small typed GET: typelink against raw urllib3, httpx, requests, uplink.

Every contender fetches the same small JSON object from one local keep-alive server (in its
own process, so its work stays off the client's GIL) and ends with the same pydantic model:

* ``urllib3 + validate_json``: a raw ``urllib3.PoolManager`` and ``model_validate_json``,
  the practical limit of a blocking Python client;
* ``httpx.Client + validate_json`` and ``requests.Session + validate_json`` (and the same
  session with ``trust_env=False``, which skips requests' per-call environment lookups);
* ``plain uplink @returns.json``: uplink 0.10 on a ``requests.Session``, then ``model_validate``;
* ``typelink typed call``: a declared endpoint returning the model;
* ``typelink + auth, retry, quota``: the same with bearer auth, an explicit retry policy and a
  client-side quota (the shared hooks on);
* ``typelink + OpenTelemetry`` when the SDK is installed (spans and metrics recorded, not
  exported): what telemetry costs when it is on.

The contenders run interleaved, ``--rounds`` times (the order rotates every round), so load
from the rest of the machine hits each alike. For each round we take the wall time and the
client process's CPU time per call, and compute every ratio *within the round*; the report
gives the median ratio and its min-max over the rounds, and the load average before and
after. CPU time leaves out the server's work and time spent waiting for the CPU, so on a
shared machine it is the steadier figure; wall time includes the server's (identical) work.

``--instructions`` also counts the instructions per call of each contender with valgrind's
callgrind (repeatable on a loaded machine: each contender runs in its own process under
callgrind twice, with a different number of calls; the difference divided by the extra calls
is the per-call count, free of start-up and import costs).

Then the parse time of a ~1 MB JSON list into models: typelink's parser (bytes straight into
pydantic) against ``r.json()`` + validation.

Targets (issue 17): typelink >= 0.7x urllib3 and >= 1.1x httpx calls/s, hooks cost <= 5%
(``typelink / hooked`` per-call time ratio <= 1.05), parse >= 1.3x.
Run: ``.venv/bin/python benchmarks/overhead.py [--quick] [--calls N] [--rounds R]
[--instructions] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pydantic
import requests
import uplink
import urllib3

sys.path.insert(0, __file__.rsplit("/", 2)[0])

from benchmarks._server import ServerProcess
from typelink import Consumer, Model, RetryPolicy, get
from typelink.auth import BearerToken
from typelink.declare.parsing import build_parser
from typelink.policies.ratelimit import QuotaLimiter

URLLIB3 = "urllib3 + validate_json"
HTTPX = "httpx.Client + validate_json"
REQUESTS = "requests.Session + validate_json"
REQUESTS_NO_ENV = "requests (trust_env=False)"
UPLINK = "plain uplink @returns.json"
TYPELINK = "typelink typed call"
HOOKED = "typelink + auth, retry, quota"
TRACED = "typelink + OpenTelemetry"


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


def contenders(base: str) -> dict[str, Callable[[], object]]:
    """Each contender as a no-argument call that fetches item 1 and returns an ``Item``."""
    url = f"{base}/items/1"
    pool = urllib3.PoolManager()
    session = requests.Session()
    bare_session = requests.Session()
    bare_session.trust_env = False
    plain = PlainUplink(base_url=base + "/", client=requests.Session())
    typed = TypedItems(base_url=base)
    hooked = TypedItems(
        base_url=base,
        auth=BearerToken("bench-token-0123456789"),
        retry=RetryPolicy(max_retries=3),
        rate_limiter=QuotaLimiter(calls=1_000_000, period=1.0),
    )
    found: dict[str, Callable[[], object]] = {
        URLLIB3: lambda: Item.model_validate_json(pool.request("GET", url).data),
    }
    try:
        import httpx
    except ImportError:
        print("httpx is not installed (dev extra): its contender is left out", file=sys.stderr)
    else:
        client = httpx.Client(timeout=30)
        found[HTTPX] = lambda: Item.model_validate_json(client.get(url).content)
    found[REQUESTS] = lambda: Item.model_validate_json(session.get(url, timeout=30).content)
    found[REQUESTS_NO_ENV] = lambda: Item.model_validate_json(
        bare_session.get(url, timeout=30).content
    )
    found[UPLINK] = lambda: Item.model_validate(plain.fetch(1))
    found[TYPELINK] = lambda: typed.fetch(1)
    found[HOOKED] = lambda: hooked.fetch(1)
    traced = traced_client(base)
    if traced is not None:
        found[TRACED] = lambda: traced.fetch(1)
    for fn in found.values():  # every contender really ends with the model
        assert isinstance(fn(), Item)
    return found


def timed(fn: Callable[[], object], calls: int) -> tuple[float, float]:
    """Wall and CPU seconds per call over ``calls`` calls (no cyclic GC pass inside)."""
    gc.collect()
    gc.disable()
    try:
        wall, cpu = time.perf_counter(), time.process_time()
        for _ in range(calls):
            fn()
        return (time.perf_counter() - wall) / calls, (time.process_time() - cpu) / calls
    finally:
        gc.enable()


def loadavg() -> tuple[float, float, float]:
    try:
        return os.getloadavg()
    except OSError:
        return (float("nan"),) * 3


def run(calls: int, rounds: int, instructions: bool = False) -> dict[str, Any]:
    server = ServerProcess()
    load_before = loadavg()
    try:
        base = server.url
        fns = contenders(base)
        for fn in fns.values():  # warm up connections and caches
            timed(fn, 50)
        names = list(fns)
        wall: dict[str, list[float]] = {name: [] for name in names}
        cpu: dict[str, list[float]] = {name: [] for name in names}
        for r in range(rounds):
            order = names[r % len(names) :] + names[: r % len(names)]
            for name in order:
                w, c = timed(fns[name], calls)
                wall[name].append(w)
                cpu[name].append(c)
        load_after = loadavg()
        counts = instruction_counts(base, names) if instructions else {}
        parse = parse_times(base, rounds)
    finally:
        server.stop()
    return {
        "calls": calls,
        "rounds": rounds,
        "load_before": load_before,
        "load_after": load_after,
        "seconds_per_call": wall,
        "cpu_seconds_per_call": cpu,
        "calls_per_second": {name: 1 / statistics.median(v) for name, v in wall.items()},
        "instructions_per_call": counts,
        **parse,
    }


def parse_times(base: str, rounds: int) -> dict[str, Any]:
    big = requests.get(f"{base}/big", timeout=30)
    parser = build_parser(list[Item])
    adapter = pydantic.TypeAdapter(list[Item])
    contenders = {
        "typelink parse": lambda: parser(big),
        "r.json() + validate": lambda: adapter.validate_python(big.json()),
    }
    times: dict[str, list[float]] = {name: [] for name in contenders}
    for fn in contenders.values():  # warm up the allocator (the first big parses page-fault)
        for _ in range(3):
            fn()
    for _ in range(max(rounds * 3, 15)):
        for name, fn in contenders.items():
            times[name].append(timed(fn, 1)[1])
    # parsing is deterministic CPU work: the fastest of many interleaved runs is the one
    # least disturbed by the rest of the machine
    return {
        "big_body_bytes": len(big.content),
        "parse_seconds": {name: min(v) for name, v in times.items()},
    }


# -- instruction counts (callgrind) ---------------------------------------------------------

WORKER_WARMUP = 100


def worker(base: str, name: str, calls: int) -> None:
    """Run in a child process (under callgrind): warm up, then ``calls`` calls of ``name``."""
    fn = contenders(base)[name]
    for _ in range(WORKER_WARMUP + calls):
        fn()


def instruction_counts(
    base: str, names: list[str], small: int = 50, large: int = 250
) -> dict[str, float]:
    """Instructions per call of each contender (see the module docstring)."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        print("valgrind is not installed: no instruction counts", file=sys.stderr)
        return {}
    counts: dict[str, float] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for name in names:
            totals = []
            for calls in (small, large):
                out = Path(tmp) / f"callgrind.{len(counts)}.{calls}"
                command = [
                    valgrind, "--tool=callgrind", f"--callgrind-out-file={out}",
                    sys.executable, __file__, "--worker", name, "--url", base,
                    "--calls", str(calls),
                ]  # fmt: skip
                env = {**os.environ, "PYTHONHASHSEED": "0"}
                subprocess.run(command, check=True, capture_output=True, env=env)
                totals.append(_callgrind_total(out))
            counts[name] = (totals[1] - totals[0]) / (large - small)
            print(f"  {name}: {counts[name]:,.0f} instructions/call", file=sys.stderr)
    return counts


def _callgrind_total(path: Path) -> int:
    for line in path.read_text().splitlines():
        if line.startswith(("summary:", "totals:")):
            return int(line.split()[1])
    raise ValueError(f"no totals in {path}")


# -- the report -----------------------------------------------------------------------------


def ratios(per_call: dict[str, list[float]], name: str, baseline: str) -> list[float]:
    """calls/s of ``name`` over ``baseline``'s, round by round."""
    return [b / n for n, b in zip(per_call[name], per_call[baseline], strict=True)]


def _span(values: list[float]) -> str:
    return f"{statistics.median(values):5.2f} ({min(values):.2f}-{max(values):.2f})"


def report(result: dict[str, Any]) -> str:
    wall = result["seconds_per_call"]
    cpu = result["cpu_seconds_per_call"]
    counts = result.get("instructions_per_call") or {}
    lb, la = result["load_before"], result["load_after"]
    lines = [
        f"per-call overhead: {result['calls']} calls x {result['rounds']} interleaved rounds; "
        f"{os.cpu_count()} CPUs, load average {lb[0]:.2f} {lb[1]:.2f} {lb[2]:.2f} before, "
        f"{la[0]:.2f} {la[1]:.2f} {la[2]:.2f} after",
        "ratios are calls/s against urllib3 (higher is better), median and min-max over rounds",
        f"{'contender':32} {'µs/call':>8} {'CPU µs':>7} {'wall vs urllib3':>20} "
        f"{'CPU vs urllib3':>20}" + (f" {'instr/call':>11}" if counts else ""),
    ]
    for name in wall:
        line = (
            f"{name:32} {statistics.median(wall[name]) * 1e6:8.0f} "
            f"{statistics.median(cpu[name]) * 1e6:7.0f} "
            f"{_span(ratios(wall, name, URLLIB3)):>20} {_span(ratios(cpu, name, URLLIB3)):>20}"
        )
        if counts:
            line += f" {counts.get(name, float('nan')):11,.0f}"
        lines.append(line)
    lines.append("")
    for fig in figures(result):
        if "spread" in fig:
            lines.append(f"{fig['name']:60} {fig['spread']:>22}  target {fig['target'] or '-'}")
    parse = result["parse_seconds"]
    speedup = parse["r.json() + validate"] / parse["typelink parse"]
    lines += [
        "",
        f"parse {result['big_body_bytes'] / 1e6:.2f} MB JSON list into models (best CPU time)",
        f"{'typelink parse':32} {parse['typelink parse'] * 1000:8.1f} ms",
        f"{'r.json() + validate':32} {parse['r.json() + validate'] * 1000:8.1f} ms",
        f"parse speedup {speedup:.2f}x (>= 1.30)",
    ]
    return "\n".join(lines)


def _ratio_figure(
    result: dict[str, Any], name: str, baseline: str, target: str, title: str
) -> dict[str, Any]:
    wall = result["seconds_per_call"]
    cpu = result["cpu_seconds_per_call"]
    per_round = ratios(wall, name, baseline)
    cpu_rounds = ratios(cpu, name, baseline)
    figure = {
        "name": title,
        "value": 1 / statistics.median(wall[name]),
        "unit": "calls/s",
        "baseline": 1 / statistics.median(wall[baseline]),
        "baseline_name": baseline,
        "ratio": statistics.median(per_round),
        "target": target,
        "spread": f"wall {_span(per_round)}, CPU {_span(cpu_rounds)}",
    }
    counts = result.get("instructions_per_call") or {}
    if name in counts and baseline in counts:
        figure["spread"] += f", instructions {counts[baseline] / counts[name]:.2f}"
    return figure


def figures(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The figures in ``benchmarks/run_all.py``'s convention: value, same-run baseline, target."""
    wall = result["seconds_per_call"]
    parse = result["parse_seconds"]
    out = [_ratio_figure(result, TYPELINK, URLLIB3, ">= 0.70", "typelink typed call vs urllib3")]
    if HTTPX in wall:
        out.append(
            _ratio_figure(result, TYPELINK, HTTPX, ">= 1.10", "typelink typed call vs httpx")
        )
    out += [
        _ratio_figure(result, TYPELINK, REQUESTS, "", "typelink typed call vs requests"),
        _ratio_figure(result, TYPELINK, UPLINK, ">= 1.00", "typelink typed call vs plain uplink"),
        _ratio_figure(
            result, HOOKED, TYPELINK, ">= 0.95", "typelink + auth, retry, quota vs typelink alone"
        ),
    ]
    if TRACED in wall:
        out.append(
            _ratio_figure(
                result, TRACED, TYPELINK, "", "typelink + OpenTelemetry vs typelink alone"
            )
        )
    out.append(
        {
            "name": f"parse {result['big_body_bytes'] / 1e6:.1f} MB JSON list (speedup)",
            "value": parse["typelink parse"] * 1000,
            "unit": "ms",
            "baseline": parse["r.json() + validate"] * 1000,
            "baseline_name": "r.json() + validate",
            "ratio": parse["r.json() + validate"] / parse["typelink parse"],
            "target": ">= 1.30",
        }
    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--calls", type=int, default=None, help="calls per round (1000)")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (9)")
    parser.add_argument("--quick", action="store_true", help="200 calls x 3 rounds")
    parser.add_argument("--instructions", action="store_true", help="callgrind counts too")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        worker(args.url, args.worker, args.calls)
        return 0
    calls = args.calls or (200 if args.quick else 1000)
    rounds = args.rounds or (3 if args.quick else 9)
    result = run(calls, rounds, args.instructions)
    print(report(result))
    if args.json:
        with open(args.json, "w") as fh:
            json.dump({**result, "figures": figures(result)}, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
