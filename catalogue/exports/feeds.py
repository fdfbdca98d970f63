# SPDX-License-Identifier: EUPL-1.2
"""What the Atom feeds hold: the newest software, the most recently changed software and the
newest published decisions, overall or of one organisation, and how each item reads as an entry.

Each feed is at most `FEED_SIZE` entries, read in a fixed number of queries (no N+1): software
through `records.records_of` (six queries for the feed), decisions with their software and
organisation selected in one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from enum import StrEnum
from typing import cast

from tortoise.functions import Count, Max
from tortoise.queryset import QuerySet

from catalogue.exports import atom, dcat
from catalogue.exports.records import ExportRecord, besluit_of, records_of
from catalogue.organisations.models import Organisation
from catalogue.software.models import Software
from wooexemptions.grounds import ground
from wooexemptions.models import Decision
from wooexemptions.rules import applied_grounds
from wooexemptions.services import content_of
from wooexemptions.states import PUBLIC_STATES

FEED_SIZE = 50
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)  # the `updated` of a feed without entries
SITE = "opentenzij"
RELEASE_STATUS_NL = {
    "open": "openbaar",
    "partly_open": "deels openbaar",
    "withheld": "niet openbaar",
    "open_later": "later openbaar",
    "undecided": "nog geen besluit",
}


class FeedKind(StrEnum):
    """The feeds there are; the value is the feed's file name without .atom."""

    SOFTWARE_NEW = "software-new"
    SOFTWARE_CHANGED = "software-changed"
    DECISIONS = "decisions"


TITLES = {
    FeedKind.SOFTWARE_NEW: "Nieuwe software",
    FeedKind.SOFTWARE_CHANGED: "Gewijzigde software",
    FeedKind.DECISIONS: "Nieuw gepubliceerde besluiten over broncode",
}
SUBTITLES = {
    FeedKind.SOFTWARE_NEW: "Software die het laatst aan de catalogus is toegevoegd.",
    FeedKind.SOFTWARE_CHANGED: "Software waarvan de gegevens het laatst zijn gewijzigd.",
    FeedKind.DECISIONS: "Besluiten (Woo) over het wel of niet openbaar maken van broncode, "
    "het laatst gepubliceerd eerst.",
}


# Queries ------------------------------------------------------------------------------------


async def newest_software(
    kind: FeedKind, *, organisation: Organisation | None = None, limit: int = FEED_SIZE
) -> list[ExportRecord]:
    """The current (not archived) entries created (or changed) last, newest first."""
    query = Software.filter(archived_at__isnull=True)
    if organisation is not None:
        query = query.filter(organisation_id=organisation.pk)
    order = "-created_at" if kind is FeedKind.SOFTWARE_NEW else "-updated_at"
    ids = cast(
        "list[int]", await query.order_by(order, "-id").limit(limit).values_list("id", flat=True)
    )
    position = {software_id: index for index, software_id in enumerate(ids)}
    return sorted(await records_of(ids), key=lambda record: position[record.id])


def _published(organisation: Organisation | None) -> QuerySet[Decision]:
    query = Decision.filter(state__in=list(PUBLIC_STATES), published_on__isnull=False)
    if organisation is not None:
        query = query.filter(organisation_id=organisation.pk)
    return query


async def newest_decisions(
    *, organisation: Organisation | None = None, limit: int = FEED_SIZE
) -> list[Decision]:
    """Every public version (in force, superseded or withdrawn) by date of publication, newest
    first: each version entered the register once, and stays there."""
    return await (
        _published(organisation)
        .order_by("-published_on", "-id")
        .limit(limit)
        .select_related("software", "organisation", "request", "follows_appeal")
    )


async def decisions_fingerprint(organisation: Organisation | None = None) -> str:
    """Changes whenever the decisions feed would: one aggregate query."""
    summary = await (
        _published(organisation)
        .annotate(n=Count("id"), latest=Max("updated_at"))
        .values_list("n", "latest")
    )
    return hashlib.sha256(repr(summary).encode()).hexdigest()[:32]


async def latest_change(organisation: Organisation | None = None) -> datetime | None:
    """When any current entry (of the organisation) last changed: a catalogue's dct:modified."""
    query = Software.filter(archived_at__isnull=True)
    if organisation is not None:
        query = query.filter(organisation_id=organisation.pk)
    rows = await query.annotate(latest=Max("updated_at")).values_list("latest", flat=True)
    return cast("datetime | None", rows[0]) if rows else None


# Entries ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FeedRequest:
    """Where a feed is served and whose it is."""

    kind: FeedKind
    base_url: str  # the site, without a trailing slash
    self_url: str  # the feed's own address, with its query
    organisation: Organisation | None = None


