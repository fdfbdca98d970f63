# SPDX-License-Identifier: EUPL-1.2
"""The exact JSON of each API resource, byte for byte (keys in order, null or absent, the
form of every date), for an entry with every optional field set and one with none: what a
change of how the resources are made must keep."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.accounts.models import User
from catalogue.audit.events import record_event
from catalogue.collections.models import Collection, CollectionEntry
from catalogue.components.models import Dependency, DependencySource, SbomDocument
from catalogue.harvests.models import HarvestLog, HarvestRun, RunStatus
from catalogue.harvests.models import Outcome as HarvestOutcome
from catalogue.jobs.models import ScheduledJob
from catalogue.messages import Message
from catalogue.organisations.kinds import ForgeKind, OrganisationKind, WebsiteCheck
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.permissions.rules import Role
from catalogue.software.models import (
    DevelopmentStatus,
    MaintenanceType,
    ReleaseStatus,
    Repository,
    Software,
)
from catalogue.vulnerabilities.models import Advisory, Exposure
from catalogue.web.http import EncodedResponse
from catalogue.webhooks.models import DeliveryStatus, Webhook, WebhookDelivery
from tests.factories import make_organisation, make_software
from wooexemptions.grounds import grounds

MOMENT = datetime(2026, 3, 4, 5, 6, 7, 890123, tzinfo=UTC)
LATER = datetime(2026, 5, 6, 7, 8, 9, tzinfo=UTC)
CHECK = {
    "version": "0.4",
    "valid": False,
    "errors": 1,
    "warnings": 0,
    "problems": [
        {
            "severity": "error",
            "key": "name",
            "message": "name: is required",
            "line": 3,
            "column": 1,
            "template": "%(key)s: is required",
            "values": {"key": "name"},
        }
    ],
}
FINDING = {
    "code": "licence-mismatch",
    "message": "The licences disagree",
    "sources": {"forge": "MIT", "file": None},
    "repository": "https://github.com/volledig/alles-0",
    "template": "The licences disagree",
    "values": {},
}


def verdict(signal: str, state: str, title: str, evidence: str, fix: str | None) -> dict[str, Any]:
    return {"signal": signal, "state": state, "title": title, "evidence": [evidence], "fix": fix}


UNREAD = "the harvest of its code host does not read the repository's files"
SBOM_FIX = "publish an SBOM, or enable the dependency graph on the code host"
REUSE = verdict("reuse", "unknown", "REUSE-compliant", UNREAD, None)
SECURITY = verdict("security-policy", "unknown", "Security policy", UNREAD, None)
ACTIVITY = verdict(
    "recent-activity", "unknown", "Recent activity", "no activity date is known", None
)
NO_SBOM = verdict(
    "no-known-vulnerabilities",
    "unknown",
    "No known vulnerabilities",
    "the catalogue knows none of its components (no SBOM)",
    SBOM_FIX,
)
FULL_QUALITY = [
    REUSE,
    verdict(
        "licence-file",
        "failed",
        "Licence file matches the declared licence",
        "no licence file recognised in https://github.com/volledig/alles-1",
        "put the full text of the declared licence in a LICENSE file at the root",
    ),
    verdict(
        "publiccode",
        "failed",
        "Valid publiccode.yml",
        "publiccode.yml (version 0.4) has 1 errors",
        "correct the errors the entry's publiccode.yml check lists",
    ),
    SECURITY,
    ACTIVITY,
    NO_SBOM,
    verdict(
        "decision",
        "passed",
        "Woo decision in force",
        "released as open source: nothing is withheld, so no grounds to record",
        None,
    ),
]
EMPTY_QUALITY = [
    REUSE,
    verdict(
        "licence-file",
        "unknown",
        "Licence file matches the declared licence",
        "no repository is known",
        None,
    ),
    verdict(
        "publiccode",
        "failed",
        "Valid publiccode.yml",
        "no publiccode.yml was found",
        "add a publiccode.yml at the root of the repository",
    ),
    SECURITY,
    ACTIVITY,
    NO_SBOM,
    verdict(
        "decision",
        "failed",
        "Woo decision in force",
        "code is withheld without a published decision with its grounds",
        "record the release decision, with the Woo grounds for what is withheld",
    ),
]


def exact(body: Any) -> bytes:
    """The bytes the API writes for `body`: compact, UTF-8, keys in their order."""
    return json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()


def iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


async def full_entry() -> tuple[Organisation, Software]:
    """An entry with every optional field set, and two repositories with theirs."""
    organisation = await make_organisation("Gemeente Volledig", account="volledig")
    software = await make_software(
        organisation,
        "alles",
        licence="EUPL-1.2 OR MIT",
        languages=("Python", "Go"),
        description_nl="Alles in één",
        description_en="Everything “quoted”",
        repositories=2,
    )
    await Software.filter(id=software.pk).update(
        licence_declared="EUPL 1.2 or MIT",
        development_status=DevelopmentStatus.STABLE,
        maintenance_type=MaintenanceType.CONTRACT,
        homepage="https://alles.example.nl",
        publiccode_yml="publiccodeYmlVersion: '0.4'\n",
        publiccode_check=CHECK,
        software_type="standalone/web",
        categories=["case-management", "document-management"],
        platforms=["web", "linux"],
        findings=[FINDING],
        archived_at=MOMENT,
        edited_fields=["name", "homepage"],
        harvested_fields=["description_en"],
    )
    first, second = await Repository.filter(software_id=software.pk).order_by("full_name")
    await Repository.filter(id=first.pk).update(
        homepage="https://alles.example.nl/code",
        topics=["woo", "open-data"],
        stars=12,
        forks=3,
        archived=True,
        mirror=True,
        fork_of="https://github.com/elders/alles",
        licence_forge="MIT",
        licence_file="EUPL-1.2",
        has_publiccode=True,
        publiccode_check=CHECK,
        active=False,
        last_activity_at=MOMENT,
        created_on_host_at=LATER,
        last_seen_at=LATER,
        missing_since=MOMENT,
    )
    await Repository.filter(id=second.pk).update(mirror=None)
    return organisation, await Software.get(id=software.pk)


def repository_json(repository: Repository, software: Software) -> dict[str, Any]:
    return {
        "id": repository.pk,
        "url": f"/api/v1/repositories/{repository.pk}",
        "web_url": repository.url,
        "forge": "github",
        "full_name": repository.full_name,
        "description": repository.description,
        "homepage": repository.homepage,
        "topics": repository.topics,
        "languages": ["Python", "Go"],
        "stars": repository.stars,
        "forks": repository.forks,
        "archived": repository.archived,
        "mirror": repository.mirror,
        "fork_of": repository.fork_of,
        "licence_forge": repository.licence_forge,
        "licence_file": repository.licence_file,
        "has_publiccode": repository.has_publiccode,
        "publiccode": repository.publiccode_check,
        "active": repository.active,
        "last_activity_at": iso(repository.last_activity_at),
        "created_on_host_at": iso(repository.created_on_host_at),
        "first_seen_at": iso(repository.first_seen_at),
        "last_seen_at": iso(repository.last_seen_at),
        "missing_since": iso(repository.missing_since),
        "source": "registration",
        "software": {
            "id": software.pk,
            "name": software.name,
            "url": f"/api/v1/software/{software.pk}",
        },
    }


def common(software: Software, organisation: Organisation) -> dict[str, Any]:
    return {
        "id": software.pk,
        "url": f"/api/v1/software/{software.pk}",
        "name": software.name,
        "description_nl": software.description_nl,
        "description_en": software.description_en,
        "organisation": {
            "slug": organisation.slug,
            "name": organisation.name,
            "url": f"/api/v1/organisations/{organisation.slug}",
        },
        "release_status": software.release_status.value,
        "licence": software.licence,
        "source": "registration",
        "created_at": iso(software.created_at),
        "updated_at": iso(software.updated_at),
    }


EUPL_OR_MIT = {
    "expression": "EUPL-1.2 OR MIT",
    "open_source": True,
    "kind": "permissive",
    "licences": [
        {
            "identifier": "EUPL-1.2",
            "name": "European Union Public License 1.2",
            "osi_approved": True,
            "fsf_libre": True,
            "kind": "weak_copyleft",
            "known": True,
        },
        {
            "identifier": "MIT",
            "name": "MIT License",
            "osi_approved": True,
            "fsf_libre": True,
            "kind": "permissive",
            "known": True,
        },
    ],
    "problems": [],
}


async def test_the_detail_of_an_entry_with_every_field_set(
    client: httpx.AsyncClient, db: str
) -> None:
    organisation, software = await full_entry()
    repositories = await Repository.filter(software_id=software.pk).order_by("full_name")
    response = await client.get(f"/api/v1/software/{software.pk}")
    assert response.status_code == 200
    body = response.json()
    expected = {
        **common(software, organisation),
        "licence_declared": "EUPL 1.2 or MIT",
        "licence_identifiers": ["EUPL-1.2", "MIT"],
        "development_status": "stable",
        "maintenance_type": "contract",
        "homepage": "https://alles.example.nl",
        "has_publiccode": True,
        "publiccode": software.publiccode_check,  # as stored (jsonb orders the keys)
        "software_type": "standalone/web",
        "categories": ["case-management", "document-management"],
        "platforms": ["web", "linux"],
        "licence_explained": EUPL_OR_MIT,
        "findings": software.findings,
        "dependencies_url": f"/api/v1/software/{software.pk}/dependencies",
        "archived_at": iso(MOMENT),
        "edited_fields": ["name", "homepage"],
        "harvested_fields": ["description_en"],
        "repositories": [repository_json(r, software) for r in repositories],
        "quality": FULL_QUALITY,
    }
    assert response.content == exact(expected)
    assert body["publiccode"] == CHECK and body["findings"] == [FINDING]
    assert body["archived_at"] == "2026-03-04T05:06:07.890123+00:00"
    assert body["repositories"][0]["created_on_host_at"] == "2026-05-06T07:08:09+00:00"
    assert [r["mirror"] for r in body["repositories"]] == [True, None]


async def test_the_detail_of_an_entry_with_no_optional_field(
    client: httpx.AsyncClient, db: str
) -> None:
    organisation = await make_organisation("Gemeente Leeg", account="leeg")
    made = await make_software(
        organisation, "niets", licence=None, release_status=ReleaseStatus.WITHHELD, repositories=0
    )
    await Software.filter(id=made.pk).update(categories=None, platforms=None, findings=None)
    software = await Software.get(id=made.pk)
    response = await client.get(f"/api/v1/software/{software.pk}")
    expected = {
        **common(software, organisation),
        "licence_declared": None,
        "licence_identifiers": [],
        "development_status": None,
        "maintenance_type": None,
        "homepage": None,
        "has_publiccode": False,
        "publiccode": None,
        "software_type": None,
        "categories": [],
        "platforms": [],
        "licence_explained": None,
        "findings": [],
        "dependencies_url": f"/api/v1/software/{software.pk}/dependencies",
        "archived_at": None,
        "edited_fields": [],
        "harvested_fields": [],
        "repositories": [],
        "quality": EMPTY_QUALITY,
    }
    assert response.content == exact(expected)


@pytest.mark.parametrize("which", [0, 1])
async def test_a_repository_alone(client: httpx.AsyncClient, db: str, which: int) -> None:
    _, software = await full_entry()
    repository = (await Repository.filter(software_id=software.pk).order_by("full_name"))[which]
    response = await client.get(f"/api/v1/repositories/{repository.pk}")
    assert response.content == exact(repository_json(repository, software))


async def test_list_items_of_an_entry_with_every_field_set_and_of_one_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    organisation, software = await full_entry()
    empty_organisation = await make_organisation("Gemeente Leeg", account="leeg")
    empty = await make_software(empty_organisation, "niets", licence=None, repositories=0)
    empty = await Software.get(id=empty.pk)
    archived = await client.get("/api/v1/software?archived=true")
    current = await client.get("/api/v1/software?q=niets")
    assert archived.content == exact(
        {
            "items": [
                {
                    **common(software, organisation),
                    "languages": ["Python", "Go"],
                    "repository_count": 2,
                }
            ],
            "total": 1,
        }
    )
    assert current.content == exact(
        {
            "items": [
                {**common(empty, empty_organisation), "languages": [], "repository_count": 0}
            ],
            "total": 1,
        }
    )


async def test_an_organisation_with_every_field_set_and_one_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    organisation, _ = await full_entry()
    await Organisation.filter(id=organisation.pk).update(
        oin="00000001234567890000",
        website="https://volledig.nl",
        website_checked_at=MOMENT,
        website_check=WebsiteCheck.LISTED,
        website_check_detail="Het bestand noemt 1 account.",
    )
    verified = await organisation.accounts.all().first()
    await CodeHostAccount.filter(id=verified.pk).update(
        verified_at=MOMENT, verified_by="https://volledig.nl/publiccode.yml"
    )
    await CodeHostAccount.create(
        organisation=organisation,
        forge=ForgeKind.GITLAB,
        base_url="https://gitlab.com",
        name="Volledig/Sub",
        name_key="volledig/sub",
        is_group=False,
    )
    bare = await Organisation.create(slug="leeg", name="Leeg", kind=OrganisationKind.OTHER)
    full = await client.get(f"/api/v1/organisations/{organisation.slug}")
    empty = await client.get("/api/v1/organisations/leeg")
    listed = await client.get("/api/v1/organisations?sort=name")
    expected_full = {
        "slug": organisation.slug,
        "name": "Gemeente Volledig",
        "url": f"/api/v1/organisations/{organisation.slug}",
        "kind": "gemeente",
        "tooi_uri": organisation.tooi_uri,
        "oin": "00000001234567890000",
        "website": "https://volledig.nl",
        "source": organisation.source.value,
        "software_count": 1,
        "accounts": [
            {
                "forge": "github",
                "base_url": "https://github.com",
                "name": "volledig",
                "url": "https://github.com/volledig",
                "is_group": True,
                "ownership": "verified",
                "verified_by": "https://volledig.nl/publiccode.yml",
            },
            {
                "forge": "gitlab",
                "base_url": "https://gitlab.com",
                "name": "Volledig/Sub",
                "url": "https://gitlab.com/Volledig/Sub",
                "is_group": False,
                "ownership": "claimed",
                "verified_by": None,
            },
        ],
        "website_check": {
            "checked_at": MOMENT.isoformat(),
            "outcome": "listed",
            "detail": "Het bestand noemt 1 account.",
        },
        "software_url": f"/api/v1/software?organisation={organisation.slug}",
    }
    expected_empty = {
        "slug": "leeg",
        "name": "Leeg",
        "url": "/api/v1/organisations/leeg",
        "kind": "other",
        "tooi_uri": None,
        "oin": None,
        "website": None,
        "source": bare.source.value,
        "software_count": 0,
        "accounts": [],
        "website_check": None,
        "software_url": "/api/v1/software?organisation=leeg",
    }
    assert full.content == exact(expected_full)
    assert empty.content == exact(expected_empty)
    assert listed.content == exact({"items": [expected_full, expected_empty], "total": 2})


async def test_the_woo_grounds(client: httpx.AsyncClient, db: str) -> None:
    response = await client.get("/api/v1/grounds")
    items = [
        {
            "code": ground.code,
            "article": ground.article,
            "name_nl": ground.name_nl,
            "name_en": ground.name_en,
            "kind": ground.kind.value,
            "weighing_required": ground.weighing_required,
            "refusal": ground.refusal,
            "temporary": ground.temporary,
            "notes": ground.notes,
        }
        for ground in grounds()
    ]
    assert response.content == exact({"items": items, "total": len(items)})
    assert response.json()["items"][0]["code"] == "woo-5.1.1.a"


def test_the_encoder_writes_what_json_writes_of_plain_values_and_their_subclasses() -> None:
    class Count(int):
        pass

    body = {
        "message": Message("%(what)s is missing", what="a licence"),
        "items": [Count(3), 1.5, None, True, "é “x”", ("a", "b")],
        "status": ReleaseStatus.OPEN,
    }
    assert EncodedResponse(body).body == exact(body)


async def test_a_harvest_run_and_its_logs_with_every_field_set_and_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    _, software = await full_entry()
    repository = await software.repositories.all().order_by("id").first()
    bare = await HarvestRun.create(source="gitlab:leeg")
    summary = {
        "hosts": {
            "github.com": {"requests": 12, "budget": 100, "postponed": ["volledig/later"]},
            "gitlab.com": {"requests": 0, "budget": None, "postponed": []},
        },
        "failed_accounts": [
            {"url": "https://github.com/weg", "state": "gone", "message": "404 Not Found"}
        ],
    }
    full = await HarvestRun.create(
        source="github:volledig",
        dry_run=True,
        status=RunStatus.FAILED,
        finished_at=LATER,
        new=1,
        changed=2,
        unchanged=3,
        inactive=4,
        failed=5,
        requests=6,
        rate_limit_used=7,
        message="Het ging mis.",
        lease_until=LATER,
        heartbeat_at=MOMENT,
        summary=summary,
    )
    await HarvestRun.filter(id=full.pk).update(started_at=MOMENT)
    changed = await HarvestLog.create(
        run=full,
        url=repository.url,
        outcome=HarvestOutcome.CHANGED,
        repository=repository,
        message="Nieuwe omschrijving.",
    )
    failed = await HarvestLog.create(
        run=full, url="https://github.com/weg/x", outcome=HarvestOutcome.FAILED
    )
    await HarvestLog.filter(run=full).update(created_at=LATER)
    bare = await HarvestRun.get(id=bare.pk)
    expected_full = {
        "id": full.pk,
        "url": f"/api/v1/harvest-runs/{full.pk}",
        "source": "github:volledig",
        "dry_run": True,
        "status": "failed",
        "started_at": MOMENT.isoformat(),
        "finished_at": LATER.isoformat(),
        "heartbeat_at": MOMENT.isoformat(),
        "lease_until": LATER.isoformat(),
        "new": 1,
        "changed": 2,
        "unchanged": 3,
        "inactive": 4,
        "failed": 5,
        "requests": 6,
        "rate_limit_used": 7,
        "message": "Het ging mis.",
        "hosts": [
            {"host": "github.com", "requests": 12, "budget": 100, "postponed": ["volledig/later"]},
            {"host": "gitlab.com", "requests": 0, "budget": None, "postponed": []},
        ],
        "failed_accounts": summary["failed_accounts"],
    }
    expected_bare = {
        "id": bare.pk,
        "url": f"/api/v1/harvest-runs/{bare.pk}",
        "source": "gitlab:leeg",
        "dry_run": False,
        "status": bare.status.value,
        "started_at": bare.started_at.isoformat(),
        "finished_at": None,
        "heartbeat_at": None,
        "lease_until": None,
        "new": 0,
        "changed": 0,
        "unchanged": 0,
        "inactive": 0,
        "failed": 0,
        "requests": 0,
        "rate_limit_used": 0,
        "message": "",
        "hosts": [],
        "failed_accounts": [],
    }
    assert bare.started_at.tzinfo is not None
    assert (await client.get(f"/api/v1/harvest-runs/{full.pk}")).content == exact(expected_full)
    assert (await client.get(f"/api/v1/harvest-runs/{bare.pk}")).content == exact(expected_bare)
    listed = await client.get("/api/v1/harvest-runs")
    assert listed.content == exact({"items": [expected_full, expected_bare], "total": 2})
    logs = await client.get(f"/api/v1/harvest-runs/{full.pk}/logs")
    run_url = f"/api/v1/harvest-runs/{full.pk}"
    assert logs.content == exact(
        {
            "items": [
                {
                    "id": failed.pk,
                    "run": run_url,
                    "url": "https://github.com/weg/x",
                    "outcome": "failed",
                    "message": "",
                    "repository": None,
                    "created_at": LATER.isoformat(),
                },
                {
                    "id": changed.pk,
                    "run": run_url,
                    "url": repository.url,
                    "outcome": "changed",
                    "message": "Nieuwe omschrijving.",
                    "repository": f"/api/v1/repositories/{repository.pk}",
                    "created_at": LATER.isoformat(),
                },
            ],
            "total": 2,
        }
    )


def readiness_check(criterion: str, status: str, found: list[str], missing: list[str]) -> Any:
    return {"criterion": criterion, "status": status, "found": found, "missing": missing}


NOTHING_WITHHELD = readiness_check(
    "nothing_withheld", "met", ["released as open source; nothing is withheld"], []
)
SECURE = readiness_check(
    "secure", "unknown", [], ["no SBOM names its components: upload one to have them checked"]
)
REPORTABLE = readiness_check(
    "reportable",
    "unknown",
    [],
    ["the harvest does not read its files, so a SECURITY.md is not known"],
)
USED_BY_OWNER = ["organisations that use it: Gemeente Volledig"]


async def test_collections_with_every_field_set_and_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    organisation, software = await full_entry()
    bare_software = await make_software(
        organisation, "kaal", licence=None, languages=(), repositories=0
    )
    full = await Collection.create(
        slug="volledig",
        title_nl="Volledig",
        title_en="Full",
        description_nl="Alles.",
        description_en="Everything.",
    )
    bare = await Collection.create(slug="leeg", title_nl="Leeg")
    await CollectionEntry.create(
        collection=full, software=software, position=1, role_nl="Zaken", role_en="Cases"
    )
    await CollectionEntry.create(collection=full, software=bare_software, position=2)
    await Collection.filter(id=full.pk).update(created_at=MOMENT, updated_at=LATER)
    await Collection.filter(id=bare.pk).update(created_at=LATER, updated_at=LATER)

    def collection(slug: str, titles: tuple[str, str, str, str], count: int) -> Any:
        return {
            "slug": slug,
            "title_nl": titles[0],
            "title_en": titles[1],
            "description_nl": titles[2],
            "description_en": titles[3],
            "entry_count": count,
            "created_at": (MOMENT if slug == "volledig" else LATER).isoformat(),
            "updated_at": LATER.isoformat(),
            "url": f"/api/v1/collections/{slug}",
            "turtle_url": f"/api/v1/collections/{slug}.ttl",
            "jsonld_url": f"/api/v1/collections/{slug}.jsonld",
        }

    expected_full = collection("volledig", ("Volledig", "Full", "Alles.", "Everything."), 2)
    expected_bare = collection("leeg", ("Leeg", "", "", ""), 0)
    listed = await client.get("/api/v1/collections")
    assert listed.content == exact({"items": [expected_bare, expected_full], "total": 2})

    owner = {
        "slug": organisation.slug,
        "name": "Gemeente Volledig",
        "url": f"/api/v1/organisations/{organisation.slug}",
    }
    detail = await client.get("/api/v1/collections/volledig")
    assessed_at = detail.json()["assessed_at"]  # now: when it was judged
    assert assessed_at.endswith("+00:00")
    entries = [
        {
            "position": 1,
            "role_nl": "Zaken",
            "role_en": "Cases",
            "software": {
                "id": software.pk,
                "name": "alles",
                "url": f"/api/v1/software/{software.pk}",
                "release_status": "open",
                "licence": "EUPL-1.2 OR MIT",
                "archived": True,
            },
            "organisation": owner,
            "ready": False,
            "status": "not_met",
            "checks": [
                readiness_check(
                    "licence",
                    "met",
                    [
                        "the licence is the EUPL-1.2 itself",
                        "MIT is permissive: it can be combined into an EUPL-1.2 work",
                    ],
                    [],
                ),
                readiness_check("publiccode", "not_met", [], ["publiccode.yml is not valid"]),
                readiness_check(
                    "maintained",
                    "unknown",
                    ["maintained under contract, as publiccode.yml declares"],
                    ["the last activity is not known"],
                ),
                readiness_check(
                    "reused",
                    "not_met",
                    USED_BY_OWNER,
                    ["no other organisation is known to use it"],
                ),
                NOTHING_WITHHELD,
                SECURE,
                REPORTABLE,
            ],
            "used_by": ["Gemeente Volledig"],
            "advisories": None,
            "quality": FULL_QUALITY,
        },
        {
            "position": 2,
            "role_nl": "",
            "role_en": "",
            "software": {
                "id": bare_software.pk,
                "name": "kaal",
                "url": f"/api/v1/software/{bare_software.pk}",
                "release_status": "open",
                "licence": None,
                "archived": False,
            },
            "organisation": owner,
            "ready": False,
            "status": "not_met",
            "checks": [
                readiness_check("licence", "not_met", [], ["no licence is known"]),
                readiness_check("publiccode", "not_met", [], ["there is no publiccode.yml"]),
                readiness_check(
                    "maintained",
                    "not_met",
                    [],
                    ["no public repository is known", "no maintenance is declared"],
                ),
                readiness_check(
                    "reused",
                    "unknown",
                    USED_BY_OWNER,
                    ["no publiccode.yml declares who uses it (usedBy)"],
                ),
                NOTHING_WITHHELD,
                SECURE,
                REPORTABLE,
            ],
            "used_by": ["Gemeente Volledig"],
            "advisories": None,
            "quality": [*EMPTY_QUALITY[:-1], FULL_QUALITY[-1]],
        },
    ]
    tally = {
        "licence": 1,
        "publiccode": 0,
        "maintained": 0,
        "reused": 0,
        "nothing_withheld": 2,
        "secure": 0,
        "reportable": 0,
    }
    assert detail.content == exact(
        {
            **expected_full,
            "assessed_at": assessed_at,
            "summary": {
                "entries": 2,
                "ready": 0,
                "not_met": 2,
                "unknown": 0,
                "met_per_criterion": tally,
            },
            "entries": entries,
        }
    )
    empty = await client.get("/api/v1/collections/leeg")
    assert empty.content == exact(
        {
            **expected_bare,
            "assessed_at": empty.json()["assessed_at"],
            "summary": {
                "entries": 0,
                "ready": 0,
                "not_met": 0,
                "unknown": 0,
                "met_per_criterion": dict.fromkeys(tally, 0),
            },
            "entries": [],
        }
    )


async def test_components_dependencies_and_sboms_with_every_field_set_and_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    organisation, software = await full_entry()
    await Software.filter(id=software.pk).update(archived_at=None)  # lists leave archived out
    uploaded = await SbomDocument.create(
        software=software,
        source=DependencySource.SBOM,
        name="alles-sbom",
        spdx_version="SPDX-2.3",
        format="json",
        namespace="https://volledig.nl/spdx/alles",
        component_count=2,
        warnings=["package 1 has no version"],
        added_by="user:1",
    )
    harvested = await SbomDocument.create(
        software=software,
        source=DependencySource.GITHUB,
        name="kaal",
        spdx_version="SPDX-2.3",
        format="json",
        added_by="harvest",
    )
    await SbomDocument.filter(software=software).update(created_at=MOMENT)
    await Dependency.create(
        software=software,
        sbom=uploaded,
        source=DependencySource.SBOM,
        key="pkg:pypi/httpx",
        name="httpx",
        version="0.28.1",
        purl="pkg:pypi/httpx@0.28.1",
        licence_concluded="BSD-3-Clause",
        licence_declared="BSD-3-Clause",
    )
    await Dependency.create(
        software=software,
        source=DependencySource.PUBLICCODE,
        key="publiccode:open/postgresql",
        name="PostgreSQL",
        kind="open",
    )
    sboms = await client.get(f"/api/v1/software/{software.pk}/sboms")
    assert sboms.content == exact(
        {
            "items": [
                {
                    "id": harvested.pk,
                    "name": "kaal",
                    "spdx_version": "SPDX-2.3",
                    "format": "json",
                    "namespace": None,
                    "source": "github",
                    "component_count": 0,
                    "warnings": [],
                    "added_by": "harvest",
                    "created_at": MOMENT.isoformat(),
                    "software_url": f"/api/v1/software/{software.pk}",
                },
                {
                    "id": uploaded.pk,
                    "name": "alles-sbom",
                    "spdx_version": "SPDX-2.3",
                    "format": "json",
                    "namespace": "https://volledig.nl/spdx/alles",
                    "source": "sbom",
                    "component_count": 2,
                    "warnings": ["package 1 has no version"],
                    "added_by": "",
                    "created_at": MOMENT.isoformat(),
                    "software_url": f"/api/v1/software/{software.pk}",
                },
            ],
            "total": 2,
        }
    )
    httpx_dependency = {
        "key": "pkg:pypi/httpx",
        "name": "httpx",
        "version": "0.28.1",
        "purl": "pkg:pypi/httpx@0.28.1",
        "kind": "package",
        "source": "sbom",
        "licence_concluded": "BSD-3-Clause",
        "licence_declared": "BSD-3-Clause",
        "component_url": "/api/v1/components/pkg:pypi/httpx",
    }
    postgresql = {
        "key": "publiccode:open/postgresql",
        "name": "PostgreSQL",
        "version": None,
        "purl": None,
        "kind": "open",
        "source": "publiccode",
        "licence_concluded": None,
        "licence_declared": None,
        "component_url": "/api/v1/components/publiccode:open/postgresql",
    }
    dependencies = await client.get(f"/api/v1/software/{software.pk}/dependencies")
    assert dependencies.content == exact({"items": [postgresql, httpx_dependency], "total": 2})
    listed = await client.get("/api/v1/components?q=httpx")
    assert listed.content == exact(
        {
            "items": [
                {
                    "key": "pkg:pypi/httpx",
                    "name": "httpx",
                    "used_by": 1,
                    "url": "/api/v1/components/pkg:pypi/httpx",
                }
            ],
            "total": 1,
        }
    )
    detail = await client.get("/api/v1/components/publiccode:open/postgresql")
    assert detail.content == exact(
        {
            "key": "publiccode:open/postgresql",
            "name": "PostgreSQL",
            "used_by": [
                {
                    "software": {
                        "id": software.pk,
                        "name": "alles",
                        "url": f"/api/v1/software/{software.pk}",
                    },
                    "organisation": {
                        "slug": organisation.slug,
                        "name": "Gemeente Volledig",
                        "url": f"/api/v1/organisations/{organisation.slug}",
                    },
                    "version": None,
                    "source": "publiccode",
                }
            ],
        }
    )


async def test_webhooks_and_deliveries_with_every_field_set_and_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    organisation = await make_organisation("Gemeente Volledig", account="volledig")
    admin = await accounts.create_user(
        email="beheer@site.nl", password=None, actor="test", is_site_admin=True
    )
    _, token = await accounts.create_token(user=admin, name="t", actor="test")
    headers = {"Authorization": f"Bearer {token}"}
    full = await Webhook.create(
        url="https://ontvanger.nl/haak",
        secret="geheim",
        events=["software.updated", "decision.published"],
        description="Voor het dashboard.",
        active=False,
        created_by=admin,
        organisation=organisation,
    )
    bare = await Webhook.create(url="https://ander.nl/haak", secret="geheim2")
    await Webhook.filter(id__in=[full.pk, bare.pk]).update(created_at=MOMENT, updated_at=LATER)
    payload = {"kind": "software.updated", "id": 5, "data": {"name": "alles"}}
    pending = await WebhookDelivery.create(
        webhook=full,
        event_id=42,
        kind="software.updated",
        payload=payload,
        status=DeliveryStatus.PENDING,
        attempts=2,
        next_attempt_at=LATER,
        last_attempt_at=MOMENT,
        response_status=503,
        error="Service Unavailable",
    )
    delivered = await WebhookDelivery.create(
        webhook=full,
        kind="decision.published",
        payload={},
        status=DeliveryStatus.DELIVERED,
        next_attempt_at=LATER,
        delivered_at=LATER,
    )
    await WebhookDelivery.create(
        webhook=full,
        kind="decision.published",
        payload={},
        status=DeliveryStatus.FAILED,
        next_attempt_at=LATER,
    )
    await WebhookDelivery.filter(webhook=full).update(created_at=MOMENT)

    def webhook(
        hook: Webhook, events: list[str], active: bool, counts: tuple[int, int]
    ) -> dict[str, Any]:
        return {
            "id": hook.pk,
            "url": hook.url,
            "description": hook.description,
            "events": events,
            "active": active,
            "pending": counts[0],
            "failed": counts[1],
            "created_by": "beheer@site.nl" if hook.pk == full.pk else None,
            "organisation": organisation.slug if hook.pk == full.pk else None,
            "created_at": MOMENT.isoformat(),
            "updated_at": LATER.isoformat(),
            "api_url": f"/api/v1/webhooks/{hook.pk}",
            "deliveries_url": f"/api/v1/webhooks/{hook.pk}/deliveries",
        }

    expected_full = webhook(full, ["software.updated", "decision.published"], False, (1, 1))
    expected_bare = webhook(bare, [], True, (0, 0))
    item = await client.get(f"/api/v1/webhooks/{full.pk}", headers=headers)
    assert item.content == exact(expected_full)
    listed = await client.get("/api/v1/webhooks", headers=headers)
    assert listed.content == exact({"items": [expected_bare], "total": 1})  # the site-wide
    owned = await client.get(f"/api/v1/organisations/{organisation.slug}/webhooks", headers=headers)
    assert owned.content == exact({"items": [expected_full], "total": 1})
    deliveries = await client.get(
        f"/api/v1/webhooks/{full.pk}/deliveries?status=delivered", headers=headers
    )
    assert deliveries.content == exact(
        {
            "items": [
                {
                    "id": delivered.pk,
                    "webhook_id": full.pk,
                    "event_id": None,
                    "kind": "decision.published",
                    "status": "delivered",
                    "attempts": 0,
                    "next_attempt_at": None,
                    "last_attempt_at": None,
                    "response_status": None,
                    "error": "",
                    "created_at": MOMENT.isoformat(),
                    "delivered_at": LATER.isoformat(),
                    "payload": {},
                }
            ],
            "total": 1,
        }
    )
    waiting = await client.get(
        f"/api/v1/webhooks/{full.pk}/deliveries?status=pending", headers=headers
    )
    assert waiting.content == exact(
        {
            "items": [
                {
                    "id": pending.pk,
                    "webhook_id": full.pk,
                    "event_id": 42,
                    "kind": "software.updated",
                    "status": "pending",
                    "attempts": 2,
                    "next_attempt_at": LATER.isoformat(),
                    "last_attempt_at": MOMENT.isoformat(),
                    "response_status": 503,
                    "error": "Service Unavailable",
                    "created_at": MOMENT.isoformat(),
                    "delivered_at": None,
                    "payload": waiting.json()["items"][0]["payload"],
                }
            ],
            "total": 1,
        }
    )
    assert waiting.json()["items"][0]["payload"] == payload  # stored JSON: in its stored order


async def test_members_and_audit_events_with_every_field_set_and_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    organisation = await make_organisation("Gemeente Volledig", account="volledig")
    admin = await accounts.create_user(email="admin@volledig.nl", password=None, actor="test")
    await User.filter(id=admin.pk).update(name="Ada Admin")
    developer = await accounts.create_user(email="dev@volledig.nl", password=None, actor="test")
    owner = await accounts.grant(
        user=admin, organisation=organisation, role=Role.ADMIN, actor="test"
    )
    member = await accounts.grant(
        user=developer, organisation=organisation, role=Role.DEVELOPER, actor="test"
    )
    _, token = await accounts.create_token(user=admin, name="t", actor="test")
    headers = {"Authorization": f"Bearer {token}"}
    ref = {
        "slug": organisation.slug,
        "name": "Gemeente Volledig",
        "url": f"/api/v1/organisations/{organisation.slug}",
    }
    members = await client.get(
        f"/api/v1/organisations/{organisation.slug}/members", headers=headers
    )
    assert members.content == exact(
        {
            "items": [
                {
                    "id": owner.pk,
                    "email": "admin@volledig.nl",
                    "name": "Ada Admin",
                    "role": "admin",
                    "organisation": ref,
                },
                {
                    "id": member.pk,
                    "email": "dev@volledig.nl",
                    "name": "",
                    "role": "developer",
                    "organisation": ref,
                },
            ],
            "total": 2,
        }
    )
    changed = await record_event(
        actor="user:1",
        action="organisation.updated",
        target=("Organisation", str(organisation.pk)),
        organisation_id=organisation.pk,
        before={"name": "Gemeente Oud", "website": None},
        after={"name": "Gemeente Volledig", "website": "https://volledig.nl"},
    )
    bare = await record_event(
        actor="system:test",
        action="organisation.checked",
        target=("Organisation", "x"),
        organisation_id=organisation.pk,
    )
    log = await client.get(
        f"/api/v1/organisations/{organisation.slug}/audit?per_page=2", headers=headers
    )
    assert log.content.startswith(
        exact(
            {
                "items": [
                    {
                        "id": bare.pk,
                        "created_at": bare.created_at.isoformat(),
                        "actor": "system:test",
                        "action": "organisation.checked",
                        "target_type": "Organisation",
                        "target_id": "x",
                        "before": None,
                        "after": None,
                        "hash": bare.hash,
                    },
                    {
                        "id": changed.pk,
                        "created_at": changed.created_at.isoformat(),
                        "actor": "user:1",
                        "action": "organisation.updated",
                        "target_type": "Organisation",
                        "target_id": str(organisation.pk),
                        "before": {"name": "Gemeente Oud", "website": None},
                        "after": {"name": "Gemeente Volledig", "website": "https://volledig.nl"},
                        "hash": changed.hash,
                    },
                ],
            }
        )[:-1]
        + b',"total":'
    )
    assert bare.created_at.tzinfo is not None


async def test_scheduled_jobs_with_every_field_set_and_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    await ScheduledJob.all().delete()
    await ScheduledJob.create(
        name="a-volledig",
        next_due_at=LATER,
        claimed_by="worker-1",
        claimed_until=LATER,
        last_started_at=MOMENT,
        last_finished_at=LATER,
        last_failed=True,
        last_summary="Het ging mis.",
        runs=3,
    )
    await ScheduledJob.create(name="b-leeg", next_due_at=MOMENT)
    response = await client.get("/api/v1/scheduled-jobs")
    assert response.content == exact(
        {
            "items": [
                {
                    "name": "a-volledig",
                    "next_due_at": LATER.isoformat(),
                    "running": True,
                    "last_started_at": MOMENT.isoformat(),
                    "last_finished_at": LATER.isoformat(),
                    "last_failed": True,
                    "last_summary": "Het ging mis.",
                    "runs": 3,
                },
                {
                    "name": "b-leeg",
                    "next_due_at": MOMENT.isoformat(),
                    "running": False,
                    "last_started_at": None,
                    "last_finished_at": None,
                    "last_failed": False,
                    "last_summary": "",
                    "runs": 0,
                },
            ]
        }
    )


async def test_vulnerabilities_with_every_field_set_and_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    organisation = await make_organisation("Gemeente Volledig", account="volledig")
    software = await make_software(organisation, "zaken")
    developer = await accounts.create_user(email="dev@volledig.nl", password=None, actor="test")
    await accounts.grant(
        user=developer, organisation=organisation, role=Role.DEVELOPER, actor="test"
    )
    _, token = await accounts.create_token(user=developer, name="t", actor="test")
    full = await Advisory.create(
        id="GHSA-0001",
        aliases=["CVE-2021-1", "PYSEC-2021-1"],
        summary="Injectie",
        severity="CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        severity_label="CRITICAL",
        published=MOMENT,
        modified=LATER,
        affected=[],
        references=["https://osv.dev/vulnerability/GHSA-0001"],
        fetched_at=LATER,
    )
    bare = await Advisory.create(id="GHSA-0002", modified=MOMENT, affected=[], fetched_at=LATER)
    found = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)  # long past any embargo
    with_version = await Dependency.create(
        software=software,
        source=DependencySource.SBOM,
        key="pkg:npm/lodash",
        name="lodash",
        version="4.17.20",
        purl="pkg:npm/lodash@4.17.20",
    )
    await Exposure.create(
        dependency=with_version, advisory=full, fixed_version="4.17.21", first_seen_at=found
    )
    await Exposure.create(dependency=with_version, advisory=bare, first_seen_at=found)
    advisory_full = {
        "id": "GHSA-0001",
        "aliases": ["CVE-2021-1", "PYSEC-2021-1"],
        "summary": "Injectie",
        "severity": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H",
        "severity_label": "CRITICAL",
        "published": MOMENT.isoformat(),
        "modified": LATER.isoformat(),
        "references": ["https://osv.dev/vulnerability/GHSA-0001"],
    }
    advisory_bare = {
        "id": "GHSA-0002",
        "aliases": [],
        "summary": "",
        "severity": "",
        "severity_label": "",
        "published": None,
        "modified": MOMENT.isoformat(),
        "references": [],
    }
    public = await client.get("/api/v1/components/pkg:npm/lodash/vulnerabilities")
    assert public.content == exact(
        {
            "key": "pkg:npm/lodash",
            "advisories": [advisory_full, advisory_bare],
            "entries_affected": 1,
            "disclosed": [
                {
                    "software": software.pk,
                    "version": "4.17.20",
                    "advisories": ["GHSA-0001", "GHSA-0002"],
                }
            ],
        }
    )
    nothing = await client.get("/api/v1/components/pkg:npm/niets/vulnerabilities")
    assert nothing.content == exact(
        {"key": "pkg:npm/niets", "advisories": [], "entries_affected": 0, "disclosed": []}
    )
    members = await client.get(
        f"/api/v1/organisations/{organisation.slug}/vulnerabilities",
        headers={"Authorization": f"Bearer {token}"},
    )
    use = {
        "software": {
            "id": software.pk,
            "name": "zaken",
            "url": f"/api/v1/software/{software.pk}",
        },
        "component": {
            "key": "pkg:npm/lodash",
            "name": "lodash",
            "version": "4.17.20",
            "purl": "pkg:npm/lodash@4.17.20",
        },
    }
    assert members.content == exact(
        {
            "organisation": organisation.slug,
            "items": [
                {
                    **use,
                    "advisory": advisory_full,
                    "fixed_version": "4.17.21",
                    "first_seen_at": found.isoformat(),
                },
                {
                    **use,
                    "advisory": advisory_bare,
                    "fixed_version": None,
                    "first_seen_at": found.isoformat(),
                },
            ],
        }
    )


async def test_the_figures_with_every_count_set_and_with_none(
    client: httpx.AsyncClient, db: str
) -> None:
    organisation = await make_organisation("Gemeente Volledig", account="volledig")
    for status in ReleaseStatus:
        await make_software(organisation, release_status=status)
    await make_software(organisation, licence=None)
    await make_organisation("Gemeente Leeg")
    full = await client.get("/api/v1/figures")
    assert full.content == exact(
        {
            "total": 6,
            "published": {"total": 6, "open_source_licence": 5, "not_published": 0},
            "decided": {
                "total": 5,
                "outcomes": {"open": 2, "partly_open": 1, "withheld": 1, "open_later": 1},
                "undecided": 1,
            },
        }
    )
    empty = await client.get("/api/v1/figures?organisation=gemeente-leeg")
    assert empty.content == exact(
        {
            "total": 0,
            "published": {"total": 0, "open_source_licence": 0, "not_published": 0},
            "decided": {
                "total": 0,
                "outcomes": {"open": 0, "partly_open": 0, "withheld": 0, "open_later": 0},
                "undecided": 0,
            },
        }
    )
