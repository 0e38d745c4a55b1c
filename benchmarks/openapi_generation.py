"""How long `typelink openapi models` and `typelink openapi client` take, and how much memory,
on three real descriptions.

Descriptions: the Stripe and Box excerpts committed under tests/openapi/data, and GitHub's
api.github.com description with the six Enterprise Server descriptions `make github-models`
intersects `required` with (fetched once with `npm pack` into ~/.cache/typelink-bench; the
row is reported absent when npm cannot fetch them).

For each, and for models and clients alike: the in-process build (load, select, build,
open enums, render; for a client also plan the consumers and render them; no formatter),
median of several runs, against the time to merely `json.load` the same files in the same
run (the ratio is the figure); and the whole command as a user runs it (a fresh process,
ruff formatting included): wall time and peak memory (max RSS of the process tree). One more
client row covers every operation of GitHub's description (over 1,200).

Run: python benchmarks/openapi_generation.py [--quick] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from typelink.openapi.clientgen import ClientOptions, render_client  # noqa: E402
from typelink.openapi.generate import load_models  # noqa: E402
from typelink.openapi.header import Header  # noqa: E402
from typelink.openapi.render import render_package  # noqa: E402
from typelink.openapi.select import parse_operation_list  # noqa: E402

DATA = ROOT / "tests" / "openapi" / "data"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "typelink-bench"
OCTOKIT = {"23.0.2": ("ghes-3.18", "ghes-3.19"), "20.0.0": ("ghes-3.16", "ghes-3.17")}
OCTOKIT["18.0.0"] = ("ghes-3.14", "ghes-3.15")


@dataclass
class Description:
    name: str
    spec: Path
    operations: Path
    also_required_in: tuple[Path, ...] = ()
    overrides: Path | None = None
    client_name: str = "Api"
    models: bool = True
    """Also measure the model generator (the whole-API row measures only the client)."""


@dataclass
class Run:
    seconds: float
    max_rss_mb: float


def descriptions() -> list[Description]:
    found = [
        Description(
            "Stripe",
            DATA / "stripe-2020-08-27.excerpt.json",
            DATA / "stripe_operations.txt",
            client_name="Stripe",
        ),
        Description(
            "Box", DATA / "box-2024.0.excerpt.json", DATA / "box_operations.txt", client_name="Box"
        ),
    ]
    github = _github()
    if github is not None:
        found += [github, _whole_api(github)]
    return found


def _whole_api(github: Description) -> Description:
    """Every operation of GitHub's description, as one operations file in the cache."""
    data = json.loads(github.spec.read_text(encoding="utf-8"))
    ids = [
        op["operationId"]
        for item in data["paths"].values()
        for op in item.values()
        if isinstance(op, dict) and "operationId" in op
    ]
    listing = CACHE / "github-all-operations.txt"
    listing.write_text("\n".join(ids) + "\n", encoding="utf-8")
    return Description(
        f"GitHub, all {len(ids)} operations",
        github.spec,
        listing,
        overrides=github.overrides,
        client_name="GitHub",
        models=False,
    )


def _github() -> Description | None:
    folders = {version: _octokit(version) for version in OCTOKIT}
    if any(folder is None for folder in folders.values()):
        return None
    generated = {v: f / "package" / "generated" for v, f in folders.items() if f is not None}
    ghes = tuple(generated[v] / f"{name}.json" for v, names in OCTOKIT.items() for name in names)
    return Description(
        "GitHub",
        generated["23.0.2"] / "api.github.com.json",
        ROOT / "typelink" / "github" / "operations.txt",
        also_required_in=ghes,
        overrides=ROOT / "typelink" / "github" / "overrides.json",
        client_name="GitHub",
    )


def _octokit(version: str) -> Path | None:
    folder = CACHE / f"octokit-openapi-{version}"
    if (folder / "package").is_dir():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    try:
        subprocess.run(
            ["npm", "pack", "--silent", f"@octokit/openapi@{version}"],
            cwd=folder,
            check=True,
            capture_output=True,
            timeout=600,
        )
        tarball = next(folder.glob("*.tgz"))
        subprocess.run(["tar", "xzf", tarball.name], cwd=folder, check=True)
        tarball.unlink()
    except (OSError, subprocess.SubprocessError, StopIteration):
        return None
    return folder


