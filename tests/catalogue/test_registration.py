# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pytest

from catalogue.accounts import services as accounts
from catalogue.accounts import sessions
from catalogue.audit.models import AuditEvent
from catalogue.errors import Duplicate, Invalid, NotPermitted
from catalogue.permissions.rules import Principal, Role
from catalogue.software import services as registration
from catalogue.software.models import Repository, Software
from tests.factories import make_organisation, make_software


async def developer_of(organisation, email: str = "dev@example.nl") -> Principal:
    user = await accounts.create_user(email=email, password=None, actor="test")
    await accounts.grant(user=user, organisation=organisation, role=Role.DEVELOPER, actor="test")
    return await sessions.principal_for(user)


async def test_registration_canonicalises_repository_urls(db: str) -> None:
    organisation = await make_organisation(account="MinBZK")
    principal = await developer_of(organisation)
    software = await registration.register_software(
        principal=principal,
        organisation=organisation,
        values={
            "name": "regels",
            "repositories": [
                "HTTP://WWW.GitHub.com/MinBZK/regels.git/",
                "git@github.com:minbzk/woo.git",
            ],
        },
    )
    urls = sorted(await Repository.filter(software=software).values_list("url", flat=True))
    assert urls == ["https://github.com/MinBZK/regels", "https://github.com/minbzk/woo"]
    assert software.edited_fields == ["name"]


async def test_a_duplicate_repository_is_refused_with_a_link_to_the_entry(db: str) -> None:
    organisation = await make_organisation(account="voorbeeld")
    existing = await make_software(organisation, "zaken")
    principal = await developer_of(organisation)
    with pytest.raises(Duplicate) as caught:
        await registration.register_software(
            principal=principal,
            organisation=organisation,
            values={
                "name": "kopie",
                "repositories": ["https://www.github.com/VOORBEELD/Zaken-0.git"],
            },
        )
    assert caught.value.existing == f"/software/{existing.id}"
    assert await Software.filter(name="kopie").count() == 0


async def test_the_same_repository_twice_in_one_request_is_invalid(db: str) -> None:
    organisation = await make_organisation(account="voorbeeld")
    principal = await developer_of(organisation)
    with pytest.raises(Invalid, match="listed twice"):
        await registration.register_software(
            principal=principal,
            organisation=organisation,
            values={
                "name": "x",
                "repositories": [
                    "https://github.com/voorbeeld/a",
                    "https://github.com/Voorbeeld/a/",
                ],
            },
        )


async def test_a_repository_on_another_organisations_account_is_refused(db: str) -> None:
    own = await make_organisation("Gemeente Eigen", account="eigen")
    await make_organisation("Gemeente Ander", account="ander")
    principal = await developer_of(own)
    with pytest.raises(NotPermitted, match="belongs to Gemeente Ander"):
        await registration.register_software(
            principal=principal,
            organisation=own,
            values={"name": "x", "repositories": ["https://github.com/ander/x"]},
        )
    admin = await accounts.create_user(
        email="admin@site.nl", password=None, actor="test", is_site_admin=True
    )
    software = await registration.register_software(
        principal=await sessions.principal_for(admin),
        organisation=own,
        values={"name": "x", "repositories": ["https://github.com/ander/x"]},
    )
    assert software.organisation_id == own.id


async def test_software_without_a_public_repository_can_be_registered(db: str) -> None:
    organisation = await make_organisation()
    principal = await developer_of(organisation)
    software = await registration.register_software(
        principal=principal,
        organisation=organisation,
        values={"name": "fraudescore", "description_nl": "Risicomodel", "repositories": []},
    )
    assert await software.repositories.all().count() == 0


@pytest.mark.parametrize(
    ("values", "field"),
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 201}, "name"),
        ({"name": "x", "description_nl": "a\x00b"}, "description_nl"),
        ({"name": "x", "licence": "Foo-1.0"}, "licence"),
        ({"name": "x", "homepage": "javascript:alert(1)"}, "homepage"),
        ({"name": "x", "homepage": "https://example.nl/" + "a" * 282}, "homepage"),  # 301
        ({"name": "x", "homepage": "https://example.nl/%zz"}, "homepage"),  # not RFC 3986
        ({"name": "x", "development_status": "done"}, "development_status"),
        ({"name": "x", "colour": "blue"}, "colour"),
        ({"name": 42}, "name"),
        ({"name": "x", "repositories": "https://github.com/a/b"}, "repositories"),
        ({"name": "x", "repositories": ["ftp://github.com/a/b"]}, "repositories[0]"),
        ({"name": "x", "repositories": ["https://github.com/onlyowner"]}, "repositories[0]"),
    ],
)
async def test_bad_fields_are_named_and_nothing_is_written(
    db: str, values: dict, field: str
) -> None:
    organisation = await make_organisation()
    principal = await developer_of(organisation)
    with pytest.raises(Invalid) as caught:
        await registration.register_software(
            principal=principal, organisation=organisation, values=values
        )
    assert field in caught.value.errors
    assert await Software.all().count() == 0


