# SPDX-License-Identifier: EUPL-1.2
"""What a browser fetches: one stylesheet under a hashed name, cached for a year; security
headers on every answer (a CSP without 'unsafe-inline'); compressed pages under 100 KB."""

from __future__ import annotations

import re

import httpx
import pytest

from catalogue.collections import services as collections
from catalogue.collections.models import Collection
from catalogue.demo.loading import load_demo
from catalogue.organisations.models import Organisation
from catalogue.software.models import Software
from wooexemptions.examples import load_examples
from wooexemptions.models import Decision


async def test_the_stylesheet_has_a_hashed_name_and_is_cached_for_a_year(
    client: httpx.AsyncClient, db: str
) -> None:
    page = await client.get("/")
    [nlds, href] = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page.text)
    assert re.fullmatch(r"/static/css/nlds\.[0-9a-f]{12}\.css", nlds)  # the NL Design System
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", href)
    # Two scripts of the site's own (tables and the menu on small screens), under hashed
    # names; the other links announce feeds and the icon, and load nothing else.
    links = re.findall(r'<link rel="([^"]+)"', page.text)
    scripts = re.findall(r"<script[^>]*>", page.text)
    assert [re.sub(r"\.[0-9a-f]{12}\.", ".", script) for script in scripts] == [
        '<script src="/static/js/tables.js" defer>',
        '<script src="/static/js/menu.js" defer>',
    ]
    assert sorted(links) == ["alternate", "alternate", "icon", "stylesheet", "stylesheet"]
    css = await client.get(href)
    assert css.status_code == 200 and css.headers["content-type"].startswith("text/css")
    assert css.headers["cache-control"] == "public, max-age=31536000, immutable"
    stale = await client.get("/static/css/site.000000000000.css")
    assert stale.status_code == 404  # an old name never serves new content
    plain = await client.get("/static/css/site.css")
    assert plain.headers["cache-control"] == "no-cache"


@pytest.mark.parametrize("path", ["/", "/software", "/api/v1/software", "/nergens", "/aanmelden"])
async def test_every_answer_carries_the_security_headers(
    client: httpx.AsyncClient, db: str, path: str
) -> None:
    response = await client.get(path)
    policy = response.headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"


async def test_no_page_of_the_demo_is_over_100_kb_transferred(
    client: httpx.AsyncClient, db: str
) -> None:
    await load_demo()
    await load_examples()
    await collections.load_examples()
    software = await Software.filter(repositories__publiccode_yml__isnull=False).first()
    organisation = await Organisation.get(slug="gemeente-amsterdam")
    decision = await Decision.filter(outcome="partly_open").first()
    paths = [
        "/",
        "/software",
        "/software?per_page=100",
        f"/software/{software.pk}",
        "/organisaties",
        f"/organisaties/{organisation.slug}",
        "/register",
        f"/register/{decision.pk}",
        "/componenten",
        "/gronden",
        "/keuzehulp",
        "/statistieken",
        "/open-data",
        "/collecties",
        *[f"/collecties/{slug}" for slug in await Collection.all().values_list("slug", flat=True)],
    ]
    for path in paths:
        response = await client.get(path, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, path
        assert response.num_bytes_downloaded < 100_000, (path, response.num_bytes_downloaded)
        if len(response.content) > 500:
            assert response.headers["content-encoding"] == "gzip", path


async def test_a_page_with_its_styles_scripts_and_icon_stays_under_100_kb(
    client: httpx.AsyncClient, db: str
) -> None:
    """The NL Design System's styles count too: what a first visit downloads, compressed."""
    page = await client.get("/", headers={"Accept-Encoding": "gzip"})
    assets = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page.text))
    assert len(assets) == 5  # two stylesheets, two scripts, the icon (the wordmark's too)
    total = page.num_bytes_downloaded
    for asset in assets:
        response = await client.get(asset, headers={"Accept-Encoding": "gzip"})
        assert response.status_code == 200, asset
        total += response.num_bytes_downloaded
    assert total < 100_000, total
