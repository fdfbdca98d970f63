# SPDX-License-Identifier: EUPL-1.2
"""Inventories: the checks per combination of assessment and grondslagen, the legend, the CSV
list read back with line-numbered errors, 10,000 items written and read in a handful of
queries, a revision that keeps them, and `redactions scan --decision` at the command line."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from catalogue.accounts import services as accounts
from catalogue.cli import main
from catalogue.paging import PageRequest
from catalogue.permissions.rules import Principal, Role
from tests.conftest import QueryCounter
from tests.factories import make_organisation, make_software
from wooexemptions import inventories, inventory_csv, inventory_store, services
from wooexemptions.content import parse
from wooexemptions.inventory import (
    Assessment,
    Grondslag,
    Item,
    LegendEntry,
    basis_problems,
    items_from_scan,
    legend_for,
    submission_problems,
)
from wooexemptions.inventory_store import ItemFilters
from wooexemptions.models import Decision, DecisionGround
from wooexemptions.redactions import Marker, folder_entries, scan
from wooexemptions.states import DecisionState

S = Grondslag("S", "woo-5.1.2.i", "Shows how it is secured.", "Security outweighs openness.")
P = Grondslag("P", "woo-5.1.2.e", "Names of civil servants.", "Their privacy outweighs it.")
CONTENT = parse(
    {"outcome": "partly_open", "items": [], "decided_on": "2026-06-01", "licence": "EUPL-1.2"}
)


def test_items_are_checked_once_per_combination_with_the_rules_of_a_scope_item() -> None:
    weak = Grondslag("S", "woo-5.1.2.i")
    combinations = {
        (Assessment.PARTLY_OPEN, ("S",)): 2_000,
        (Assessment.WITHHELD, ()): 3,
        (Assessment.OPEN, ("P",)): 1,
        (Assessment.WITHHELD, ("X",)): 4,
    }
    errors = submission_problems(CONTENT, [weak, P], [], combinations, commit="")
    assert errors["covers"].startswith("Pin the tree")
    assert errors["inventory[deels_openbaar:S].grounds[0].motivation"].startswith("2,000 items:")
    assert "Weigh the interest" in errors["inventory[deels_openbaar:S].grounds[0].weighing"]
    assert "without a ground" in errors["inventory[niet_openbaar:-].grounds"]
    assert "released item cites no grounds" in errors["inventory[openbaar:P].grounds"]
    assert "'X', which is not a grondslag" in errors["inventory[niet_openbaar:X].grounds"]
    assert (
        submission_problems(
            CONTENT, [S, P], [], {(Assessment.PARTLY_OPEN, ("S", "P")): 9}, commit="abc1234"
        )
        == {}
    )
    absolute = Grondslag("A", "woo-5.1.1.c", "Company data given in confidence.")
    fine = {(Assessment.WITHHELD, ("A",)): 1}
    assert submission_problems(CONTENT, [absolute], [], fine, commit="abc1234") == {}
    lid5 = Grondslag("L", "woo-5.1.5", "x", "y")
    mixed = submission_problems(
        CONTENT, [lid5, S], [], {(Assessment.WITHHELD, ("L", "S")): 1}, commit="c"
    )
    assert "cannot be combined" in mixed["inventory[niet_openbaar:L S].grounds"]
    opened = parse(
        {**{"outcome": "open", "items": [], "decided_on": "2026-06-01", "licence": "EUPL-1.2"}}
    )
    assert (
        "choose 'partly open'"
        in submission_problems(opened, [S], [], {(Assessment.PARTLY_OPEN, ("S",)): 5}, commit="c")[
            "outcome"
        ]
    )


def test_a_legend_marker_needs_a_ground_and_keys_are_given_once() -> None:
    errors = basis_problems(
        [S, Grondslag("s", "woo-5.2.2"), Grondslag("bad key!", "woo-9")],
        [LegendEntry("S", "S"), LegendEntry("P", ""), LegendEntry("S", "S")],
    )
    assert errors["grondslagen[1].key"] == "This key is already used: choose another."
    assert "no ground to withhold" in errors["grondslagen[1].code"]
    assert "1 to 40 letters" in errors["grondslagen[2].key"]
    assert "Unknown Woo ground" in errors["grondslagen[2].code"]
    assert "a marker needs a ground" in errors["legend[1].grondslag"]
    assert errors["legend[2].marker"] == "This marker is given twice."
    assert not any(key.startswith("legend[0]") for key in errors)


def test_a_scan_gives_an_item_per_file_with_runs_and_per_licence_exception(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "a.py").write_text('x = "SSSS"\r\ny = PPPP\r\nz = SSSS_KEY\r\nSSSSS\r\n')
    (tmp_path / "src" / "ü.txt").write_text("één SSSS en ÉSSSS\n", encoding="utf-8")
    (tmp_path / "vendor.js").write_text("// SPDX-License-Identifier: MIT\nvar a;\n")
    markers = [Marker("S", "woo-5.1.2.i"), Marker("P", "woo-5.1.2.e")]
    found = scan(folder_entries(tmp_path), markers, licence="EUPL-1.2")
    legend, added = legend_for(found.markers, [S])
    assert legend == [LegendEntry("S", "S"), LegendEntry("P", "P")]
    assert added == [Grondslag("P", "woo-5.1.2.e")]
    items = items_from_scan(found, legend)
    assert [(i.number, i.path, i.assessment, i.grounds) for i in items] == [
        (1, "src/a.py", Assessment.PARTLY_OPEN, ("S", "P")),
        (2, "src/ü.txt", Assessment.PARTLY_OPEN, ("S",)),
        (3, "vendor.js", Assessment.OPEN, ()),
    ]
    assert items[0].lines == {"S": [1, 4], "P": [2]} and items[0].runs == 3
    assert (items[0].line_from, items[0].line_to) == (1, 4)
    assert items[2].licence == "MIT"
    clash, extra = legend_for(
        (Marker("S", "woo-5.1.2.e"),), [S, Grondslag("woo-5.1.2.e", "woo-5.1.2.i")]
    )
    assert extra[0].key == "S-2" and clash == [LegendEntry("S", "S-2")]


def test_the_csv_list_reads_back_and_names_each_bad_line() -> None:
    items = [
        Item(1, "src/a.py", Assessment.PARTLY_OPEN, ("S", "P"), "", 3, 9, {"S": [3, 9], "P": [4]}),
        Item(2, "@types/x.d.ts", Assessment.OPEN, (), "vendored; MIT", licence="MIT"),
        Item(7, "docs", Assessment.WITHHELD, ("S",), 'a "quoted"\nremark'),
    ]
    text = "".join(inventory_csv.write(items, {"S": S, "P": P}))
    assert "'@types/x.d.ts" in text  # no spreadsheet formula
    assert inventory_csv.read(text, [S, P]) == items
    by_article = "nr,bestand,beoordeling,weigeringsgronden\n"
    by_article += "1,a.py,Niet openbaar,art. 5.1 lid 2 onder i Woo\n"
    assert inventory_csv.read(by_article, [S, P])[0].grounds == ("S",)
    with pytest.raises(inventory_csv.InventoryCsvError) as refused:
        inventory_csv.read(
            "bestand,beoordeling\na.py,dicht\n\nb.py,openbaar\n/c.py,openbaar\n", [S]
        )
    assert [(e.line, e.column) for e in refused.value.errors] == [
        (2, "beoordeling"),
        (5, "document/bestand"),
    ]
    with pytest.raises(inventory_csv.InventoryCsvError) as headless:
        inventory_csv.read("path;x\n", [S])
    assert {e.column for e in headless.value.errors} == {"document/bestand", "beoordeling"}
    with pytest.raises(inventory_csv.InventoryCsvError):
        inventory_csv.read("", [S])
    ambiguous = "bestand,beoordeling,weigeringsgronden\na,niet openbaar,5.1 lid 2 onder i\n"
    with pytest.raises(inventory_csv.InventoryCsvError) as twice:
        inventory_csv.read(ambiguous, [S, Grondslag("S2", "woo-5.1.2.i")])
    assert "names no single grondslag" in twice.value.errors[0].message


async def draft_with_inventory(size: int) -> Decision:
    organisation = await make_organisation()
    software = await make_software(organisation)
    decision = await Decision.create(
        software=software, organisation=organisation, version=1, **services.stored_fields(CONTENT)
    )
    await inventories.set_basis(
        actor=inventories.CLI,
        decision=decision,
        grondslagen=[S, P],
        legend=[LegendEntry("S", "S")],
        tree_url="",
        lock_version=None,
    )
    items = [
        Item(
            n,
            f"dir{n % 50}/file{n}.py",
            Assessment.PARTLY_OPEN,
            ("S",) if n % 3 else ("S", "P"),
            lines={"S": [n % 400 + 1]},
        )
        for n in range(1, size + 1)
    ]
    decision = await Decision.get(id=decision.pk)
    return await inventories.replace(
        actor=inventories.CLI, decision=decision, items=items, lock_version=None
    )


async def test_ten_thousand_items_are_stored_paged_and_checked_in_a_few_queries(
    db: str, count_queries: QueryCounter
) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation)
    decision = await Decision.create(
        software=software,
        organisation=organisation,
        version=1,
        **(services.stored_fields(CONTENT) | {"covers": "abc1234"}),
    )
    await inventories.set_basis(
        actor=inventories.CLI,
        decision=decision,
        grondslagen=[S, P],
        legend=[],
        tree_url="",
        lock_version=None,
    )
    decision = await Decision.get(id=decision.pk)
    items = [
        Item(
            n,
            f"dir{n % 50}/file{n}.py",
            Assessment.PARTLY_OPEN,
            ("S",) if n % 3 else ("S", "P"),
            lines={"S": [n % 400 + 1]},
        )
        for n in range(1, 10_001)
    ]
    count_queries.statements.clear()
    decision = await inventories.replace(
        actor=inventories.CLI, decision=decision, items=items, lock_version=None
    )
    writes = list(count_queries.statements)
    assert decision.inventory_size == 10_000
    assert len(writes) <= 25, writes  # 10 batches of 1,000 rows, not 10,000 inserts

    count_queries.statements.clear()
    page = await inventory_store.item_page(
        decision.pk, ItemFilters(prefix="dir7/"), PageRequest(2, 50)
    )
    assert page.total == 200 and [i.number for i in page.items][:2] == [2507, 2557]
    assert len(count_queries.statements) == 2
    count_queries.statements.clear()
    assert await inventory_store.problems(decision, CONTENT) == {}
    assert len(count_queries.statements) == 2  # one GROUP BY and the grondslagen
    count_queries.statements.clear()
    streamed = [item async for item in inventory_store.stream_items(decision.pk)]
    assert [i.number for i in streamed] == list(range(1, 10_001))
    assert len(count_queries.statements) == 11  # ten full batches and the empty one after

    count_queries.statements.clear()
    changed, count = await inventories.bulk_edit(
        actor=inventories.CLI,
        decision=decision,
        filters=ItemFilters(prefix="dir1"),
        assessment=Assessment.WITHHELD,
        grounds=("P",),
        lock_version=None,
    )
    assert count == 11 * 200  # dir1 and dir10 to dir19: a prefix of the path, as given
    assert changed.lock_version == decision.lock_version + 1
    assert len(count_queries.statements) <= 8


async def test_a_revision_keeps_the_inventory_and_the_register_finds_its_grounds(db: str) -> None:
    decision = await draft_with_inventory(30)
    codes = await DecisionGround.filter(decision_id=decision.pk).values_list("code", flat=True)
    assert set(codes) == {"woo-5.1.2.i", "woo-5.1.2.e"}
    await Decision.filter(id=decision.pk).update(state=DecisionState.PUBLISHED)
    published = await Decision.get(id=decision.pk)
    user = await accounts.create_user(email="officer@example.org", password=None, actor="test")
    officer = Principal(
        user_id=user.pk, roles={decision.organisation_id: frozenset({Role.PUBLICATION_OFFICER})}
    )
    revised = await services.revise(principal=officer, decision=published)
    fresh = await Decision.get(id=revised.pk)
    assert fresh.inventory_size == 30 and fresh.legend == [{"marker": "S", "grondslag": "S"}]
    assert [g.key for g in await inventory_store.grondslagen_of(fresh.pk)] == ["S", "P"]
    codes = await DecisionGround.filter(decision_id=fresh.pk).values_list("code", flat=True)
    assert set(codes) == {"woo-5.1.2.i", "woo-5.1.2.e"}


def _git(folder: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        capture_output=True,
        check=True,
        text=True,
    )
    return done.stdout.strip()


def test_the_command_line_attaches_a_scan_to_a_draft_and_verifies_it_again(
    tmp_path: Path, sqlite_template: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from catalogue.cli.runtime import run_with_database

    database = tmp_path / "cli.sqlite3"
    shutil.copyfile(sqlite_template, database)
    url = f"sqlite://{database}"
    monkeypatch.setenv("OPENTENZIJ_DATABASE_URL", url)
    monkeypatch.delenv("OPENTENZIJ_ENV", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0

    async def make() -> int:
        organisation = await make_organisation()
        software = await make_software(organisation)
        row = await Decision.create(
            software=software,
            organisation=organisation,
            version=1,
            **services.stored_fields(CONTENT),
        )
        return row.pk

    decision_id = run_with_database(make, url=url)
    tree = tmp_path / "tree"
    (tree / "src").mkdir(parents=True)
    (tree / "src" / "a.py").write_text("KEY = 'SSSS'\nNAME = 'PPPP'\n")
    (tree / "b.txt").write_text("SSSS SSSS\n")
    _git(tree, "init", "-q")
    _git(tree, "add", ".")
    _git(tree, "commit", "-qm", "release")
    commit = _git(tree, "rev-parse", "HEAD")
    args = [
        "redactions",
        "scan",
        str(tree),
        "--marker",
        "S=woo-5.1.2.i",
        "--marker",
        "P=woo-5.1.2.e",
    ]
    unpinned = runner.invoke(main, [*args, "--decision", str(decision_id)])
    assert unpinned.exit_code == 1 and "must pin the tree" in unpinned.output
    attached = runner.invoke(main, [*args, "--commit", commit, "--decision", str(decision_id)])
    assert attached.exit_code == 0, attached.output
    assert "2 inventory items attached" in attached.output
    again = runner.invoke(main, [*args, "--commit", commit, "--decision", str(decision_id)])
    assert again.exit_code == 0 and "verified" in again.output
    (tree / "b.txt").write_text("SSSS\n")
    _git(tree, "commit", "-qam", "another")
    other = runner.invoke(
        main, [*args, "--commit", _git(tree, "rev-parse", "HEAD"), "--decision", str(decision_id)]
    )
    assert other.exit_code == 1 and "revise it to cover another commit" in other.output
    missing = runner.invoke(main, [*args, "--commit", commit, "--decision", "999999"])
    assert missing.exit_code == 1 and "no decision 999999" in missing.output

    async def read() -> tuple[Decision, list[Item]]:
        row = await Decision.get(id=decision_id)
        return row, [i async for i in inventory_store.stream_items(decision_id)]

    row, items = run_with_database(read, url=url)
    assert row.covers == commit and row.scan["totals"] == {
        "S": {"files": 2, "runs": 3},
        "P": {"files": 1, "runs": 1},
    }
    assert row.legend == [{"marker": "S", "grondslag": "S"}, {"marker": "P", "grondslag": "P"}]
    assert [(i.path, dict(i.lines)) for i in items] == [
        ("b.txt", {"S": [1, 1]}),
        ("src/a.py", {"S": [1], "P": [2]}),
    ]
    assert date.fromisoformat(row.scan["verified_on"]) <= date.today()
