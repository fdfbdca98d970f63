# SPDX-License-Identifier: EUPL-1.2
"""The register's pages: the public register and grounds, a decision with its history, and
the officers' forms from draft to published, with inline errors and four eyes."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from datetime import date
from html.parser import HTMLParser

import httpx
import pytest

from catalogue.accounts import services as accounts
from catalogue.accounts import sessions
from catalogue.accounts.models import User
from catalogue.app import create_app
from catalogue.permissions.rules import Role
from catalogue.settings import Settings
from catalogue.software.models import Software
from tests.catalogue.web.test_forms import PASSWORD, csrf, sign_in
from tests.factories import make_organisation, make_software
from wooexemptions import services as decisions
from wooexemptions.examples import load_examples
from wooexemptions.models import Decision
from wooexemptions.rules import (
    DecisionContent,
    GroundUse,
    ItemKind,
    OtherReason,
    Outcome,
    ReasonKind,
    ScopeItem,
)
from wooexemptions.states import DecisionState

GROUNDS = ("woo-5.1.2.d", "woo-5.1.2.h", "woo-5.1.2.c", "woo-5.1.2.e")


@pytest.fixture
async def second(db: str, settings: Settings) -> AsyncIterator[httpx.AsyncClient]:
    """A second browser, for the second officer."""
    transport = httpx.ASGITransport(app=create_app(settings, connect=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.fixture
async def software_id(db: str) -> int:
    organisation = await make_organisation("Gemeente Eigen", account="eigen")
    for email, role in (
        ("alice@eigen.nl", Role.PUBLICATION_OFFICER),
        ("bob@eigen.nl", Role.PUBLICATION_OFFICER),
        ("dev@eigen.nl", Role.DEVELOPER),
    ):
        user = await accounts.create_user(email=email, password=PASSWORD, actor="test")
        await accounts.grant(user=user, organisation=organisation, role=role, actor="test")
    return (await make_software(organisation, "parkeerscan")).pk


async def test_the_public_register_shows_examples_and_grounds(
    client: httpx.AsyncClient, db: str
) -> None:
    await load_examples()
    page = await client.get("/register")
    assert page.status_code == 200
    assert "Monitoring vitale netwerken (voorbeeld)" in page.text
    assert page.text.count('class="tag"') == 7  # every example is marked
    filtered = await client.get("/register?outcome=open_later&lang=en")
    assert "Rekenmodule nieuwe regeling" in filtered.text
    assert "Afvalkalender" not in filtered.text
    decision = await Decision.get(software__name="Toeslagencheck bijzondere bijstand (voorbeeld)")
    detail = await client.get(f"/register/{decision.pk}?lang=nl")
    assert "Inspectie, controle en toezicht door bestuursorganen" in detail.text
    assert "Het publieke belang bij inzicht in de selectie is groot" in detail.text
    assert "Voorbeeld: een fictief besluit" in detail.text
    assert "Acties voor" not in detail.text  # no buttons for the public
    grounds = await client.get("/gronden?lang=en")
    assert "Security of the State" in grounds.text and "5.1 lid 1 onder b" in grounds.text


async def test_officers_take_a_decision_from_draft_to_register_in_the_browser(
    client: httpx.AsyncClient, second: httpx.AsyncClient, software_id: int
) -> None:
    await sign_in(client, "alice@eigen.nl")
    form = await client.get(f"/software/{software_id}/besluit")
    assert form.status_code == 200
    fields = {
        "csrf_token": csrf(form.text),
        "outcome": "withheld",
        "summary": "Gesloten om sabotage te voorkomen.",
        "decided_on": "2026-06-01",
        "review_on": "2028-06-01",
        "items[0].kind": "whole",
        "items[0].name": "parkeerscan",
        "items[0].withheld": "on",
        "items[0].grounds[0].code": "woo-5.1.2.h",
        "items[0].grounds[0].motivation": "De scanlocaties zijn af te leiden uit de code.",
    }
    created = await client.post(f"/software/{software_id}/besluit", data=fields)
    assert created.status_code == 303, created.text
    location = created.headers["location"]
    decision_id = int(location.rsplit("/", 1)[1])

    page = await client.get(location)
    submit = await client.post(
        f"{location}/submit", data={"csrf_token": csrf(page.text), "lock_version": "0"}
    )
    assert submit.status_code == 422  # the weighing is missing: the summary links to its field
    assert f'href="/register/{decision_id}/bewerken#items-0.grounds-0.weighing"' in submit.text

    edit = await client.get(f"{location}/bewerken")
    assert 'name="items[0].grounds[0].code"' in edit.text
    fields |= {
        "csrf_token": csrf(edit.text),
        "lock_version": "0",
        "items[0].grounds[0].weighing": "Het risico op sabotage weegt zwaarder dan openheid.",
    }
    assert (await client.post(f"{location}/bewerken", data=fields)).status_code == 303
    page = await client.get(location)
    submitted = await client.post(
        f"{location}/submit", data={"csrf_token": csrf(page.text), "lock_version": "1"}
    )
    assert submitted.status_code == 303

    page = await client.get(location)
    own = await client.post(
        f"{location}/approve", data={"csrf_token": csrf(page.text), "lock_version": "2"}
    )
    assert own.status_code == 422 and "Vier ogen: " in own.text  # four eyes

    await sign_in(second, "bob@eigen.nl")
    dashboard = await second.get("/account")
    assert "parkeerscan" in dashboard.text
    page = await second.get(location)
    token = csrf(page.text)
    assert (
        await second.post(f"{location}/approve", data={"csrf_token": token, "lock_version": "2"})
    ).status_code == 303
    page = await second.get(location)
    published = await second.post(
        f"{location}/publish", data={"csrf_token": csrf(page.text), "lock_version": "3"}
    )
    assert published.status_code == 303
    stored = await Decision.get(id=decision_id)
    assert stored.state is DecisionState.PUBLISHED
    public = await httpx.AsyncClient(transport=client._transport, base_url="http://testserver").get(
        f"/software/{software_id}"
    )
    assert "Niet openbaar" in public.text and "5.1.2.h" in public.text


async def test_forms_need_the_csrf_token_and_a_signed_in_officer(
    client: httpx.AsyncClient, software_id: int
) -> None:
    anonymous = await client.get(f"/software/{software_id}/besluit")
    assert anonymous.status_code in (302, 303)
    await sign_in(client, "dev@eigen.nl")
    form = await client.get(f"/software/{software_id}/besluit")
    refused = await client.post(
        f"/software/{software_id}/besluit",
        data={"csrf_token": csrf(form.text), "outcome": "open", "items[0].kind": "whole"},
    )
    assert refused.status_code == 403
    forged = await client.post(f"/software/{software_id}/besluit", data={"outcome": "open"})
    assert forged.status_code == 403
    assert await Decision.all().count() == 0


async def test_the_questionnaire_page_recommends_and_starts_a_draft(
    client: httpx.AsyncClient, software_id: int
) -> None:
    page = await client.get(f"/keuzehulp?software={software_id}")
    assert page.status_code == 200
    answers = {
        "csrf_token": csrf(page.text),
        "software": str(software_id),
        "fraud_risk_rules": "yes",
        "security_by_obscurity": "yes",
    }
    advice = await client.post("/keuzehulp", data=answers)
    assert advice.status_code == 200
    assert "Later openbaar" in advice.text  # after the fix (issue 14.10)
    assert "5.1 lid 2 onder d" in advice.text
    assert re.search(
        r"security through obscurity|beveiliging door geheimhouding", advice.text, re.I
    )
    assert "Start een conceptbesluit" not in advice.text  # not signed in
    await sign_in(client, "alice@eigen.nl")
    advice = await client.post(
        "/keuzehulp", data={**answers, "csrf_token": csrf((await client.get("/keuzehulp")).text)}
    )
    started = await client.post(
        f"/software/{software_id}/besluit/keuzehulp",
        data={"csrf_token": csrf(advice.text), "fraud_risk_rules": "yes"},
    )
    assert started.status_code == 303
    assert started.headers["location"].endswith("/bewerken")
    draft = await Decision.get(software_id=software_id)
    assert draft.state is DecisionState.DRAFT and draft.outcome.value == "partly_open"


class FormFields(HTMLParser):
    """The values a browser would post from the first form with a lock_version: inputs,
    checked boxes and radios, selected options and textareas."""

    def __init__(self) -> None:
        super().__init__()
        self.fields: dict[str, str] = {}
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        given = {key: value or "" for key, value in attrs}
        name = given.get("name", "")
        if tag == "input" and name:
            if given.get("type") in ("checkbox", "radio"):
                if "checked" in given:
                    self.fields[name] = given.get("value") or "on"
            else:
                self.fields[name] = given.get("value", "")
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in given:
            self.fields[self._select] = given.get("value", "")
        elif tag == "textarea":
            self._textarea = name
            self.fields[name] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.fields[self._textarea] += data


async def test_saving_a_draft_with_many_items_loses_none(
    client: httpx.AsyncClient, software_id: int
) -> None:
    """Issue 14.9: the form grows with the decision; saving nine items keeps all nine."""
    alice = await sessions.principal_for(await User.get(email="alice@eigen.nl"))
    items = tuple(
        ScopeItem(
            ItemKind.PATH,
            f"src/module{n}",
            withheld=True,
            grounds=tuple(GroundUse(code, f"Waarom {n}.") for code in GROUNDS[: 1 + n % 4]),
            reasons=tuple(OtherReason(ReasonKind.COST, f"Kosten {n}.{r}") for r in range(n % 3)),
        )
        for n in range(9)
    )
    draft = await decisions.start_draft(
        principal=alice,
        software=await Software.get(id=software_id),
        content=DecisionContent(Outcome.PARTLY_OPEN, items, decided_on=date(2026, 1, 5)),
    )
    await sign_in(client, "alice@eigen.nl")
    page = await client.get(f"/register/{draft.pk}/bewerken")
    parser = FormFields()
    parser.feed(page.text)
    saved = await client.post(f"/register/{draft.pk}/bewerken", data=parser.fields)
    assert saved.status_code == 303, saved.text
    stored = await Decision.get(id=draft.pk)
    assert stored.lock_version == 1
    assert [item["name"] for item in stored.items] == [f"src/module{n}" for n in range(9)]
    assert [len(item["grounds"]) for item in stored.items] == [1 + n % 4 for n in range(9)]
    assert [len(item["reasons"]) for item in stored.items] == [n % 3 for n in range(9)]


async def test_the_register_speaks_the_statutes_words(client: httpx.AsyncClient, db: str) -> None:
    """Issue 14.11: the breadcrumb names the register (not the verb "Registreren"), outcomes
    read openbaar / deels openbaar / niet openbaar, weighing is against "het algemeen belang
    van openbaarheid", and the grounds page does not say code may stay closed only on 5.1
    and 5.2."""
    await load_examples()
    decision = await Decision.get(software__name="Toeslagencheck bijzondere bijstand (voorbeeld)")
    detail = await client.get(f"/register/{decision.pk}?lang=nl")
    assert "Registreren" not in detail.text
    assert "Deels openbaar" in detail.text and "Deels open<" not in detail.text
    register = await client.get("/register?lang=nl")
    assert "Later openbaar" in register.text and "Later open<" not in register.text
    grounds = await client.get("/gronden?lang=nl")
    assert "algemeen belang van openbaarheid" in grounds.text
    assert "alleen worden geweigerd op de gronden van de artikelen 5.1 en 5.2" not in grounds.text
    assert "hoofdstuk 5" in grounds.text and "8.8" in grounds.text
