# SPDX-License-Identifier: EUPL-1.2
"""Factories for catalogue rows, written through the domain services like real data."""

from __future__ import annotations

import itertools

from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind, OrganisationKind, RecordSource
from catalogue.organisations.models import Organisation
from catalogue.organisations.publishers import AccountRecord, PublisherRecord
from catalogue.software import services as software_services
from catalogue.software.models import ReleaseStatus, Software

_numbers = itertools.count(1)


async def make_organisation(
    name: str | None = None,
    *,
    kind: OrganisationKind = OrganisationKind.GEMEENTE,
    account: str | None = None,
) -> Organisation:
    number = next(_numbers)
    name = name or f"Gemeente Voorbeeld {number}"
    account_name = account or f"voorbeeld-{number}"
    record = PublisherRecord(
        key=f"https://identifier.overheid.nl/tooi/id/gemeente/gm9{number:03d}",
        name=name,
        kind=kind,
        tooi_uri=f"https://identifier.overheid.nl/tooi/id/gemeente/gm9{number:03d}",
        publisher_id=None,
        roo_id=None,
        oin=None,
        website=None,
        accounts=[AccountRecord(ForgeKind.GITHUB, "https://github.com", account_name, True)],
    )
    await services.import_organisations(records=[record], actor="test")
    return await Organisation.get(tooi_uri=record.tooi_uri)


async def make_software(
    organisation: Organisation,
    name: str | None = None,
    *,
    licence: str | None = "EUPL-1.2",
    languages: tuple[str, ...] = ("Python",),
    release_status: ReleaseStatus = ReleaseStatus.OPEN,
    description_nl: str = "",
    description_en: str = "",
    repositories: int = 1,
) -> Software:
    number = next(_numbers)
    name = name or f"software-{number}"
    account = await organisation.accounts.all().first()
    owner = account.name if account else "someone"
    return await software_services.create_software(
        organisation=organisation,
        name=name,
        actor="test",
        licence=licence,
        release_status=release_status,
        description_nl=description_nl,
        description_en=description_en,
        source=RecordSource.REGISTRATION,
        repositories=[
            software_services.RepositoryData(
                url=f"https://github.com/{owner}/{name}-{index}",
                forge=ForgeKind.GITHUB,
                full_name=f"{owner}/{name}-{index}",
                description=f"{name} repository {index}",
                languages=languages,
            )
            for index in range(repositories)
        ],
    )
