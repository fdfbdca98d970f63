# SPDX-License-Identifier: EUPL-1.2
"""What the domain writes for people shows in the page's language: form errors, refusals and
conflicts on the error page, query-parameter errors, and publiccode.yml problems."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from dataclasses import dataclass

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.app import create_app
from catalogue.permissions.rules import Role
from catalogue.settings import Settings
from catalogue.software import harvesting, metadata
from catalogue.software.models import Repository, Software
from tests.catalogue.web.test_forms import PASSWORD, csrf, sign_in
from tests.catalogue.web.test_openapi import check_response
from tests.factories import make_organisation, make_software

INVALID_PUBLICCODE = """\
publiccodeYmlVersion: "0.4"
name: Kapot
url: https://github.com/eigen/kapot-0
developmentStatus: production
legal:
  license: EUPL-1.2
"""


@dataclass
class Seeded:
    software: Software


@pytest.fixture
async def seeded(db: str) -> Seeded:
    organisation = await make_organisation("Gemeente Eigen", account="eigen")
    for email, role in (
        ("alice@eigen.nl", Role.PUBLICATION_OFFICER),
        ("dev@eigen.nl", Role.DEVELOPER),
    ):
        user = await accounts.create_user(email=email, password=PASSWORD, actor="test")
        await accounts.grant(user=user, organisation=organisation, role=role, actor="test")
    return Seeded(await make_software(organisation, "kapot"))


def summary(page: str) -> str:
    """The error summary of a page: what it says, and where its links lead."""
    found = re.search(r'<div class="error-summary".*?</div>', page, re.DOTALL)
    assert found is not None, "the page has no error summary"
    return found.group(0)


@pytest.fixture
async def english(db: str, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A second browser, whose person chose English."""
    transport = httpx.ASGITransport(app=create_app(settings, connect=False))
    async with httpx.AsyncClient(
        transport=transport, base_url="http://testserver", cookies={"lang": "en"}
    ) as client:
        yield client


async def test_a_registration_error_shows_in_the_page_language(
    client: httpx.AsyncClient, english: httpx.AsyncClient, seeded: Seeded
) -> None:
    for browser, label, expected, other in (
        (
            client,
            "Repository 1",
            "is geen webadres van een codeplatform",
            "is not a web address of a code host",
        ),
        (
            english,
            "Repository 1",
            "is not a web address of a code host",
            "is geen webadres van een codeplatform",
        ),
    ):
        await sign_in(browser, "dev@eigen.nl")
        form = await browser.get("/software/nieuw")
        answer = await browser.post(
            "/software/nieuw",
            data={
                "csrf_token": csrf(form.text),
                "organisation": "gemeente-eigen",
                "name": "nieuw",
                "repositories": "geen-adres",
            },
        )
        assert answer.status_code == 422
        shown = summary(answer.text)
        assert f'<a href="#repositories">{label}: &#39;geen-adres&#39; {expected}' in shown, shown
        assert "repositories[0]" not in shown
        assert other not in answer.text
    assert await Software.filter(name="nieuw").count() == 0


async def test_a_field_error_of_the_registration_shows_in_dutch_and_english(
    client: httpx.AsyncClient, english: httpx.AsyncClient, seeded: Seeded
) -> None:
    for browser, expected in ((client, "is verplicht"), (english, "is required")):
        await sign_in(browser, "dev@eigen.nl")
        form = await browser.get("/software/nieuw")
        answer = await browser.post(
            "/software/nieuw",
            data={"csrf_token": csrf(form.text), "organisation": "gemeente-eigen", "name": " "},
        )
        assert answer.status_code == 422
        assert f'<p class="error" id="name-error">{expected}</p>' in answer.text


async def _draft_without_weighing(browser: httpx.AsyncClient, software_id: int) -> str:
    form = await browser.get(f"/software/{software_id}/besluit")
    created = await browser.post(
        f"/software/{software_id}/besluit",
        data={
            "csrf_token": csrf(form.text),
            "outcome": "withheld",
            "decided_on": "2026-06-01",
            "review_on": "2028-06-01",
            "items[0].kind": "whole",
            "items[0].name": "kapot",
            "items[0].withheld": "on",
            "items[0].grounds[0].code": "woo-5.1.2.h",
            "items[0].grounds[0].motivation": "De scanlocaties zijn af te leiden uit de code.",
        },
    )
    assert created.status_code == 303, created.text
    return str(created.headers["location"])


