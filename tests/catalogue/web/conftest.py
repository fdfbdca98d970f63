# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from dataclasses import dataclass

import pytest

from catalogue.organisations.kinds import OrganisationKind
from catalogue.organisations.models import Organisation
from catalogue.software.models import ReleaseStatus, Software
from tests.factories import make_organisation, make_software


@dataclass
class Catalogue:
    utrecht: Organisation
    vws: Organisation
    zaken: Software
    signalen: Software
    coronamelder: Software
    geheim: Software


@pytest.fixture
async def catalogue(db: str) -> Catalogue:
    """A small catalogue with a spread of organisations, licences, languages and statuses."""
    utrecht = await make_organisation("Gemeente Utrecht", account="gemeenteutrecht")
    vws = await make_organisation(
        "Volksgezondheid, Welzijn en Sport", kind=OrganisationKind.MINISTERIE, account="minvws"
    )
    return Catalogue(
        utrecht=utrecht,
        vws=vws,
        zaken=await make_software(
            utrecht,
            "zaakafhandeling",
            licence="EUPL-1.2 OR MIT",
            languages=("Python", "TypeScript"),
            description_nl="Afhandelen van zaken voor burgers",
        ),
        signalen=await make_software(
            utrecht,
            "signalen",
            licence="MPL-2.0",
            languages=("JavaScript",),
            description_en="Reports about public space",
            repositories=2,
        ),
        coronamelder=await make_software(
            vws,
            "coronamelder",
            licence="EUPL-1.2",
            languages=("Kotlin", "Swift"),
            description_en="Exposure notification app",
        ),
        geheim=await make_software(
            vws,
            "fraudescore",
            licence=None,
            languages=(),
            release_status=ReleaseStatus.WITHHELD,
            repositories=0,
            description_nl="Risicomodel, niet openbaar",
        ),
    )
