# SPDX-License-Identifier: EUPL-1.2
"""code.json: valid against the official code.gov schema 2.0.0 (checked by jsonschema, formats
included), withheld software with the exemption its Woo grounds map to."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, FormatChecker

from catalogue.demo.loading import load_demo
from catalogue.exports import codejson
from catalogue.exports.records import ExportRecord, stream_records
from catalogue.organisations.models import Organisation
from catalogue.software.queries import SoftwareFilters
from tests.catalogue.exports.samples import (
    HOSTILE_TEXTS,
    LINKS,
    decided,
    reason_item,
    record,
    repository,
    withheld_item,
    withheld_record,
)
from wooexemptions.examples import load_examples
from wooexemptions.grounds import grounds
from wooexemptions.rules import Outcome, ReasonKind

SCHEMA_PATH = Path(__file__).resolve().parents[2] / "data" / "code-gov" / "schema-2.0.0.json"
SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
VALIDATOR = Draft4Validator(SCHEMA, format_checker=FormatChecker())
USAGE_ENUM = SCHEMA["properties"]["releases"]["items"]["properties"]["permissions"]["properties"][
    "usageType"
]["enum"]


def test_the_copied_schema_is_draft_4_and_the_uri_format_is_really_checked() -> None:
    assert SCHEMA["$schema"] == "http://json-schema.org/draft-04/schema#"
    Draft4Validator.check_schema(SCHEMA)
    checker = FormatChecker()
    assert not checker.conforms("https://exa mple.org/", "uri")  # rfc3986-validator is there
    assert not checker.conforms("2026-13-45", "date")


async def document(records: list[ExportRecord], agency: str = "NL") -> dict[str, Any]:
    async def stream() -> AsyncIterator[ExportRecord]:
        for item in records:
            yield item

    text = "".join(
        [piece async for piece in codejson.write_code_json(stream(), links=LINKS, agency=agency)]
    )
    body: dict[str, Any] = json.loads(text)
    errors = sorted(VALIDATOR.iter_errors(body), key=lambda e: list(e.path))
    assert [f"{list(e.path)}: {e.message}" for e in errors] == []
    return body


async def written(filters: SoftwareFilters | None = None, agency: str = "NL") -> dict[str, Any]:
    pieces = [
        piece
        async for piece in codejson.write_code_json(
            stream_records(filters), links=LINKS, agency=agency
        )
    ]
    body: dict[str, Any] = json.loads("".join(pieces))
    errors = [f"{list(e.path)}: {e.message}" for e in VALIDATOR.iter_errors(body)]
    assert errors == []
    assert len(pieces) == len(body["releases"]) + 2  # header, one piece per entry, footer
    return body


async def test_the_demo_catalogue_and_each_organisation_validate(db: str) -> None:
    await load_demo()
    await load_examples()
    whole = await written()
    assert whole["version"] == "2.0.0"
    assert whole["measurementType"] == {"method": "projects"}
    assert len(whole["releases"]) >= 137
    usage = {release["permissions"]["usageType"] for release in whole["releases"]}
    assert usage >= {"openSource", "exemptByNationalSecurity", "exemptByAgencySystem"}
    example = await Organisation.get(publisher_id="example:ministerie-van-voorbeelden")
    one = await written(SoftwareFilters(organisation=example), agency=example.name)
    assert one["agency"] == "Ministerie van Voorbeelden (fictief)"
    assert {release["organization"] for release in one["releases"]} == {example.name}
    assert len(one["releases"]) == 4


async def test_the_example_decisions_map_to_their_exemptions(db: str) -> None:
    await load_examples()
    body = await written()
    by_name = {release["name"]: release["permissions"] for release in body["releases"]}
    assert by_name["Afvalkalender (voorbeeld)"]["usageType"] == "openSource"
    assert by_name["Afvalkalender (voorbeeld)"]["exemptionText"] is None
    partly = by_name["Toeslagencheck bijzondere bijstand (voorbeeld)"]
    assert partly["usageType"] == "exemptByAgencyMission"
    assert partly["licenses"] == [
        {"name": "EUPL-1.2", "URL": "https://spdx.org/licenses/EUPL-1.2.html"}
    ]
    assert partly["exemptionText"].startswith("Partly released; withheld parts under the Dutch")
    assert (
        "art. 5.1 lid 2 onder d Woo (Inspection, control and supervision" in partly["exemptionText"]
    )
    assert "Wie ze kent, kan een aanvraag zo inrichten" in partly["exemptionText"]
    assert "Afweging" not in partly["exemptionText"]  # the motivation, not the weighing
    vital = by_name["Monitoring vitale netwerken (voorbeeld)"]
    assert vital["usageType"] == "exemptByNationalSecurity"
    assert vital["licenses"] is None
    assert by_name["Toegangspoort dienstverlening (voorbeeld)"]["usageType"] == (
        "exemptByAgencySystem"
    )
    later = by_name["Rekenmodule nieuwe regeling (voorbeeld)"]
    assert later["usageType"] == "exemptByAgencyMission"
    assert later["exemptionText"].startswith("To be released on 2026-12-15 or Bij de aankondiging")


def test_every_refusal_ground_is_mapped_to_a_code_gov_exemption() -> None:
    refusal = {ground.code for ground in grounds() if ground.refusal}
    assert set(codejson.USAGE_TYPES) == refusal  # and grounds that are no refusal are not
    assert set(codejson.USAGE_TYPES.values()) <= set(codejson.EXEMPTIONS)
    assert set(codejson.REASON_USAGE_TYPES) == set(ReasonKind)
    assert set(codejson.EXEMPTIONS) | {"openSource"} <= set(USAGE_ENUM)


@pytest.mark.parametrize(
    ("codes", "expected"),
    [
        (("woo-5.1.2.h",), "exemptByAgencySystem"),
        (("woo-5.1.2.i", "woo-5.1.2.h"), "exemptByAgencySystem"),
        (("woo-5.1.2.i", "woo-5.1.1.b"), "exemptByNationalSecurity"),
        (("woo-5.1.2.a", "woo-5.1.1.a"), "exemptByLaw"),  # the law before the judgement
        # issue 14.12: the privacy grounds map alike
        (("woo-5.1.1.d",), "exemptByNationalSecurity"),
        (("woo-5.1.1.e",), "exemptByNationalSecurity"),
        (("woo-5.1.2.e",), "exemptByNationalSecurity"),
        # issue 14.12: 5.1 lid 4 is discretionary ("kan"), 5.1 lid 6 a weighing: no law
        (("woo-5.1.4",), "exemptByAgencyMission"),
        (("woo-5.1.6",), "exemptByCIO"),
        (("woo-5.1.5",), "exemptByCIO"),
        (("woo-9.9.9",), "exemptByCIO"),  # unknown to this version: the catch-all
    ],
)
def test_the_first_exemption_in_code_gov_order_wins(codes: tuple[str, ...], expected: str) -> None:
    assert codejson.usage_type(withheld_record(*codes)) == expected


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        (ReasonKind.THIRD_PARTY_LICENCE, "exemptByLaw"),
        (ReasonKind.CONTRACT, "exemptByCIO"),  # issue 14.12: a contract is no law
        (ReasonKind.SECRETS_TO_REMOVE, "exemptByAgencySystem"),
        (ReasonKind.COST, "exemptByCIO"),
    ],
)
def test_other_reasons_than_woo_grounds_map_too_and_are_named_as_such(
    reason: ReasonKind, expected: str
) -> None:
    entry = withheld_record(decision=decided(Outcome.WITHHELD, reason_item(reason, "Tekst.")))
    assert codejson.usage_type(entry) == expected
    assert "not a Woo ground but" in codejson.exemption_text(entry, LINKS)


def test_a_woo_ground_outweighs_other_reasons() -> None:
    item = replace(withheld_item("woo-5.1.2.i"), reasons=reason_item(ReasonKind.CONTRACT).reasons)
    entry = withheld_record(decision=decided(Outcome.WITHHELD, item))
    assert codejson.usage_type(entry) == "exemptByAgencyMission"
    text = codejson.exemption_text(entry, LINKS)
    assert "art. 5.1 lid 2 onder i Woo" in text
    assert "not a Woo ground but a contract: Een contract verbiedt het." in text


async def test_a_released_part_does_not_count_towards_the_exemption() -> None:
    from wooexemptions.rules import ItemKind, ScopeItem

    released = ScopeItem(ItemKind.WHOLE, "", withheld=False)
    path = withheld_item("woo-5.1.2.h", name="config/keys", kind=ItemKind.PATH)
    entry = record(
        release_status="partly_open",
        decision=decided(Outcome.PARTLY_OPEN, released, path, licence="MIT"),
        licence=None,
    )
    assert codejson.usage_type(replace(entry, repositories=())) == "exemptByAgencySystem"
    body = await document([entry])
    permissions = body["releases"][0]["permissions"]
    assert permissions["usageType"] == "openSource"  # issue 14.12: the open part stays visible
    assert permissions["licenses"] == [{"name": "MIT", "URL": "https://spdx.org/licenses/MIT.html"}]
    assert 'Path "config/keys": art. 5.1 lid 2 onder h Woo' in permissions["exemptionText"]
    assert permissions["exemptionText"].endswith(
        "Decision: https://catalogus.example.nl/register/7"
    )


async def test_withheld_without_a_published_decision_falls_back_and_says_so() -> None:
    entry = withheld_record(decision=None)
    body = await document([entry])
    permissions = body["releases"][0]["permissions"]
    assert permissions["usageType"] == "exemptByCIO"
    assert "no decision with its grounds has been published" in permissions["exemptionText"]
    assert body["releases"][0]["repositoryURL"] == "https://catalogus.example.nl/software/42"


async def test_undecided_code_is_open_source_only_when_licensed_for_reuse() -> None:
    """Issue 14.12: visible is not public under the Woo; an open-source licence makes it
    open source in code.gov's sense."""
    licensed = record(release_status="undecided", licence="EUPL-1.2")
    visible = record(id=44, release_status="undecided", licence=None)
    hidden = record(id=43, release_status="undecided", licence=None, repositories=())
    body = await document([licensed, visible, hidden])
    first, second, third = (release["permissions"] for release in body["releases"])
    assert (first["usageType"], first["exemptionText"]) == ("openSource", None)
    assert second["usageType"] == "exemptByCIO"
    assert "visible code is not thereby disclosed" in second["exemptionText"]
    assert third["usageType"] == "exemptByCIO"
    assert third["exemptionText"].startswith("No decision on releasing this code")


