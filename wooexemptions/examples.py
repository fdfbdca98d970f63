# SPDX-License-Identifier: EUPL-1.2
"""Example decisions for the demo: open, partly open, withheld on an absolute and on a
relative ground, open later, a decision on a Woo-verzoek with a third party, a bezwaar that
is upheld and the new version that carries it out, and a partly open decision whose inventory
the redaction scanner makes from a shipped tree; on fictitious organisations and software,
marked as examples everywhere they are shown. Loading twice adds nothing."""

from __future__ import annotations

from importlib import resources
from typing import Any

import yaml
from tortoise.transactions import in_transaction

from catalogue.audit.actions import Action
from catalogue.organisations import services
from catalogue.organisations.kinds import OrganisationKind, RecordSource
from catalogue.organisations.models import Organisation
from catalogue.organisations.publishers import PublisherRecord
from catalogue.software import services as software_services
from catalogue.software.models import Software
from wooexemptions import inventory_store
from wooexemptions import services as decisions
from wooexemptions.content import parse
from wooexemptions.inventory import Grondslag, items_from_scan, legend_for, scan_summary
from wooexemptions.models import (
    Appeal,
    AppealKind,
    AppealOutcome,
    Decision,
    ThirdParty,
    WooRequest,
)
from wooexemptions.redactions import Marker, archive_entries, scan
from wooexemptions.states import DecisionState

ACTOR = "system:demo"


def example_data() -> dict[str, Any]:
    text = (resources.files("wooexemptions") / "examples.yaml").read_text(encoding="utf-8")
    return dict(yaml.safe_load(text))


async def load_examples() -> int:
    """Create the example organisations, software and published decisions; returns how many
    decisions were added."""
    data = example_data()
    records = [
        PublisherRecord(
            key=item["key"],
            name=item["name"],
            kind=OrganisationKind(item["kind"]),
            tooi_uri=None,
            publisher_id=item["key"],
            roo_id=None,
            oin=None,
            website=None,
        )
        for item in data["organisations"]
    ]
    added = 0
    async with in_transaction():
        await services.import_organisations(records=records, actor=ACTOR, source=RecordSource.DEMO)
        for example in data["examples"]:
            added += await _load_one(example)
        added += await _load_inventory_example(data["inventory_example"])
    return added


async def _load_inventory_example(example: dict[str, Any]) -> int:
    """The example decision with an inventory: the scanner reads the shipped redacted tree, and
    its files with runs (and those under another licence) become the inventory."""
    if not await _load_one(example):
        return 0
    decision = await Decision.get(
        software__name=example["software"],
        software__organisation__publisher_id=example["organisation"],
    )
    grondslagen = [Grondslag(**g) for g in example["grondslagen"]]
    markers = [Marker(text, ground) for text, ground in example["markers"].items()]
    with (resources.files("wooexemptions") / example["tree"]).open("rb") as tree:
        found = scan(archive_entries(tree), markers, licence=decision.licence)
    legend, added = legend_for(found.markers, grondslagen)
    await inventory_store.replace_grondslagen(decision.pk, [*grondslagen, *added])
    await inventory_store.replace_items(decision.pk, items_from_scan(found, legend))
    await Decision.filter(id=decision.pk).update(
        legend=[{"marker": e.marker, "grondslag": e.grondslag} for e in legend],
        scan=scan_summary(found, example["commit"]),
        tree_url=example["tree_url"],
    )
    await decisions.set_grounds(decision, decisions.content_of(decision))
    return 1


async def _load_one(example: dict[str, Any]) -> int:
    organisation = await Organisation.get(publisher_id=example["organisation"])
    if await Software.filter(organisation=organisation, name=example["software"]).exists():
        return 0
    software = await software_services.create_software(
        organisation=organisation,
        name=example["software"],
        actor=ACTOR,
        description_nl=example["description"],
        source=RecordSource.DEMO,
    )
    content = parse(example["decision"])
    decision = await Decision.create(
        software=software,
        organisation=organisation,
        version=1,
        state=DecisionState.PUBLISHED,
        published_on=content.decided_on,
        advisers=example["decision"].get("advisers", ""),
        is_example=True,
        **decisions.stored_fields(content),
    )
    await decisions.set_grounds(decision, content)
    await decisions.follow_release_status(software.pk)
    await decisions.record(ACTOR, Action.DECISION_PUBLISH, decision, None, {"example": True})
    if "request" in example:
        return 1 + await _load_request(example["request"], decision)
    return 1


async def _load_request(data: dict[str, Any], decision: Decision) -> int:
    """The example's request (no requester: it is fictitious), its third parties, the appeal
    and, when upheld, the version that carries it out."""
    request = await WooRequest.create(
        organisation_id=decision.organisation_id,
        software_id=decision.software_id,
        zaaknummer=data["zaaknummer"],
        received_on=data["received_on"],
        subject=data["subject"],
        status="decided",
        is_example=True,
    )
    for party in data.get("third_parties", []):
        await ThirdParty.create(request=request, **party)
    await Decision.filter(id=decision.pk).update(request_id=request.pk)
    appeal_data = data["appeal"]
    appeal = await Appeal.create(
        decision=decision,
        kind=AppealKind(appeal_data["kind"]),
        lodged_on=appeal_data["lodged_on"],
        outcome=AppealOutcome(appeal_data["outcome"]),
        decided_on=appeal_data["decided_on"],
        summary=appeal_data["summary"],
    )
    content = parse(data["revised"])
    revised = await Decision.create(
        software_id=decision.software_id,
        organisation_id=decision.organisation_id,
        version=2,
        state=DecisionState.PUBLISHED,
        published_on=content.decided_on,
        supersedes=decision,
        request=request,
        follows_appeal=appeal,
        is_example=True,
        **decisions.stored_fields(content),
    )
    await Decision.filter(id=decision.pk).update(state=DecisionState.SUPERSEDED)
    await decisions.set_grounds(revised, content)
    await decisions.follow_release_status(decision.software_id)
    await decisions.record(ACTOR, Action.DECISION_PUBLISH, revised, None, {"example": True})
    return 1