async def test_a_harvest_never_overwrites_what_a_person_edited(db: str) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation, "zaken", description_en="old")
    principal = await developer_of(organisation)
    await registration.update_software(
        principal=principal,
        software=software,
        values={"description_nl": "Door een mens geschreven"},
    )
    changed = await registration.apply_harvest(
        software=software,
        actor="system:harvest",
        values={
            "description_nl": "Van de code host",
            "description_en": "From the host",
            "homepage": "https://zaken.example.nl",
            "release_status": "withheld",
        },
    )
    assert changed == ["description_en", "homepage"]
    stored = await Software.get(id=software.id)
    assert stored.description_nl == "Door een mens geschreven"
    assert stored.description_en == "From the host"
    assert stored.release_status.value == "open"  # a harvest never decides on release
    assert stored.edited_fields == ["description_nl"]
    assert stored.harvested_fields == ["description_en", "homepage"]
    await registration.update_software(
        principal=principal, software=stored, values={"homepage": "https://eigen.example.nl"}
    )
    again = await registration.apply_harvest(
        software=stored, actor="system:harvest", values={"homepage": "https://zaken.example.nl"}
    )
    assert again == []
    assert (await Software.get(id=software.id)).homepage == "https://eigen.example.nl"
    assert await AuditEvent.filter(action="catalogue:software:harvest").count() == 1


async def test_a_refused_write_leaves_an_audit_event_and_nothing_else(db: str) -> None:
    own = await make_organisation(account="eigen")
    other = await make_organisation(account="ander")
    software = await make_software(other, "van-ander")
    principal = await developer_of(own)
    with pytest.raises(NotPermitted):
        await registration.update_software(
            principal=principal, software=software, values={"name": "gekaapt"}
        )
    assert (await Software.get(id=software.id)).name == "van-ander"
    event = await AuditEvent.all().order_by("-id").first()
    assert event is not None and event.action == "accounts:write:refuse"
    assert event.organisation_id == other.id
    assert event.after == {"permission": "edit_software"}


async def test_publiccode_fields_are_edited_checked_and_audited(db: str) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation, "zaken")
    principal = await developer_of(organisation)
    await registration.update_software(
        principal=principal,
        software=software,
        values={
            "software_type": "standalone/web",
            "categories": ["crm", " data-analytics ", "crm"],
            "platforms": ["web", "linux"],
        },
    )
    stored = await Software.get(id=software.id)
    assert stored.software_type == "standalone/web"
    assert stored.categories == ["crm", "data-analytics"]
    assert stored.platforms == ["web", "linux"]
    assert {"software_type", "categories", "platforms"} <= set(stored.edited_fields)
    event = await AuditEvent.filter(action="catalogue:software:update").order_by("-id").first()
    assert event is not None
    assert event.before == {"software_type": None, "categories": [], "platforms": []}
    assert event.after["categories"] == ["crm", "data-analytics"]
    await registration.update_software(
        principal=principal, software=stored, values={"software_type": None, "categories": None}
    )
    cleared = await Software.get(id=software.id)
    assert (cleared.software_type, cleared.categories) == (None, [])


@pytest.mark.parametrize(
    ("values", "field", "fragment"),
    [
        ({"software_type": "standalone/toaster"}, "software_type", "'standalone/toaster'"),
        ({"categories": ["crm", "kaas", "worst"]}, "categories", "'kaas', 'worst'"),
        ({"categories": "crm"}, "categories", "list"),
        ({"platforms": ["web", 3]}, "platforms", "list"),
        ({"platforms": ["x" * 51]}, "platforms", "50"),
        ({"platforms": [f"p{n}" for n in range(21)]}, "platforms", "20"),
    ],
)
async def test_bad_publiccode_fields_name_the_bad_value_and_change_nothing(
    db: str, values: dict, field: str, fragment: str
) -> None:
    organisation = await make_organisation()
    software = await make_software(organisation, "zaken")
    principal = await developer_of(organisation)
    with pytest.raises(Invalid) as caught:
        await registration.update_software(principal=principal, software=software, values=values)
    assert list(caught.value.errors) == [field]
    assert fragment in str(caught.value.errors[field])
    stored = await Software.get(id=software.id)
    assert (stored.software_type, stored.categories, stored.edited_fields) == (None, [], [])
