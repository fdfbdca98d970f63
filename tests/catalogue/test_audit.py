# SPDX-License-Identifier: EUPL-1.2
"""`audit verify` finds an edited and a deleted event, on SQLite and on PostgreSQL."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from catalogue.audit.events import verify_chain
from catalogue.audit.models import AuditEvent
from catalogue.cli import main
from tests.factories import make_organisation, make_software


async def make_history() -> list[AuditEvent]:
    organisation = await make_organisation()
    for _ in range(3):
        await make_software(organisation)
    return await AuditEvent.all().order_by("id")


async def test_an_intact_chain_verifies(db: str) -> None:
    events = await make_history()
    report = await verify_chain()
    assert (report.events, report.broken_at, report.head) == (len(events), None, events[-1].hash)


async def test_an_edited_event_is_found(db: str) -> None:
    events = await make_history()
    await AuditEvent.filter(id=events[2].id).update(actor="user:999")
    report = await verify_chain()
    assert report.broken_at == events[2].id
    assert report.reason == "its content was changed"


async def test_an_edited_event_with_a_recomputed_hash_is_found_at_the_next(db: str) -> None:
    events = await make_history()
    await AuditEvent.filter(id=events[2].id).update(hash="f" * 64)
    report = await verify_chain()
    assert report.broken_at == events[2].id  # its own hash no longer fits its content


async def test_a_deleted_event_is_found(db: str) -> None:
    events = await make_history()
    await AuditEvent.filter(id=events[3].id).delete()
    report = await verify_chain()
    assert report.broken_at == events[4].id
    assert report.reason == "its predecessor is missing or was changed"


@pytest.fixture
def cli_on_test_database(db: str, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv("OPENTENZIJ_DATABASE_URL", db)
    return CliRunner()


@pytest.mark.commits  # the command reads the trail through a connection of its own
async def test_audit_verify_exits_1_naming_the_first_broken_event(
    db: str, cli_on_test_database: CliRunner
) -> None:
    events = await make_history()
    await AuditEvent.filter(id=events[1].id).delete()
    # The CLI runs its own event loop; run it in a thread so that this test's loop is free.
    import asyncio

    result = await asyncio.to_thread(
        cli_on_test_database.invoke, main, ["audit", "verify"], prog_name="opentenzij"
    )
    assert result.exit_code == 1
    assert f"audit trail broken at event {events[2].id}" in result.output


@pytest.mark.commits  # the command reads the trail through a connection of its own
async def test_audit_verify_exits_0_on_an_intact_chain(
    db: str, cli_on_test_database: CliRunner
) -> None:
    events = await make_history()
    import asyncio

    result = await asyncio.to_thread(
        cli_on_test_database.invoke, main, ["audit", "verify"], prog_name="opentenzij"
    )
    assert result.exit_code == 0, result.output
    assert f"intact: {len(events)} events; head {events[-1].hash}" in result.output
