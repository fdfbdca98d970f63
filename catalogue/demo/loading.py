# SPDX-License-Identifier: EUPL-1.2
"""The bundled demo data: real, published repositories of Dutch government organisations.

Rows it creates are marked with source "demo", so that nobody takes them for statements of
the organisations themselves: the release status "open" only says the code is public.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tortoise.transactions import in_transaction

from catalogue.licences import normalised_or_none
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind, RecordSource
from catalogue.organisations.publishers import bundled_publishers_path, read_publishers
from catalogue.software import services as software_services
from catalogue.software.harvesting import apply_repository_files
from catalogue.software.metadata import check_publiccode, is_dutch
from catalogue.software.models import Repository, Software

DEMO_ACTOR = "system:demo"


@dataclass(slots=True)
class DemoResult:
    """What loading the demo data did."""

    organisations: services.ImportResult
    software_created: int = 0
    software_skipped: int = 0


def demo_publiccode() -> dict[str, str]:
    """The publiccode.yml texts of demo repositories that have one, by repository URL."""
    path = resources.files("catalogue") / "data" / "demo_publiccode.json"
    files = json.loads(path.read_text(encoding="utf-8"))["files"]
    return {url: file["text"] for url, file in files.items()}


def demo_repositories() -> list[dict[str, Any]]:
    """The bundled demo repositories, as gathered from the code hosts."""
    path = resources.files("catalogue") / "data" / "demo_repositories.json"
    return list(json.loads(path.read_text(encoding="utf-8"))["repositories"])


async def load_demo() -> DemoResult:
    """Load the seed organisations and the demo software; loading twice adds nothing."""
    records = read_publishers(bundled_publishers_path())
    async with in_transaction():
        result = DemoResult(await services.import_organisations(records=records, actor=DEMO_ACTOR))
        existing = set(await Repository.all().values_list("url", flat=True))
        publiccode = demo_publiccode()
        for item in demo_repositories():
            if item["url"] in existing:
                result.software_skipped += 1
                continue
            await _load_one(item, publiccode.get(item["url"]))
            result.software_created += 1
    return result


async def _load_one(item: dict[str, Any], publiccode: str | None) -> None:
    repository = software_services.RepositoryData(
        url=item["url"],
        forge=ForgeKind(item["forge"]),
        full_name=item["full_name"],
        description=item.get("description") or "",
        languages=tuple(item.get("languages") or ()),
        topics=tuple(item.get("topics") or ()),
        licence_forge=item.get("licence"),
        has_publiccode=bool(item.get("has_publiccode")),
    )
    account = await organisation_queries.account_for(repository.url)
    if account is None:
        raise LookupError(f"demo repository {item['url']} is on no seeded code-host account")
    description = repository.description
    software = await software_services.create_software(
        organisation=await account.organisation,
        name=item["name"],
        actor=DEMO_ACTOR,
        description_nl=description if is_dutch(description) else "",
        description_en="" if is_dutch(description) else description,
        licence=normalised_or_none(item.get("licence")),
        repositories=[repository],
        source=RecordSource.DEMO,
    )
    if publiccode is not None:
        await _add_publiccode(software, publiccode)


async def _add_publiccode(software: Software, text: str) -> None:
    """Give the demo entry its repository's real publiccode.yml, used as a harvest uses it."""
    await Repository.filter(software=software).update(
        publiccode_yml=text, publiccode_check=check_publiccode(text)[0], has_publiccode=True
    )
    await apply_repository_files(software, actor=DEMO_ACTOR)
