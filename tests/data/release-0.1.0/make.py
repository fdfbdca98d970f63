# SPDX-License-Identifier: EUPL-1.2
"""How sqlite.sql and postgresql.sql were made: a catalogue with one organisation and one entry,
written by the code and migrations of release 0.1.0 (commit 98724eb), then dumped.

    git worktree add --detach /tmp/old 98724eb
    PYTHONPATH=/tmp/old python make.py sqlite:///tmp/old.sqlite3
    sqlite3 /tmp/old.sqlite3 .dump > sqlite.sql
    PYTHONPATH=/tmp/old python make.py postgres://postgres@127.0.0.1:5432/release_010
    pg_dump --no-owner --no-privileges --inserts release_010 \\
        | grep -v '^\\.*restrict' > postgresql.sql

It imports the modules of that release (catalogue.models and so on), which no longer exist.
"""

import asyncio
import sys

from catalogue.models import ForgeKind, OrganisationKind, RecordSource

from catalogue import db, services
from catalogue.organisations import AccountRecord, PublisherRecord


async def main(url):
    await db.upgrade(url)
    async with db.connected(url):
        record = PublisherRecord(
            key="gm0001",
            name="Gemeente Oud",
            kind=OrganisationKind.GEMEENTE,
            tooi_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm0001",
            publisher_id=None,
            roo_id=None,
            oin=None,
            website=None,
            accounts=[AccountRecord(ForgeKind.GITHUB, "https://github.com", "gemeente-oud", True)],
        )
        await services.import_organisations(records=[record], actor="release-0.1.0")
        from catalogue.models import Organisation

        organisation = await Organisation.get(slug="gemeente-oud")
        await services.create_software(
            organisation=organisation,
            name="oude-app",
            actor="release-0.1.0",
            licence="EUPL-1.2",
            source=RecordSource.REGISTRATION,
            repositories=[
                services.RepositoryData(
                    url="https://github.com/gemeente-oud/oude-app",
                    forge=ForgeKind.GITHUB,
                    full_name="gemeente-oud/oude-app",
                    languages=("Python",),
                )
            ],
        )


asyncio.run(main(sys.argv[1]))
