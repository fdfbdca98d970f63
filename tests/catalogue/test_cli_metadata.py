# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij publiccode validate` and `opentenzij sbom import`: output and exit codes."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.cli import main
from tests.catalogue.test_components import spdx_json

FILES = Path(__file__).resolve().parent / "publiccode_files"
ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "tests" / "data" / "spdx-examples"
LINE = re.compile(
    r"^(?P<file>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<severity>error|warning): (?P<key>\S+): .+$"
)


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), prog_name="opentenzij", catch_exceptions=False)


def test_valid_files_exit_0_and_print_only_their_warnings() -> None:
    """The standard's example names a logo and screenshots that are not beside it here."""
    result = invoke(
        "publiccode",
        "validate",
        "--no-files",
        str(ROOT / "publiccode.yml"),
        str(FILES / "example.yaml"),
    )
    assert result.exit_code == 0, result.output
    lines = [line for line in result.stdout.splitlines() if line]
    assert all(LINE.match(line) and ": warning: " in line for line in lines), lines
    assert "2 of 2 files valid" in result.stderr


def test_the_files_a_publiccode_yml_names_are_looked_for_in_its_folder(tmp_path: Path) -> None:
    result = invoke("publiccode", "validate", str(FILES / "example.yaml"))
    assert result.exit_code == 1
    missing = [match["key"] for line in result.stdout.splitlines() if (match := LINE.match(line))]
    assert [key for key in missing if "logo" in key or "screenshots" in key] == [
        "logo",
        "description.en.screenshots[0]",
        "description.en.screenshots[1]",
        "description.en.screenshots[2]",
    ]
    folder = tmp_path / "repository"
    (folder / "img").mkdir(parents=True)
    (folder / "publiccode.yml").write_bytes((FILES / "example.yaml").read_bytes())
    (folder / "img" / "logo.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    for name in ("sshot1.jpg", "sshot2.jpg", "sshot3.jpg"):
        (folder / "img" / name).write_bytes(b"\xff\xd8\xff\xe0 a JPEG")
    assert invoke("publiccode", "validate", str(folder / "publiccode.yml")).exit_code == 0


def test_an_invalid_file_exits_1_with_one_line_per_problem(tmp_path: Path) -> None:
    broken = tmp_path / "publiccode.yml"
    broken.write_text(
        'publiccodeYmlVersion: "0.4"\nname: x\nurl: "https://example.org/x"\n'
        "developmentStatus: production\n",
        encoding="utf-8",
    )
    result = invoke(
        "publiccode", "validate", "--no-files", str(FILES / "example.yaml"), str(broken)
    )
    assert result.exit_code == 1
    problems = [LINE.match(line) for line in result.stdout.splitlines()]
    assert all(problems), result.stdout
    status = [p for p in problems if p and p["key"] == "developmentStatus"]
    assert [(p["file"], p["line"], p["col"], p["severity"]) for p in status] == [
        (str(broken), "4", "20", "error")
    ]
    assert "1 of 2 files valid" in result.stderr


def test_json_output_is_for_machines(tmp_path: Path) -> None:
    hostile = tmp_path / "bomb.yml"  # nine levels of nine aliases: 9**9 strings if expanded
    levels = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for previous, name in zip("abcdefgh", "bcdefghi", strict=True):
        levels.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    hostile.write_text("\n".join(levels) + "\n", encoding="utf-8")
    result = invoke(
        "publiccode", "validate", "--format", "json", str(hostile), str(FILES / "many-problems.yml")
    )
    assert result.exit_code == 1
    reports = json.loads(result.stdout)
    assert [report["valid"] for report in reports] == [False, False]
    assert reports[0]["problems"][0]["severity"] == "error"
    assert len(reports[1]["problems"]) > 10
    assert {"severity", "key", "message", "line", "column"} == set(reports[1]["problems"][0])


@pytest.mark.parametrize(
    "args",
    [
        ["publiccode", "validate"],
        ["publiccode", "validate", "/no/such/publiccode.yml"],
        ["publiccode", "validate", "--format", "xml", "publiccode.yml"],
        ["publiccode", "validate", "-", "-"],
    ],
)
def test_usage_errors_exit_2(args: list[str]) -> None:
    assert invoke(*args).exit_code == 2


def test_a_file_of_dash_is_read_from_standard_input() -> None:
    runner = CliRunner()
    valid = (FILES / "example.yaml").read_bytes()
    result = runner.invoke(main, ["publiccode", "validate", "-"], input=valid)
    assert result.exit_code == 0, result.output
    broken = runner.invoke(main, ["publiccode", "validate", "-"], input=b"name: [")
    assert broken.exit_code == 1
    assert LINE.match(broken.output.splitlines()[0])
    assert broken.output.startswith("-:")


@pytest.fixture
def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated_from_template: None) -> None:
    monkeypatch.setenv("OPENTENZIJ_DATABASE_URL", f"sqlite://{tmp_path}/var/cli.sqlite3")
    monkeypatch.delenv("OPENTENZIJ_ENV", raising=False)


def test_sbom_import_stores_components_and_refuses_what_it_cannot_read(
    database: None, tmp_path: Path
) -> None:
    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("demo").exit_code == 0
    result = invoke("sbom", "import", str(EXAMPLES / "SPDXTagExample-v2.3.spdx"), "--software", "1")
    assert result.exit_code == 0, result.output
    assert re.search(r"\d+ components stored for software 1 \(SPDX-2.3", result.stdout)

    spdx3 = tmp_path / "spdx3.json"
    spdx3.write_text('{"@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld"}')
    refused = invoke("sbom", "import", str(spdx3), "--software", "1")
    assert refused.exit_code == 1
    assert "SPDX 3" in refused.stderr or "3.0" in refused.stderr

    document = tmp_path / "sbom.json"
    document.write_bytes(spdx_json(("a", "1", None)))
    missing = invoke("sbom", "import", str(document), "--software", "99999")
    assert missing.exit_code == 1
    assert "no software with id 99999" in missing.stderr
    assert invoke("sbom", "import", str(document)).exit_code == 2  # --software is required


def test_recheck_checks_every_stored_file_again_and_says_how_many_changed(
    database: None, tmp_path: Path
) -> None:
    assert invoke("db", "upgrade").exit_code == 0
    assert invoke("demo").exit_code == 0
    first = invoke("publiccode", "recheck")
    assert first.exit_code == 0, first.output
    counted = re.search(
        r"(\d+) stored publiccode.yml checked again .*; 0 checks changed", first.stdout
    )
    assert counted and int(counted[1]) > 0  # the demo stores its checks with today's validator

    with sqlite3.connect(tmp_path / "var" / "cli.sqlite3") as connection:
        connection.execute("UPDATE repository SET publiccode_check = '{\"valid\": true}'")
        stale = connection.execute(
            "SELECT count(*) FROM repository WHERE publiccode_yml IS NOT NULL"
        )
        (repositories,) = stale.fetchone()
    second = invoke("publiccode", "recheck")
    assert f"; {repositories} checks changed" in second.stdout
    assert "; 0 checks changed" in invoke("publiccode", "recheck").stdout
