# SPDX-License-Identifier: EUPL-1.2
"""Checking again every publiccode.yml the catalogue keeps, of repositories and of software
entries, with the validator of today. A stored check is derived data: a harvest recomputes it
only when the file changes, so a new validator (new verdicts, new messages) needs this to reach
the files that did not change. It records no audit event: the file, which people and harvests
write, is unchanged, and its check follows from it (docs/publiccode.md)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tortoise.transactions import in_transaction

from catalogue.software import metadata
from catalogue.software.models import Repository, Software

BATCH = 200


@dataclass(frozen=True, slots=True)
class Rechecked:
    """How many stored publiccode.yml files were checked again, and how many checks changed."""

    repositories: int
    software: int
    changed: int

    @property
    def checked(self) -> int:
        return self.repositories + self.software


async def stored_publiccode_count() -> int:
    """How many publiccode.yml files the catalogue keeps, of repositories and software."""
    repositories = await Repository.filter(publiccode_yml__isnull=False).count()
    return repositories + await Software.filter(publiccode_yml__isnull=False).count()


async def recheck_publiccode(*, progress: Callable[[int], None] | None = None) -> Rechecked:
    """Validate every stored publiccode.yml again and store each check that differs, in batches
    of BATCH (each in one transaction); `progress` hears how many each batch checked. Running it
    twice changes nothing the second time."""
    repositories, changed_repositories = await _recheck(Repository, progress)
    software, changed_software = await _recheck(Software, progress)
    return Rechecked(repositories, software, changed_repositories + changed_software)


async def _recheck(
    model: type[Repository] | type[Software], progress: Callable[[int], None] | None
) -> tuple[int, int]:
    checked = changed = last = 0
    while True:
        rows = await (
            model.filter(id__gt=last, publiccode_yml__isnull=False)
            .order_by("id")
            .limit(BATCH)
            .values_list("id", "publiccode_yml", "publiccode_check")
        )
        if not rows:
            return checked, changed
        differing = [
            (pk, check)
            for pk, text, stored in rows
            if (check := _as_stored(metadata.check_publiccode(text)[0])) != stored
        ]
        async with in_transaction():
            for pk, check in differing:
                await model.filter(id=pk).update(publiccode_check=check)
        checked, changed, last = checked + len(rows), changed + len(differing), rows[-1][0]
        if progress is not None:
            progress(len(rows))


def _as_stored(check: dict[str, Any] | None) -> Any:
    """The check as the JSON column gives it back, so that an unchanged one compares equal."""
    return json.loads(json.dumps(check))
