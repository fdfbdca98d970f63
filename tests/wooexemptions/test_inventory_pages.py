# SPDX-License-Identifier: EUPL-1.2
"""The inventory page: legend, grondslagen, counts per ground and folder, the paged file list
with its filters, small however large the inventory; the officers' bulk change on a draft, with
CSRF and a refusal shown beside the form; a draft's inventory kept from the public."""

from __future__ import annotations

import httpx
import rdflib

from catalogue.accounts import services as accounts
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Role
from tests.catalogue.exports.dcat_rdflib import term
from tests.catalogue.web.test_forms import PASSWORD, csrf, sign_in
from tests.conftest import QueryCounter
from tests.factories import make_organisation, make_software
from wooexemptions import inventories, services
from wooexemptions.content import parse
from wooexemptions.examples import load_examples
from wooexemptions.inventory import Assessment, Grondslag, Item, LegendEntry
from wooexemptions.models import Decision

CONTENT = parse(
    {"outcome": "partly_open", "items": [], "decided_on": "2026-06-01", "licence": "EUPL-1.2"}
)
GRONDSLAGEN = [
    Grondslag("S", "woo-5.1.2.i", "Shows how the service is secured.", "Security prevails."),
    Grondslag("P", "woo-5.1.2.e", "Names of civil servants.", "Their privacy prevails."),
]


async def decision_with(size: int) -> Decision:
    organisation = await make_organisation("Gemeente Inventaris", account="inventaris")
    user = await accounts.create_user(email="alice@inv.nl", password=PASSWORD, actor="test")
    await accounts.grant(
        user=user, organisation=organisation, role=Role.PUBLICATION_OFFICER, actor="test"
    )
    software = await make_software(organisation, "digid-achtig")
    decision = await Decision.create(
        software=software,
        organisation=organisation,
        version=1,
        **(services.stored_fields(CONTENT) | {"covers": "c0ffee1"}),
    )
    decision = await inventories.set_basis(
        actor=inventories.CLI,
        decision=decision,
        grondslagen=GRONDSLAGEN,
        legend=[LegendEntry("S", "S"), LegendEntry("P", "P")],
        tree_url="https://example.org/digid.git",
        lock_version=None,
    )
    items = [
        Item(
            n,
            f"module{n % 40}/src/{'very-long-folder-name/' * 3}File{n}.java",
            Assessment.PARTLY_OPEN,
            ("S", "P") if n % 4 == 0 else ("S",),
            lines={"S": list(range(1, 400, 7)), "P": [n % 90 + 1]},
        )
        for n in range(1, size + 1)
    ]
    return await inventories.replace(
        actor=inventories.CLI, decision=decision, items=items, lock_version=None
    )


async def test_a_large_inventory_shows_a_small_page(
    client: httpx.AsyncClient, count_queries: QueryCounter
) -> None:
    decision = await decision_with(10_000)
    await sign_in(client, "alice@inv.nl")
    path = f"/register/{decision.pk}/inventaris"
    count_queries.statements.clear()
    page = await client.get(path)
    assert page.status_code == 200, page.text
    assert len(count_queries.statements) <= 12, count_queries.statements
    assert len(page.content) < 100_000, len(page.content)
    text = page.text
    assert "10.000" in text  # the count, in Dutch
    assert "Artikel 5.1 lid 2 onder i Woo" in text and "Shows how the service is secured." in text
    assert text.count(".java</code>") == 50
    assert "…" in text  # the lines of long runs are cut short; the CSV has them all
    assert 'class="chart"' in text and "module0" in text
    filtered = await client.get(path, params={"grondslag": "P", "prefix": "module8/", "page": 2})
    assert filtered.status_code == 200 and "250 " in filtered.text
    assert "File2008.java" in filtered.text and "File408.java" not in filtered.text
    bad = await client.get(path, params={"assessment": "dicht"})
    assert bad.status_code == 400
    decision_page = await client.get(f"/register/{decision.pk}")
    assert path in decision_page.text

    anonymous = httpx.AsyncClient(transport=client._transport, base_url="http://testserver")
    assert (await anonymous.get(path)).status_code == 404  # a draft's inventory is not public


