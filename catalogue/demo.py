# SPDX-License-Identifier: EUPL-1.2
"""The bundled demo data: real, published repositories of Dutch government organisations.

Rows it creates are marked with source "demo", so that nobody takes them for statements of
the organisations themselves: the release status "open" only says the code is public.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from importlib import resources
from typing import Any

from tortoise.transactions import in_transaction

from catalogue import services
from catalogue.licences import normalised_or_none
from catalogue.models import ForgeKind, RecordSource, ReleaseStatus, Repository
from catalogue.organisations import bundled_publishers_path, read_publishers

DEMO_ACTOR = "system:demo"
DUTCH_WORDS = frozenset(
    "de het een van voor en met is zijn wordt worden om op bij naar deze dit die dat ook "
    "gemeente overheid applicatie gegevens".split()
)


@dataclass(slots=True)
class DemoResult:
    """What loading the demo data did."""

    organisations: services.ImportResult
    software_created: int = 0
    software_skipped: int = 0


def demo_repositories() -> list[dict[str, Any]]:
    """The bundled demo repositories, as gathered from the code hosts."""
    path = resources.files("catalogue") / "data" / "demo_repositories.json"
    return list(json.loads(path.read_text(encoding="utf-8"))["repositories"])


def is_dutch(text: str) -> bool:
    """A rough guess whether a short description is written in Dutch."""
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    return sum(word in DUTCH_WORDS for word in words) >= max(2, len(words) // 8)


async def load_demo() -> DemoResult:
    """Load the seed organisations and the demo software; loading twice adds nothing."""
    records = read_publishers(bundled_publishers_path())
    async with in_transaction():
        result = DemoResult(await services.import_organisations(records=records, actor=DEMO_ACTOR))
        existing = set(await Repository.all().values_list("url", flat=True))
        for item in demo_repositories():
            if item["url"] in existing:
                result.software_skipped += 1
                continue
            await _load_one(item)
            result.software_created += 1
    return result


async def _load_one(item: dict[str, Any]) -> None:
    repository = services.RepositoryData(
        url=item["url"],
        forge=ForgeKind(item["forge"]),
        full_name=item["full_name"],
        description=item.get("description") or "",
        languages=tuple(item.get("languages") or ()),
        topics=tuple(item.get("topics") or ()),
        licence_forge=item.get("licence"),
        has_publiccode=bool(item.get("has_publiccode")),
    )
    account = await services.account_for(repository.url)
    if account is None:
        raise LookupError(f"demo repository {item['url']} is on no seeded code-host account")
    description = repository.description
    await services.create_software(
        organisation=await account.organisation,
        name=item["name"],
        actor=DEMO_ACTOR,
        description_nl=description if is_dutch(description) else "",
        description_en="" if is_dutch(description) else description,
        licence=normalised_or_none(item.get("licence")),
        release_status=ReleaseStatus.OPEN,
        repositories=[repository],
        source=RecordSource.DEMO,
    )
