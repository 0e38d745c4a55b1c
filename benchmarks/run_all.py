"""Run every benchmark script and write ``benchmarks/RESULTS.md`` with plots.

Why one runner: figures only mean something next to their baseline from the same run, on a
named machine, on a known date. Each ``benchmarks/*.py`` (except ``_private.py`` modules and
this file) runs in its own process; a script that accepts ``--json FILE`` writes its figures
there, and ``--quick`` is passed on to scripts that accept it. Scripts that are absent (the
cassette replay benchmark lives on another branch until it is merged) or that fail are
reported as such, and the other figures are still rendered.

The figure convention for ``--json``: a top-level ``"figures"`` list of objects with
``name``, ``value``, ``unit``, ``baseline``, ``baseline_name``, ``target`` (e.g. ``">= 0.90"``)
and optionally ``ratio`` (default ``value / baseline``) and ``compare``, what the target
applies to: ``"ratio"`` (the default), ``"difference"`` (``value - baseline``, in the unit:
"at most 30 ms more than") or ``"value"`` (the value itself: "at most 40 MB"). Scripts
without it are read through an adapter below (the cassette table is parsed from stdout).

Run: ``python benchmarks/run_all.py [--quick] [--only overhead ...] [--out FILE]``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EXPECTED = ("overhead.py", "cassette_replay.py")
"""Scripts the report always mentions, present or not."""


@dataclass
class Figure:
    name: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_name: str = ""
    ratio: float | None = None
    target: str = ""
    compare: str = "ratio"
    """What the target applies to: ``ratio``, ``difference`` (value - baseline) or ``value``."""

    @property
    def compared(self) -> float | None:
        """The number the target applies to (None when it cannot be known)."""
        if self.compare == "value":
            return self.value
        if self.compare == "difference":
            return None if self.baseline is None else self.value - self.baseline
        return self.ratio

    @property
    def shown(self) -> str:
        """The compared number as the report's ratio column shows it."""
        compared = self.compared
        if compared is None or self.compare == "value":
            return "—"
        if self.compare == "difference":
            return f"{compared:+.1f} {self.unit}".strip()
        return f"{compared:.2f}x"

    @property
    def met(self) -> bool | None:
        """Does the compared number meet the target? None when either is unknown."""
        match = re.fullmatch(r"\s*(>=|<=|>|<)\s*([0-9.]+)\s*x?\s*", self.target or "")
        compared = self.compared
        if match is None or compared is None:
            return None
        op, bound = match.group(1), float(match.group(2))
        return {
            ">=": compared >= bound,
            "<=": compared <= bound,
            ">": compared > bound,
            "<": compared < bound,
        }[op]


@dataclass
class Outcome:
    script: str
    status: str  # ok, failed, absent, timeout
    seconds: float = 0.0
    stdout: str = ""
    stderr: str = ""
    data: dict[str, Any] = field(default_factory=dict)
    figures: list[Figure] = field(default_factory=list)
    plot: str | None = None


def discover() -> list[str]:
    names = sorted(
        p.name
        for p in HERE.glob("*.py")
        if not p.name.startswith("_") and p.name != Path(__file__).name
    )
    return names


def supported_flags(script: Path) -> set[str]:
    """Which of ``--json`` / ``--quick`` the script declares (read from its source, so a
    script whose imports fail in this checkout is still run as it asks)."""
    source = script.read_text(encoding="utf-8", errors="replace")
    return {flag for flag in ("--json", "--quick") if f'"{flag}"' in source}


def run_script(name: str, quick: bool, timeout: float) -> Outcome:
    script = HERE / name
    if not script.exists():
        return Outcome(name, "absent")
    flags = supported_flags(script)
    with tempfile.TemporaryDirectory() as tmp:
        json_path = Path(tmp) / "figures.json"
        command = [sys.executable, str(script)]
        if "--json" in flags:
            command += ["--json", str(json_path)]
        if quick and "--quick" in flags:
            command.append("--quick")
        print(f"== {' '.join([Path(command[1]).name, *command[2:]])}", flush=True)
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), *sys.path[1:]])}
        start = time.perf_counter()
        try:
            done = subprocess.run(
                command, cwd=ROOT, capture_output=True, text=True, timeout=timeout, env=env
            )
        except subprocess.TimeoutExpired as exc:
            out = exc.stdout.decode() if isinstance(exc.stdout, bytes) else exc.stdout or ""
            return Outcome(name, "timeout", time.perf_counter() - start, out)
        seconds = time.perf_counter() - start
        print(done.stdout, flush=True)
        outcome = Outcome(
            name, "ok" if done.returncode == 0 else "failed", seconds, done.stdout, done.stderr
        )
        if json_path.exists():
            try:
                outcome.data = json.loads(json_path.read_text())
            except ValueError:
                outcome.data = {}
    outcome.figures = figures_for(outcome)
    return outcome