async def test_the_fields_of_a_release() -> None:
    entry = record(
        development_status="beta",
        homepage="https://zaken.voorbeeld.nl/over ons/ü",
        categories=("document-management",),
        repositories=(
            repository(),
            repository("https://gitlab.com/voorbeeld/app-docs", topics=("docs",)),
        ),
        licence="EUPL-1.2 OR LicenseRef-voorbeeld",
    )
    [release] = (await document([entry]))["releases"]
    assert release["status"] == "Beta"
    assert release["vcs"] == "git"
    assert release["repositoryURL"] == "https://github.com/voorbeeld/app"
    assert release["homepageURL"] == "https://zaken.voorbeeld.nl/over%20ons/%C3%BC"
    assert release["tags"] == ["zaken", "docs", "document-management"]
    assert release["languages"] == ["Python"]
    assert release["laborHours"] == 0
    assert release["contact"] == {
        "email": "",
        "name": "Gemeente Voorbeeld",
        "URL": "https://www.voorbeeld.nl",
    }
    assert release["relatedCode"] == [
        {
            "name": "voorbeeld/app-docs",
            "URL": "https://gitlab.com/voorbeeld/app-docs",
            "isGovernmentRepo": True,
        }
    ]
    assert release["permissions"]["licenses"] == [
        {"name": "EUPL-1.2", "URL": "https://spdx.org/licenses/EUPL-1.2.html"},
        {"name": "LicenseRef-voorbeeld"},
    ]
    assert release["date"] == {
        "created": "2026-03-01",
        "lastModified": "2026-03-01",
        "metadataLastUpdated": "2026-03-01",
    }


