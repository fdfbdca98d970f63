# SPDX-License-Identifier: EUPL-1.2
"""How many publiccode.yml files does `catalogue.publiccode.validate` get through per second,
with each YAML parser it can take its events from, next to merely parsing the same text?

For the standard's full and minimal examples and a file with a problem in nearly every key
(tests/catalogue/publiccode_files/), measures files per second of validate() (read, compose
under the depth and alias guards, build the data, check every key, sort the problems) with
PyYAML's pure-Python scanner and parser and with libyaml's C ones (the default when PyYAML has
libyaml), and for comparison bare `yaml.safe_load` with the pure-Python SafeLoader and with
libyaml's CSafeLoader on the same text. Then the cost of refusing hostile files with each
parser. Interleaved rounds in one run; the median is shown, with the budget each kind of file
was once held to in the tests (which now check bounded work and memory instead of time).

    .venv/bin/python bench/publiccode.py [--seconds 1] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue.publiccode import parsers, validate
from catalogue.publiccode.problems import Result

FILES = ROOT / "tests" / "catalogue" / "publiccode_files"
SAMPLES = {
    "full example": (FILES / "example.yaml").read_text(),
    "minimal example": (FILES / "example.minimal.yaml").read_text(),
    "many problems": (FILES / "many-problems.yml").read_text(),
}
HOSTILE = {
    "billion laughs": "\n".join(
        [
            'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
            *(
                f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join([f'*{chr(97 + n)}'] * 9)}]"
                for n in range(8)
            ),
        ]
    ),
    "10,000 nested lists": "[" * 10_000,
    "30,000 values": "usedBy:\n" + "".join(f"  - Gemeente {n}\n" for n in range(30_000)),
    "50,000,000 chars": "a" * 50_000_000,
}
BUDGET_MS = {  # what tests/catalogue/test_publiccode.py asserted before it stopped timing
    "full example": 50,
    "billion laughs": 1000,
    "10,000 nested lists": 1000,
    "30,000 values": 3000,
    "50,000,000 chars": 500,
}
PARSERS = tuple(name for name in ("python", "libyaml") if name in parsers.PARSERS)
C_LOADER = getattr(yaml, "CSafeLoader", None)


def validate_with(parser: str, text: str) -> Result:
    """validate() taking its events from the named parser."""
    parsers.parser = parser
    return validate(text)


def rate(work: Callable[[], object], seconds: float) -> float:
    """Calls per second of work, over about `seconds`."""
    calls, began = 0, time.perf_counter()
    while (elapsed := time.perf_counter() - began) < seconds:
        work()
        calls += 1
    return calls / elapsed


def measure(
    targets: dict[str, Callable[[], object]], seconds: float, rounds: int
) -> dict[str, float]:
    """The median rate of each target over interleaved rounds."""
    rates: dict[str, list[float]] = {name: [] for name in targets}
    for _ in range(rounds):
        for name, work in targets.items():
            rates[name].append(rate(work, seconds))
    return {name: statistics.median(values) for name, values in rates.items()}


def targets() -> dict[str, Callable[[], object]]:
    """What is measured, by name: validate() with each parser, and the bare loads."""
    found: dict[str, Callable[[], object]] = {}
    for name, text in SAMPLES.items():
        for parser in PARSERS:
            found[f"{name} {parser}"] = partial(validate_with, parser, text)
        found[f"{name} safe_load"] = partial(yaml.safe_load, text)
        if C_LOADER is not None:
            found[f"{name} C"] = partial(yaml.load, text, Loader=C_LOADER)
    for name, text in HOSTILE.items():
        for parser in PARSERS:
            found[f"{name} {parser}"] = partial(validate_with, parser, text)
    return found


def budget(name: str) -> str:
    return f"{BUDGET_MS[name]}" if name in BUDGET_MS else "-"


def column(rates: dict[str, float], key: str, width: int) -> str:
    return f"{rates[key]:{width},.0f}" if key in rates else f"{'-':>{width}}"


def report(rates: dict[str, float]) -> None:
    """The table of files per second, then of hostile files refused per second."""
    print(
        f"{'file':16} {'bytes':>6} {'errors':>6} {'warns':>5}   {'python/s':>8} "
        f"{'libyaml/s':>9} {'speed-up':>8} {'ms/file':>7} {'budget':>6}   {'safe_load/s':>11} "
        f"{'C safe_load/s':>13}"
    )
    for name, text in SAMPLES.items():
        result = validate_with(PARSERS[-1], text)
        fastest = rates[f"{name} {PARSERS[-1]}"]
        speedup = fastest / rates[f"{name} python"]
        print(
            f"{name:16} {len(text.encode()):6,} {len(result.errors):6} {len(result.warnings):5}   "
            f"{column(rates, f'{name} python', 8)} {column(rates, f'{name} libyaml', 9)} "
            f"{speedup:7.1f}x {1000 / fastest:7.2f} {budget(name):>6}   "
            f"{column(rates, f'{name} safe_load', 11)} "
            f"{column(rates, f'{name} C', 13)}"
        )
    print(
        f"\n{'hostile file':20} {'bytes':>10}   {'python/s':>8} {'libyaml/s':>9} "
        f"{'ms/file':>7} {'budget':>6}   problem"
    )
    for name, text in HOSTILE.items():
        fastest = rates[f"{name} {PARSERS[-1]}"]
        problem = validate_with(PARSERS[-1], text).problems[0]
        print(
            f"{name:20} {len(text):10,}   {column(rates, f'{name} python', 8)} "
            f"{column(rates, f'{name} libyaml', 9)} {1000 / fastest:7.2f} {budget(name):>6}   "
            f"{problem.message[:60]} (line {problem.line}, column {problem.column})"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="per target and round")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    validate(SAMPLES["full example"])  # builds the SPDX licensing object, once per process
    default = parsers.parser
    try:
        rates = measure(targets(), arguments.seconds, arguments.rounds)
        print(
            f"\nPyYAML {yaml.__version__}, libyaml {'yes' if yaml.__with_libyaml__ else 'no'} "
            f"(validate() uses {default}); median of {arguments.rounds} interleaved rounds of "
            f"{arguments.seconds:g} s per target; ms/file with the {PARSERS[-1]} parser\n"
        )
        report(rates)
    finally:
        parsers.parser = default


if __name__ == "__main__":
    main()
