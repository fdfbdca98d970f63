# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from dataclasses import replace

import pytest
from tortoise.exceptions import IntegrityError

from catalogue.audit.events import GENESIS_HASH, event_hash
from catalogue.audit.models import AuditEvent
from catalogue.licences import LicenceError
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.organisations.publishers import (
    AccountRecord,
    bundled_publishers_path,
    read_publishers,
)
from catalogue.software import queries
from catalogue.software import services as software_services
from catalogue.software.models import Software, SoftwareLicence
from tests.factories import make_organisation, make_software


def test_slugify() -> None:
    assert services.slugify("Gemeente Súdwest-Fryslân") == "gemeente-sudwest-fryslan"
    assert services.slugify("Coöperatie Dimpact U.A.") == "cooperatie-dimpact-u-a"
    assert services.slugify("!!!") == "organisatie"


async def test_importing_the_seed_twice_changes_nothing(db: str) -> None:
    records = read_publishers(bundled_publishers_path())
    first = await services.import_organisations(records=records, actor="test")
    assert (first.created, first.updated, first.accounts_created) == (48, 0, 79)
    snapshot = await Organisation.all().order_by("id").values()
    events = await AuditEvent.all().count()

    second = await services.import_organisations(records=records, actor="test")
    assert (second.created, second.updated, second.unchanged, second.accounts_created) == (
        0,
        0,
        48,
        0,
    )
    assert await Organisation.all().order_by("id").values() == snapshot
    assert await AuditEvent.all().count() == events
    assert await CodeHostAccount.all().count() == 79


async def test_a_changed_publisher_is_updated_with_before_and_after(db: str) -> None:
    records = read_publishers(bundled_publishers_path())
    await services.import_organisations(records=records, actor="test")
    renamed = next(r for r in records if r.name == "Kiesraad")
    changed = replace(renamed, name="Kiesraad (nieuw)")
    result = await services.import_organisations(records=[changed], actor="test")
    assert result.updated == 1
    organisation = await Organisation.get(tooi_uri=renamed.tooi_uri)
    assert organisation.name == "Kiesraad (nieuw)"
    assert organisation.slug == "kiesraad"  # a URL name stays stable
    event = await AuditEvent.filter(action="catalogue:organisation:update").get()
    assert event.before == {"name": "Kiesraad"}
    assert event.after == {"name": "Kiesraad (nieuw)"}


async def test_an_import_that_fails_halfway_writes_nothing(db: str) -> None:
    records = read_publishers(bundled_publishers_path())
    first, broken = (replace(record, oin="00000001") for record in records[:2])
    with pytest.raises(IntegrityError):
        await services.import_organisations(records=[first, broken], actor="test")
    assert await Organisation.all().count() == 0
    assert await AuditEvent.all().count() == 0


async def test_slugs_stay_unique_for_equal_names(db: str) -> None:
    one = await make_organisation("Gemeente Bergen")
    two = await make_organisation("Gemeente Bergen")
    assert (one.slug, two.slug) == ("gemeente-bergen", "gemeente-bergen-2")


async def test_create_software_normalises_its_licence_and_links_the_account(db: str) -> None:
    organisation = await make_organisation(account="voorbeeld")
    software = await software_services.create_software(
        organisation=organisation,
        name="zaken",
        actor="test",
        licence="eupl-1.2 or mit",
        repositories=[
            software_services.RepositoryData(
                url="HTTPS://www.github.com/Voorbeeld/zaken.git",
                forge="github",
                full_name="Voorbeeld/zaken",
                languages=("Python", "Python", "HTML"),
            )
        ],
    )
    assert (software.licence, software.licence_declared) == ("EUPL-1.2 OR MIT", "eupl-1.2 or mit")
    assert sorted(
        await SoftwareLicence.filter(software=software).values_list("identifier", flat=True)
    ) == ["EUPL-1.2", "MIT"]
    [repository] = (await queries.software_detail(software.id)).repository_list  # type: ignore[union-attr]
    await repository.fetch_related("account")
    assert repository.url == "https://github.com/Voorbeeld/zaken"
    assert repository.account.name == "voorbeeld"
    assert [language.name for language in repository.languages] == ["Python", "HTML"]


async def test_an_invalid_licence_is_refused_before_anything_is_written(db: str) -> None:
    organisation = await make_organisation()
    with pytest.raises(LicenceError):
        await software_services.create_software(
            organisation=organisation, name="x", actor="test", licence="Foo-1.0"
        )
    assert await Software.all().count() == 0


async def test_audit_events_form_a_hash_chain(db: str) -> None:
    organisation = await make_organisation()
    await make_software(organisation)
    events = await AuditEvent.all().order_by("id")
    assert len(events) >= 3
    previous = GENESIS_HASH
    for event in events:
        assert event.previous_hash == previous
        assert event.hash == event_hash(
            previous_hash=event.previous_hash,
            actor=event.actor,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            organisation_id=event.organisation_id,
            before=event.before,
            after=event.after,
            created_at=event.created_at,
        )
        previous = event.hash


async def test_search_text_follows_every_save(db: str) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation, "Zaken", description_nl="Één loket")
    assert software.search_text == "zaken\néén loket"
    software.description_en = "One Desk"
    await software.save(update_fields=["description_en"])
    stored = await Software.get(id=software.id)
    assert stored.search_text == "zaken\néén loket\none desk"


async def test_an_account_listed_under_another_organisation_moves_there(db: str) -> None:
    first = await make_organisation("Gemeente Een", account="gedeeld")
    record = replace(
        next(r for r in read_publishers(bundled_publishers_path()) if r.name == "Kiesraad"),
        accounts=[AccountRecord(ForgeKind.GITHUB, "https://github.com", "GEDEELD", True)],
    )
    await services.import_organisations(records=[record], actor="test")
    account = await CodeHostAccount.get(name_key="gedeeld").prefetch_related("organisation")
    assert account.organisation.name == "Kiesraad"
    event = await AuditEvent.get(action="catalogue:account:move")
    assert event.before == {"organisation_id": first.id}
