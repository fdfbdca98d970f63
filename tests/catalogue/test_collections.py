# SPDX-License-Identifier: EUPL-1.2
"""Collections: site administrators assemble them; a collection reads back with every entry's
readiness in a fixed number of queries."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from catalogue.accounts import services as accounts
from catalogue.audit.actions import Action
from catalogue.audit.events import verify_chain
from catalogue.audit.models import AuditEvent
from catalogue.collections import queries
from catalogue.collections import services as collections
from catalogue.collections.models import Collection, CollectionEntry
from catalogue.collections.readiness import Criterion, Status
from catalogue.components.models import Dependency, DependencySource
from catalogue.demo.loading import load_demo
from catalogue.errors import Duplicate, Invalid, NotFound, NotPermitted
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import ANONYMOUS, Principal, Role
from catalogue.software.models import Repository, Software
from catalogue.software.services import archive_software
from tests.factories import make_organisation, make_software
from wooexemptions.examples import load_examples as load_example_decisions

NOW = datetime(2026, 6, 1, tzinfo=UTC)
VALUES = {
    "slug": "mijn-bureau",
    "title_nl": "Mijn Bureau",
    "title_en": "My Office",
    "description_nl": "Een werkplek.",
    "description_en": "A workplace.",
}


@pytest.fixture
async def admin(db: str) -> Principal:
    user = await accounts.create_user(
        email="beheer@site.nl", password=None, actor="test", is_site_admin=True
    )
    return Principal(user_id=user.pk, email=user.email, is_site_admin=True)


async def actions() -> list[str]:
    return list(await AuditEvent.all().order_by("id").values_list("action", flat=True))


async def test_an_administrator_makes_changes_and_deletes_a_collection(admin: Principal) -> None:
    collection = await collections.create_collection(principal=admin, values=VALUES)
    assert (collection.slug, collection.title_en) == ("mijn-bureau", "My Office")
    assert collection.created_by_id == admin.user_id  # type: ignore[attr-defined]
    updated = await collections.update_collection(
        principal=admin, collection=collection, values={"title_nl": "  Mijn Bureau 2 "}
    )
    assert updated.title_nl == "Mijn Bureau 2"
    await collections.update_collection(
        principal=admin, collection=collection, values={"title_nl": "Mijn Bureau 2"}
    )  # no change, no event
    await collections.delete_collection(principal=admin, collection=collection)
    assert not await Collection.exists()
    assert await actions() == [
        Action.USER_CREATE,
        Action.COLLECTION_CREATE,
        Action.COLLECTION_UPDATE,
        Action.COLLECTION_DELETE,
    ]
    event = await AuditEvent.filter(action=Action.COLLECTION_UPDATE).get()
    assert (event.before, event.after) == (
        {"title_nl": "Mijn Bureau"},
        {"title_nl": "Mijn Bureau 2"},
    )
    assert (await verify_chain()).broken_at is None


async def test_input_is_checked_field_by_field(admin: Principal) -> None:
    with pytest.raises(Invalid) as caught:
        await collections.create_collection(
            principal=admin,
            values={"slug": "Mijn Bureau", "title_nl": "", "title_en": "x" * 201, "colour": "red"},
        )
    assert set(caught.value.errors) == {"slug", "title_nl", "title_en", "colour"}
    assert str(caught.value.errors["title_en"]) == "is longer than 200 characters"
    for slug in ("-a", "a--b", "a_b", "a" * 101, "ü"):
        with pytest.raises(Invalid):
            await collections.create_collection(principal=admin, values={**VALUES, "slug": slug})
    with pytest.raises(Invalid) as caught:
        await collections.create_collection(
            principal=admin, values={**VALUES, "description_nl": "a\x00b"}
        )
    assert str(caught.value.errors["description_nl"]) == "contains control characters"
    collection = await collections.create_collection(principal=admin, values=VALUES)
    with pytest.raises(Duplicate):
        await collections.create_collection(principal=admin, values=VALUES)
    with pytest.raises(Invalid) as caught:
        await collections.update_collection(
            principal=admin, collection=collection, values={"slug": "nieuw", "title_nl": " "}
        )
    assert set(caught.value.errors) == {"slug", "title_nl"}
    assert (await Collection.get(id=collection.pk)).title_nl == "Mijn Bureau"


async def test_only_site_administrators_may_write(admin: Principal) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation)
    collection = await collections.create_collection(principal=admin, values=VALUES)
    entry = await collections.add_entry(
        principal=admin, collection=collection, software_id=software.pk
    )
    user = await accounts.create_user(email="dev@gemeente.nl", password=None, actor="test")
    await accounts.grant(user=user, organisation=organisation, role=Role.ADMIN, actor="test")
    organisation_admin = Principal(
        user_id=user.pk, email=user.email, roles={organisation.pk: frozenset({Role.ADMIN})}
    )
    writes = [
        lambda p: collections.create_collection(principal=p, values={**VALUES, "slug": "b"}),
        lambda p: collections.update_collection(
            principal=p, collection=collection, values={"title_nl": "x"}
        ),
        lambda p: collections.delete_collection(principal=p, collection=collection),
        lambda p: collections.add_entry(principal=p, collection=collection, software_id=1),
        lambda p: collections.update_entry(principal=p, entry=entry, values={"role_nl": "x"}),
        lambda p: collections.remove_entry(principal=p, entry=entry),
        lambda p: collections.reorder_entries(
            principal=p, collection=collection, software_ids=[software.pk]
        ),
        lambda p: collections.move_entry(principal=p, entry=entry, offset=1),
    ]
    for principal in (ANONYMOUS, organisation_admin):
        for write in writes:
            with pytest.raises(NotPermitted):
                await write(principal)
    assert await AuditEvent.filter(action=Action.WRITE_REFUSE).count() == 2 * len(writes)
    assert await Collection.filter(slug="mijn-bureau", title_nl="Mijn Bureau").exists()
    assert await CollectionEntry.filter(id=entry.pk, role_nl="").exists()


async def test_entries_are_added_ordered_and_removed(admin: Principal) -> None:
    organisation = await make_organisation()
    a, b, c = [await make_software(organisation, name) for name in ("a", "b", "c")]
    collection = await collections.create_collection(principal=admin, values=VALUES)
    for software in (a, b, c):
        await collections.add_entry(
            principal=admin,
            collection=collection,
            software_id=str(software.pk),
            values={"role_nl": f" rol {software.name} ", "role_en": f"role {software.name}"},
        )

    async def order() -> list[str]:
        return [v.record.name for v in (await queries.collection_view(collection)).entries]

    assert await order() == ["a", "b", "c"]
    entry_c = await queries.entry_of(collection, c.pk)
    assert (entry_c.role_nl, entry_c.position) == ("rol c", 2)
    await collections.move_entry(principal=admin, entry=entry_c, offset=-1)
    assert await order() == ["a", "c", "b"]
    await collections.move_entry(
        principal=admin, entry=await queries.entry_of(collection, a.pk), offset=-1
    )
    assert await order() == ["a", "c", "b"]  # the first stays first
    await collections.reorder_entries(
        principal=admin, collection=collection, software_ids=[b.pk, a.pk, c.pk]
    )
    assert await order() == ["b", "a", "c"]
    with pytest.raises(Invalid):
        await collections.reorder_entries(
            principal=admin, collection=collection, software_ids=[b.pk, a.pk]
        )
    with pytest.raises(Invalid):
        await collections.reorder_entries(
            principal=admin, collection=collection, software_ids=[b.pk, a.pk, c.pk, c.pk]
        )
    await collections.update_entry(
        principal=admin,
        entry=await queries.entry_of(collection, a.pk),
        values={"role_nl": "nieuwe rol"},
    )
    await collections.remove_entry(principal=admin, entry=await queries.entry_of(collection, b.pk))
    assert await order() == ["a", "c"]
    assert (await queries.entry_of(collection, a.pk)).role_nl == "nieuwe rol"
    with pytest.raises(NotFound):
        await queries.entry_of(collection, b.pk)
    events = await AuditEvent.filter(target_type="Collection").order_by("id")
    assert [e.action for e in events].count(Action.COLLECTION_REORDER) == 3
    removed = [e for e in events if e.action == Action.COLLECTION_REMOVE_ENTRY]
    assert removed[0].before == {"software": b.pk, "position": 0}
    summaries = await queries.list_collections()
    assert [(s.collection.slug, s.entry_count) for s in summaries] == [("mijn-bureau", 2)]


async def test_what_cannot_be_added(admin: Principal) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation, "zaken")
    collection = await collections.create_collection(principal=admin, values=VALUES)
    await collections.add_entry(principal=admin, collection=collection, software_id=software.pk)
    with pytest.raises(Duplicate):
        await collections.add_entry(principal=admin, collection=collection, software_id=software.pk)
    for bad in ("", "abc", "-1", "1.5", "9" * 10, None, [1]):
        with pytest.raises(Invalid) as caught:
            await collections.add_entry(principal=admin, collection=collection, software_id=bad)
        assert set(caught.value.errors) == {"software"}
    with pytest.raises(Invalid) as caught:
        await collections.add_entry(principal=admin, collection=collection, software_id=987654)
    assert str(caught.value.errors["software"]) == "there is no entry 987654"
    archived = await make_software(organisation, "oud")
    await archive_software(principal=admin, software=archived)
    with pytest.raises(Invalid) as caught:
        await collections.add_entry(principal=admin, collection=collection, software_id=archived.pk)
    assert str(caught.value.errors["software"]) == "oud is archived"
    other = await make_software(organisation, "ander")
    with pytest.raises(Invalid):
        await collections.add_entry(
            principal=admin, collection=collection, software_id=other.pk,
            values={"role_nl": "x" * 201},
        )  # fmt: skip
    assert await CollectionEntry.all().count() == 1


async def _add_all(admin: Principal, collection: Collection, software: list[Software]) -> None:
    for item in software:
        await collections.add_entry(principal=admin, collection=collection, software_id=item.pk)


async def test_readiness_is_read_in_a_fixed_number_of_queries(
    admin: Principal, count_queries
) -> None:
    organisations = [await make_organisation() for _ in range(3)]
    software = [
        await make_software(organisations[n % 3], f"onderdeel-{n}", repositories=2)
        for n in range(6)
    ]
    for user in software[1:]:  # every other entry depends on the first, by its repository
        await Dependency.create(
            software=user,
            source=DependencySource.SBOM,
            key=f"pkg:github/{software[0].name}",  # not a repository: matches nothing
            name="x",
        )
    small = await collections.create_collection(principal=admin, values=VALUES)
    await _add_all(admin, small, software[:1])
    large = await collections.create_collection(principal=admin, values={**VALUES, "slug": "b"})
    await _add_all(admin, large, software)

    count_queries.statements.clear()
    one = await queries.collection_view(small)
    queries_for_one = len(count_queries.statements)
    count_queries.statements.clear()
    six = await queries.collection_view(large)
    # 9 for the entries' readiness, 5 for their quality signals
    assert len(count_queries.statements) == queries_for_one == 14, count_queries.statements
    assert (len(one.entries), len(six.entries)) == (1, 6)


async def test_a_collection_shows_advisories_only_past_the_embargo(admin: Principal) -> None:
    from catalogue.components.models import DependencySource
    from catalogue.vulnerabilities.models import Advisory, Exposure

    software = await make_software(await make_organisation(), "zaken")
    collection = await collections.create_collection(principal=admin, values=VALUES)
    await _add_all(admin, collection, [software])
    dependency = await Dependency.create(
        software_id=software.id,
        source=DependencySource.SBOM,
        key="pkg:npm/lodash",
        name="lodash",
        version="4.17.20",
        purl="pkg:npm/lodash@4.17.20",
    )

    async def secure(now: datetime) -> tuple[Status, list[str]]:
        [view] = (await queries.collection_view(collection, now=now)).entries
        check = {c.criterion: c for c in view.readiness.checks}[Criterion.SECURE]
        return check.status, [str(message) for message in check.missing]

    assert await secure(NOW) == (Status.MET, [])  # an SBOM, and no advisory
    advisory = await Advisory.create(
        id="GHSA-1", modified=NOW, fetched_at=NOW, affected=[], references=[]
    )
    await Exposure.create(dependency=dependency, advisory=advisory, first_seen_at=NOW)
    assert await secure(NOW + timedelta(days=1)) == (Status.MET, [])  # within the embargo
    assert await secure(NOW + timedelta(days=15)) == (
        Status.NOT_MET,
        ["open advisories on its components: GHSA-1"],
    )


async def test_dependants_and_declared_users_make_reuse(admin: Principal) -> None:
    owner = await make_organisation("Gemeente Eigen", account="eigen")
    other = await make_organisation("Gemeente Ander", account="ander")
    third = await make_organisation("Gemeente Derde", account="derde")
    component = await make_software(owner, "formulieren")
    url = (await component.repositories.all().first()).url  # https://github.com/eigen/formulieren-0
    by_purl = await make_software(other, "loket")
    await Dependency.create(
        software=by_purl, source=DependencySource.SBOM, key="pkg:github/eigen/formulieren-0",
        name="formulieren", purl="pkg:github/eigen/formulieren-0@1.0",
    )  # fmt: skip
    by_name = await make_software(third, "balie")
    await Dependency.create(
        software=by_name, source=DependencySource.PUBLICCODE, key="name:formulieren", name="x"
    )
    own_use = await make_software(owner, "intern")
    await Dependency.create(
        software=own_use, source=DependencySource.PUBLICCODE, key="name:eigen/formulieren-0",
        name="x",
    )  # fmt: skip
    itself = await Dependency.create(
        software=component, source=DependencySource.PUBLICCODE, key="name:formulieren", name="x"
    )
    archived = await make_software(await make_organisation("Gemeente Weg"), "weg")
    await Dependency.create(
        software=archived, source=DependencySource.PUBLICCODE, key="name:formulieren", name="x"
    )
    await archive_software(principal=admin, software=archived)
    collection = await collections.create_collection(principal=admin, values=VALUES)
    await _add_all(admin, collection, [component])

    [view] = (await queries.collection_view(collection)).entries
    assert url.endswith("/eigen/formulieren-0")
    assert view.reusers == ("Gemeente Eigen", "Gemeente Ander", "Gemeente Derde")
    reuse = next(c for c in view.readiness.checks if c.criterion is Criterion.REUSED)
    assert reuse.status is Status.MET

    await Dependency.filter(id__not=itself.pk).delete()
    [view] = (await queries.collection_view(collection)).entries
    reuse = next(c for c in view.readiness.checks if c.criterion is Criterion.REUSED)
    assert (view.reusers, reuse.status) == (("Gemeente Eigen",), Status.UNKNOWN)

    await Software.filter(id=component.pk).update(
        publiccode_yml="usedBy:\n  - Gemeente Tilburg\n  - 12\n", publiccode_check={"valid": False}
    )
    [view] = (await queries.collection_view(collection)).entries
    assert view.reusers == ("Gemeente Eigen", "Gemeente Tilburg")


async def test_entry_facts_follow_the_catalogue(admin: Principal) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation, "zaken", licence="MIT")
    await Repository.filter(software=software).update(last_activity_at=NOW - timedelta(days=30))
    await Software.filter(id=software.pk).update(maintenance_type="contract")
    collection = await collections.create_collection(principal=admin, values=VALUES)
    await _add_all(admin, collection, [software])
    view = await queries.collection_view(collection, now=NOW)
    statuses = {check.criterion: check.status for check in view.entries[0].readiness.checks}
    assert statuses == {
        Criterion.LICENCE: Status.MET,
        Criterion.PUBLICCODE: Status.NOT_MET,
        Criterion.MAINTAINED: Status.MET,
        Criterion.REUSED: Status.UNKNOWN,
        Criterion.NOTHING_WITHHELD: Status.MET,
        Criterion.SECURE: Status.UNKNOWN,  # no SBOM
        Criterion.REPORTABLE: Status.UNKNOWN,  # no harvest read its files
    }
    assert view.tally(Criterion.PUBLICCODE, Status.NOT_MET) == 1
    assert (view.ready, view.count(Status.NOT_MET), view.count(Status.UNKNOWN)) == (0, 1, 0)
    later = await queries.collection_view(collection, now=NOW + timedelta(days=400))
    maintained = later.entries[0].readiness.checks[2]
    assert maintained.status is Status.NOT_MET


async def test_the_fingerprint_changes_with_the_collection_and_its_entries(
    admin: Principal,
) -> None:
    organisation = await make_organisation()
    a, b = await make_software(organisation, "a"), await make_software(organisation, "b")
    collection = await collections.create_collection(principal=admin, values=VALUES)
    seen = {await queries.fingerprint(collection)}

    async def changed() -> bool:
        value = await queries.fingerprint(collection)
        fresh = value not in seen
        seen.add(value)
        return fresh

    await _add_all(admin, collection, [a, b])
    assert await changed()
    await collections.reorder_entries(
        principal=admin, collection=collection, software_ids=[b.pk, a.pk]
    )
    assert await changed()
    assert not await changed()
    await Repository.filter(software=a).update(updated_at=datetime.now(UTC) + timedelta(days=1))
    assert await changed()
    records = await queries.collection_records(collection)
    assert [record.name for record in records] == ["b", "a"]


async def test_the_examples_are_made_from_the_demo_data(db: str) -> None:
    await load_demo()
    await load_example_decisions()
    assert await collections.load_examples() == 2
    assert await collections.load_examples() == 0
    summaries = await queries.list_collections()
    assert [s.collection.title_nl for s in summaries] == [
        "Herbruikbare componenten voor gemeenten (voorbeeld)",
        "Mijn Bureau-werkplek (voorbeeld)",
    ]
    assert all(s.entry_count >= 5 for s in summaries)
    assert (
        await AuditEvent.filter(actor="system:demo", action=Action.COLLECTION_CREATE).count() == 2
    )
    municipal = await queries.collection_view(summaries[0].collection)
    by_name = {view.record.name: view for view in municipal.entries}
    toeslagen = by_name["Toeslagencheck bijzondere bijstand (voorbeeld)"].readiness.checks[4]
    assert toeslagen.status is Status.NOT_MET
    assert any("the decision in force withholds" in str(m) for m in toeslagen.missing)
    signalen = by_name["Signalen frontend"]
    assert signalen.reusers == ("Gemeente Amsterdam", "Gemeente 's-Hertogenbosch")
    organisations = {o.name for o in await Organisation.filter(name__in=signalen.reusers)}
    assert "Gemeente Amsterdam" in organisations
