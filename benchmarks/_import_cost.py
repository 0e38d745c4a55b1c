"""Where an import's cost goes: ``-X importtime`` per module, and instruction counts.

Helpers of ``import_time.py``: the best self time of each module over a few runs, grouped
(typelink's modules by subpackage, others by top-level package), and the instructions a
program executes under valgrind's callgrind, a measure that does not move with the load of
the machine (about 50 times slower to take than the program itself).
"""

from __future__ import annotations

import re
import shutil
import subprocess

from _import_env import Interpreter

_IMPORTTIME = re.compile(r"import time:\s+(\d+) \|\s+(\d+) \|\s*(\S+)")


def import_profile(interpreter: Interpreter, statement: str, runs: int) -> dict[str, float]:
    """Best self time (ms) of each module imported by ``statement``, over ``runs`` runs."""
    best: dict[str, float] = {}
    for _ in range(runs):
        stderr = interpreter.run(["-X", "importtime", "-c", statement]).stderr
        for self_us, _, module in _IMPORTTIME.findall(stderr):
            best[module] = min(best.get(module, float("inf")), int(self_us) / 1e3)
    return best


def profile_report(statement: str, profile: dict[str, float], top: int) -> list[str]:
    groups: dict[str, float] = {}
    for module, ms in profile.items():
        root = module.split(".")[0]
        key = ".".join(module.split(".")[:3]) if root == "typelink" else root
        groups[key] = groups.get(key, 0.0) + ms
    own = sum(ms for module, ms in profile.items() if module.startswith("typelink"))
    lines = [
        f"where `{statement}` spends its import time (-X importtime, best self time per module):",
        f"  all modules {sum(profile.values()):.1f} ms, typelink's own {own:.1f} ms",
    ]
    for key, ms in sorted(groups.items(), key=lambda kv: -kv[1])[:top]:
        lines.append(f"  {ms:7.1f} ms  {key}")
    return lines


def instruction_counts(interpreter: Interpreter, codes: dict[str, str]) -> dict[str, int]:
    """Instructions each program executes (valgrind's callgrind): unlike time, the same
    however busy the machine is. Empty when valgrind is not installed."""
    valgrind = shutil.which("valgrind")
    if valgrind is None:
        return {}
    counts: dict[str, int] = {}
    for label, code in codes.items():
        args = ["--tool=callgrind", "--callgrind-out-file=/dev/null", interpreter.python]
        done = subprocess.run(
            [valgrind, *args, "-c", code],
            env=interpreter.env(),
            capture_output=True,
            text=True,
            check=False,
        )
        found = re.search(r"Collected : (\d+)", done.stderr)
        if found is not None:
            counts[label] = int(found.group(1))
    return counts
