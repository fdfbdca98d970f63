# SPDX-License-Identifier: EUPL-1.2
"""The exact JSON of the register's resources, byte for byte (keys in order, null or absent,
the form of every date), for a decision with every optional field set and one with none:
what a change of how the resources are made must keep."""

from __future__ import annotations

from datetime import date
from typing import Any

import httpx

from catalogue.accounts import services as accounts
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Role
from catalogue.software.models import Software
from tests.catalogue.web.test_resource_json import exact
from tests.factories import make_organisation, make_software
from wooexemptions import inventory_store
from wooexemptions.inventory import Assessment, Grondslag, Item
from wooexemptions.models import (
    Appeal,
    AppealKind,
    AppealOutcome,
    Decision,
    ThirdParty,
    WooRequest,
)
from wooexemptions.rules import Basis, Outcome
from wooexemptions.states import DecisionState

ITEMS = [
    {
        "kind": "whole",
        "name": "fraudescore",
        "withheld": False,
        "environmental": False,
        "emissions": False,
        "confidential_acts": False,
        "postponed": False,
        "open_on": None,
        "grounds": [],
        "reasons": [],
    },
    {
        "kind": "artefact",
        "name": "selectieregels",
        "withheld": True,
        "environmental": True,
        "emissions": True,
        "confidential_acts": True,
        "postponed": True,
        "open_on": "2028-01-02",
        "grounds": [
            {
                "code": "woo-5.1.2.d",
                "motivation": "De regels zeggen welke zaken eerst worden gecontroleerd.",
                "weighing": "Effectieve controle weegt zwaarder tot de evaluatie.",
                "despite_age": "De regels gelden nog.",
            },
            {
                "code": "woo-5.1.2.i",
                "motivation": "Het functioneren van de dienst.",
                "weighing": "Weegt zwaarder.",
                "despite_age": "",
            },
        ],
        "reasons": [{"kind": "third_party_licence", "text": "Code van een leverancier."}],
    },
    {
        "kind": "whole",
        "name": "fraudescore",
        "withheld": True,
        "environmental": False,
        "emissions": False,
        "confidential_acts": False,
        "postponed": False,
        "open_on": None,
        "grounds": [
            {
                "code": "woo-5.1.1.b",
                "motivation": "Staatsgeheim.",
                "weighing": "",
                "despite_age": "",
            }
        ],
        "reasons": [],
    },
]
VOOR_ZOVER = (
    "The Woo withholds only as far as ('voor zover') a ground covers the information: check "
    "whether the ground covers the whole software, or only some parts that can be withheld "
    "while the rest is released."
)
LEGEND = [{"marker": "S", "grondslag": "art. 5.1 lid 2 onder d Woo"}]


def ref(decision: Decision) -> dict[str, Any]:
    software: Software = decision.software
    organisation: Organisation = decision.organisation
    return {
        "id": decision.pk,
        "url": f"/api/v1/decisions/{decision.pk}",
        "software": {
            "id": software.pk,
            "name": software.name,
            "url": f"/api/v1/software/{software.pk}",
        },
        "organisation": {
            "slug": organisation.slug,
            "name": organisation.name,
            "url": f"/api/v1/organisations/{organisation.slug}",
        },
    }


