# SPDX-License-Identifier: EUPL-1.2
"""The request pages: anyone asks for release without an account (throttled per address), the
public sees that a request is pending, the officers see the requester and the terms, and the
account page lists requests overdue."""

from __future__ import annotations

import re

import httpx

from catalogue.software.models import ReleaseStatus, Software
from tests.catalogue.web.test_forms import csrf, sign_in
from tests.wooexemptions.test_register_pages import software_id
from wooexemptions.models import WooRequest

__all__ = ["software_id"]  # the fixture, shared

NAME, EMAIL = "Mr. Privé Persoon", "prive@example.org"


async def ask(client: httpx.AsyncClient, software_id: int, **fields: str) -> httpx.Response:
    form = await client.get(f"/software/{software_id}/verzoek")
    assert form.status_code == 200
    data = {
        "csrf_token": csrf(form.text),
        "subject": "De broncode van de niet-openbare delen.",
        "requester_name": NAME,
        "requester_email": EMAIL,
        **fields,
    }
    return await client.post(f"/software/{software_id}/verzoek", data=data)


async def test_anyone_asks_for_release_and_the_public_sees_it_pending(
    client: httpx.AsyncClient, software_id: int
) -> None:
    await Software.filter(id=software_id).update(release_status=ReleaseStatus.WITHHELD)
    detail = await client.get(f"/software/{software_id}")
    assert f"/software/{software_id}/verzoek" in detail.text
    sent = await ask(client, software_id)
    assert sent.status_code == 200, sent.text
    assert re.search(r"zaaknummer WOO-\d{4}-\d+-00001", sent.text)
    stored = await WooRequest.get(software_id=software_id)
    assert stored.from_public_form and stored.requester_email == EMAIL
    assert stored.submitted_from and "127.0.0.1" not in stored.submitted_from
    public = await client.get(f"/verzoeken/{stored.pk}")
    assert stored.zaaknummer in public.text and "in behandeling" in public.text
    assert NAME not in public.text and EMAIL not in public.text
    assert "niet-openbare delen" not in public.text  # the sender's own words stay private
    listed = await client.get(f"/software/{software_id}")
    assert stored.zaaknummer in listed.text and NAME not in listed.text
    await sign_in(client, "alice@eigen.nl")
    officer = await client.get(f"/verzoeken/{stored.pk}")
    assert NAME in officer.text and EMAIL in officer.text


async def test_the_public_form_is_throttled_and_checked(
    client: httpx.AsyncClient, software_id: int
) -> None:
    missing = await ask(client, software_id, requester_email="")
    assert missing.status_code == 422 and "e-mailadres" in missing.text
    for _ in range(3):
        assert (await ask(client, software_id)).status_code == 200
    refused = await ask(client, software_id)
    assert refused.status_code == 429
    assert await WooRequest.filter(software_id=software_id).count() == 3


async def test_the_account_page_lists_requests_overdue(
    client: httpx.AsyncClient, software_id: int
) -> None:
    software = await Software.get(id=software_id)
    await WooRequest.create(
        organisation_id=software.organisation_id,
        software_id=software_id,
        zaaknummer="WOO-2020-0001",
        received_on="2020-01-06",
    )
    await sign_in(client, "alice@eigen.nl")
    page = await client.get("/account")
    assert "WOO-2020-0001" in page.text and "verlopen" in page.text
    await sign_in(client, "dev@eigen.nl")
    assert "WOO-2020-0001" not in (await client.get("/account")).text
