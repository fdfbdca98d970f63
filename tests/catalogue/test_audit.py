# SPDX-License-Identifier: EUPL-1.2
"""`audit verify` finds an edited and a deleted event, on SQLite and on PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner, Result
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from catalogue.app import create_app
from catalogue.audit import checkpoints
from catalogue.audit.events import GENESIS_HASH, event_hash, verify_chain
from catalogue.audit.models import AuditEvent
from catalogue.audit.queries import signed_checkpoint
from catalogue.cli import main
from catalogue.settings import Settings
from tests.factories import make_organisation, make_software

KEY = Ed25519PrivateKey.generate()


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


# --- what a database administrator cannot do unseen ----------------------------------------


async def test_a_changed_moment_is_found(db: str) -> None:
    events = await make_history()
    moved = events[2].created_at - timedelta(days=30)
    await AuditEvent.filter(id=events[2].id).update(created_at=moved)
    report = await verify_chain()
    assert (report.broken_at, report.reason) == (events[2].id, "its content was changed")


async def test_deleting_the_newest_events_is_found_against_a_checkpoint(db: str) -> None:
    events = await make_history()
    checkpoint = await signed_checkpoint(KEY)
    await AuditEvent.filter(id__gte=events[-2].id).delete()
    assert (await verify_chain()).broken_at is None  # the chain alone cannot tell
    kept = checkpoints.read(checkpoint.to_json(), trusted_key=checkpoints.public_key_text(KEY))
    report = await verify_chain(against=(kept.events, kept.head))
    assert report.broken_at is not None
    assert "2 are gone" in report.reason


async def test_a_rewritten_trail_with_recomputed_hashes_is_found_against_a_checkpoint(
    db: str,
) -> None:
    events = await make_history()
    checkpoint = await signed_checkpoint(KEY)
    await rewrite(events, index=1, actor="user:999")
    assert (await verify_chain()).broken_at is None  # every hash recomputed: the chain holds
    report = await verify_chain(against=(checkpoint.events, checkpoint.head))
    assert report.broken_at == events[-1].id
    assert "rewritten" in report.reason


async def test_a_checkpoint_signed_with_another_key_is_refused(db: str) -> None:
    await make_history()
    forged = await signed_checkpoint(Ed25519PrivateKey.generate())
    with pytest.raises(checkpoints.CheckpointError, match="not the trusted key"):
        checkpoints.read(forged.to_json(), trusted_key=checkpoints.public_key_text(KEY))


async def test_events_hashed_in_the_first_form_still_verify_but_only_as_the_oldest(
    db: str,
) -> None:
    events = await make_history()
    await rewrite(events, index=0, first_form_until=2)
    assert (await verify_chain()).broken_at is None
    await rewrite(events, index=3, first_form_until=len(events), first_form_from=3)
    report = await verify_chain()
    assert report.broken_at == events[3].id  # the first form after the second: refused


async def rewrite(
    events: list[AuditEvent],
    *,
    index: int,
    actor: str | None = None,
    first_form_until: int = 0,
    first_form_from: int = 0,
) -> None:
    """What a database administrator could do: change event `index` and recompute every hash
    from it on (in the first form, without the moment, for those in the given range)."""
    previous = events[index - 1].hash if index else GENESIS_HASH
    for number, event in enumerate(events[index:], start=index):
        event = await AuditEvent.get(id=event.id)
        if number == index and actor:
            event.actor = actor
        first = first_form_from <= number < first_form_until
        event.previous_hash = previous
        event.hash = event_hash(
            previous_hash=previous,
            actor=event.actor,
            action=event.action,
            target_type=event.target_type,
            target_id=event.target_id,
            organisation_id=event.organisation_id,
            before=event.before,
            after=event.after,
            created_at=None if first else event.created_at,
        )
        await AuditEvent.filter(id=event.id).update(
            # Out of the way first: both hash columns are unique.
            actor=event.actor,
            previous_hash=f"previous-{number}".ljust(64, "-"),
            hash=f"hash-{number}".ljust(64, "-"),
        )
        previous = event.hash
        event_rows.append(event)
    for event in event_rows:
        await AuditEvent.filter(id=event.id).update(
            previous_hash=event.previous_hash, hash=event.hash
        )
    event_rows.clear()


event_rows: list[AuditEvent] = []


@pytest.mark.commits  # the command reads the trail through a connection of its own
async def test_audit_verify_against_a_checkpoint_file(
    db: str, cli_on_test_database: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    key_file = tmp_path / "audit.pem"
    key_file.write_bytes(checkpoints.new_key_pem())
    monkeypatch.setenv("OPENTENZIJ_AUDIT_KEY_FILE", str(key_file))
    events = await make_history()

    def run(*arguments: str) -> Result:
        return cli_on_test_database.invoke(main, ["audit", *arguments], prog_name="opentenzij")

    made = await asyncio.to_thread(run, "checkpoint")
    assert made.exit_code == 0, made.output
    kept = tmp_path / "checkpoint.json"
    kept.write_text(made.output)
    intact = await asyncio.to_thread(run, "verify", "--against", str(kept))
    assert intact.exit_code == 0, intact.output
    await AuditEvent.filter(id=events[-1].id).delete()
    truncated = await asyncio.to_thread(run, "verify", "--against", str(kept))
    assert truncated.exit_code == 1
    assert "1 are gone" in truncated.output


async def test_the_checkpoint_is_public_and_signed(
    db: str, tmp_path: Path, settings: Settings
) -> None:
    key_file = tmp_path / "audit.pem"
    key_file.write_bytes(checkpoints.new_key_pem())
    app = create_app(replace(settings, audit_key_file=str(key_file)), connect=False)
    events = await make_history()
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        response = await client.get("/api/v1/audit/checkpoint")
    assert response.status_code == 200
    trusted = checkpoints.public_key_text(checkpoints.load_key(key_file))
    checkpoint = checkpoints.read(response.text, trusted_key=trusted)
    assert (checkpoint.events, checkpoint.head) == (len(events), events[-1].hash)


async def test_the_daily_job_keeps_a_checkpoint_only_when_the_trail_grew(
    db: str, tmp_path: Path, settings: Settings
) -> None:
    from datetime import UTC, datetime

    from catalogue.app import scheduled_jobs
    from catalogue.audit.models import AuditCheckpoint

    key_file = tmp_path / "audit.pem"
    key_file.write_bytes(checkpoints.new_key_pem())
    assert "audit-checkpoint" not in {job.name for job in scheduled_jobs(settings)}
    jobs = {
        job.name: job for job in scheduled_jobs(replace(settings, audit_key_file=str(key_file)))
    }
    events = await make_history()
    moment = datetime(2026, 12, 6, 6, tzinfo=UTC)
    assert (await jobs["audit-checkpoint"].run(moment)).startswith("checkpoint ")
    assert "none kept" in await jobs["audit-checkpoint"].run(moment + timedelta(days=1))
    await make_software(await make_organisation())
    await jobs["audit-checkpoint"].run(moment + timedelta(days=2))
    kept = await AuditCheckpoint.all().order_by("id")
    assert [row.events for row in kept] == [len(events), len(await AuditEvent.all())]
    assert kept[0].signed_at == moment.isoformat()


async def test_the_kept_checkpoints_are_published_in_an_atom_feed_that_verify_accepts(
    db: str, tmp_path: Path, settings: Settings
) -> None:
    from datetime import UTC, datetime
    from xml.etree import ElementTree

    from catalogue.audit import published

    key = Ed25519PrivateKey.generate()
    events = await make_history()
    first = await published.record_checkpoint(key, now=datetime(2026, 12, 1, tzinfo=UTC))
    await make_software(await make_organisation())
    second = await published.record_checkpoint(key, now=datetime(2026, 12, 2, tzinfo=UTC))
    assert first is not None and second is not None
    app = create_app(settings, connect=False)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://testserver"
    ) as client:
        response = await client.get("/api/v1/audit/checkpoints.atom")
        again = await client.get(
            "/api/v1/audit/checkpoints.atom", headers={"If-None-Match": response.headers["etag"]}
        )
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("application/atom+xml")
    assert again.status_code == 304
    ns = {"atom": "http://www.w3.org/2005/Atom"}
    feed = ElementTree.fromstring(response.content)
    summaries = [
        entry.findtext("atom:summary", namespaces=ns) for entry in feed.findall("atom:entry", ns)
    ]
    trusted = checkpoints.public_key_text(key)
    read = [checkpoints.read(text or "", trusted_key=trusted) for text in summaries]
    assert [(c.events, c.head) for c in read] == [
        (second.events, second.head),
        (len(events), events[-1].hash),
    ]
    assert read[1].events < read[0].events  # newest first


@pytest.mark.commits  # the command writes through a connection of its own
async def test_audit_checkpoint_keep_stores_it_for_the_feed(
    db: str, cli_on_test_database: CliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import asyncio

    from catalogue.audit.models import AuditCheckpoint

    key_file = tmp_path / "audit.pem"
    key_file.write_bytes(checkpoints.new_key_pem())
    monkeypatch.setenv("OPENTENZIJ_AUDIT_KEY_FILE", str(key_file))
    await make_history()

    def run(*arguments: str) -> Result:
        return cli_on_test_database.invoke(main, ["audit", *arguments], prog_name="opentenzij")

    assert (await asyncio.to_thread(run, "checkpoint")).exit_code == 0
    assert await AuditCheckpoint.all().count() == 0  # printed only
    kept = await asyncio.to_thread(run, "checkpoint", "--keep")
    assert kept.exit_code == 0, kept.output
    row = await AuditCheckpoint.get()
    trusted = checkpoints.public_key_text(checkpoints.load_key(key_file))
    assert checkpoints.read(kept.output, trusted_key=trusted).signature == row.signature