async def decisions() -> tuple[Decision, Decision, Decision, WooRequest, Appeal]:
    """A published decision with every optional field set (superseding an earlier one, on a
    request, carrying out an appeal, with an inventory) and one with none set."""
    organisation = await make_organisation("Uitvoeringsinstituut Volledig", account="volledig")
    software = await make_software(organisation, "fraudescore")
    bare_software = await make_software(organisation, "leeg")
    earlier = await Decision.create(
        software=software,
        organisation=organisation,
        version=1,
        state=DecisionState.SUPERSEDED,
        outcome=Outcome.WITHHELD,
        decided_on=date(2025, 1, 2),
        published_on=date(2025, 1, 3),
    )
    request = await WooRequest.create(
        organisation=organisation,
        software=software,
        zaaknummer="Z-2026-1",
        received_on=date(2026, 1, 5),
    )
    appeal = await Appeal.create(
        decision=earlier, kind=AppealKind.BEZWAAR, lodged_on=date(2025, 2, 1)
    )
    full = await Decision.create(
        software=software,
        organisation=organisation,
        version=2,
        state=DecisionState.PUBLISHED,
        outcome=Outcome.PARTLY_OPEN,
        summary="Open, behalve de selectieregels.",
        items=ITEMS,
        licence="EUPL-1.2",
        disclosure_only=True,
        licence_exceptions="Niet de logo's.",
        basis=Basis.REQUEST,
        public_at="https://code.example.nl/fraudescore",
        code_dated=date(2026, 1, 31),
        open_later_date=date(2028, 1, 2),
        open_later_trigger="Na de evaluatie.",
        decided_on=date(2026, 2, 3),
        published_on=date(2026, 2, 4),
        review_on=date(2028, 2, 3),
        advisers="De CISO en de FG.",
        request=request,
        made_known_on=date(2026, 2, 5),
        bestuursorgaan="De raad van bestuur",
        signatory="De directeur",
        remedies="Bezwaar binnen zes weken.",
        besluit_url="https://example.nl/besluit.pdf",
        inventory_url="https://example.nl/inventaris.csv",
        covers="v1.2.3",
        follows_appeal=appeal,
        rejection_reason="Eerst de motivering.",
        review_reason="De regels gelden nog.",
        supersedes=earlier,
        lock_version=7,
        is_example=True,
        tree_url="https://code.example.nl/fraudescore-open",
        legend=LEGEND,
        inventory_size=12,
    )
    bare = await Decision.create(
        software=bare_software,
        organisation=organisation,
        version=1,
        state=DecisionState.PUBLISHED,
        outcome=Outcome.OPEN,
    )
    for decision in (earlier, full, bare):
        await decision.fetch_related("software", "organisation")
    return earlier, full, bare, request, appeal


def brief_full(full: Decision) -> dict[str, Any]:
    return {
        **ref(full),
        "version": 2,
        "state": "published",
        "outcome": "partly_open",
        "summary": "Open, behalve de selectieregels.",
        "grounds": ["woo-5.1.1.b", "woo-5.1.2.d", "woo-5.1.2.i"],
        "decided_on": "2026-02-03",
        "published_on": "2026-02-04",
        "review_on": "2028-02-03",
        "is_example": True,
    }


def brief_bare(bare: Decision) -> dict[str, Any]:
    return {
        **ref(bare),
        "version": 1,
        "state": "published",
        "outcome": "open",
        "summary": "",
        "grounds": [],
        "decided_on": None,
        "published_on": None,
        "review_on": None,
        "is_example": False,
    }


async def test_a_decision_with_every_field_set_and_one_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    earlier, full, bare, request, appeal = await decisions()
    base = f"/api/v1/decisions/{full.pk}"
    expected_full = {
        **brief_full(full),
        "basis": "request",
        "code_dated": "2026-01-31",
        "items": ITEMS,
        "warnings": {"items[2].grounds": VOOR_ZOVER},
        "licence": "EUPL-1.2",
        "disclosure_only": True,
        "public_at": "https://code.example.nl/fraudescore",
        "licence_exceptions": "Niet de logo's.",
        "bestuursorgaan": "De raad van bestuur",
        "signatory": "De directeur",
        "remedies": "Bezwaar binnen zes weken.",
        "besluit_url": "https://example.nl/besluit.pdf",
        "inventory_url": "https://example.nl/inventaris.csv",
        "covers": "v1.2.3",
        "made_known_on": "2026-02-05",
        "request": f"/api/v1/requests/{request.pk}",
        "appeals_url": f"{base}/appeals",
        "follows_appeal": appeal.pk,
        "open_later_date": "2028-01-02",
        "open_later_trigger": "Na de evaluatie.",
        "advisers": "De CISO en de FG.",
        "rejection_reason": "Eerst de motivering.",
        "review_reason": "De regels gelden nog.",
        "supersedes": f"/api/v1/decisions/{earlier.pk}",
        "lock_version": 7,
        "history_url": f"/api/v1/software/{full.software.pk}/decisions",
        "inventory": {
            "items": 12,
            "url": f"{base}/inventory/summary",
            "items_url": f"{base}/inventory",
            "csv_url": f"{base}/inventory.csv",
            "tree_url": "https://code.example.nl/fraudescore-open",
            "commit": "v1.2.3",
            "legend": LEGEND,
        },
    }
    bare_base = f"/api/v1/decisions/{bare.pk}"
    expected_bare = {
        **brief_bare(bare),
        "basis": "proactive",
        "code_dated": None,
        "items": [],
        "warnings": {},
        "licence": None,
        "disclosure_only": False,
        "public_at": "",
        "licence_exceptions": "",
        "bestuursorgaan": "",
        "signatory": "",
        "remedies": "",
        "besluit_url": "",
        "inventory_url": "",
        "covers": "",
        "made_known_on": None,
        "request": None,
        "appeals_url": f"{bare_base}/appeals",
        "follows_appeal": None,
        "open_later_date": None,
        "open_later_trigger": "",
        "advisers": "",
        "rejection_reason": "",
        "review_reason": "",
        "supersedes": None,
        "lock_version": 0,
        "history_url": f"/api/v1/software/{bare.software.pk}/decisions",
        "inventory": None,
    }
    full_response = await client.get(base)
    assert full_response.status_code == 200
    assert full_response.content == exact(expected_full)
    assert (await client.get(bare_base)).content == exact(expected_bare)
    history = await client.get(f"/api/v1/software/{bare.software.pk}/decisions")
    assert history.content == exact({"items": [expected_bare], "total": 1})