async def test_the_bulk_change_on_a_draft(client: httpx.AsyncClient) -> None:
    decision = await decision_with(120)
    path = f"/register/{decision.pk}/inventaris"
    await sign_in(client, "alice@inv.nl")
    page = await client.get(path)
    assert "Change many items at once" in page.text or "Veel items tegelijk wijzigen" in page.text
    form = {
        "csrf_token": csrf(page.text),
        "lock_version": str(decision.lock_version),
        "prefix": "module3/",
        "set_assessment": "niet_openbaar",
        "set_grondslag_P": "on",
    }
    changed = await client.post(path, data=form)
    assert changed.status_code == 303 and changed.headers["location"].endswith("prefix=module3%2F")
    listed = await client.get(path, params={"assessment": "niet_openbaar"})
    assert "3 items" in listed.text or "3 items" in listed.text.replace("&nbsp;", " ")
    stale = await client.post(path, data=form)
    assert stale.status_code == 409
    fresh = await Decision.get(id=decision.pk)
    nothing = await client.post(
        path,
        data={**form, "lock_version": str(fresh.lock_version), "prefix": "nowhere/"},
    )
    assert nothing.status_code == 422 and "nothing was changed" in nothing.text.replace(
        "niets gewijzigd", "nothing was changed"
    )
    forged = await client.post(path, data={**form, "csrf_token": "x"})
    assert forged.status_code in (400, 403)
    assert (await Decision.get(id=decision.pk)).lock_version == fresh.lock_version


async def test_a_bulk_change_problem_is_named_by_the_label_of_its_own_control(
    client: httpx.AsyncClient,
) -> None:
    decision = await decision_with(20)
    path = f"/register/{decision.pk}/inventaris?lang=en"
    await sign_in(client, "alice@inv.nl")
    page = await client.get(path)
    form = {"csrf_token": csrf(page.text), "lock_version": str(decision.lock_version)}
    for data, anchor, label in (
        ({"prefix": "module1/"}, "b-set-assessment", "Set the assessment to"),
        ({"prefix": "nowhere/", "set_assessment": "openbaar"}, "b-prefix", "Path starts with"),
        ({"assessment": "dicht", "set_assessment": "openbaar"}, "b-assessment", "Only items"),
        ({"set_grondslag_Q": "on"}, "b-grounds", "Set the grounds to"),
    ):
        response = await client.post(path, data={**form, **data})
        assert response.status_code == 422, data
        summary = response.text.split('class="error-summary"', 1)[1].split("</div>", 1)[0]
        assert f'<a href="#{anchor}">{label}' in summary, summary
        assert f'id="{anchor}"' in response.text


async def test_the_demo_has_an_example_inventory_made_by_the_scanner(
    client: httpx.AsyncClient,
) -> None:
    assert await load_examples() == 8
    decision = await Decision.get(software__name="Inlogvoorziening (voorbeeld)")
    assert decision.is_example and decision.inventory_size == 288
    assert decision.scan["totals"] == {
        "S": {"files": 249, "runs": 971},
        "P": {"files": 171, "runs": 309},
    }
    page = await client.get(
        f"/register/{decision.pk}/inventaris", params={"prefix": "inlogvoorziening/vendor/"}
    )
    assert page.status_code == 200
    assert "Voorbeeld: een fictief besluit" in page.text or "Example: a fictitious" in page.text
    assert 'qrcode.js</code> <span class="meta">(MIT)</span>' in page.text
    listed = await client.get(f"/api/v1/decisions/{decision.pk}/inventory.csv")
    assert listed.status_code == 200 and listed.text.count("\r\n") == 289
    organisation = await Organisation.get(id=decision.organisation_id)
    turtle = await client.get(
        "/api/v1/export/catalogue.ttl", params={"organisation": organisation.slug}
    )
    graph = rdflib.Graph().parse(data=turtle.text, format="turtle")
    node = rdflib.URIRef(f"http://testserver/register/{decision.pk}")
    listed = rdflib.URIRef(f"http://testserver/api/v1/decisions/{decision.pk}/inventory.csv")
    assert (node, term("ot:inventoryList"), listed) in graph
    assert (node, term("ot:inventoryItems"), rdflib.Literal(288)) in graph
    assert await load_examples() == 0
    assert await Decision.filter(software__name="Inlogvoorziening (voorbeeld)").count() == 1