# -- adapters: a script's output -> figures -------------------------------------------------


def _from_convention(data: dict[str, Any]) -> list[Figure]:
    figures = []
    for raw in data.get("figures", []):
        try:
            value = float(raw["value"])
            baseline = float(raw["baseline"]) if raw.get("baseline") is not None else None
        except (KeyError, TypeError, ValueError):
            continue
        ratio = raw.get("ratio")
        if ratio is None and baseline:
            ratio = value / baseline
        figures.append(
            Figure(
                name=str(raw.get("name", "?")),
                value=value,
                unit=str(raw.get("unit", "")),
                baseline=baseline,
                baseline_name=str(raw.get("baseline_name", "")),
                ratio=float(ratio) if ratio is not None else None,
                target=str(raw.get("target", "")),
                compare=str(raw.get("compare", "ratio")),
            )
        )
    return figures


_REPLAY_KEYS = {
    "interactions": ("interactions",),
    "load_s": ("parse s", "load s"),
    "typelink_s": ("typelink s",),
    "vcrpy_s": ("vcrpy s",),
}


def parse_table(text: str) -> list[dict[str, str]]:
    """Rows of a right-aligned text table (header, a line of dashes, rows) keyed by label.

    A label is the header text that ends where the row's field ends, so labels may contain
    spaces ("vcrpy load s") and columns may be added or reordered.
    """
    lines = text.splitlines()
    for i in range(1, len(lines)):
        if set(lines[i].strip()) != {"-"} or not lines[i - 1].strip():
            continue
        header = lines[i - 1]
        rows = []
        for line in lines[i + 1 :]:
            fields = list(re.finditer(r"\S+", line))
            if not fields or not fields[0].group().isdigit():
                break
            row: dict[str, str] = {}
            start = 0
            for field_match in fields:
                end = field_match.end()
                label = header[start:end].strip()
                start = end
                row[label] = field_match.group()
            rows.append(row)
        return rows
    return []


def _number(text: str) -> float | None:
    try:
        return float(text.rstrip("x").replace(",", ""))
    except ValueError:
        return None


def replay_rows(outcome: Outcome) -> list[dict[str, float]]:
    """Cassette replay rows: from ``--json`` (``rows`` of dicts) or the printed table."""
    raw_rows: list[dict[str, Any]] = []
    rows = outcome.data.get("rows")
    if isinstance(rows, list) and all(isinstance(r, dict) for r in rows):
        raw_rows = rows
    else:
        for row in parse_table(outcome.stdout):
            mapped: dict[str, Any] = {}
            for key, labels in _REPLAY_KEYS.items():
                for label in labels:
                    if label in row:
                        mapped[key] = row[label]
                        break
            raw_rows.append(mapped)
    parsed = []
    for row in raw_rows:
        values = {k: _number(str(row.get(k, ""))) for k in _REPLAY_KEYS}
        if all(v is not None for v in values.values()):
            parsed.append({k: float(v or 0.0) for k, v in values.items()})
    return parsed


def _replay_figures(outcome: Outcome) -> list[Figure]:
    figures = []
    for row in replay_rows(outcome):
        count = int(row["interactions"])
        figures.append(
            Figure(
                name=f"replay {count:,} interactions: typelink vs stock vcrpy (speedup)",
                value=row["typelink_s"],
                unit="s",
                baseline=row["vcrpy_s"],
                baseline_name="stock vcrpy",
                ratio=row["vcrpy_s"] / row["typelink_s"] if row["typelink_s"] else None,
                target=">= 20" if count >= 5000 else "",
            )
        )
        figures.append(
            Figure(
                name=f"replay {count:,} interactions: typelink vs loading the file",
                value=row["typelink_s"],
                unit="s",
                baseline=row["load_s"],
                baseline_name="YAML load only",
                ratio=row["typelink_s"] / row["load_s"] if row["load_s"] else None,
                target="<= 2",
            )
        )
    return figures