async def test_the_register_lists_decisions_briefly(client: httpx.AsyncClient, db: str) -> None:
    _, full, bare, _, _ = await decisions()
    # One outcome at a time: where a decision without a date goes differs per database.
    partly = await client.get("/api/v1/decisions?outcome=partly_open")
    assert partly.content == exact({"items": [brief_full(full)], "total": 1})
    opened = await client.get("/api/v1/decisions?outcome=open")
    assert opened.content == exact({"items": [brief_bare(bare)], "total": 1})


async def test_appeals_with_every_field_set_and_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    earlier, _, _, _, appeal = await decisions()
    full = await Appeal.create(
        decision=earlier,
        kind=AppealKind.BEROEP,
        lodged_on=date(2025, 3, 1),
        committee=True,
        court="Rechtbank Den Haag",
        outcome=AppealOutcome.UPHELD,
        decided_on=date(2025, 9, 1),
        ecli="ECLI:NL:RBDHA:2025:1",
        summary="Gegrond: de motivering schoot tekort.",
    )
    response = await client.get(f"/api/v1/decisions/{earlier.pk}/appeals")
    decision = f"/api/v1/decisions/{earlier.pk}"
    assert response.content == exact(
        {
            "items": [
                {
                    "id": appeal.pk,
                    "decision": decision,
                    "kind": "bezwaar",
                    "lodged_on": "2025-02-01",
                    "committee": False,
                    "court": "",
                    "outcome": "pending",
                    "decided_on": None,
                    "ecli": "",
                    "summary": "",
                },
                {
                    "id": full.pk,
                    "decision": decision,
                    "kind": "beroep",
                    "lodged_on": "2025-03-01",
                    "committee": True,
                    "court": "Rechtbank Den Haag",
                    "outcome": "upheld",
                    "decided_on": "2025-09-01",
                    "ecli": "ECLI:NL:RBDHA:2025:1",
                    "summary": "Gegrond: de motivering schoot tekort.",
                },
            ],
            "total": 2,
        }
    )