def build_once(description: Description) -> float:
    """Seconds for one in-process build and render (no formatter, nothing written)."""
    start = time.perf_counter()
    generated = load_models(
        description.spec,
        parse_operation_list(str(description.operations)),
        overrides=description.overrides,
        also_required_in=description.also_required_in,
    )
    header = Header(description.spec.name, "", "", "bench")
    render_package(generated.model_set, header, "Benchmark models.")
    return time.perf_counter() - start


def build_client_once(description: Description) -> float:
    """Seconds for one in-process client build and render (no formatter, nothing written)."""
    start = time.perf_counter()
    options = ClientOptions(
        client_name=description.client_name,
        overrides=description.overrides,
        also_required_in=description.also_required_in,
        command="bench",
    )
    render_client(
        description.spec,
        parse_operation_list(str(description.operations)),
        "bench_client",
        options,
    )
    return time.perf_counter() - start


def load_once(description: Description) -> float:
    """Seconds to json.load every file the build reads: the floor any generator pays."""
    start = time.perf_counter()
    for path in (description.spec, *description.also_required_in):
        json.loads(path.read_text(encoding="utf-8"))
    return time.perf_counter() - start


def measure(command: list[str], cwd: Path | None = None) -> Run:
    """Wall time and peak RSS of a command in a fresh process (children included)."""
    start = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    seconds = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        error = process.stderr.read().decode(errors="replace") if process.stderr else ""
        raise RuntimeError(f"{command[0]} failed ({process.returncode}): {error[-2000:]}")
    return Run(seconds, usage.ru_maxrss / 1024)


def cli_command(description: Description, output: Path, subcommand: str = "models") -> list[str]:
    typelink = Path(sys.executable).with_name("typelink")
    command = [str(typelink), "openapi", subcommand, str(description.spec)]
    command += ["--operations", str(description.operations), "--output", str(output)]
    for other in description.also_required_in:
        command += ["--also-required-in", str(other)]
    if description.overrides:
        command += ["--overrides", str(description.overrides)]
    if subcommand == "client":
        command += ["--client-name", description.client_name]
    return command


def _figures(
    description: Description, what: str, rounds: int, quick: bool
) -> tuple[list[dict[str, object]], str]:
    """Build time against json.load, and the whole command's time and memory."""
    build = build_once if what == "models" else build_client_once
    build(description)  # warm imports and the file cache
    builds, loads = [], []
    for _ in range(rounds):
        loads.append(load_once(description))
        builds.append(build(description))
    load, built = statistics.median(loads), statistics.median(builds)
    with tempfile.TemporaryDirectory() as tmp:
        command = cli_command(description, Path(tmp) / "out", what)
        cli = min((measure(command) for _ in range(2 if quick else 3)), key=lambda r: r.seconds)
    row = (
        f"{description.name[:30]:>30} {what:>7} {load:8.3f} {built:8.3f} "
        f"{built / load:5.1f}x {cli.seconds:7.2f} {cli.max_rss_mb:7.0f}"
    )
    name = f"{description.name}: {what}"
    return [
        {
            "name": f"{name}: build vs json.load of the description",
            "value": built,
            "unit": "s",
            "baseline": load,
            "baseline_name": "json.load",
        },
        {"name": f"{name}: whole command", "value": cli.seconds, "unit": "s"},
        {"name": f"{name}: peak memory", "value": cli.max_rss_mb, "unit": "MB"},
    ], row


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds")
    parser.add_argument("--json", help="write figures to this file")
    args = parser.parse_args()
    rounds = 3 if args.quick else 7
    figures: list[dict[str, object]] = []
    print(
        f"{'description':>30} {'output':>7} {'load s':>8} {'build s':>8} {'ratio':>6} "
        f"{'CLI s':>7} {'CLI MB':>7}"
    )
    print("-" * 81)
    found = descriptions()
    for description in found:
        for what in ("models", "client") if description.models else ("client",):
            more, row = _figures(description, what, rounds, args.quick)
            figures += more
            print(row)
    if not any(d.name == "GitHub" for d in found):
        print("GitHub: absent (npm could not fetch @octokit/openapi)")
    if args.json:
        Path(args.json).write_text(json.dumps({"figures": figures}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