def software_entry(record: ExportRecord, base_url: str) -> atom.Entry:
    page = dcat.software_page(base_url, record.id)
    organisation = record.organisation
    links = [atom.Link(page, type="text/html")]
    if repository := dcat.iri(record.repository_url):
        links.append(atom.Link(str(repository), rel="related", title="Broncode"))
    status = record.release_status
    categories = [
        atom.Category(
            status, RELEASE_STATUS_NL.get(status, status), dcat.OPENTENZIJ_NS + "releaseStatus"
        ),
        *(atom.Category(name) for name in record.languages),
    ]
    summary = record.description_nl or record.description_en or f"Software van {organisation.name}."
    return atom.Entry(
        id=page,
        title=record.name,
        updated=record.updated_at,
        published=record.created_at,
        links=tuple(links),
        summary=summary,
        authors=(
            atom.Person(organisation.name, dcat.organisation_page(base_url, organisation.slug)),
        ),
        categories=tuple(categories),
    )


def _ground_category(code: str) -> atom.Category:
    try:
        found = ground(code)
    except KeyError:
        return atom.Category(code, scheme=dcat.OPENTENZIJ_NS + "ground")
    label = f"Woo art. {found.article}: {found.name_nl}"
    return atom.Category(code, label, dcat.OPENTENZIJ_NS + "ground")


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)


APPEAL_NL = {
    "bezwaar": "bezwaar",
    "beroep": "beroep",
    "hoger_beroep": "hoger beroep",
    "voorlopige_voorziening": "het verzoek om een voorlopige voorziening",
}


def decision_entry(decision: Decision, base_url: str) -> atom.Entry:
    software: Software = decision.software
    organisation: Organisation = decision.organisation
    content = content_of(decision)
    outcome = RELEASE_STATUS_NL.get(str(content.outcome), str(content.outcome))
    page = dcat.decision_page(base_url, decision.id)
    besluit = besluit_of(decision)
    published = [
        atom.Link(url, rel="related", type="text/html", title=title)
        for url, title in (
            (besluit.besluit_url, "Besluit"),
            (besluit.inventory_url, "Inventarislijst"),
        )
        if dcat.iri(url) is not None
    ]
    basis = "op een Woo-verzoek" if besluit.basis == "request" else "uit eigen beweging"
    if besluit.request_zaaknummer:
        basis += f" ({besluit.request_zaaknummer})"
    by = f" door {besluit.bestuursorgaan}" if besluit.bestuursorgaan else ""
    if besluit.appeal_kind:
        ruling = f", {besluit.appeal_ecli}" if besluit.appeal_ecli else ""
        remedy = APPEAL_NL.get(besluit.appeal_kind, besluit.appeal_kind)
        by += f"; voert de beslissing op {remedy}{ruling} uit"
    return atom.Entry(
        id=page,
        title=f"{software.name}: {outcome} (versie {decision.version})",
        updated=decision.updated_at,
        published=_start_of(decision.published_on) if decision.published_on else None,
        links=(
            atom.Link(page, type="text/html"),
            atom.Link(dcat.software_page(base_url, software.id), rel="related", title="Software"),
            *published,
        ),
        summary=(content.summary or f"Besluit over de broncode van {software.name}.")
        + f" Genomen {basis}{by}.",
        authors=(
            atom.Person(organisation.name, dcat.organisation_page(base_url, organisation.slug)),
        ),
        categories=(
            atom.Category(str(content.outcome), outcome, dcat.OPENTENZIJ_NS + "outcome"),
            atom.Category(besluit.basis, basis, dcat.OPENTENZIJ_NS + "basis"),
            *(_ground_category(code) for code in applied_grounds(content)),
        ),
    )


def feed_head(request: FeedRequest, entries: list[atom.Entry]) -> atom.Feed:
    """The feed's metadata; it was updated when its newest entry was."""
    title = TITLES[request.kind]
    alternate = f"{request.base_url}/software"
    if request.kind is FeedKind.DECISIONS:
        alternate = f"{request.base_url}/register"
    if request.organisation is not None:
        title = f"{title} van {request.organisation.name}"
        alternate = dcat.organisation_page(request.base_url, request.organisation.slug)
    return atom.Feed(
        id=request.self_url,
        title=f"{title} — {SITE}",
        subtitle=SUBTITLES[request.kind],
        updated=max((entry.updated for entry in entries), default=EPOCH),
        links=(
            atom.Link(request.self_url, rel="self", type=atom.MEDIA_TYPE),
            atom.Link(alternate, type="text/html"),
        ),
        authors=(atom.Person(SITE, f"{request.base_url}/"),),
    )


async def feed_entries(request: FeedRequest) -> list[atom.Entry]:
    """The entries of the feed asked for, newest first."""
    if request.kind is FeedKind.DECISIONS:
        decisions = await newest_decisions(organisation=request.organisation)
        return [decision_entry(decision, request.base_url) for decision in decisions]
    records = await newest_software(request.kind, organisation=request.organisation)
    return [software_entry(record, request.base_url) for record in records]
