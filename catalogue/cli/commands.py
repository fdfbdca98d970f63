# SPDX-License-Identifier: EUPL-1.2
"""The `opentenzij` command and its sub-commands."""

from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any, TypeVar

import click
from tortoise.exceptions import BaseORMException

from catalogue import db
from catalogue.settings import ConfigurationError, Settings, redact_url

T = TypeVar("T")


def settings() -> Settings:
    """The settings from the environment; exit with the reason when they are unfit."""
    try:
        result = Settings.from_env()
        result.check()
    except ConfigurationError as error:
        raise click.ClickException(f"configuration: {error}") from None
    return result


def run_with_database(work: Callable[[], Awaitable[T]], *, url: str, migrate: bool = True) -> T:
    """Upgrade the schema, connect, run `work`; a clear message if the database is out of reach."""

    async def main() -> T:
        from catalogue.webhooks import outbox

        outbox.subscribe_to_audit()  # the CLI is a composition root: webhooks hear its writes
        if migrate:
            await db.upgrade(url)
        async with db.connected(url):
            return await work()

    try:
        return asyncio.run(main())
    except (OSError, BaseORMException) as error:
        raise click.ClickException(
            f"cannot use the database at {redact_url(url)}: {error or type(error).__name__}"
        ) from None


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="opentenzij")
def main() -> None:
    """opentenzij: the catalogue of Dutch government source code and the register of decisions
    not to release it. Configure it with OPENTENZIJ_* environment variables (see README)."""
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")


@main.command()
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
    run_with_database(_nothing, url=config.database_url, migrate=not no_upgrade)
    click.echo(
        f"opentenzij on http://{host}:{port} ({config.env}, {redact_url(config.database_url)})"
    )
    uvicorn.run(
        "catalogue.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        proxy_headers=True,
        log_level="info",
    )


async def _nothing() -> None:
    return None


@main.group("db")
def db_group() -> None:
    """Manage the database schema."""


