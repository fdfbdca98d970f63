# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from collections import Counter

from catalogue.demo.loading import demo_publiccode, demo_repositories, load_demo
from catalogue.licences import normalise
from catalogue.organisations.kinds import RecordSource
from catalogue.organisations.publishers import (
    account_from_url,
    bundled_publishers_path,
    read_publishers,
)
from catalogue.software.metadata import is_dutch
from catalogue.software.models import Repository, Software
from catalogue.urls import canonical_url


def test_the_demo_data_is_real_government_repositories() -> None:
    repositories = demo_repositories()
    assert len(repositories) >= 100
    accounts = {
        (a.base_url, a.name.lower())
        for record in read_publishers(bundled_publishers_path())
        for a in record.accounts
    }
    urls = [item["url"] for item in repositories]
    assert len(set(urls)) == len(urls)
    for item in repositories:
        assert item["url"] == canonical_url(item["url"])
        owner = account_from_url(item["url"].rsplit("/", 1)[0])
        assert (owner.base_url, owner.name.lower()) in accounts, item["url"]
        assert item["description"].strip(), item["url"]
        if item["licence"]:
            normalise(item["licence"])
    assert len(Counter(item["account"] for item in repositories)) >= 15


def test_is_dutch() -> None:
    assert is_dutch("Het doel van het Algoritmekader is om overheden te ondersteunen")
    assert not is_dutch("API Design Rules, a normative standard for the design of APIs")


async def test_demo_loads_every_repository_once(db: str) -> None:
    result = await load_demo()
    expected = len(demo_repositories())
    assert result.software_created == expected
    assert result.organisations.created == 48
    assert await Software.filter(source=RecordSource.DEMO).count() == expected
    linked = await Repository.filter(account_id__isnull=False).count()
    assert linked == expected
    mismatched = await Repository.filter(account__organisation_id__not=None).select_related(
        "software", "account"
    )
    assert all(r.software.organisation_id == r.account.organisation_id for r in mismatched)

    again = await load_demo()
    assert (again.software_created, again.software_skipped) == (0, expected)
    assert await Software.all().count() == expected


async def test_demo_entries_carry_their_real_publiccode_yml_and_its_check(db: str) -> None:
    await load_demo()
    signals = await Software.get(repositories__url="https://github.com/Amsterdam/signals-frontend")
    assert signals.publiccode_check["valid"] is True
    assert signals.publiccode_yml.startswith("publiccodeYmlVersion")
    tabs = await Software.get(
        repositories__url="https://github.com/OpenWebconcept/plugin-openconvenanten"
    )
    assert tabs.publiccode_check["valid"] is False
    [problem] = tabs.publiccode_check["problems"]
    assert "tab" in problem["message"].lower() and problem["line"] == 34
    checked = await Software.filter(publiccode_check__isnull=False).count()
    assert checked == len(demo_publiccode()) == 10
