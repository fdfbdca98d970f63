# SPDX-License-Identifier: EUPL-1.2
"""How many publiccode.yml files does `catalogue.publiccode.validate` get through per second,
next to merely parsing the same text?

For the standard's full and minimal examples and a file with a problem in nearly every key
(tests/catalogue/publiccode_files/), measures files per second of validate() (read, compose
under the depth and alias guards, build the data, check every key, sort the problems), of bare
`yaml.safe_load` on the same text (pure-Python PyYAML, the parser validate() uses), and for
context of `yaml.load` with libyaml's CSafeLoader. Then the cost of refusing two hostile files:
a billion laughs and 10,000 nested lists. Interleaved rounds in one run; the median is shown.

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

from catalogue.publiccode import validate  # noqa: E402  (after the path is set)

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
}
C_LOADER = getattr(yaml, "CSafeLoader", None)


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="per target and round")
    parser.add_argument("--rounds", type=int, default=3)
    arguments = parser.parse_args()
    validate(SAMPLES["full example"])  # builds the SPDX licensing object, once per process

    targets: dict[str, Callable[[], object]] = {}
    for name, text in SAMPLES.items():
        targets[f"{name} validate"] = partial(validate, text)
        targets[f"{name} safe_load"] = partial(yaml.safe_load, text)
        if C_LOADER is not None:
            targets[f"{name} C"] = partial(yaml.load, text, Loader=C_LOADER)
    for name, text in HOSTILE.items():
        targets[f"{name} validate"] = partial(validate, text)
    rates = measure(targets, arguments.seconds, arguments.rounds)

    print(
        f"\nPyYAML {yaml.__version__}; median of {arguments.rounds} interleaved rounds of "
        f"{arguments.seconds:g} s per target\n"
    )
    print(
        f"{'file':16} {'bytes':>6} {'errors':>6} {'warns':>5}   {'validate/s':>10} "
        f"{'ms/file':>7}   {'safe_load/s':>11} {'validate/safe_load':>18}   {'C safe_load/s':>13}"
    )
    for name, text in SAMPLES.items():
        result = validate(text)
        ours, bare = rates[f"{name} validate"], rates[f"{name} safe_load"]
        libyaml = f"{rates[f'{name} C']:13,.0f}" if C_LOADER is not None else f"{'-':>13}"
        print(
            f"{name:16} {len(text.encode()):6,} {len(result.errors):6} {len(result.warnings):5}   "
            f"{ours:10,.0f} {1000 / ours:7.2f}   {bare:11,.0f} {ours / bare:18.2f}   {libyaml}"
        )
    print(f"\n{'hostile file':20} {'bytes':>6}   {'refused/s':>9} {'ms/file':>7}   problem")
    for name, text in HOSTILE.items():
        ours = rates[f"{name} validate"]
        problem = validate(text).problems[0].message
        print(f"{name:20} {len(text):6,}   {ours:9,.0f} {1000 / ours:7.2f}   {problem}")


if __name__ == "__main__":
    main()