@db_group.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration (creates the schema on an empty database)."""
    config = settings()
    run_with_database(_nothing, url=config.database_url)
    click.echo(f"database at {redact_url(config.database_url)} is up to date")


@main.command()
def demo() -> None:
    """Create the schema and load the seed organisations, the demo software, example
    decisions (on fictitious organisations, marked as examples) and example collections."""
    from catalogue.collections import services as collections
    from catalogue.demo.loading import load_demo
    from wooexemptions.examples import load_examples

    async def work() -> Any:
        # The example collections pick demo entries, one of them decided by an example decision.
        return await load_demo(), await load_examples(), await collections.load_examples()

    config = settings()
    result, examples, collection_examples = run_with_database(work, url=config.database_url)
    orgs = result.organisations
    click.echo(
        f"organisations: {orgs.created} created, {orgs.updated} updated, "
        f"{orgs.unchanged} unchanged; accounts: {orgs.accounts_created} created"
    )
    click.echo(
        f"demo software: {result.software_created} created, "
        f"{result.software_skipped} already present"
    )
    click.echo(f"example decisions: {examples} created")
    click.echo(f"example collections: {collection_examples} created")


@main.group()
def organisations() -> None:
    """Manage organisations."""


@organisations.command("import")
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
def organisations_import(file: Path | None) -> None:
    """Import organisations and code-host accounts from a publishers FILE (JSON).

    Without FILE, imports the list bundled with opentenzij. Importing twice changes nothing.
    """
    from catalogue.organisations import publishers as publishers
    from catalogue.organisations.services import import_organisations

    path = file or publishers.bundled_publishers_path()
    try:
        records = publishers.read_publishers(path)
    except publishers.PublishersError as error:
        for problem in error.problems:
            click.echo(f"error: {problem}", err=True)
        sys.exit(1)
    config = settings()

    async def work() -> Any:
        return await import_organisations(records=records, actor="cli")

    result = run_with_database(work, url=config.database_url)
    click.echo(
        f"{path}: {result.created} created, {result.updated} updated, "
        f"{result.unchanged} unchanged; {result.accounts_created} accounts created"
    )


@main.group()
def user() -> None:
    """Manage users, their roles and their API tokens."""


ROLE_CHOICE = click.Choice(["developer", "publication_officer", "admin"])


async def _organisation(slug: str) -> Any:
    from catalogue.organisations.models import Organisation

    organisation = await Organisation.get_or_none(slug=slug)
    if organisation is None:
        raise click.ClickException(f"no organisation has the slug {slug!r}")
    return organisation


async def _user(email: str) -> Any:
    from catalogue.accounts.models import User

    found = await User.get_or_none(email=email.strip().lower())
    if found is None:
        raise click.ClickException(f"no user has the address {email!r}")
    return found


@user.command("create")
@click.argument("email")
@click.option("--name", default="", help="Name to show.")
@click.option("--role", type=ROLE_CHOICE, help="A role to grant in --organisation.")
@click.option("--organisation", "slug", help="Slug of the organisation for --role.")
@click.option("--site-admin", is_flag=True, help="May manage everything.")
@click.option(
    "--password-stdin",
    is_flag=True,
    help="Read the password from standard input instead of asking for it.",
)
@click.option("--no-password", is_flag=True, help="No password (single sign-on only).")
def user_create(
    email: str,
    name: str,
    role: str | None,
    slug: str | None,
    site_admin: bool,
    password_stdin: bool,
    no_password: bool,
) -> None:
    """Create a user with EMAIL, optionally with a role in an organisation."""
    from catalogue.accounts import services as accounts
    from catalogue.accounts.credentials import AccountError
    from catalogue.permissions.rules import Role

    if (role is None) != (slug is None):
        raise click.UsageError("--role and --organisation go together")
    password = None
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not no_password:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    config = settings()

    async def work() -> str:
        organisation = await _organisation(slug) if slug else None
        try:
            created = await accounts.create_user(
                email=email, password=password, name=name, is_site_admin=site_admin, actor="cli"
            )
        except AccountError as error:
            raise click.ClickException(str(error)) from None
        if organisation is not None and role is not None:
            await accounts.grant(
                user=created, organisation=organisation, role=Role(role), actor="cli"
            )
        return created.email

    click.echo(f"created {run_with_database(work, url=config.database_url)}")


@user.command("grant")
@click.argument("email")
@click.option("--role", type=ROLE_CHOICE, required=True, help="The role.")
@click.option("--organisation", "slug", required=True, help="Slug of the organisation.")
def user_grant(email: str, role: str, slug: str) -> None:
    """Give the user with EMAIL a role in an organisation."""
    from catalogue.accounts import services as accounts
    from catalogue.permissions.rules import Role

    config = settings()

    async def work() -> None:
        await accounts.grant(
            user=await _user(email),
            organisation=await _organisation(slug),
            role=Role(role),
            actor="cli",
        )

    run_with_database(work, url=config.database_url)
    click.echo(f"{email} is {role} of {slug}")


@user.command("token")
@click.argument("email")
@click.option("--name", required=True, help="What the token is for.")
@click.option("--days", type=click.IntRange(1, 3650), help="Expire after this many days.")
def user_token(email: str, name: str, days: int | None) -> None:
    """Make an API token for the user with EMAIL. It is printed once; only its hash is kept."""
    from datetime import timedelta

    from catalogue.accounts import services as accounts
    from catalogue.accounts.credentials import AccountError

    config = settings()

    async def work() -> str:
        try:
            _, plain = await accounts.create_token(
                user=await _user(email),
                name=name,
                actor="cli",
                lifetime=timedelta(days=days) if days else None,
            )
        except AccountError as error:
            raise click.ClickException(str(error)) from None
        return plain

    click.echo(run_with_database(work, url=config.database_url))


@main.group()
def audit() -> None:
    """The audit trail."""


@audit.command("verify")
def audit_verify() -> None:
    """Check the hash chain of the audit trail; exit 1 naming the first broken event."""
    from catalogue.audit.events import verify_chain

    config = settings()
    report = run_with_database(verify_chain, url=config.database_url)
    if report.broken_at is not None:
        click.echo(
            f"audit trail broken at event {report.broken_at}: {report.reason} "
            f"({report.events} events read)",
            err=True,
        )
        sys.exit(1)
    click.echo(f"audit trail intact: {report.events} events; head {report.head}")


@main.group("harvest")
def harvest_group() -> None:
    """Harvest repositories from code hosts into the catalogue."""


DRY_RUN = click.option("--dry-run", is_flag=True, help="Look, but write no repository.")


def _run_harvest(
    accounts_query: Callable[[], Awaitable[list[Any]]],
    *,
    source: str,
    dry_run: bool,
    github_api_url: str | None = None,
    gitlab_url: str | None = None,
    kind: str | None = None,
) -> None:
    """Harvest the accounts the query finds, with a progress bar, and print the counts."""
    from harvesters.forges import Forges
    from harvesters.pipeline import harvest

    config = settings()
    forges = Forges(
        github_token=config.github_token,
        gitlab_token=config.gitlab_token,
        github_api_url=github_api_url,
        gitlab_url=gitlab_url,
        kind=kind,
        dependency_graph=config.harvest_dependency_graph,
    )

    async def work() -> Any:
        accounts = await accounts_query()
        with click.progressbar(
            length=len(accounts),
            label="accounts",
            file=sys.stderr,
            item_show_func=lambda text: text,
        ) as bar:

            def progress(account: Any, run: Any) -> None:
                done = run.new + run.changed + run.unchanged + run.inactive
                bar.update(
                    1,
                    f"{account.url}: {done} repositories, {run.requests} requests, "
                    f"{run.failed} errors",
                )

            return await harvest(
                accounts=accounts,
                forge_for=forges,
                source=source,
                dry_run=dry_run,
                progress=progress,
            )

    run = run_with_database(work, url=config.database_url)
    click.echo(
        f"harvest {run.id} ({source}{', dry run' if dry_run else ''}): {run.new} new, "
        f"{run.changed} changed, {run.unchanged} unchanged, {run.inactive} inactive, "
        f"{run.failed} failed; {run.requests} requests, {run.rate_limit_used} counted "
        "against the rate limit"
    )


def _registered(base_url: str, name: str) -> Callable[[], Awaitable[list[Any]]]:
    async def query() -> list[Any]:
        from catalogue.organisations.models import CodeHostAccount

        account = await CodeHostAccount.get_or_none(base_url=base_url, name_key=name.lower())
        if account is None:
            raise click.ClickException(
                f"{base_url}/{name} is not a registered code-host account; register it first "
                "(opentenzij organisations import, or /beheer)"
            )
        return [account]

    return query


@harvest_group.command("github")
@click.argument("account")
@click.option("--api-url", help="API of a GitHub Enterprise server, e.g. https://HOST/api/v3.")
@DRY_RUN
def harvest_github(account: str, api_url: str | None, dry_run: bool) -> None:
    """Harvest one GitHub organisation or user ACCOUNT (token: OPENTENZIJ_GITHUB_TOKEN)."""
    # GitHub Enterprise serves its API at https://HOST/api/v3; any other API is github.com's.
    api = (api_url or "").rstrip("/")
    web = api.removesuffix("/api/v3") if api.endswith("/api/v3") else "https://github.com"
    _run_harvest(
        _registered(web, account),
        source=f"github:{account}",
        dry_run=dry_run,
        github_api_url=api_url,
    )


@harvest_group.command("gitlab")
@click.argument("group")
@click.option("--url", default="https://gitlab.com", show_default=True, help="The GitLab instance.")
@DRY_RUN
def harvest_gitlab(group: str, url: str, dry_run: bool) -> None:
    """Harvest one GitLab GROUP with its subgroups (token: OPENTENZIJ_GITLAB_TOKEN)."""
    from catalogue.organisations.publishers import account_from_url

    base = account_from_url(f"{url.rstrip('/')}/{group}").base_url
    _run_harvest(
        _registered(base, group),
        source=f"gitlab:{group}",
        dry_run=dry_run,
        gitlab_url=url.rstrip("/"),
        kind="gitlab",
    )


@harvest_group.command("all")
@DRY_RUN
def harvest_all(dry_run: bool) -> None:
    """Harvest every GitHub and GitLab account of every organisation."""

    async def query() -> list[Any]:
        from catalogue.organisations.kinds import ForgeKind
        from catalogue.organisations.models import CodeHostAccount

        return await CodeHostAccount.filter(
            forge__in=[ForgeKind.GITHUB, ForgeKind.GITLAB]
        ).order_by("base_url", "name_key")

    _run_harvest(query, source="all", dry_run=dry_run)


def _add_commands() -> None:
    from catalogue.cli.decisions import decisions_group
    from catalogue.cli.exports import exports_group
    from catalogue.cli.federation import federation_group
    from catalogue.cli.metadata import publiccode_group, sbom_group
    from catalogue.cli.webhooks import webhooks_group

    main.add_command(publiccode_group)
    main.add_command(sbom_group)
    main.add_command(decisions_group)
    main.add_command(exports_group)
    main.add_command(federation_group)
    main.add_command(webhooks_group)


_add_commands()
