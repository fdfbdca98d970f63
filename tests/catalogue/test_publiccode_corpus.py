# SPDX-License-Identifier: EUPL-1.2
"""The corpus: every file under publiccode_corpus/ gives the problems expected.json lists for it
(severity, key, line, column), by the library and by `opentenzij publiccode validate --format
json` alike. The files are built from the standard's rules by publiccode_corpus.py; see there."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any

import pytest
from click.testing import CliRunner

from catalogue.cli import main
from catalogue.publiccode import TABLE, Result, on_disk, validate
from tests.catalogue.publiccode_corpus import FOLDER, concrete, corpus

CASES: list[dict[str, Any]] = json.loads((FOLDER / "expected.json").read_text(encoding="utf-8"))
Found = list[tuple[str, str, int, int]]


def problems(result: Result) -> Found:
    return sorted((p.severity.value, p.key, p.line or 0, p.column or 0) for p in result.problems)


def expected(case: dict[str, Any]) -> Found:
    return sorted(
        (p["severity"], p["key"], p["line"] or 0, p["column"] or 0) for p in case["problems"]
    )


@pytest.mark.parametrize("case", CASES, ids=[case["file"] for case in CASES])
def test_each_file_gives_the_problems_it_is_built_to_give(case: dict[str, Any]) -> None:
    source = (FOLDER / case["file"]).read_bytes()
    result = validate(source, files=on_disk(FOLDER) if case["beside"] else None)
    assert problems(result) == expected(case), [p.as_dict() for p in result.problems]
    assert result.valid is case["valid"]


def test_the_corpus_on_disk_is_what_its_generator_writes() -> None:
    on_disk_now = {
        path.relative_to(FOLDER).as_posix(): path.read_bytes()
        for path in FOLDER.rglob("*")
        if path.is_file()
    }
    written = corpus()
    assert sorted(on_disk_now) == sorted(written)
    assert [name for name in written if on_disk_now[name] != written[name]] == []


def test_the_corpus_covers_every_key_of_the_table_and_every_rule() -> None:
    assert len(CASES) >= 150
    typed = {case["problems"][-1]["key"] for case in CASES if case["file"].startswith("1-type-")}
    keys = {concrete(row.path) for row in TABLE} - {"publiccodeYmlVersion"}
    assert keys <= typed
    verdicts = Counter((case["rule"][0], case["valid"]) for case in CASES)
    for point in "12345678":  # docs/publiccode.md, the points of the issue
        assert verdicts[(point, True)] and verdicts[(point, False)], point
    versions = {
        case["file"].split("-")[2] for case in CASES if case["file"].startswith("3-version")
    }
    assert {"0.2", "0.2.2", "0.3", "0.4", "0.4.0", "0.5", "0.5.0", "0.7"} <= versions


def test_the_cli_gives_the_library_verdicts_and_looks_in_the_folder() -> None:
    files = [str(FOLDER / case["file"]) for case in CASES]
    result = CliRunner().invoke(
        main, ["publiccode", "validate", "--format", "json", *files], catch_exceptions=False
    )
    reports = {report["file"]: report for report in json.loads(result.stdout)}
    assert result.exit_code == 1  # the corpus holds invalid files
    for case in CASES:
        path = FOLDER / case["file"]
        report = reports[str(path)]
        library = validate(path.read_bytes(), files=on_disk(FOLDER))
        assert report["valid"] is library.valid, case["file"]
        found = sorted(
            (p["severity"], p["key"], p["line"] or 0, p["column"] or 0) for p in report["problems"]
        )
        assert found == problems(library), case["file"]
        if case["beside"]:
            assert found == expected(case)
