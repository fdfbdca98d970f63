# SPDX-License-Identifier: EUPL-1.2
"""How long do `opentenzij --help` and `opentenzij publiccode validate FILE` take, next to a bare
Python and to importing the whole web app?

Runs each target as a fresh process, in interleaved rounds in one run: the installed console
script (`opentenzij` beside this Python) with `--help`, and with `publiccode validate` on the
project's own publiccode.yml; for comparison `python -c pass` (the floor) and `python -c
"import catalogue.app"` (what every command cost when the CLI imported the whole application).
Prints the median and fastest wall time of each, its ratio to the bare Python and the time
above it. With --importtime N, also the N costliest imports of the two commands, from
`python -X importtime` (cumulative, as the command imports them).

    .venv/bin/python bench/cli_startup.py [--rounds 20] [--importtime 10]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
COMMAND = str(Path(PYTHON).with_name("opentenzij"))
PUBLICCODE = str(ROOT / "publiccode.yml")
GOAL = 0.3  # seconds, for the two commands
TARGETS = {
    "python -c pass": [PYTHON, "-c", "pass"],
    "opentenzij --help": [COMMAND, "--help"],
    "opentenzij publiccode validate": [COMMAND, "publiccode", "validate", PUBLICCODE],
    "python -c 'import catalogue.app'": [PYTHON, "-c", "import catalogue.app"],
}
# The same two commands in-process, so that -X importtime sees their imports.
PROFILED = {
    "opentenzij --help": ["--help"],
    "opentenzij publiccode validate": ["publiccode", "validate", PUBLICCODE],
}
RUN_MAIN = "import sys; from catalogue.cli import main; main(sys.argv[1:], prog_name='opentenzij')"


def environment() -> dict[str, str]:
    """This environment without settings that would change what a command does."""
    return {name: value for name, value in os.environ.items() if not name.startswith("OPENTENZIJ")}


def wall_time(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to its end; its output is thrown away."""
    began = time.perf_counter()
    subprocess.run(command, env=env, cwd=ROOT, capture_output=True, check=False)
    return time.perf_counter() - began


def measure(rounds: int, env: dict[str, str]) -> dict[str, list[float]]:
    """The wall times of every target, over interleaved rounds (after one warm-up each)."""
    for command in TARGETS.values():
        wall_time(command, env)  # warm the file cache and the bytecode
    times: dict[str, list[float]] = {name: [] for name in TARGETS}
    for _ in range(rounds):
        for name, command in TARGETS.items():
            times[name].append(wall_time(command, env))
    return times


def report(times: dict[str, list[float]]) -> None:
    """The table: median and fastest, ratio to the bare Python, and the time above it."""
    floor = statistics.median(times["python -c pass"])
    print(f"{'target':34} {'median ms':>9} {'min ms':>7} {'x bare':>7} {'above bare ms':>13}")
    for name, values in times.items():
        median = statistics.median(values)
        print(
            f"{name:34} {median * 1000:9.0f} {min(values) * 1000:7.0f} {median / floor:7.1f} "
            f"{(median - floor) * 1000:13.0f}"
        )
    for name in PROFILED:
        median = statistics.median(times[name])
        verdict = "under" if median < GOAL else "OVER"
        print(f"{name}: {verdict} the goal of {GOAL * 1000:.0f} ms")


def costliest_imports(arguments: list[str], count: int, env: dict[str, str]) -> list[str]:
    """The `count` costliest imports the command makes itself (not those nested in them)."""
    finished = subprocess.run(
        [PYTHON, "-X", "importtime", "-c", RUN_MAIN, *arguments],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    rows = []
    for line in finished.stderr.splitlines():
        if not line.startswith("import time:") or "[us]" in line:
            continue
        _, cumulative, module = line.removeprefix("import time:").split("|")
        if module.startswith("  "):  # nested: counted in the import that made it
            continue
        rows.append((int(cumulative), module.strip()))
    rows.sort(reverse=True)
    return [f"  {total / 1000:7.1f} ms  {module}" for total, module in rows[:count]]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--importtime", type=int, default=10, help="imports to list (0: none)")
    arguments = parser.parse_args()
    env = environment()
    times = measure(arguments.rounds, env)
    print(
        f"\nPython {sys.version.split()[0]}, {os.cpu_count()} cores; median of "
        f"{arguments.rounds} interleaved rounds, each a fresh process\n"
    )
    report(times)
    if arguments.importtime:
        for name, command in PROFILED.items():
            print(f"\ncostliest imports of {name} (cumulative):")
            print("\n".join(costliest_imports(command, arguments.importtime, env)))


if __name__ == "__main__":
    main()
