# SPDX-License-Identifier: EUPL-1.2
"""The export endpoints: media types, ETag and 304, streaming, the same filters as the lists
they export, and their place in the OpenAPI document."""

from __future__ import annotations

import asyncio
import csv
import io
import json
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest
from jsonschema import Draft4Validator, FormatChecker

from catalogue import publiccode
from catalogue.app import create_app, openapi_document
from catalogue.demo.loading import load_demo
from catalogue.settings import Settings
from catalogue.software.models import Software
from tests.catalogue.exports.test_codejson import SCHEMA
from tests.catalogue.web import conftest as web_fixtures
from tests.catalogue.web.conftest import Catalogue
from wooexemptions.examples import load_examples

catalogue = web_fixtures.catalogue  # the small catalogue of the web tests, as a fixture here
EXPORTS = {
    "/api/v1/export/catalogue.json": "application/json",
    "/api/v1/export/code.json": "application/json",
    "/api/v1/export/software.csv": "text/csv; charset=utf-8",
    "/api/v1/export/register.csv": "text/csv; charset=utf-8",
}


def csv_rows(response: httpx.Response) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(response.text, newline="")))


@pytest.mark.parametrize(("path", "media_type"), EXPORTS.items())
async def test_each_export_has_its_media_type_a_weak_etag_and_answers_304(
    client: httpx.AsyncClient, catalogue: Catalogue, path: str, media_type: str
) -> None:
    response = await client.get(path)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == media_type
    etag = response.headers["etag"]
    assert etag.startswith('W/"')
    assert response.headers["cache-control"] == "public, max-age=60, must-revalidate"
    again = await client.get(path, headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again.headers["etag"] == etag
    other = await client.get(path, headers={"If-None-Match": 'W/"something-else"'})
    assert other.status_code == 200


@pytest.mark.parametrize("path", EXPORTS)
async def test_a_change_to_the_data_changes_the_etag(
    client: httpx.AsyncClient, catalogue: Catalogue, path: str
) -> None:
    before = (await client.get(path)).headers["etag"]
    catalogue.utrecht.name = "Gemeente Utrecht (hernoemd)"
    await catalogue.utrecht.save()
    renamed = (await client.get(path)).headers["etag"]
    assert renamed != before
    catalogue.signalen.description_nl = "Meldingen openbare ruimte"
    await catalogue.signalen.save()
    assert (await client.get(path)).headers["etag"] != renamed


async def test_the_etag_differs_per_query_and_per_host(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    path = "/api/v1/export/code.json"
    whole = (await client.get(path)).headers["etag"]
    one = (await client.get(path, params={"organisation": catalogue.vws.slug})).headers["etag"]
    elsewhere = (await client.get(path, headers={"Host": "other.example"})).headers["etag"]
    assert len({whole, one, elsewhere}) == 3


async def test_code_json_for_one_organisation_validates_and_has_only_its_software(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    response = await client.get(
        "/api/v1/export/code.json", params={"organisation": catalogue.vws.slug}
    )
    body = response.json()
    Draft4Validator(SCHEMA, format_checker=FormatChecker()).validate(body)
    assert body["agency"] == "Volksgezondheid, Welzijn en Sport"
    assert sorted(r["name"] for r in body["releases"]) == ["coronamelder", "fraudescore"]
    secret = next(r for r in body["releases"] if r["name"] == "fraudescore")
    assert secret["permissions"]["usageType"] == "exemptByCIO"  # withheld, no decision published
    assert secret["repositoryURL"] == f"http://testserver/software/{catalogue.geheim.pk}"


async def test_catalogue_json_uses_absolute_urls_of_the_host_asked(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    response = await client.get(
        "/api/v1/export/catalogue.json",
        params={"organisation": catalogue.utrecht.slug},
        headers={"Host": "catalogus.example.nl"},
    )
    body = response.json()
    assert body["catalogue"]["url"] == "http://catalogus.example.nl/"
    assert sorted(entry["name"] for entry in body["software"]) == ["signalen", "zaakafhandeling"]
    assert body["software"][0]["url"].startswith("http://catalogus.example.nl/software/")


@pytest.mark.parametrize(
    "path", ["/api/v1/export/catalogue.json", "/api/v1/export/code.json?organisation="]
)
async def test_an_unknown_organisation_or_parameter_is_a_problem(
    client: httpx.AsyncClient, catalogue: Catalogue, path: str
) -> None:
    response = await client.get(path, params={"organisation": "nope"})
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert "nope" in response.json()["detail"]
    ignored = await client.get("/api/v1/export/code.json?format=xml")  # not a parameter here
    assert ignored.status_code == 200 and "format" in ignored.headers["warning"]


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"q": "zaak"},
        {"release_status": "withheld"},
        {"licence": "EUPL-1.2"},
        {"language": "python"},
        {"organisation_kind": "ministerie"},
        {"organisation": "gemeente-utrecht", "language": "javascript"},
        {"publiccode": "false"},
        {"archived": "true"},
    ],
)
async def test_the_software_csv_has_the_entries_the_list_shows_for_the_same_filters(
    client: httpx.AsyncClient, catalogue: Catalogue, query: dict[str, str]
) -> None:
    listed = (await client.get("/api/v1/software", params={**query, "per_page": "100"})).json()
    exported = csv_rows(await client.get("/api/v1/export/software.csv", params=query))
    assert sorted(int(row["id"]) for row in exported) == sorted(i["id"] for i in listed["items"])


async def test_the_software_csv_refuses_what_the_list_refuses_and_paging(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    for query in ({"page": "2"}, {"sort": "name"}, {"x": "1"}):  # ignored: the export is whole
        response = await client.get("/api/v1/export/software.csv", params=query)
        assert response.status_code == 200, query
        assert next(iter(query)) in response.headers["warning"]
    response = await client.get("/api/v1/export/software.csv", params={"licence": "not-a-licence"})
    assert response.status_code == 404


async def test_the_excel_dialect_is_a_download_with_bom_and_semicolons(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    response = await client.get("/api/v1/export/software.csv", params={"dialect": "excel"})
    assert response.content.startswith(b"\xef\xbb\xbfid;name;")
    assert response.headers["content-disposition"] == (
        'attachment; filename="opentenzij-software.csv"'
    )


async def test_a_hostile_name_is_defused_in_the_csv(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    catalogue.zaken.name = '=HYPERLINK("https://evil.example","klik")'
    await catalogue.zaken.save()
    rows = csv_rows(await client.get("/api/v1/export/software.csv"))
    names = {row["name"] for row in rows}
    assert '\'=HYPERLINK("https://evil.example","klik")' in names


async def test_the_register_csv_takes_the_registers_filters(client: httpx.AsyncClient) -> None:
    await load_examples()
    everything = csv_rows(await client.get("/api/v1/export/register.csv"))
    assert len(everything) == 7
    response = await client.get(
        "/api/v1/export/register.csv", params={"ground": "woo-5.1.2.h", "outcome": "withheld"}
    )
    [row] = csv_rows(response)
    assert row["software"] == "Toegangspoort dienstverlening (voorbeeld)"
    assert row["url"] == f"http://testserver/register/{row['decision_id']}"
    listed = (await client.get("/api/v1/decisions", params={"year": "2026"})).json()
    exported = csv_rows(await client.get("/api/v1/export/register.csv", params={"year": "2026"}))
    assert {int(r["decision_id"]) for r in exported} == {d["id"] for d in listed["items"]}
    assert (await client.get("/api/v1/export/register.csv?year=abc")).status_code == 400


async def test_publiccode_yml_is_the_harvested_file_or_a_valid_generated_one(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    own = "publiccodeYmlVersion: '0.4'\nname: signalen # as the organisation wrote it\n"
    catalogue.signalen.publiccode_yml = own
    await catalogue.signalen.save()
    response = await client.get(f"/api/v1/software/{catalogue.signalen.pk}/publiccode.yml")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/yaml"
    assert response.text == own
    generated = await client.get(f"/api/v1/software/{catalogue.geheim.pk}/publiccode.yml")
    assert publiccode.validate(generated.text).problems == ()
    assert f"http://testserver/software/{catalogue.geheim.pk}" in generated.text
    etag = generated.headers["etag"]
    again = await client.get(
        f"/api/v1/software/{catalogue.geheim.pk}/publiccode.yml", headers={"If-None-Match": etag}
    )
    assert again.status_code == 304


async def test_publiccode_yml_of_an_archived_entry_is_served_and_an_unknown_one_is_404(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    from datetime import UTC, datetime

    catalogue.zaken.archived_at = datetime.now(UTC)
    await catalogue.zaken.save()
    response = await client.get(f"/api/v1/software/{catalogue.zaken.pk}/publiccode.yml")
    assert response.status_code == 200
    for missing in ("987654", str(2**40)):
        response = await client.get(f"/api/v1/software/{missing}/publiccode.yml")
        assert response.status_code == 404
        assert response.headers["content-type"] == "application/problem+json"


async def asgi_body_messages(app: Any, path: str, query: bytes = b"") -> list[dict[str, Any]]:
    """The ASGI messages the app sends for a GET, as a server would receive them."""
    sent: list[dict[str, Any]] = []
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "GET",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "root_path": "",
        "query_string": query,
        "headers": [(b"host", b"testserver")],
        "server": ("testserver", 80),
        "client": ("127.0.0.1", 1234),
    }
    requested = False

    async def receive() -> dict[str, Any]:
        nonlocal requested
        if not requested:
            requested = True
            return {"type": "http.request", "body": b"", "more_body": False}
        await asyncio.Event().wait()  # the client stays until the answer is complete
        raise AssertionError("unreachable")

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    await app(scope, receive, send)
    return [m for m in sent if m["type"] == "http.response.body" and m.get("body")]


@pytest.mark.parametrize("path", ["/api/v1/export/catalogue.json", "/api/v1/export/code.json"])
async def test_exports_are_sent_in_chunks_as_they_are_written(
    db: str, settings: Settings, path: str
) -> None:
    await load_demo()
    app = create_app(settings, connect=False)
    chunks = await asgi_body_messages(app, path)
    assert len(chunks) >= 2  # not one body built in memory: 64 KiB pieces as entries are read
    assert all(len(chunk["body"]) <= 128 * 1024 for chunk in chunks[:-1])
    body = b"".join(chunk["body"] for chunk in chunks)
    if path.endswith(".json"):
        assert json.loads(body)
    assert await Software.all().count() >= 132


def test_the_openapi_document_lists_every_export_with_its_media_type_and_etag() -> None:
    paths = openapi_document()["paths"]
    expected = {
        "/export/catalogue.json": "application/json",
        "/export/code.json": "application/json",
        "/export/software.csv": "text/csv",
        "/export/register.csv": "text/csv",
        "/software/{id}/publiccode.yml": "application/yaml",
    }
    for path, media_type in expected.items():
        responses = paths[path]["get"]["responses"]
        assert list(responses["200"]["content"]) == [media_type]
        assert "ETag" in responses["200"]["headers"]
        assert "304" in responses
    parameters = {p["name"] for p in paths["/export/software.csv"]["get"]["parameters"]}
    assert parameters == {
        "q",
        "organisation",
        "licence",
        "language",
        "release_status",
        "organisation_kind",
        "development_status",
        "publiccode",
        "quality",
        "archived",
        "dialect",
    }
    register = {p["name"] for p in paths["/export/register.csv"]["get"]["parameters"]}
    assert register == {"organisation", "ground", "outcome", "year", "history", "dialect"}


async def test_a_review_coming_due_changes_the_register_csv_and_its_etag(
    client: httpx.AsyncClient, db: str
) -> None:
    """A step of a decision is a bulk update; it must still count as a change."""

    from wooexemptions import reviews
    from wooexemptions.models import Decision
    from wooexemptions.states import DecisionState

    await load_examples()
    first = await client.get("/api/v1/export/register.csv")
    due = await (
        Decision.filter(state=DecisionState.PUBLISHED, review_on__isnull=False)
        .order_by("review_on")
        .first()
    )
    assert due is not None and due.review_on is not None
    await reviews.run(due.review_on)
    again = await client.get(
        "/api/v1/export/register.csv", headers={"If-None-Match": first.headers["etag"]}
    )
    assert again.status_code == 200
    assert again.headers["etag"] != first.headers["etag"]
    [row] = [r for r in csv_rows(again) if r["decision_id"] == str(due.id)]
    assert row["state"] == "review_due"


async def test_a_published_decision_puts_its_software_in_the_changed_feed(
    client: httpx.AsyncClient, catalogue: Catalogue
) -> None:
    from tests.catalogue.exports.test_feeds_api import publish

    await Software.filter(id=catalogue.zaken.id).update(updated_at=datetime(2020, 1, 1, tzinfo=UTC))
    feed = await client.get("/api/v1/feeds/software-changed.atom")
    assert feed.text.index("zaakafhandeling") > feed.text.index("fraudescore")
    await publish(await Software.get(id=catalogue.zaken.id), catalogue.utrecht)
    feed = await client.get("/api/v1/feeds/software-changed.atom")
    first_entry = feed.text[feed.text.index("<entry>") :]
    assert first_entry.index("zaakafhandeling") < first_entry.index("</entry>")


@pytest.mark.parametrize(
    "path",
    [
        *EXPORTS,
        "/api/v1/software/{id}/publiccode.yml",
        "/api/v1/collections/{slug}.ttl",
    ],
)
async def test_every_export_refuses_a_host_header_that_is_no_address(
    client: httpx.AsyncClient, catalogue: Catalogue, path: str
) -> None:
    from catalogue.collections import services as collections
    from catalogue.collections.models import Collection

    await collections.load_examples()
    slug = (await Collection.first()).slug  # type: ignore[union-attr]
    url = path.format(id=catalogue.zaken.id, slug=slug)
    response = await client.get(url, headers={"Host": 'evil"<x>'})
    assert response.status_code == 400, url
    assert "Host" in response.json()["detail"]