def _overhead_figures(data: dict[str, Any]) -> list[Figure]:
    """overhead.py output written before it grew a ``figures`` list."""
    cps = data.get("calls_per_second") or {}
    typed = cps.get("typelink typed call")
    out = []
    for baseline_name, target in (
        ("raw requests + pydantic", ">= 0.90"),
        ("plain uplink @returns.json", ">= 1.00"),
    ):
        base = cps.get(baseline_name)
        if typed and base:
            out.append(
                Figure(
                    f"typelink typed call vs {baseline_name}",
                    typed,
                    "calls/s",
                    base,
                    baseline_name,
                    typed / base,
                    target,
                )
            )
    return out


def figures_for(outcome: Outcome) -> list[Figure]:
    if outcome.data.get("figures"):
        return _from_convention(outcome.data)
    if outcome.script == "cassette_replay.py":
        return _replay_figures(outcome)
    if outcome.script == "overhead.py":
        return _overhead_figures(outcome.data)
    return []


# -- plots ----------------------------------------------------------------------------------


def _save(fig: Any, name: str, out_dir: Path) -> str:
    """Write ``name`` atomically (a half-written PNG never replaces a good one)."""
    target = out_dir / name
    tmp = out_dir / (name + ".tmp")
    fig.savefig(tmp, format="png", dpi=110, bbox_inches="tight")
    os.replace(tmp, target)
    return name


def plot_overhead(outcome: Outcome, out_dir: Path = HERE) -> str | None:
    cps = outcome.data.get("calls_per_second")
    if not isinstance(cps, dict) or not cps:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = list(cps)
    micros = [1e6 / float(cps[n]) for n in names]
    fig, ax = plt.subplots(figsize=(7, 2.8))
    colors = ["#999999", "#6a9fd4", "#e07b39"][: len(names)] + ["#777777"] * (len(names) - 3)
    bars = ax.barh(names, micros, color=colors)
    ax.bar_label(bars, labels=[f"{m:.0f} µs" for m in micros], padding=3)
    ax.set_xlabel("time per call, µs (lower is better; local keep-alive server)")
    ax.set_title("Per-call time: typelink vs raw requests and plain uplink")
    ax.invert_yaxis()
    ax.set_xlim(0, max(micros) * 1.25)
    name = _save(fig, "overhead.png", out_dir)
    plt.close(fig)
    return name


def plot_replay(outcome: Outcome, out_dir: Path = HERE) -> str | None:
    rows = replay_rows(outcome)
    if not rows:
        return None
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    if len(rows) == 1:  # one size (a --quick run): bars say it better than a lone point
        (row,) = rows
        names = ["stock vcrpy", "typelink", "YAML load only"]
        seconds = [row["vcrpy_s"], row["typelink_s"], row["load_s"]]
        fig, ax = plt.subplots(figsize=(6, 2.6))
        bars = ax.barh(names, seconds, color=["#999999", "#e07b39", "#6a9fd4"])
        ax.bar_label(bars, labels=[f"{v:.2f} s" for v in seconds], padding=3)
        ax.invert_yaxis()
        ax.set_xlim(0, max(seconds) * 1.25)
        ax.set_xlabel(f"time to replay {int(row['interactions']):,} interactions, s")
        ax.set_title("Replaying a cassette (one size; a full run plots several)")
    else:
        sizes = [r["interactions"] for r in rows]
        fig, ax = plt.subplots(figsize=(6, 3.6))
        ax.plot(sizes, [r["vcrpy_s"] for r in rows], "o-", color="#999999", label="stock vcrpy")
        ax.plot(sizes, [r["typelink_s"] for r in rows], "o-", color="#e07b39", label="typelink")
        ax.plot(sizes, [r["load_s"] for r in rows], "o--", color="#6a9fd4", label="YAML load only")
        ax.set_xlabel("interactions in the cassette")
        ax.set_ylabel("replay time, s (log scale)")
        ax.set_yscale("log")
        ax.set_title("Replaying a cassette: time against cassette size")
        ax.legend()
        ax.grid(alpha=0.3)
    name = _save(fig, "cassette_replay.png", out_dir)
    plt.close(fig)
    return name


PLOTS = {"overhead.py": plot_overhead, "cassette_replay.py": plot_replay}


# -- the report ---------------------------------------------------------------------------