async def test_requests_with_every_field_set_and_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    _, full_decision, _, _, _ = await decisions()
    organisation = full_decision.organisation
    officer = await accounts.create_user(email="woo@volledig.nl", password=None, actor="test")
    await accounts.grant(
        user=officer, organisation=organisation, role=Role.PUBLICATION_OFFICER, actor="test"
    )
    _, token = await accounts.create_token(user=officer, name="t", actor="test")
    full = await WooRequest.create(
        organisation=organisation,
        software=full_decision.software,
        zaaknummer="Z-2026-2",
        subject="De broncode van fraudescore.",
        received_on=date(2026, 1, 5),
        requester_name="Rita Verzoeker",
        requester_email="rita@example.nl",
        extended_on=date(2026, 1, 20),
        extension_reason="Omvangrijk.",
        from_public_form=True,
        is_example=True,
    )
    asked = await ThirdParty.create(
        request=full,
        name="Leverancier B.V.",
        asked_on=date(2026, 1, 10),
        answered_on=date(2026, 1, 24),
        view="Bezwaar tegen openbaarmaking.",
        objects=True,
    )
    answered = await ThirdParty.create(
        request=full, name="Ander B.V.", asked_on=date(2026, 1, 12), answered_on=date(2026, 1, 26)
    )
    bare = await WooRequest.create(
        organisation=organisation, zaaknummer="Z-2026-3", received_on=date(2026, 2, 2)
    )
    headers = {"Authorization": f"Bearer {token}"}
    seen = await client.get(f"/api/v1/requests/{full.pk}", headers=headers)
    public = await client.get(f"/api/v1/requests/{full.pk}")
    plain = await client.get(f"/api/v1/requests/{bare.pk}", headers=headers)
    software = f"/api/v1/software/{full_decision.software.pk}"
    common = {
        "id": full.pk,
        "url": f"/api/v1/requests/{full.pk}",
        "zaaknummer": "Z-2026-2",
        "organisation": organisation.slug,
        "software": software,
    }
    # Answered views: the term is suspended for a known number of days, and long past.
    term = {
        "received_on": "2026-01-05",
        "status": "open",
        "extended_on": "2026-01-20",
        "deadline": "2026-03-16",
        "due": "overdue",
        "suspended_days": 28,
    }
    assert seen.content == exact(
        {
            **common,
            "subject": "De broncode van fraudescore.",
            **term,
            "requester": {"name": "Rita Verzoeker", "email": "rita@example.nl"},
            "third_parties": [
                {
                    "id": asked.pk,
                    "name": "Leverancier B.V.",
                    "asked_on": "2026-01-10",
                    "answered_on": "2026-01-24",
                    "view": "Bezwaar tegen openbaarmaking.",
                    "objects": True,
                },
                {
                    "id": answered.pk,
                    "name": "Ander B.V.",
                    "asked_on": "2026-01-12",
                    "answered_on": "2026-01-26",
                    "view": "",
                    "objects": False,
                },
            ],
            "is_example": True,
        }
    )
    assert public.content == exact(
        {
            **common,
            "subject": "",  # from the public form: it may name the requester
            **term,
            "requester": None,
            "third_parties": [],
            "is_example": True,
        }
    )
    assert plain.content == exact(
        {
            "id": bare.pk,
            "url": f"/api/v1/requests/{bare.pk}",
            "zaaknummer": "Z-2026-3",
            "organisation": organisation.slug,
            "software": None,
            "subject": "",
            "received_on": "2026-02-02",
            "status": "open",
            "extended_on": None,
            "deadline": "2026-03-02",
            "due": "overdue",
            "suspended_days": 0,
            "requester": {"name": "", "email": ""},
            "third_parties": [],
            "is_example": False,
        }
    )
    listed = await client.get("/api/v1/requests", headers=headers)
    assert listed.json()["total"] == 3
    assert plain.content in listed.content and seen.content in listed.content


async def test_inventory_items_with_every_field_set_and_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    _, full, _, _, _ = await decisions()
    await inventory_store.replace_grondslagen(
        full.pk,
        [
            Grondslag("S", "woo-5.1.2.d", "Controle.", "Weegt zwaarder.", "Nog steeds."),
            Grondslag("P", "woo-5.1.2.e"),
        ],
    )
    await inventory_store.replace_items(
        full.pk,
        [
            Item(
                number=1,
                path="src/regels.py",
                assessment=Assessment.PARTLY_OPEN,
                grounds=("S", "P", "X"),
                remark="Twee fragmenten.",
                line_from=10,
                line_to=40,
                lines={"S": [12, 30], "P": [35]},
                licence="MIT",
            ),
            Item(number=2, path="README.md", assessment=Assessment.OPEN),
        ],
    )
    response = await client.get(f"/api/v1/decisions/{full.pk}/inventory")
    assert response.content == exact(
        {
            "items": [
                {
                    "number": 1,
                    "path": "src/regels.py",
                    "line_from": 10,
                    "line_to": 40,
                    "assessment": "deels_openbaar",
                    "grondslagen": ["S", "P", "X"],
                    "grounds": ["woo-5.1.2.d", "woo-5.1.2.e"],
                    "runs": 3,
                    "markers": {"S": [12, 30], "P": [35]},
                    "licence": "MIT",
                    "remark": "Twee fragmenten.",
                },
                {
                    "number": 2,
                    "path": "README.md",
                    "line_from": None,
                    "line_to": None,
                    "assessment": "openbaar",
                    "grondslagen": [],
                    "grounds": [],
                    "runs": 0,
                    "markers": {},
                    "licence": "",
                    "remark": "",
                },
            ],
            "total": 2,
        }
    )
