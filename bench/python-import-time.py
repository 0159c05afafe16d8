#!/usr/bin/env python3
"""bench/python-import-time (issue 17): what importing costs before the first result.

Side by side, in fresh processes, interleaved round by round (so a busy machine slows
every contender alike), the median seconds of:

- ``import basedosdados_sdk``: our generated package (out/python/src, in .venv), which
  imports neither pandas nor google-cloud-bigquery until a data call needs them;
- ``+ first data call's imports``: the same, then ``import google.cloud.bigquery``, which
  a data call needs, and which imports pandas, pyarrow and db-dtypes itself;
- ``import pandas`` in .venv (pandas 3): the floor of any DataFrame call;
- ``import basedosdados``: PyPI basedosdados 2.0.3 (.venv-basedosdados), which imports
  pandas, pandas-gbq and the Google clients up front;
- ``import pandas`` in .venv-basedosdados (pandas 2, which that package pins).

Each is also shown as a ratio to ``import pandas`` of its own environment, and ours to
PyPI's. Run from the repository root after ``npm run generate`` (and
``bash scripts/setup-python.sh .venv-basedosdados tests/python/legacy/requirements.txt``
for the PyPI side, which is left out without it):

    .venv/bin/python bench/python-import-time.py [--rounds 9]

Note: a .venv that has pandas-gbq installed (the project's test environment does)
makes ``import google.cloud.bigquery`` import it too; the line says so.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OURS = ROOT / ".venv" / "bin" / "python"
PYPI = ROOT / ".venv-basedosdados" / "bin" / "python"
PACKAGE = ROOT / "out" / "python" / "src"

# Prints the seconds the statements take, interpreter start-up left out.
TIMER = "import time\nstarted = time.perf_counter()\n{statements}\nprint(time.perf_counter() - started)\n"


@dataclass
class Contender:
    label: str
    python: Path
    statements: str
    floor: str  # the label of the bare `import pandas` of the same environment
    env: dict[str, str] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)

    def run(self, home: str) -> None:
        env = {"PATH": os.environ.get("PATH", ""), "HOME": home, "PYTHONDONTWRITEBYTECODE": "1", **self.env}
        done = subprocess.run(
            [str(self.python), "-c", TIMER.format(statements=self.statements)], env=env, capture_output=True, text=True, check=False
        )
        if done.returncode != 0:
            raise SystemExit(f"{self.label} failed:\n{done.stderr}")
        self.seconds.append(float(done.stdout.strip().splitlines()[-1]))

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


def contenders() -> list[Contender]:
    if not (PACKAGE / "basedosdados_sdk" / "__init__.py").exists():
        raise SystemExit("no out/python: run `npm run generate` first")
    ours_env = {"PYTHONPATH": str(PACKAGE)}
    has_gbq = subprocess.run([str(OURS), "-c", "import pandas_gbq"], capture_output=True, check=False).returncode == 0
    listed = [
        Contender("import basedosdados_sdk (ours)", OURS, "import basedosdados_sdk", "import pandas (.venv)", ours_env),
        Contender(
            "  + first data call's imports" + (" [1]" if has_gbq else ""),
            OURS,
            "import basedosdados_sdk\nimport google.cloud.bigquery",
            "import pandas (.venv)",
            ours_env,
        ),
        Contender("import pandas (.venv)", OURS, "import pandas", "import pandas (.venv)"),
    ]
    if PYPI.exists():
        listed += [
            Contender("import basedosdados (PyPI 2.0.3)", PYPI, "import basedosdados", "import pandas (.venv-basedosdados)"),
            Contender("import pandas (.venv-basedosdados)", PYPI, "import pandas", "import pandas (.venv-basedosdados)"),
        ]
    else:
        print(f"(no {PYPI.parent.parent.name}: PyPI basedosdados left out)", file=sys.stderr)
    return listed


def version(python: Path, module: str) -> str:
    done = subprocess.run([str(python), "-c", f"import {module}; print({module}.__version__)"], capture_output=True, text=True, check=False)
    return done.stdout.strip() or "?"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9, help="fresh processes per contender (default 9)")
    rounds = parser.parse_args().rounds
    listed = contenders()
    with tempfile.TemporaryDirectory(prefix="bdgen-import-bench-") as home:
        for _ in range(rounds):
            for contender in listed:  # one of each per round: side by side
                contender.run(home)
    by_label = {c.label: c for c in listed}
    print(f"median of {rounds} fresh processes each; pandas {version(OURS, 'pandas')} in .venv", end="")
    print(f", {version(PYPI, 'pandas')} in .venv-basedosdados" if PYPI.exists() else "")
    print(f"{'':52} {'seconds':>8} {'x its pandas':>13}")
    for contender in listed:
        ratio = contender.median / by_label[contender.floor].median
        print(f"{contender.label:52} {contender.median:8.3f} {ratio:12.2f}x")
    if any(c.label.endswith("[1]") for c in listed):
        print("[1] pandas-gbq is installed in .venv, so google.cloud.bigquery imports it too")
    pypi = by_label.get("import basedosdados (PyPI 2.0.3)")
    if pypi is not None:
        ours = by_label["import basedosdados_sdk (ours)"]
        first = next(c for c in listed if c.label.startswith("  + first"))
        print(f"\nimport basedosdados_sdk takes {ours.median / pypi.median:.3f}x the time of import basedosdados;")
        print(f"with the first data call's imports, {first.median / pypi.median:.2f}x.")


if __name__ == "__main__":
    main()
