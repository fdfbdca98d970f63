# SPDX-License-Identifier: EUPL-1.2
"""CSV: formula injection defused, both dialects read back by the csv module, the register
streamed in keyset batches with its filters."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator
from typing import Any

import pytest

from catalogue.exports import tabular
from catalogue.exports.records import ExportRecord
from catalogue.organisations.models import Organisation
from tests.catalogue.exports.samples import HOSTILE_TEXTS, LINKS, record, withheld_record
from wooexemptions.examples import load_examples
from wooexemptions.models import Decision
from wooexemptions.queries import RegisterFilters
from wooexemptions.rules import Outcome


@pytest.mark.parametrize(
    ("cell", "expected"),
    [
        ("=1+2", "'=1+2"),
        ('=HYPERLINK("https://evil.example")', '\'=HYPERLINK("https://evil.example")'),
        ("+31 6 1234", "'+31 6 1234"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("a=1", "a=1"),
        ("", ""),
        ("Zaken", "Zaken"),
        (-5, -5),
        (3, 3),
    ],
)
def test_cells_a_spreadsheet_would_run_get_an_apostrophe(cell: Any, expected: Any) -> None:
    assert tabular.defused(cell) == expected


async def _stream(records: list[ExportRecord]) -> AsyncIterator[ExportRecord]:
    for item in records:
        yield item


async def software_csv(records: list[ExportRecord], dialect: str = "standard") -> str:
    pieces = tabular.write_software_csv(
        _stream(records), links=LINKS, dialect=tabular.DIALECTS[dialect]
    )
    return "".join([piece async for piece in pieces])


def rows(text: str, delimiter: str = ",") -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter))


async def test_the_standard_dialect_is_rfc_4180_without_a_byte_order_mark() -> None:
    text = await software_csv([record(), withheld_record("woo-5.1.2.h", id=43)])
    assert not text.startswith("\ufeff")
    assert text.startswith("id,name,organisation,")
    assert text.endswith("\r\n")
    first, second = rows(text)
    assert list(first) == list(tabular.SOFTWARE_COLUMNS)
    assert first["id"] == "42"
    assert first["repositories"] == "https://github.com/voorbeeld/app"
    assert first["url"] == "https://catalogus.example.nl/software/42"
    assert first["created_at"] == "2026-03-01T12:30:00Z"
    assert second["decision_grounds"] == "woo-5.1.2.h"
    assert second["decision_url"] == "https://catalogus.example.nl/register/7"
    assert second["release_status"] == "withheld"


async def test_the_excel_dialect_has_a_byte_order_mark_and_semicolons() -> None:
    text = await software_csv([record(name='Café; "zaken" — één')], dialect="excel")
    assert text.startswith("\ufeffid;name;")
    [row] = rows(text.removeprefix("\ufeff"), delimiter=";")
    assert row["name"] == 'Café; "zaken" — één'
    assert text.encode("utf-8").startswith(b"\xef\xbb\xbfid;")


async def test_hostile_text_reads_back_intact_except_for_the_defusing_apostrophe() -> None:
    entries = [
        record(id=index, name=text, description_nl=text)
        for index, text in enumerate(HOSTILE_TEXTS, start=1)
    ]
    read = rows(await software_csv(entries))
    assert len(read) == len(HOSTILE_TEXTS)
    for row, text in zip(read, HOSTILE_TEXTS, strict=True):
        expected = "'" + text if text.startswith(tabular.FORMULA_START) else text
        assert row["name"] == expected
        assert row["description_nl"] == expected


async def test_the_software_csv_is_written_a_row_at_a_time() -> None:
    pieces = tabular.write_software_csv(
        _stream([record(id=n) for n in range(1, 6)]),
        links=LINKS,
        dialect=tabular.DIALECTS["standard"],
    )
    assert len([piece async for piece in pieces]) == 6  # the header and five rows


async def register_rows(
    filters: RegisterFilters, dialect: str = "standard"
) -> list[dict[str, str]]:
    pieces = tabular.write_register_csv(filters, links=LINKS, dialect=tabular.DIALECTS[dialect])
    return rows("".join([piece async for piece in pieces]))


async def test_the_register_csv_has_the_decisions_in_force_newest_first(db: str) -> None:
    await load_examples()
    read = await register_rows(RegisterFilters())
    assert [int(row["decision_id"]) for row in read] == [8, 7, 5, 4, 3, 2, 1]
    by_software = {row["software"]: row for row in read}
    later = by_software["Rekenmodule nieuwe regeling (voorbeeld)"]
    assert later["outcome"] == "open_later"
    assert later["grounds"] == "woo-5.1.2.i"
    assert later["open_later_date"] == "2026-12-15"
    assert later["licence"] == "EUPL-1.2"
    assert later["is_example"] == "true"
    assert later["url"] == "https://catalogus.example.nl/register/5"
    assert later["organisation_slug"] == "ministerie-van-voorbeelden-fictief"


async def test_the_register_csv_takes_the_registers_filters(db: str) -> None:
    await load_examples()
    withheld = await register_rows(RegisterFilters(outcome=Outcome.WITHHELD))
    assert {row["outcome"] for row in withheld} == {"withheld"}
    assert len(withheld) == 2
    security = await register_rows(RegisterFilters(ground="woo-5.1.1.b"))
    assert [row["grounds"] for row in security] == ["woo-5.1.1.b"]
    municipality = await Organisation.get(publisher_id="example:voorbeeldgemeente")
    own = await register_rows(RegisterFilters(organisation=municipality))
    assert {row["organisation"] for row in own} == {"Voorbeeldgemeente (fictief)"}
    assert await register_rows(RegisterFilters(year=1999)) == []


async def test_decisions_stream_in_keyset_batches_without_repeats(
    db: str, count_queries: Any
) -> None:
    await load_examples()
    in_force = Decision.filter(state__in=["published", "review_due"])  # one was superseded
    expected = sorted(await in_force.values_list("id", flat=True), reverse=True)
    count_queries.statements.clear()
    seen = [d.pk async for d in tabular.stream_decisions(RegisterFilters(), batch_size=2)]
    assert seen == expected
    selects = [s for s in count_queries.statements if "decision" in s.lower()]
    assert len(selects) == 4  # 2 + 2 + 2 + 0: one query per batch, software and organisation joined
    assert all("OFFSET" not in s.upper() for s in selects)


async def test_the_register_fingerprint_follows_changes(db: str) -> None:
    await load_examples()
    before = await tabular.register_fingerprint(RegisterFilters())
    assert before == await tabular.register_fingerprint(RegisterFilters())
    decision = await Decision.get(id=3)
    decision.summary = "Gewijzigd."
    await decision.save()
    assert await tabular.register_fingerprint(RegisterFilters()) != before


async def test_the_register_csv_carries_the_basis_and_the_formal_besluit(db: str) -> None:
    await load_examples()
    read = await register_rows(RegisterFilters())
    on_request = next(row for row in read if row["basis"] == "request")
    assert on_request["version"] == "2" and on_request["request_id"]
    assert on_request["bestuursorgaan"].startswith("het college van burgemeester")
    assert on_request["made_known_on"] == "2026-05-12"
    assert on_request["covers"].endswith("@v4.2.0")
    assert {row["basis"] for row in read} == {"proactive", "request"}
