# SPDX-License-Identifier: EUPL-1.2
"""Checking again every stored publiccode.yml: the checks that differ from today's validator
are stored, the others left alone, and a second run changes nothing."""

from __future__ import annotations

import json
from typing import Any

import pytest

from catalogue.software import metadata, rechecks
from catalogue.software.models import Repository, Software
from tests.factories import make_organisation, make_software

VALID = (
    'publiccodeYmlVersion: "0"\nname: Medusa\nurl: "https://example.org/medusa.git"\n'
    "platforms: [web]\ndevelopmentStatus: stable\nsoftwareType: standalone/web\n"
    "description:\n  en:\n    shortDescription: Books rooms.\n"
    f"    longDescription: {'Books rooms and desks for the staff. ' * 5}\n"
    "    features: [Booking]\n"
    "legal: {license: EUPL-1.2}\nmaintenance: {type: community, contacts: [{name: Ada}]}\n"
    "localisation: {localisationReady: true, availableLanguages: [en]}\n"
)
INVALID = VALID + "applicationSuite: []\n"  # once accepted; the reference parser refuses it
OLD_CHECK = {"version": "0", "valid": True, "errors": 0, "warnings": 0, "problems": []}


def today(text: str) -> Any:
    return json.loads(json.dumps(metadata.check_publiccode(text)[0]))


async def stored_files() -> tuple[Software, list[Repository]]:
    software = await make_software(await make_organisation(), repositories=3)
    repositories = list(await Repository.filter(software=software).order_by("id"))
    first, second, _ = repositories  # the third has no publiccode.yml
    await Repository.filter(id=first.pk).update(publiccode_yml=INVALID, publiccode_check=OLD_CHECK)
    await Repository.filter(id=second.pk).update(
        publiccode_yml=VALID, publiccode_check=today(VALID)
    )
    await Software.filter(id=software.pk).update(publiccode_yml=INVALID, publiccode_check=OLD_CHECK)
    return software, repositories


@pytest.mark.parametrize("batch", [rechecks.BATCH, 1])
async def test_a_recheck_stores_what_the_validator_says_today(
    db: str, batch: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(rechecks, "BATCH", batch)
    software, (first, second, third) = await stored_files()
    heard: list[int] = []
    done = await rechecks.recheck_publiccode(progress=heard.append)
    assert (done.repositories, done.software, done.changed, done.checked) == (2, 1, 2, 3)
    assert sum(heard) == 3 == await rechecks.stored_publiccode_count()
    for stored in (await Repository.get(id=first.pk), await Software.get(id=software.pk)):
        assert stored.publiccode_check == today(INVALID)
        assert stored.publiccode_check["valid"] is False
        assert [p["key"] for p in stored.publiccode_check["problems"]] == ["applicationSuite"]
    assert (await Repository.get(id=second.pk)).publiccode_check == today(VALID)
    assert (await Repository.get(id=third.pk)).publiccode_check is None


async def test_a_second_recheck_changes_nothing(db: str) -> None:
    await stored_files()
    assert (await rechecks.recheck_publiccode()).changed == 2
    again = await rechecks.recheck_publiccode()
    assert (again.checked, again.changed) == (3, 0)
