# SPDX-License-Identifier: EUPL-1.2
"""A served worker compiles its pages and loads its languages as it starts, so that its first
visitors (many at once, after a deploy) do not each wait for that."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

from catalogue import db as database
from catalogue.app import create_app
from catalogue.settings import Settings
from catalogue.web.i18n import LANGUAGES, translations
from catalogue.web.rendering import templates


@pytest.mark.usefixtures("migrated_from_template")
async def test_a_served_worker_is_ready_before_its_first_request(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path}/var/warm.sqlite3"
    await database.upgrade(url)
    translations.cache_clear()
    assert templates.env.cache is not None
    templates.env.cache.clear()
    app = create_app(Settings(database_url=url))
    try:
        async with app.router.lifespan_context(app):
            compiled = {name for _, name in templates.env.cache.keys()}
            assert set(templates.env.list_templates(extensions=["html"])) <= compiled
            assert translations.cache_info().currsize == len(LANGUAGES)
    finally:
        gc.unfreeze()  # the start-up froze the test process's objects too
