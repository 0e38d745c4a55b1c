"""``python -m tests.soak``: the long fault soak (``make soak``), printing its figures.

Options: ``--calls N`` (default 10,000), ``--threads N`` (8), ``--seed N``, ``--json FILE``;
``--async`` runs the async client instead, on ``--tasks N`` (32) asyncio tasks.
Exit status 0 when every promise held, 1 otherwise.
"""

from __future__ import annotations

import argparse
import json
import sys

from tests.soak.async_engine import run_async_soak
from tests.soak.engine import SoakOptions, run_soak
from tests.soak.faults import FaultConfig


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__)
    parser.add_argument("--calls", type=int, default=10_000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--tasks", type=int, default=32)
    parser.add_argument("--async", dest="use_async", action="store_true")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--json", help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    options = SoakOptions(
        calls=args.calls,
        threads=args.tasks if args.use_async else args.threads,
        seed=args.seed,
        faults=FaultConfig(seed=args.seed),
        block=1000 if args.calls >= 5000 else None,
    )
    report = run_async_soak(options) if args.use_async else run_soak(options)
    print(report.render())
    for sample in report.untyped_samples + report.wrong_samples:
        print(sample, file=sys.stderr)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(report.to_json(), fh, indent=2)
    return 0 if not report.problems() else 1


if __name__ == "__main__":
    sys.exit(main())