async def test_a_decision_form_error_shows_in_the_page_language(
    client: httpx.AsyncClient, seeded: Seeded
) -> None:
    await sign_in(client, "alice@eigen.nl")
    location = await _draft_without_weighing(client, seeded.software.pk)
    for language, label, expected in (
        (
            "nl",
            "Onderdeel 1, Woo-grond 1, Belangenafweging (relatieve gronden)",
            "Weeg het belang dat deze grond beschermt af tegen het algemeen belang",
        ),
        (
            "en",
            "Scope item 1, Woo ground 1, Weighing of interests (relative grounds)",
            "Weigh the interest this ground protects against the general interest",
        ),
    ):
        page = await client.get(location)
        submit = await client.post(
            f"{location}/submit?lang={language}",
            data={"csrf_token": csrf(page.text), "lock_version": "0"},
        )
        assert submit.status_code == 422
        assert f"{label}: {expected}" in submit.text
        assert "items[0]" not in summary(submit.text)


async def test_approving_your_own_submission_is_refused_in_the_page_language(
    client: httpx.AsyncClient, seeded: Seeded
) -> None:
    await sign_in(client, "alice@eigen.nl")
    location = await _draft_without_weighing(client, seeded.software.pk)
    edit = await client.get(f"{location}/bewerken")
    fields = {
        "csrf_token": csrf(edit.text),
        "lock_version": "0",
        "outcome": "withheld",
        "decided_on": "2026-06-01",
        "review_on": "2028-06-01",
        "items[0].kind": "whole",
        "items[0].name": "kapot",
        "items[0].withheld": "on",
        "items[0].grounds[0].code": "woo-5.1.2.h",
        "items[0].grounds[0].motivation": "De scanlocaties zijn af te leiden uit de code.",
        "items[0].grounds[0].weighing": "Het risico op sabotage weegt zwaarder dan openheid.",
    }
    assert (await client.post(f"{location}/bewerken", data=fields)).status_code == 303
    page = await client.get(location)
    token = csrf(page.text)
    submitted = await client.post(
        f"{location}/submit", data={"csrf_token": token, "lock_version": "1"}
    )
    assert submitted.status_code == 303
    for language, expected in (
        (
            "nl",
            "Vier ogen: Een andere Woo-coördinator moet dit besluit goedkeuren: u hebt het zelf "
            "genomen.",
        ),
        ("en", "Four eyes: Another officer must approve this decision: you took it yourself."),
    ):
        own = await client.post(
            f"{location}/approve?lang={language}", data={"csrf_token": token, "lock_version": "2"}
        )
        assert own.status_code == 422
        assert f'<a href="#actions-title">{expected}</a>' in own.text


async def test_a_refusal_and_a_conflict_show_on_the_error_page_in_its_language(
    client: httpx.AsyncClient, english: httpx.AsyncClient, seeded: Seeded
) -> None:
    software_id = seeded.software.pk
    for browser, expected in (
        (client, "besluiten is niet toegestaan: u hebt niet de rol die daarvoor nodig is"),
        (english, "decide is not allowed: you lack the role"),
    ):
        await sign_in(browser, "dev@eigen.nl")
        form = await browser.get(f"/software/{software_id}/besluit")
        refused = await browser.post(
            f"/software/{software_id}/besluit",
            data={"csrf_token": csrf(form.text), "outcome": "open", "items[0].name": "kapot"},
        )
        assert refused.status_code == 403
        assert refused.headers["content-type"].startswith("text/html")
        assert f"<p>{expected}</p>" in refused.text

    await sign_in(client, "alice@eigen.nl")
    await sign_in(english, "alice@eigen.nl")
    await _draft_without_weighing(client, software_id)
    for browser, expected in (
        (client, "voor deze software wordt al een besluit voorbereid: bewerk dat besluit"),
        (english, "this software already has a decision being prepared: edit that one"),
    ):
        form = await browser.get(f"/software/{software_id}/besluit")
        conflict = await browser.post(
            f"/software/{software_id}/besluit",
            data={"csrf_token": csrf(form.text), "outcome": "open", "items[0].name": "kapot"},
        )
        assert conflict.status_code == 409
        assert f"<p>{expected}</p>" in conflict.text


async def test_the_api_keeps_the_english_message(client: httpx.AsyncClient, seeded: Seeded) -> None:
    answer = await client.get("/api/v1/software?page=nul", headers={"accept-language": "nl"})
    assert answer.status_code == 400
    [error] = answer.json()["errors"]
    assert error == {"parameter": "page", "detail": "must be a whole number, not 'nul'"}


