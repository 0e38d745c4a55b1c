"""Import time, import memory and client memory: typelink against its dependencies and githubkit.

Each contender is imported in a fresh process, in interleaved rounds (the order rotates each
round), from warm cached bytecode, in the benchmark's own environment (see ``_import_env.py``:
typelink's dependencies plus githubkit, which typelink does not depend on). A figure is the
median over rounds of the process CPU time the import statement took (min-max printed): it
is what the import costs on an idle machine, and far less disturbed than wall time when
other work shares the machine (wall time is printed too). RSS is the process's resident
memory right after the import (interpreter included).

Targets (issue 17): ``import typelink`` at most 30 ms more than its dependencies,
``import typelink.github`` at most 80 ms more, with <= 40 MB RSS, and faster than
``from githubkit import GitHub``. The dependencies are measured two ways: literally
``import requests, pydantic, uplink`` (pydantic's top-level package is lazy, so this does not
load pydantic's model machinery), and as used: ``import requests, uplink`` and one
pydantic model defined (``from pydantic import BaseModel`` and the first model class load the
rest of pydantic's model machinery, which any program declaring a model pays).

typelink imports uplink when the first declaration is compiled, not on ``import typelink``
(``typelink._internal.uplink``), and the GitHub groups compile on first use, so neither
import above loads uplink. What a program declaring its own consumers pays at import is the
``import typelink + declare a consumer`` line; what a GitHub script pays before its first
answer is the "first use" line (client, bound endpoint, its models, one parsed issue),
printed next to githubkit's equivalent.

Then where the import time goes (``-X importtime``, best self time per module over a few
runs), and memory per client, per idle consumer, and after 10,000 clients were created and
closed (``_client_memory.py``, tracemalloc).

Run: ``python benchmarks/import_time.py [--quick] [--rounds N] [--json FILE]``.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _import_cost import import_profile, instruction_counts, profile_report
from _import_env import ROOT, Interpreter, bench_interpreter

DEPS_LITERAL = "import requests, pydantic, uplink"
DEPS = (
    "import requests, uplink\n"
    "from pydantic import BaseModel\n"
    "class Defined(BaseModel):  # the first model loads the rest of pydantic's machinery\n"
    "    x: int"
)
DEPS_LABEL = "dependencies as used (+ one pydantic model)"
TYPELINK = "import typelink"
GITHUB = "import typelink.github"
GITHUBKIT = "from githubkit import GitHub"
DECLARE_LABEL = "import typelink + declare a consumer (loads uplink)"
DECLARE = (
    "import typelink\n"
    "class Things(typelink.Consumer):\n"
    "    @typelink.get('things/{name}')\n"
    "    def get(self, name: str) -> dict[str, int]:\n"
    "        raise NotImplementedError"
)
FIRST_USE = (
    "from typelink.github import GitHub\n"
    "gh = GitHub(token='ghp_benchmark')\n"
    "gh.issues.get  # binds the endpoint: compiles its declaration, loads its models\n"
    "from typelink.github.models import Issue\n"
    "Issue.model_validate_json(BODY)"
)
FIRST_USE_GITHUBKIT = (
    "from githubkit import GitHub\n"
    "gh = GitHub('ghp_benchmark')\n"
    "gh.rest.issues.get\n"
    "from githubkit.versions.latest.models import Issue\n"
    "Issue.model_validate_json(BODY)"
)
FIRST_USE_LABEL = "typelink.github first use (client, bind, parse an issue)"
PEER_FIRST_USE_LABEL = "githubkit first use (client, bind, parse an issue)"
DEPS_NAME = "requests, uplink, a pydantic model"


CONTENDERS: dict[str, tuple[str, bool]] = {
    "import requests, pydantic, uplink": (DEPS_LITERAL, False),
    DEPS_LABEL: (DEPS, False),
    "import typelink": (TYPELINK, False),
    DECLARE_LABEL: (DECLARE, False),
    "import typelink.github": (GITHUB, False),
    "from githubkit import GitHub": (GITHUBKIT, True),
    "import requests": ("import requests", False),
    "import httpx": ("import httpx", True),
    FIRST_USE_LABEL: (FIRST_USE, False),
    PEER_FIRST_USE_LABEL: (FIRST_USE_GITHUBKIT, True),
}
"""label -> (statement, needs githubkit's environment)."""

CHILD = """\
import time
def _rss_mb():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20
BODY = open({body!r}, "rb").read()
_before = _rss_mb()
_wall, _cpu = time.perf_counter(), time.process_time()
exec(compile({statement!r}, "<contender>", "exec"), {{"BODY": BODY}})
_cpu, _wall = time.process_time() - _cpu, time.perf_counter() - _wall
import json
print(json.dumps({{"cpu_ms": _cpu * 1e3, "wall_ms": _wall * 1e3, "rss_mb": _rss_mb(),
                  "rss_growth_mb": _rss_mb() - _before}}))
"""


@dataclass
class Samples:
    cpu_ms: list[float] = field(default_factory=list)
    wall_ms: list[float] = field(default_factory=list)
    rss_mb: list[float] = field(default_factory=list)

    def best(self, name: str) -> float:
        """The least of the rounds: other work on the machine only ever adds time."""
        return min(getattr(self, name))

    def median(self, name: str) -> float:
        return statistics.median(getattr(self, name))


def issue_body(directory: Path) -> Path:
    """GitHub's published example of ``issues/get`` (the response body), as a file."""
    example = json.loads((ROOT / "tests/github/data/examples/issues/get.json").read_text())
    body = example["exchanges"][0]["response"]["body"]["json"]
    path = directory / "issue.json"
    path.write_text(json.dumps(body))
    return path


def measure_once(interpreter: Interpreter, statement: str, body: Path) -> dict[str, float]:
    done = interpreter.run(["-c", CHILD.format(statement=statement, body=str(body))])
    if done.returncode != 0:
        raise RuntimeError(f"{statement!r} failed:\n{done.stderr[-2000:]}")
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def measure(interpreter: Interpreter, rounds: int, body: Path) -> dict[str, Samples]:
    """Every contender once per round, the order rotating; two warm-up runs first."""
    labels = [
        label for label, (_, peer) in CONTENDERS.items() if interpreter.has_githubkit or not peer
    ]
    for label in labels:
        for _ in range(2):
            measure_once(interpreter, CONTENDERS[label][0], body)
    samples = {label: Samples() for label in labels}
    for round_number in range(rounds):
        shift = round_number % len(labels)
        for label in labels[shift:] + labels[:shift]:
            result = measure_once(interpreter, CONTENDERS[label][0], body)
            samples[label].cpu_ms.append(result["cpu_ms"])
            samples[label].wall_ms.append(result["wall_ms"])
            samples[label].rss_mb.append(result["rss_mb"])
    return samples


def client_memory(interpreter: Interpreter, quick: bool) -> dict[str, float]:
    script = str(Path(__file__).resolve().parent / "_client_memory.py")
    sizes = ["--clients", "200" if quick else "1000", "--cycle", "10000"]
    figures: dict[str, float] = {}
    for extra in ([], ["--githubkit"]) if interpreter.has_githubkit else ([],):
        done = interpreter.run([script, *sizes, *extra])
        if done.returncode != 0:
            raise RuntimeError(f"client memory failed:\n{done.stderr[-2000:]}")
        figures.update(json.loads(done.stdout.strip().splitlines()[-1]))
    return figures


def figures(
    samples: dict[str, Samples], memory: dict[str, float], instructions: dict[str, int]
) -> list[dict[str, Any]]:
    """The figures in ``run_all``'s convention (``compare`` says what the target applies to)."""
    cpu = {label: s.median("cpu_ms") for label, s in samples.items()}
    found: list[dict[str, Any]] = []

    def add(
        name: str,
        value: float,
        unit: str,
        baseline: float | None = None,
        base_name: str = "",
        target: str = "",
        compare: str = "ratio",
    ) -> None:
        found.append(
            {
                "name": name,
                "value": value,
                "unit": unit,
                "baseline": baseline,
                "baseline_name": base_name,
                "target": target,
                "compare": compare,
            }
        )

    for label, target in ((TYPELINK, "<= 30"), (GITHUB, "<= 80"), (DECLARE_LABEL, "")):
        add(
            f"`{label}`: CPU ms over `{DEPS_LITERAL}`",
            cpu[label],
            "ms",
            cpu[DEPS_LITERAL],
            DEPS_LITERAL,
            target,
            "difference",
        )
    add(
        f"`{DECLARE_LABEL}`: CPU ms over the dependencies as used",
        cpu[DECLARE_LABEL],
        "ms",
        cpu[DEPS_LABEL],
        DEPS_NAME,
        "",
        "difference",
    )
    add(
        f"RSS after `{GITHUB}`",
        samples[GITHUB].median("rss_mb"),
        "MB",
        target="<= 40",
        compare="value",
    )
    if GITHUBKIT in cpu:
        add(
            f"`{GITHUB}` vs `{GITHUBKIT}` (CPU time)",
            cpu[GITHUB],
            "ms",
            cpu[GITHUBKIT],
            GITHUBKIT,
            "< 1",
        )
        if GITHUB in instructions and GITHUBKIT in instructions:
            add(
                f"`{GITHUB}` vs `{GITHUBKIT}` (instructions, valgrind)",
                instructions[GITHUB] / 1e6,
                "M",
                instructions[GITHUBKIT] / 1e6,
                GITHUBKIT,
                "< 1",
            )
        add(
            FIRST_USE_LABEL + " vs githubkit's",
            cpu[FIRST_USE_LABEL],
            "ms",
            cpu[PEER_FIRST_USE_LABEL],
            "githubkit",
        )
    for name, value in memory.items():
        if name.endswith("created and closed"):
            add(
                f"traced memory growth: 10,000 {name}",
                value / 1024,
                "KB",
                target="<= 64",
                compare="value",
            )
        else:
            add(f"memory per {name} (tracemalloc)", value / 1024, "KB")
    return found


def counted(interpreter: Interpreter, body: Path) -> dict[str, int]:
    """Instruction counts of the imports the targets compare."""
    codes = {
        label: CHILD.format(statement=CONTENDERS[label][0], body=str(body))
        for label in (DEPS_LITERAL, DEPS_LABEL, TYPELINK, GITHUB, GITHUBKIT)
        if interpreter.has_githubkit or not CONTENDERS[label][1]
    }
    return instruction_counts(interpreter, codes)


def report(
    samples: dict[str, Samples], memory: dict[str, float], instructions: dict[str, int], note: str
) -> list[str]:
    rounds = len(next(iter(samples.values())).cpu_ms)
    lines = [
        f"import time, {rounds} interleaved rounds ({note})",
        "",
        f"{'contender':58} {'best CPU ms':>11} {'median':>7} {'max':>6} {'RSS MB':>7}",
    ]
    for label, s in samples.items():
        lines.append(
            f"{label:58} {s.best('cpu_ms'):11.1f} {s.median('cpu_ms'):7.1f} "
            f"{max(s.cpu_ms):6.0f} {s.median('rss_mb'):7.1f}"
        )
    lines.append("")
    for label in (TYPELINK, DECLARE_LABEL, GITHUB):
        lines.append(
            f"{label}: {_over(samples, label, DEPS_LITERAL)} over `{DEPS_LITERAL}`, "
            f"{_over(samples, label, DEPS_LABEL)} over the dependencies as used"
        )
    if GITHUBKIT in samples:
        ratio = samples[GITHUB].median("cpu_ms") / samples[GITHUBKIT].median("cpu_ms")
        lines.append(f"{GITHUB} / {GITHUBKIT}: {ratio:.2f}x the CPU time (medians)")
    if instructions:
        lines += ["", "instructions executed (valgrind callgrind; independent of machine load):"]
        for label, count in instructions.items():
            lines.append(f"  {count / 1e6:8,.0f} M  {label}")
        if DEPS_LITERAL in instructions:
            lines += _instruction_differences(samples, instructions)
    lines += ["", "memory (tracemalloc, Python allocations):"]
    for name, value in memory.items():
        what = "growth after 10,000" if name.endswith("created and closed") else "per"
        lines.append(f"  {what} {name}: {value / 1024:,.1f} KB")
    return lines


def _instruction_differences(
    samples: dict[str, Samples], instructions: dict[str, int]
) -> list[str]:
    """Each import's extra instructions over the literal dependencies, also in ms at the
    speed this machine ran the baseline (its median CPU time): a reading free of noise."""
    rate = instructions[DEPS_LITERAL] / samples[DEPS_LITERAL].median("cpu_ms")
    lines = []
    for label in (TYPELINK, GITHUB):
        if label in instructions:
            extra = instructions[label] - instructions[DEPS_LITERAL]
            lines.append(
                f"  {label}: {extra / 1e6:+,.0f} M instructions over `{DEPS_LITERAL}`, "
                f"~{extra / rate:+.1f} ms at this machine's speed"
            )
    return lines


def _over(samples: dict[str, Samples], label: str, baseline: str) -> str:
    median = samples[label].median("cpu_ms") - samples[baseline].median("cpu_ms")
    best = samples[label].best("cpu_ms") - samples[baseline].best("cpu_ms")
    return f"{median:+.1f} ms (best rounds: {best:+.1f} ms)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="5 rounds, fewer clients")
    parser.add_argument("--rounds", type=int, default=None, help="interleaved rounds (21)")
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args()
    rounds = args.rounds or (5 if args.quick else 21)
    interpreter = bench_interpreter()
    with tempfile.TemporaryDirectory() as tmp:
        body = issue_body(Path(tmp))
        samples = measure(interpreter, rounds, body)
        instructions = {} if args.quick else counted(interpreter, body)
    profile = import_profile(interpreter, GITHUB, 3 if args.quick else 7)
    memory = client_memory(interpreter, args.quick)
    lines = report(samples, memory, instructions, interpreter.note)
    print("\n".join([*lines, "", *profile_report(GITHUB, profile, 15)]))
    if args.json:
        result = {
            "figures": figures(samples, memory, instructions),
            "profile_ms": profile,
            "instructions": instructions,
            "cpu_ms": {k: s.cpu_ms for k, s in samples.items()},
        }
        Path(args.json).write_text(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
