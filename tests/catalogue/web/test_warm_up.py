# SPDX-License-Identifier: EUPL-1.2
"""A served worker compiles its pages and loads its languages as it starts, so that its first
visitors (many at once, after a deploy) do not each wait for that."""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import asyncpg
import pytest

from catalogue import db as database
from catalogue import handover
from catalogue.app import WARM_UP_AT_ONCE, WARM_UP_PATHS, create_app
from catalogue.settings import Settings
from catalogue.web.i18n import LANGUAGES, translations
from catalogue.web.observability import REQUESTS
from catalogue.web.rendering import templates
from tests.conftest import TEST_DATABASE_URL, is_postgres


@pytest.mark.usefixtures("migrated_from_template", "refreeze")
async def test_a_served_worker_is_ready_before_its_first_request(tmp_path: Path) -> None:
    url = f"sqlite://{tmp_path}/var/warm.sqlite3"
    await database.upgrade(url)
    translations.cache_clear()
    assert templates.env.cache is not None
    templates.env.cache.clear()
    app = create_app(Settings(database_url=url))
    sys.setswitchinterval(0.005)  # Python's own
    async with app.router.lifespan_context(app):
        compiled = {name for _, name in templates.env.cache.keys()}
        assert set(templates.env.list_templates(extensions=["html"])) <= compiled
        assert translations.cache_info().currsize == len(LANGUAGES)
        # SQLite's threads get the GIL sooner from a busy event loop (catalogue.handover)
        assert sys.getswitchinterval() == pytest.approx(handover.SWITCH_INTERVAL)


def _visits(records: list[logging.LogRecord]) -> tuple[int, dict[int, int]]:
    (record,) = [r for r in records if r.getMessage().startswith("warmed up with")]
    assert isinstance(record.args, tuple)
    return record.args[0], record.args[1]


def _software_requests() -> float:
    return sum(
        sample.value
        for metric in REQUESTS.collect()
        for sample in metric.samples
        if sample.name.endswith("_total") and sample.labels.get("route") == "/software"
    )


@pytest.mark.usefixtures("migrated_from_template", "refreeze")
async def test_a_served_worker_visits_its_main_pages_itself_before_it_takes_visitors(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite://{tmp_path}/var/visits.sqlite3"
    await database.upgrade(url)
    app = create_app(Settings(database_url=url))
    counted = _software_requests()
    caplog.set_level(logging.INFO, logger="opentenzij.web")
    async with app.router.lifespan_context(app):
        visits, statuses = _visits(caplog.records)
    assert visits == len(WARM_UP_PATHS) * WARM_UP_AT_ONCE
    assert statuses == {200: visits}
    assert _software_requests() == counted  # no visitor's request: not in /metrics


@pytest.mark.usefixtures("migrated_from_template", "refreeze")
async def test_a_worker_whose_database_does_not_answer_starts_without_visiting(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    app = create_app(Settings(database_url="postgres://app@127.0.0.1:1/gone"))
    caplog.set_level(logging.INFO, logger="opentenzij.web")
    async with app.router.lifespan_context(app):
        assert not [r for r in caplog.records if r.getMessage().startswith("warmed up")]


@pytest.mark.usefixtures("refreeze")
@pytest.mark.commits  # the served worker reads through connections of its own
async def test_on_postgresql_the_warm_up_opens_the_pool_and_leaves_it_open(db: str) -> None:
    if not is_postgres(TEST_DATABASE_URL):
        pytest.skip("set OPENTENZIJ_TEST_DATABASE_URL to a PostgreSQL database")
    count = "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
    app = create_app(Settings(database_url=db))
    probe = await asyncpg.connect(db.replace("postgres://", "postgresql://", 1))
    try:
        before = await probe.fetchval(count)
        async with app.router.lifespan_context(app):
            assert await probe.fetchval(count) >= before + WARM_UP_AT_ONCE
    finally:
        await probe.close()


@pytest.mark.parametrize("value", ["0", "false", "off"])
def test_the_warm_up_is_on_unless_switched_off(value: str) -> None:
    assert Settings.from_env({}).warm_up
    assert not Settings.from_env({"OPENTENZIJ_WARM_UP": value}).warm_up


@pytest.mark.usefixtures("migrated_from_template", "refreeze")
async def test_a_worker_told_not_to_warm_up_takes_visitors_at_once(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    url = f"sqlite://{tmp_path}/var/cold.sqlite3"
    await database.upgrade(url)
    app = create_app(Settings(database_url=url, warm_up=False))
    caplog.set_level(logging.INFO, logger="opentenzij.web")
    async with app.router.lifespan_context(app):
        assert not [r for r in caplog.records if r.getMessage().startswith("warmed up")]