async def test_a_query_parameter_error_shows_in_the_page_language(
    client: httpx.AsyncClient, seeded: Seeded
) -> None:
    dutch = await client.get("/software?page=nul")
    assert dutch.status_code == 400
    assert "<code>page</code>: moet een geheel getal zijn, niet &#39;nul&#39;" in dutch.text
    english = await client.get("/software?page=0&lang=en")
    assert english.status_code == 400
    assert "<code>page</code>: must be at least 1, not 0" in english.text
    unknown = await client.get("/software?pagina=2&lang=nl")  # ignored, and named in a header
    assert unknown.status_code == 200 and "pagina" in unknown.headers["warning"]


async def test_a_missing_page_says_so_in_the_page_language(
    client: httpx.AsyncClient, seeded: Seeded
) -> None:
    assert "<p>deze software bestaat niet</p>" in (await client.get("/software/999999")).text
    english = await client.get("/software/999999?lang=en")
    assert english.status_code == 404 and "<p>no such software</p>" in english.text


async def test_a_sign_in_error_shows_in_the_page_language(
    client: httpx.AsyncClient, english: httpx.AsyncClient, seeded: Seeded
) -> None:
    dutch = await sign_in(client, "dev@eigen.nl", password="verkeerd wachtwoord")
    assert "het e-mailadres of het wachtwoord is onjuist" in dutch.text
    answer = await sign_in(english, "dev@eigen.nl", password="wrong password")
    assert "the e-mail address or the password is wrong" in answer.text


async def _harvested_with_an_invalid_publiccode(software: Software) -> None:
    """What a harvest does with a repository's files, through the domain."""
    repository = await Repository.get(software=software)
    repository.publiccode_yml = INVALID_PUBLICCODE
    repository.publiccode_check = metadata.check_publiccode(INVALID_PUBLICCODE)[0]
    repository.licence_forge = "MIT"
    await repository.save()
    await harvesting.apply_repository_files(software, actor="test")


async def test_publiccode_problems_and_findings_show_in_the_page_language(
    client: httpx.AsyncClient, seeded: Seeded
) -> None:
    await _harvested_with_an_invalid_publiccode(seeded.software)
    stored = await Software.get(id=seeded.software.pk)
    problems = {problem["key"]: problem for problem in stored.publiccode_check["problems"]}
    status = problems["developmentStatus"]
    assert status["message"].startswith("expected one of: concept, development")
    assert status["template"] == "expected one of: %(choices)s; got %(value)s"
    assert status["values"]["value"] == "'production'"

    dutch = await client.get(f"/software/{seeded.software.pk}")
    assert "verwacht is een van: concept, development, beta, stable, obsolete; gevonden is" in (
        dutch.text
    )
    assert "de verplichte sleutel &#39;softwareType&#39; ontbreekt" in dutch.text
    assert "De licenties komen niet overeen: publiccode.yml geeft EUPL-1.2 op en het" in (
        dutch.text
    )
    assert "expected one of" not in dutch.text

    api = await client.get(f"/api/v1/software/{seeded.software.pk}")
    check_response("/software/{id}", api)  # template and values are documented
    [served] = [p for p in api.json()["publiccode"]["problems"] if p["key"] == "developmentStatus"]
    assert served == status  # the API is English, and gives what a translation needs
    assert api.json()["findings"][0]["template"] == "The licences disagree: %(said)s."

    english = await client.get(f"/software/{seeded.software.pk}?lang=en")
    assert "expected one of: concept, development, beta, stable, obsolete; got" in english.text
    assert "required key &#39;softwareType&#39; is missing" in english.text
    assert "The licences disagree: publiccode.yml declares EUPL-1.2 and the forge" in (english.text)


async def test_a_check_stored_before_messages_had_templates_shows_its_text(
    client: httpx.AsyncClient, seeded: Seeded
) -> None:
    old = {
        "version": "0.4",
        "valid": False,
        "errors": 1,
        "warnings": 0,
        "problems": [
            {
                "severity": "error",
                "key": "name",
                "message": "an old message",
                "line": 2,
                "column": 1,
            }
        ],
    }
    await Software.filter(id=seeded.software.pk).update(
        publiccode_check=old,
        findings=[{"code": "licence_missing", "message": "an old finding", "sources": {}}],
    )
    page = await client.get(f"/software/{seeded.software.pk}")
    assert "an old message" in page.text and "an old finding" in page.text
