"""The import benchmark's own virtual environment, and running Python in it.

githubkit is measured side by side with typelink but is not a dependency of typelink, so it
is installed (from the package index, pinned) into a private virtual environment together
with typelink's own dependencies, at the versions of the environment running the benchmark
(``pip freeze`` as constraints). typelink itself is never installed there: it is imported
from this checkout (``PYTHONPATH``), so the figures always describe the working tree.

Every child gets the same bytecode cache (``PYTHONPYCACHEPREFIX``, written even where
``PYTHONDONTWRITEBYTECODE`` is set), warmed before anything is timed: the figures are
imports from cached bytecode, as users see them after the first run.
"""

from __future__ import annotations

import configparser
import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "typelink-bench"
PEERS = ("githubkit==0.16.1", "hishel==1.4.0")
"""The peer measured side by side (the newest release when this benchmark was written). It
accepts hishel 2.0.0 but fails to import with it (``CachePolicy`` is gone), so hishel is
pinned to the last release it works with."""
EXTRAS = ("github",)
"""typelink extras whose dependencies the measured imports may need."""


@dataclass(frozen=True)
class Interpreter:
    """A Python to run children with, and whether githubkit is importable there."""

    python: str
    has_githubkit: bool
    note: str

    def env(self) -> dict[str, str]:
        """The environment of every child: the checkout first, one warm bytecode cache."""
        env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
        env["PYTHONPATH"] = str(ROOT)
        env["PYTHONPYCACHEPREFIX"] = str(CACHE / "pycache")
        return env

    def run(self, args: list[str], timeout: float = 600) -> subprocess.CompletedProcess[str]:
        """Run ``python args...`` in the checkout, capturing text output."""
        return subprocess.run(
            [self.python, *args],
            cwd=ROOT,
            env=self.env(),
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
        )


def requirements() -> list[str]:
    """typelink's install requirements and those of :data:`EXTRAS`, read from setup.cfg."""
    config = configparser.ConfigParser()
    config.read(ROOT / "setup.cfg")
    lines = config["options"]["install_requires"].splitlines()
    for extra in EXTRAS:
        lines += config["options.extras_require"][extra].splitlines()
    return sorted(line.strip() for line in lines if line.strip())


def constraints() -> list[str]:
    """``name==version`` of every package of the running environment (typelink excluded)."""
    frozen = subprocess.run(
        [sys.executable, "-m", "pip", "freeze", "--exclude-editable"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    return sorted(
        line for line in frozen if "==" in line and not line.lower().startswith("typelink")
    )


def bench_interpreter() -> Interpreter:
    """The private environment (created or updated when its inputs changed), else this one."""
    wanted = {
        "python": sys.version,
        "requirements": requirements(),
        "constraints": constraints(),
        "peers": PEERS,
    }
    key = hashlib.sha256(json.dumps(wanted, sort_keys=True).encode()).hexdigest()[:12]
    env_dir = CACHE / f"import-env-{key}"
    python = env_dir / "bin" / "python"
    stamp = env_dir / "installed.json"
    if not stamp.exists():
        try:
            _create(env_dir, wanted)
        except (OSError, subprocess.CalledProcessError) as exc:
            shutil.rmtree(env_dir, ignore_errors=True)
            return Interpreter(
                sys.executable,
                False,
                f"could not build the benchmark environment ({type(exc).__name__}); "
                "measured in the current environment, without githubkit",
            )
        stamp.write_text(json.dumps(wanted, indent=1))
    return Interpreter(str(python), True, f"private environment {env_dir}")


def _create(env_dir: Path, wanted: dict[str, object]) -> None:
    shutil.rmtree(env_dir, ignore_errors=True)
    print(f"creating the benchmark environment {env_dir} (once)", file=sys.stderr, flush=True)
    venv.create(env_dir, with_pip=True)
    constraints_file = env_dir / "constraints.txt"
    constraints_file.write_text("\n".join(wanted["constraints"]) + "\n")  # type: ignore[arg-type]
    requirements_list: list[str] = wanted["requirements"]  # type: ignore[assignment]
    log = env_dir / "pip-install.log"
    with log.open("w") as out:
        done = subprocess.run(
            [
                str(env_dir / "bin" / "python"),
                *("-m", "pip", "install", "--disable-pip-version-check"),
                *("-c", str(constraints_file)),
                *requirements_list,
                *PEERS,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            check=False,
        )
    if done.returncode != 0:
        print(log.read_text()[-3000:], file=sys.stderr)
        raise subprocess.CalledProcessError(done.returncode, "pip install")
