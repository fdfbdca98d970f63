# SPDX-License-Identifier: EUPL-1.2
"""What the forms tell people (issue 16.5, 16.10): every problem at once, named by its field's
label and linked to a control that exists; a confirmation after every save; no decision form
for who cannot save it; no Approve for who had a hand in the version; a sent-back draft's
reason on the account page; repositories and publiccode.yml's statuses edited after
registration; a name already in use asked about first."""

from __future__ import annotations

import re
from datetime import date

import httpx

from catalogue.audit.models import AuditEvent
from catalogue.software.models import DevelopmentStatus, MaintenanceType, Repository, Software
from tests.catalogue.web.test_forms import People, csrf, people, sign_in
from tests.catalogue.web.test_messages import summary

__all__ = ["people"]  # the fixture, used by name


def anchors(page: str) -> list[str]:
    """The addresses the error summary's links lead to."""
    return re.findall(r'<a href="([^"]+)"', summary(page))


def ids(page: str) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page))


async def register(client: httpx.AsyncClient, **fields: str) -> httpx.Response:
    token = csrf((await client.get("/software/nieuw")).text)
    return await client.post("/software/nieuw", data={"csrf_token": token, **fields})


async def test_a_registration_reports_every_problem_at_once_by_label_with_anchors_that_exist(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    taken = "https://github.com/eigen/zaken-0"  # the repository of the entry `zaken`
    answer = await register(
        client,
        organisation=people.organisation.slug,
        name="",
        homepage="geen adres",
        repositories=f"geen-adres\n{taken}",
    )
    assert answer.status_code == 422
    shown = summary(answer.text)
    for problem in (
        "Naam: is verplicht",
        "Website: moet een http(s)-adres zijn",
        "Repository 1: &#39;geen-adres&#39;",
        f"Repository 2: {taken} staat al in de catalogus",
    ):
        assert problem in shown, shown
    assert not re.search(r"repositories\[|name:|homepage:", shown)
    assert all(a.startswith("#") and a[1:] in ids(answer.text) for a in anchors(answer.text))
    assert f'href="/software/{people.software.pk}"' in answer.text  # the entry that has it


async def test_a_save_is_confirmed_once_on_the_page_after_the_redirect(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    answer = await register(client, organisation=people.organisation.slug, name="Nieuwe app")
    assert answer.status_code == 303
    page = await client.get(answer.headers["location"])
    assert "De software is geregistreerd." in page.text
    again = await client.get(answer.headers["location"])
    assert "De software is geregistreerd." not in again.text  # once
    english = await client.post(
        f"/software/{people.software.pk}/bewerken?lang=en",
        data={"csrf_token": csrf(page.text), "description_en": "Cases"},
    )
    shown = await client.get(english.headers["location"] + "?lang=en")
    assert "Your changes have been saved." in shown.text


async def test_forged_notices_are_not_shown(client: httpx.AsyncClient, people: People) -> None:
    client.cookies.set("opentenzij_notice", "eyJ0ZW1wbGF0ZSI6Ikhpaml6ZWQifQ.forged")
    assert "Hijized" not in (await client.get("/")).text


async def test_repositories_and_statuses_are_edited_after_registration(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    address = f"/software/{people.software.pk}/bewerken"
    page = await client.get(address)
    assert 'name="development_status"' in page.text and 'name="maintenance_type"' in page.text
    assert "https://github.com/eigen/zaken-0" in page.text
    saved = await client.post(
        address,
        data={
            "csrf_token": csrf(page.text),
            "repositories": "https://github.com/eigen/zaken-nieuw",
            "development_status": "stable",
            "maintenance_type": "internal",
        },
    )
    assert saved.status_code == 303, saved.text
    software = await Software.get(pk=people.software.pk)
    assert software.development_status is DevelopmentStatus.STABLE
    assert software.maintenance_type is MaintenanceType.INTERNAL
    assert {"development_status", "maintenance_type"} <= set(software.edited_fields)
    urls = await Repository.filter(software=software).values_list("url", flat=True)
    assert urls == ["https://github.com/eigen/zaken-nieuw"]
    old = await Repository.get(url="https://github.com/eigen/zaken-0")
    assert old.software_id is None  # it left the entry and stays in the catalogue
    event = await AuditEvent.filter(action="catalogue:software:update").order_by("-id").first()
    assert event is not None and event.after["repositories"] == urls


async def test_a_bad_repository_on_the_edit_page_is_shown_with_the_other_problems(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    address = f"/software/{people.software.pk}/bewerken"
    page = await client.get(address)
    answer = await client.post(
        address,
        data={"csrf_token": csrf(page.text), "name": " ", "repositories": "geen-adres"},
    )
    assert answer.status_code == 422
    shown = summary(answer.text)
    assert "Naam: is verplicht" in shown and "Repository 1: " in shown
    assert all(a[1:] in ids(answer.text) for a in anchors(answer.text))


async def test_a_name_in_use_is_asked_about_with_the_existing_entry(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    fields = {"organisation": people.organisation.slug, "name": "ZAKEN"}
    asked = await register(client, **fields)
    assert asked.status_code == 409
    assert f'href="/software/{people.software.pk}"' in asked.text
    assert "in dezelfde organisatie" in asked.text
    assert await Software.filter(name="ZAKEN").count() == 0
    confirmed = await register(client, **fields, same_name="confirmed")
    assert confirmed.status_code == 303
    assert await Software.filter(name="ZAKEN").count() == 1


async def test_a_developer_is_not_shown_a_decision_form(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    page = await client.get(f"/software/{people.software.pk}/besluit")
    assert page.status_code == 403
    assert "Woo-coördinatoren" in page.text and 'name="outcome"' not in page.text


async def _submitted(client: httpx.AsyncClient, people: People) -> str:
    """A complete draft, submitted by the officer signed in; its address."""
    page = await client.get(f"/software/{people.software.pk}/besluit")
    fields = {
        "csrf_token": csrf(page.text),
        "outcome": "open",
        "basis": "proactive",
        "decided_on": date.today().isoformat(),
        "licence": "EUPL-1.2",
        "summary": "Alles is open.",
        "items[0].kind": "whole",
        "items[0].name": "zaken",
    }
    created = await client.post(f"/software/{people.software.pk}/besluit", data=fields)
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    shown = await client.get(location)
    assert "Het conceptbesluit is opgeslagen." in shown.text
    submitted = await client.post(
        f"{location}/submit", data={"csrf_token": csrf(shown.text), "lock_version": "0"}
    )
    assert submitted.status_code == 303, submitted.text
    return location


async def test_the_decider_is_not_offered_approve_and_a_sent_back_draft_shows_why(
    client: httpx.AsyncClient, people: People, db: str
) -> None:
    await sign_in(client, "woo@eigen.nl")
    location = await _submitted(client, people)
    page = await client.get(location)
    assert ">Goedkeuren</button>" not in page.text
    assert "dat doet een andere Woo-coördinator (vier ogen)" in page.text
    assert ">Terugzetten naar concept</button>" in page.text or "/reject" in page.text
    reason = "De samenvatting noemt de licentie niet."
    sent_back = await client.post(
        f"{location}/reject",
        data={"csrf_token": csrf(page.text), "lock_version": "1", "reason": reason},
    )
    assert sent_back.status_code == 303, sent_back.text
    account = await client.get("/account")
    assert reason in account.text


async def test_a_refused_step_links_each_problem_to_where_it_is_put_right(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "woo@eigen.nl")
    page = await client.get(f"/software/{people.software.pk}/besluit")
    created = await client.post(
        f"/software/{people.software.pk}/besluit",
        data={
            "csrf_token": csrf(page.text),
            "outcome": "withheld",
            "decided_on": date.today().isoformat(),
            "items[0].kind": "whole",
            "items[0].withheld": "on",
        },
    )
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    shown = await client.get(location)
    refused = await client.post(
        f"{location}/submit", data={"csrf_token": csrf(shown.text), "lock_version": "0"}
    )
    assert refused.status_code == 422
    links = anchors(refused.text)
    assert links and all(link.startswith(f"{location}/bewerken#") for link in links)
    form = await client.get(f"{location}/bewerken")
    assert all(link.split("#")[1] in ids(form.text) for link in links), links
    assert not re.search(r"items\[\d\]|_on:|grounds:", summary(refused.text))


async def test_the_audit_log_and_the_account_say_actions_and_roles_in_words(
    client: httpx.AsyncClient, people: People
) -> None:
    await sign_in(client, "dev@eigen.nl")
    assert (
        await register(client, organisation=people.organisation.slug, name="Nog een")
    ).is_redirect
    log = await client.get(f"/organisaties/{people.organisation.slug}/audit")
    assert "heeft software geregistreerd" in log.text
    assert "catalogue:software:create" not in log.text
    english = await client.get(f"/organisaties/{people.organisation.slug}/audit?lang=en")
    assert "registered software" in english.text
    account = await client.get("/account?lang=nl")
    assert "Gemeente Eigen</a>: ontwikkelaar" in account.text