def machine() -> dict[str, str]:
    model = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = f"{os.getloadavg()[0]:.1f}"
    except OSError:
        load = "?"
    return {
        "load": load,
        "cores": str(os.cpu_count() or "?"),
        "cpu": model or platform.processor() or "?",
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def _busy(info: dict[str, str]) -> bool:
    try:
        return float(info["load"]) > float(info["cores"])
    except ValueError:
        return False


def _num(value: float | None, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if abs(value) >= 100 else f"{value:.3g}"
    return f"{text} {unit}".strip()


def _target(figure: Figure) -> str:
    if not figure.target:
        return "—"
    if figure.compare == "difference":
        return f"{figure.target} {figure.unit} more".strip()
    if figure.compare == "value":
        return f"{figure.target} {figure.unit}".strip()
    return figure.target


def render(outcomes: list[Outcome], quick: bool, started: dt.datetime) -> str:
    info = machine()
    lines = [
        "# Benchmark results",
        "",
        f"Generated by `make bench{' QUICK=1' if quick else ''}` "
        f"(`python benchmarks/run_all.py{' --quick' if quick else ''}`) on "
        f"{started:%Y-%m-%d %H:%M} UTC.",
        "",
        f"Machine: {info['cores']} cores ({info['cpu']}), Python {info['python']}, "
        f"{info['platform']}; load average {info['load']} when the run started"
        + (
            " (above the core count: other work shared the machine, so the ratios are noisier)."
            if _busy(info)
            else "."
        ),
        "",
        "Every ratio compares two contenders measured in the same run on the same machine; "
        "the target applies to the ratio (or, where it says so, to the difference from the "
        "baseline or to the value itself). Timings never decide a test's pass/fail.",
        "",
        "| benchmark | figure | value | baseline (same run) | ratio or difference | target | met |",
        "| --- | --- | --- | --- | --- | --- | --- |",
    ]
    for outcome in outcomes:
        for f in outcome.figures:
            met = {True: "yes", False: "**no**", None: "—"}[f.met]
            lines.append(
                f"| {outcome.script} | {f.name} | {_num(f.value, f.unit)} | "
                f"{_num(f.baseline, f.unit)}"
                f"{f' ({f.baseline_name})' if f.baseline is not None and f.baseline_name else ''} | "
                f"{f.shown} | {_target(f)} | {met} |"
            )
        if not outcome.figures:
            lines.append(f"| {outcome.script} | ({outcome.status}) | — | — | — | — | — |")
    for outcome in outcomes:
        lines += ["", f"## {outcome.script}", ""]
        if outcome.status == "absent":
            lines.append(
                "Not in this checkout (it arrives with another branch); nothing to report yet."
            )
            continue
        lines.append(f"Status: {outcome.status}, {outcome.seconds:.0f} s.")
        if outcome.plot:
            lines += ["", f"![{outcome.script}]({outcome.plot})"]
        if outcome.stdout.strip():
            lines += ["", "```", outcome.stdout.strip(), "```"]
        if outcome.status != "ok" and outcome.stderr.strip():
            tail = "\n".join(outcome.stderr.strip().splitlines()[-15:])
            lines += ["", "stderr (last lines):", "", "```", tail, "```"]
    return "\n".join(lines) + "\n"


def datetime_utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="pass --quick to every script")
    parser.add_argument("--only", nargs="+", help="run only these scripts (names, .py optional)")
    parser.add_argument("--out", default=str(HERE / "RESULTS.md"))
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds per script")
    args = parser.parse_args(argv)
    started = datetime_utc_now()
    names = sorted(set(discover()) | set(EXPECTED))
    if args.only:
        wanted = {n if n.endswith(".py") else n + ".py" for n in args.only}
        names = [n for n in names if n in wanted]
    outcomes = []
    for name in names:
        outcome = run_script(name, args.quick, args.timeout)
        plot = PLOTS.get(name)
        if plot is not None and outcome.status == "ok":
            try:
                outcome.plot = plot(outcome, Path(args.out).parent)
            except Exception as exc:  # a broken plot must not lose the figures
                outcome.stderr += f"\nplot failed: {type(exc).__name__}: {exc}"
        outcomes.append(outcome)
    Path(args.out).write_text(render(outcomes, args.quick, started))
    print(f"wrote {args.out}")
    failed = [o.script for o in outcomes if o.status in ("failed", "timeout")]
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
