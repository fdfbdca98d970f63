# SPDX-License-Identifier: EUPL-1.2
"""How fast does the redaction scan read a released tree, next to grep over the same tree?

Generates a tree of text files (default 5,000 files, 50 MB) holding a known number of
standalone marker runs (default 3,000, of `S` and `P`) among code in which the same letters
also stand inside words and identifiers (`ASSERT`, `SSSS_KEY`). Then, in interleaved rounds with
the files in the page cache, times:

- `scan`: wooexemptions.redactions.scan over folder_entries (walk, read, find, count lines);
- `grep -rEc`: GNU grep counting matching lines for the same pattern over the same tree;
- `grep -rEo`: grep printing every run (closer to what the scan does: each run, not each line).

Prints the medians, their ratios, and checks that the scan found exactly the runs generated.

    .venv/bin/python bench/redactions.py [--files 5000] [--megabytes 50] [--runs 3000] [--rounds 3]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from wooexemptions.redactions import Marker, folder_entries, scan

LEGEND = [Marker("S", "woo-5.1.2.i"), Marker("P", "woo-5.1.2.e")]
PATTERN = r"(^|[^[:alnum:]_])(S{4,}|P{4,})($|[^[:alnum:]_])"
LINES = [
    "    assert response.status == 200, 'ASSERT SUCCESS'\n",
    "    SSSS_KEY = settings.get('SESSION_SECRET')  # ASSSSERTION_PPPPX\n",
    "def process(request, session):\n",
    "    return {'status': 'OPPPPEN', 'items': [item for item in items]}\n",
    "# Copyright De Staat der Nederlanden; see LICENSE for the terms of use.\n",
]


def generate(folder: Path, files: int, megabytes: int, runs: int) -> int:
    """Write the tree; return the number of standalone runs written."""
    rng = random.Random(20261206)
    size = megabytes * 1024 * 1024 // files
    placed = [0] * files
    for _ in range(runs):
        placed[rng.randrange(files)] += 1
    for number in range(files):
        directory = folder / f"module{number % 50:02d}"
        directory.mkdir(exist_ok=True)
        text: list[str] = []
        length = 0
        while length < size:
            line = rng.choice(LINES)
            text.append(line)
            length += len(line)
        for at in rng.sample(range(len(text)), placed[number]):  # one run per chosen line
            marker = rng.choice("SP") * rng.randint(4, 40)
            text[at] = f"    secret = '{marker}'\n"
        (directory / f"file{number:05d}.py").write_text("".join(text), encoding="utf-8")
    return runs


def counted_runs(folder: Path) -> int:
    result = scan(folder_entries(folder), LEGEND)
    return sum(total["runs"] for total in result.totals().values())


def seconds(work: Callable[[], object]) -> float:
    began = time.perf_counter()
    work()
    return time.perf_counter() - began


def grep(folder: Path, mode: str) -> None:
    subprocess.run(
        ["grep", "-rE", mode, PATTERN, str(folder)], stdout=subprocess.DEVNULL, check=False
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=5000)
    parser.add_argument("--megabytes", type=int, default=50)
    parser.add_argument("--runs", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-redactions-") as name:
        folder = Path(name)
        began = time.perf_counter()
        written = generate(folder, arguments.files, arguments.megabytes, arguments.runs)
        print(
            f"generated {arguments.files} files, {arguments.megabytes} MB, {written} runs "
            f"in {time.perf_counter() - began:.1f} s"
        )
        found = counted_runs(folder)  # also warms the page cache
        print(f"scan found {found} runs: {'exact' if found == written else 'WRONG'}")
        targets: dict[str, Callable[[], object]] = {
            "scan": lambda: counted_runs(folder),
            "grep -rEc": lambda: grep(folder, "-c"),
            "grep -rEo": lambda: grep(folder, "-o"),
        }
        times: dict[str, list[float]] = {name: [] for name in targets}
        for _ in range(arguments.rounds):
            for target, work in targets.items():
                times[target].append(seconds(work))
        medians = {target: statistics.median(values) for target, values in times.items()}
        for target, median in medians.items():
            ratio = median / medians["grep -rEc"]
            print(
                f"{target:10} {median:7.2f} s   {ratio:5.2f}x grep -rEc   "
                f"{arguments.megabytes / median:6.1f} MB/s"
            )


if __name__ == "__main__":
    main()
