# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import re
from datetime import UTC, date, datetime

import httpx
import pytest
from babel.dates import format_date

from catalogue.organisations.kinds import OrganisationKind
from catalogue.organisations.models import Organisation
from catalogue.software import queries as software_queries
from catalogue.software.models import ReleaseStatus, Repository, Software
from catalogue.statistics import queries as statistics
from catalogue.statistics.web import layout
from tests.factories import make_organisation, make_software

OPEN, PARTLY, WITHHELD = ReleaseStatus.OPEN, ReleaseStatus.PARTLY_OPEN, ReleaseStatus.WITHHELD


async def published(
    organisation: Organisation,
    on: date,
    *,
    licence: str | None = "EUPL-1.2",
    release_status: ReleaseStatus = OPEN,
) -> Software:
    """Software whose one repository was created on its code host on a given day."""
    software = await make_software(organisation, licence=licence, release_status=release_status)
    moment = datetime(on.year, on.month, on.day, tzinfo=UTC)
    await Repository.filter(software_id=software.pk).update(created_on_host_at=moment)
    return software


@pytest.fixture
async def spread(db: str) -> None:
    """Five current entries of a ministry and a municipality over 2015-2024, and one archived."""
    ministry = await make_organisation(
        "Ministerie van Voorbeelden", kind=OrganisationKind.MINISTERIE
    )
    town = await make_organisation("Gemeente Voorbeeld", kind=OrganisationKind.GEMEENTE)
    await published(ministry, date(2015, 3, 1), licence="EUPL-1.2 OR MIT")
    await published(ministry, date(2018, 6, 1), licence="EUPL-1.2")
    await published(ministry, date(2018, 9, 1), licence=None, release_status=WITHHELD)
    await published(town, date(2024, 1, 2), licence="MIT", release_status=PARTLY)
    await published(town, date(2024, 5, 2), licence="EUPL-1.2")
    gone = await published(town, date(2010, 1, 1), licence="GPL-3.0-only")
    await Software.filter(id=gone.pk).update(archived_at=datetime.now(UTC))


