# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij serve`: apply pending migrations, then serve the pages and the API. The app is
named by a string, so that uvicorn's worker processes build it themselves."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator

import click

from catalogue.cli.runtime import UPGRADE, DatabaseUnavailable, run_with_database, settings
from catalogue.logs import log_config
from catalogue.settings import redact_url

APP = "catalogue.app:create_app"


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option(
    "--port",
    default=8000,
    show_default=True,
    type=click.IntRange(1, 65535),
    help="Port to listen on.",
)
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64), help="Worker processes."
)
@click.option("--no-upgrade", is_flag=True, help="Do not apply pending migrations first.")
def serve(host: str, port: int, workers: int, no_upgrade: bool) -> None:
    """Serve the web app and the API."""
    import uvicorn

    config = settings()
    try:
        run_with_database(_nothing, url=config.database_url, migrate=not no_upgrade)
    except DatabaseUnavailable as error:
        # Serve all the same: /healthz and every page answer 503 with Retry-After until the
        # database answers, and then work without a restart.
        click.echo(
            f"warning: {error.message}; serving anyway (503 until it answers; "
            f"run `{UPGRADE}` once it does if migrations are pending)",
            err=True,
        )
    click.echo(
        f"opentenzij on http://{host}:{port} ({config.env}, {redact_url(config.database_url)}, "
        f"{workers} worker{'s' if workers > 1 else ''})"
    )
    with _metrics_folder(workers):
        uvicorn.run(
            APP,
            factory=True,
            host=host,
            port=port,
            workers=workers,
            proxy_headers=True,
            log_level="info",
            log_config=log_config(config.log_format),
            access_log=False,  # the app writes one access line, with the request id
        )


@contextlib.contextmanager
def _metrics_folder(workers: int) -> Iterator[None]:
    """With several worker processes, a fresh folder where each writes its Prometheus metrics
    for /metrics to add up (prometheus-client's multiprocess mode); set before any imports
    prometheus-client, as the workers inherit the environment."""
    if workers == 1 or os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        yield
        return
    with tempfile.TemporaryDirectory(prefix="opentenzij-metrics-") as folder:
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder
        try:
            yield
        finally:
            del os.environ["PROMETHEUS_MULTIPROC_DIR"]


async def _nothing() -> None:
    return None
