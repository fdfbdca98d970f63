# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij audit`: check the hash chain of the audit trail (against a signed checkpoint,
too), and make the key and the checkpoints that let outsiders hold the trail to its past."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from catalogue.cli.runtime import run_with_database, settings

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey


@click.group()
def audit() -> None:
    """The audit trail."""


@audit.command("verify")
@click.option(
    "--against",
    "checkpoint_file",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="A signed checkpoint kept from before: the trail must still hold what it counted.",
)
@click.option(
    "--public-key",
    help="The trusted public key (base64) the checkpoint must be signed with; by default "
    "the one of OPENTENZIJ_AUDIT_KEY_FILE.",
)
def verify(checkpoint_file: Path | None, public_key: str | None) -> None:
    """Check the hash chain of the audit trail; exit 1 naming the first broken event."""
    from catalogue.audit import checkpoints
    from catalogue.audit.events import verify_chain

    config = settings()
    against = None
    if checkpoint_file is not None:
        trusted = public_key or checkpoints.public_key_text(_key(config.audit_key_file))
        try:
            checkpoint = checkpoints.read(checkpoint_file.read_text(), trusted_key=trusted)
        except checkpoints.CheckpointError as error:
            raise click.ClickException(f"{checkpoint_file}: {error}") from None
        against = (checkpoint.events, checkpoint.head)

    report = run_with_database(lambda: verify_chain(against=against), url=config.database_url)
    if report.broken_at is not None:
        click.echo(
            f"audit trail broken at event {report.broken_at}: {report.reason} "
            f"({report.events} events read)",
            err=True,
        )
        sys.exit(1)
    click.echo(f"audit trail intact: {report.events} events; head {report.head}")


@audit.command("checkpoint")
@click.option(
    "--keep",
    is_flag=True,
    help="Also keep it in the site's feed of checkpoints (/api/v1/audit/checkpoints.atom), as "
    "the daily job audit-checkpoint does; nothing is kept when the trail has not grown.",
)
def checkpoint(keep: bool) -> None:
    """Print a signed checkpoint of the trail as it is now (JSON), for keeping elsewhere."""
    from datetime import UTC, datetime

    from catalogue.audit import published
    from catalogue.audit.queries import signed_checkpoint

    config = settings()
    key = _key(config.audit_key_file)

    async def make() -> str:
        now = datetime.now(UTC)
        if keep:
            kept = await published.record_checkpoint(key, now=now)
            if kept is not None:
                return published.as_checkpoint(kept).to_json()
        return (await signed_checkpoint(key, now=now)).to_json()

    click.echo(run_with_database(make, url=config.database_url))


@audit.command("keygen")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
def keygen(path: Path) -> None:
    """Write a new Ed25519 signing key to PATH (readable by its owner only); point
    OPENTENZIJ_AUDIT_KEY_FILE at it, and keep it away from the database's administrators."""
    from catalogue.audit import checkpoints

    if path.exists():
        raise click.ClickException(f"{path} exists already")
    path.touch(mode=0o600)
    path.write_bytes(checkpoints.new_key_pem())
    click.echo(f"public key: {checkpoints.public_key_text(checkpoints.load_key(path))}")


def _key(path: str | None) -> Ed25519PrivateKey:
    from catalogue.audit import checkpoints

    if not path:
        raise click.ClickException(
            "no signing key: set OPENTENZIJ_AUDIT_KEY_FILE (made with `opentenzij audit keygen`)"
        )
    try:
        return checkpoints.load_key(Path(path))
    except (OSError, ValueError) as error:
        raise click.ClickException(f"the signing key {path}: {error}") from None