def table(html: str, caption: str) -> dict[str, list[str]]:
    """The rows of the table with this caption: row header → the texts of its cells."""
    match = re.search(rf"<caption>{re.escape(caption)}</caption>(.*?)</table>", html, re.S)
    assert match, caption
    rows = re.findall(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', match.group(1), re.S)
    return {
        re.sub(r"<[^>]+>", "", header): re.findall(r"<td[^>]*>(.*?)</td>", cells)
        for header, cells in rows
    }


async def test_the_tables_give_the_figures_in_dutch(
    client: httpx.AsyncClient, spread: None
) -> None:
    response = await client.get("/statistieken")
    assert response.status_code == 200
    html = response.text
    assert '<html lang="nl">' in html
    assert "<h1>Statistieken</h1>" in html
    assert format_date(datetime.now(UTC).date(), "long", locale="nl") in html
    years = table(html, "Software voor het eerst gepubliceerd per jaar")
    assert list(years) == [str(year) for year in range(2015, 2025)]
    # Open source, partly open, withheld, open later, undecided, total.
    assert years["2018"] == ["1", "0", "1", "0", "0", "2"]
    assert years["2020"] == ["0", "0", "0", "0", "0", "0"]
    assert years["2024"] == ["1", "1", "0", "0", "0", "2"]
    licences = table(html, "Meest gebruikte licenties")
    assert licences == {
        "EUPL-1.2": ["3", "60%"],
        "MIT": ["2", "40%"],
        "Andere licenties": ["0", "0%"],
        "Geen bekende licentie": ["1", "20%"],
    }
    kinds = table(html, "Openbaarheidsstatus per soort organisatie")
    assert kinds["Ministerie"] == ["2", "0", "1", "0", "0", "3", "67%"]
    assert kinds["Gemeente"] == ["1", "1", "0", "0", "0", "2", "50%"]
    assert kinds["Provincie"] == ["0", "0", "0", "0", "0", "0", "\N{EN DASH}"]


async def test_the_page_is_in_english_on_request(client: httpx.AsyncClient, spread: None) -> None:
    html = (await client.get("/statistieken?lang=en")).text
    assert '<html lang="en">' in html
    assert "<h1>Statistics</h1>" in html
    assert format_date(datetime.now(UTC).date(), "long", locale="en") in html
    kinds = table(html, "Release status per kind of organisation")
    assert kinds["Ministry"] == ["2", "0", "1", "0", "0", "3", "67%"]
    assert table(html, "Most used licences")["No known licence"] == ["1", "20%"]


async def test_large_numbers_are_written_as_each_language_does(
    client: httpx.AsyncClient, db: str
) -> None:
    province = await make_organisation(kind=OrganisationKind.PROVINCIE)
    await Software.bulk_create(
        Software(name=f"s{n}", organisation=province, release_status=OPEN) for n in range(1200)
    )
    dutch = (await client.get("/statistieken")).text
    provinces = table(dutch, "Openbaarheidsstatus per soort organisatie")["Provincie"]
    assert provinces[-2:] == ["1.200", "100%"]
    assert re.search(r'<text class="tick"[^>]*>1\.500</text>', dutch)
    english = (await client.get("/statistieken?lang=en")).text
    assert table(english, "Release status per kind of organisation")["Province"][0] == "1,200"


async def test_a_short_span_is_shown_per_quarter(client: httpx.AsyncClient, db: str) -> None:
    town = await make_organisation()
    await published(town, date(2024, 2, 10))
    await published(town, date(2025, 1, 15), release_status=WITHHELD)
    dutch = table(
        (await client.get("/statistieken")).text,
        "Software voor het eerst gepubliceerd per kwartaal",
    )
    assert list(dutch) == ["K1 2024", "K2 2024", "K3 2024", "K4 2024", "K1 2025"]
    assert dutch["K1 2025"] == ["0", "0", "1", "0", "0", "1"]
    english = table(
        (await client.get("/statistieken?lang=en")).text, "Software first published per quarter"
    )
    assert next(iter(english)) == "Q1 2024"


async def test_every_chart_is_an_image_with_a_title_and_a_description(
    client: httpx.AsyncClient, spread: None
) -> None:
    for language in ("nl", "en"):
        html = (await client.get(f"/statistieken?lang={language}")).text
        charts = re.findall(r"<svg\b([^>]*)>(.*?)</svg>", html, re.S)
        assert len(charts) == 3
        for attributes, body in charts:
            assert 'role="img"' in attributes
            labelled_by = re.search(r'aria-labelledby="([^"]+)"', attributes)
            assert labelled_by
            title_id, desc_id = labelled_by.group(1).split()
            assert re.search(rf'<title id="{title_id}">[^<]+</title>', body)
            assert re.search(rf'<desc id="{desc_id}">[^<]+</desc>', body)
        assert html.count("<table") == 4  # the three charts' and the quality signals'
        assert "style=" not in html
        assert not re.search(r"<script(?![^>]*\bsrc=)", html)  # no inline script
        assert "<style" not in html


async def test_values_are_written_on_the_bars(client: httpx.AsyncClient, spread: None) -> None:
    html = (await client.get("/statistieken")).text
    kinds_chart = re.search(r'<svg[^>]*aria-labelledby="kinds-title.*?</svg>', html, re.S)
    assert kinds_chart
    assert re.search(r'<text class="value-inside"[^>]*>2</text>', kinds_chart.group(0))
    assert re.search(r'<text class="value"[^>]*>3</text>', kinds_chart.group(0))
    assert ">Niet openbaar</text>" in kinds_chart.group(0)  # the legend


async def test_the_page_costs_a_fixed_number_of_queries(
    client: httpx.AsyncClient, spread: None, count_queries
) -> None:
    count_queries.statements.clear()
    await client.get("/statistieken")
    fixed = len(count_queries.statements)
    # 7 for the figures, 7 for the quality signals per organisation (up to 500 entries)
    assert 0 < fixed <= 14, count_queries.statements
    for kind in OrganisationKind:
        organisation = await make_organisation(kind=kind)
        await published(organisation, date(2012, 1, 1), licence="Apache-2.0")
        await published(organisation, date(2019, 1, 1), licence="MPL-2.0")
    count_queries.statements.clear()
    await client.get("/statistieken?lang=en")
    assert len(count_queries.statements) == fixed


async def test_an_empty_catalogue_has_no_charts(client: httpx.AsyncClient, db: str) -> None:
    html = (await client.get("/statistieken")).text
    assert "<svg" not in html
    assert html.count("Nog geen software.") == 4


async def test_licences_outside_the_top_count_as_other(db: str) -> None:
    town = await make_organisation()
    await make_software(town, licence="EUPL-1.2")
    await make_software(town, licence="EUPL-1.2 OR MIT")
    await make_software(town, licence="Apache-2.0")
    await make_software(town, licence=None)
    figures = await statistics.licence_figures(total=4, limit=1)
    assert figures.top == (("EUPL-1.2", 2),)
    assert (figures.other, figures.none, figures.share(1)) == (1, 1, 0.25)


def test_the_axis_ends_on_a_round_number() -> None:
    chart = layout("c", [("a", [("open", 7), ("withheld", 36)]), ("b", [("open", 0)])])
    assert [tick.value for tick in chart.ticks] == [0, 10, 20, 30, 40, 50]
    assert chart.ticks[-1].x == chart.plot_right
    bar, empty = chart.bars
    assert (bar.total, empty.total, empty.segments) == (43, 0, ())
    assert [segment.labelled for segment in bar.segments] == [True, True]
    assert bar.end == pytest.approx(chart.plot_right * 43 / 50, abs=0.1)
    assert [tick.value for tick in layout("c", []).ticks] == [0, 1]


@pytest.fixture
async def mixed(db: str) -> Organisation:
    """Five entries of one town: published or not, under an open licence or not, decided or
    not, in every combination that the figures tell apart."""
    town = await make_organisation("Gemeente Gemengd")
    await make_software(town, licence="EUPL-1.2", release_status=OPEN)
    await make_software(town, licence="EUPL-1.2", release_status=ReleaseStatus.UNDECIDED)
    await make_software(town, licence="CC-BY-NC-4.0", release_status=ReleaseStatus.UNDECIDED)
    await make_software(town, repositories=0, release_status=ReleaseStatus.UNDECIDED)
    gone = await make_software(town, licence=None, release_status=WITHHELD)
    await Repository.filter(software_id=gone.pk).update(active=False)
    await make_organisation("Gemeente Leeg")
    return town


async def test_published_and_decided_are_counted_apart(mixed: Organisation) -> None:
    figures = await software_queries.openness()
    assert (figures.total, figures.published, figures.published_open_licence) == (5, 3, 2)
    assert (figures.unpublished, figures.decided) == (2, 2)
    assert figures.outcomes == {"open": 1, "partly_open": 0, "withheld": 1, "open_later": 0}
    assert figures.statuses["undecided"] == 3
    assert await software_queries.openness(mixed) == figures


async def test_the_api_summarises_published_and_decided(
    client: httpx.AsyncClient, mixed: Organisation
) -> None:
    answer = (await client.get("/api/v1/figures")).json()
    assert answer == {
        "total": 5,
        "published": {"total": 3, "open_source_licence": 2, "not_published": 2},
        "decided": {
            "total": 2,
            "outcomes": {"open": 1, "partly_open": 0, "withheld": 1, "open_later": 0},
            "undecided": 3,
        },
    }
    empty = (await client.get("/api/v1/figures?organisation=gemeente-leeg")).json()
    assert (empty["total"], empty["published"]["total"], empty["decided"]["total"]) == (0, 0, 0)
    unknown = await client.get("/api/v1/figures?organisation=bestaat-niet")
    assert unknown.status_code == 404  # a filter naming nothing, as everywhere in the API
    assert unknown.headers["content-type"] == "application/problem+json"


@pytest.mark.parametrize("path", ["/", "/statistieken", "/organisaties/gemeente-gemengd"])
async def test_pages_show_published_and_decided_apart(
    client: httpx.AsyncClient, mixed: Organisation, path: str
) -> None:
    html = (await client.get(path)).text
    figures = dict(re.findall(r"<dt>([^<]+)</dt><dd>(?:<a [^>]+>)?(\d+)", html))
    assert figures["Gepubliceerd in een openbare repository"] == "3"
    assert figures["waarvan onder een opensourcelicentie"] == "2"
    assert figures["Niet in een openbare repository"] == "2"
    assert figures["Met een vastgelegd besluit"] == "2"
    assert figures["Nog geen besluit vastgelegd"] == "3"
    assert "/statistieken#openness" in html