async def test_hostile_text_stays_valid_json_and_valid_code_json() -> None:
    entries = [
        record(id=index, name=text, description_en=text, homepage=text)
        for index, text in enumerate(HOSTILE_TEXTS, start=1)
    ]
    body = await document(entries, agency='"; <script>')
    assert [release["name"] for release in body["releases"]] == list(HOSTILE_TEXTS)
    assert body["agency"] == '"; <script>'


@pytest.mark.parametrize(
    "address",
    ["https://x.org/%zz", "https://x.org/#a#b", "https://x.org/a%", "https://[x.org/"],
)
async def test_an_address_no_quoting_can_mend_is_left_out_not_written_invalid(
    address: str,
) -> None:
    from tests.catalogue.exports.samples import ORGANISATION

    entry = record(
        homepage=address,
        repositories=(repository(address),),
        organisation=replace(ORGANISATION, website=address),
    )
    [release] = (await document([entry]))["releases"]  # valid against the schema
    assert address not in json.dumps(release)


def test_code_not_held_is_said_so_and_regimes_are_law() -> None:
    """Issue 14 (special regimes and outcomes): niet berustend has its own text; a regime of
    art. 8.8 Woo is a bar in law."""
    assert codejson.usage_type(withheld_record("regime-awr-67")) == "exemptByLaw"
    entry = record(release_status="undecided", repositories=(), licence=None,
                   decision=decided(Outcome.NOT_HELD))  # fmt: skip
    assert "does not hold this source code (niet berustend)" in codejson.exemption_text(
        entry, LINKS
    )
