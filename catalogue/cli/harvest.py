# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij harvest github|gitlab|forgejo|gitea|bitbucket|bitbucket-server|git|all`: pull
repositories from code hosts into the catalogue, with a progress bar."""

from __future__ import annotations

import sys
from collections.abc import Awaitable, Callable
from typing import Any

import click

from catalogue.cli.runtime import run_with_database, settings

DRY_RUN = click.option("--dry-run", is_flag=True, help="Look, but write no repository.")


@click.group()
def harvest() -> None:
    """Harvest repositories from code hosts into the catalogue."""


@harvest.command("github")
@click.argument("account")
@click.option("--api-url", help="API of a GitHub Enterprise server, e.g. https://HOST/api/v3.")
@DRY_RUN
def github(account: str, api_url: str | None, dry_run: bool) -> None:
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


@harvest.command("gitlab")
@click.argument("group")
@click.option("--url", default="https://gitlab.com", show_default=True, help="The GitLab instance.")
@DRY_RUN
def gitlab(group: str, url: str, dry_run: bool) -> None:
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


def _forgejo_like(kind: str) -> click.Command:
    """`harvest forgejo` and `harvest gitea`: one account on an instance (same API)."""

    @click.command(kind)
    @click.argument("account")
    @click.option("--url", required=True, help="The instance, e.g. https://code.overheid.nl.")
    @DRY_RUN
    def command(account: str, url: str, dry_run: bool) -> None:
        from catalogue.organisations.publishers import account_from_url

        base = account_from_url(f"{url.rstrip('/')}/{account}").base_url
        _run_harvest(
            _registered(base, account),
            source=f"{kind}:{account}",
            dry_run=dry_run,
            forgejo_url=url.rstrip("/"),
            kind=kind,
        )

    command.help = (
        f"Harvest one registered {kind.capitalize()} organisation or user ACCOUNT on the "
        "instance at --url (token, optional for public repositories: OPENTENZIJ_FORGEJO_TOKEN)."
    )
    return command


harvest.add_command(_forgejo_like("forgejo"))
harvest.add_command(_forgejo_like("gitea"))


@harvest.command("bitbucket")
@click.argument("workspace")
@click.option("--api-url", help="The API, when not api.bitbucket.org (a test server).")
@DRY_RUN
def bitbucket(workspace: str, api_url: str | None, dry_run: bool) -> None:
    """Harvest one registered Bitbucket Cloud WORKSPACE (token, optional for public
    repositories: OPENTENZIJ_BITBUCKET_TOKEN)."""
    _run_harvest(
        _registered("https://bitbucket.org", workspace),
        source=f"bitbucket:{workspace}",
        dry_run=dry_run,
        bitbucket_api_url=api_url,
        kind="bitbucket",
    )


@harvest.command("bitbucket-server")
@click.argument("project")
@click.option("--url", required=True, help="The Bitbucket Data Center (Server) instance.")
@DRY_RUN
def bitbucket_server(project: str, url: str, dry_run: bool) -> None:
    """Harvest one registered Bitbucket Data Center PROJECT (or ~USER) on the instance at
    --url (token: OPENTENZIJ_BITBUCKET_TOKEN)."""
    from catalogue.organisations.publishers import account_from_url

    base = account_from_url(f"{url.rstrip('/')}/{project}").base_url
    _run_harvest(
        _registered(base, project),
        source=f"bbserver:{project}",
        dry_run=dry_run,
        bitbucket_api_url=url.rstrip("/"),
        kind="bbserver",
    )


@harvest.command("git")
@click.argument("url")
@DRY_RUN
def git(url: str, dry_run: bool) -> None:
    """Harvest the registered repository at a plain git URL (https or http; a host with a
    private or loopback address only with OPENTENZIJ_GIT_ALLOW_PRIVATE)."""
    from catalogue.organisations.publishers import account_from_url

    try:
        record = account_from_url(url, is_group=False)
    except ValueError as error:
        raise click.ClickException(str(error)) from None
    _run_harvest(
        _registered(record.base_url, record.name),
        source=f"git:{url}"[:300],
        dry_run=dry_run,
        kind="git",
    )


@harvest.command("all")
@DRY_RUN
def all_(dry_run: bool) -> None:
    """Harvest every account of every organisation, on every kind of code host."""

    async def query() -> list[Any]:
        from catalogue.organisations.queries import harvestable_accounts

        return await harvestable_accounts()

    _run_harvest(query, source="all", dry_run=dry_run)


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


def _run_harvest(
    accounts_query: Callable[[], Awaitable[list[Any]]],
    *,
    source: str,
    dry_run: bool,
    github_api_url: str | None = None,
    gitlab_url: str | None = None,
    forgejo_url: str | None = None,
    bitbucket_api_url: str | None = None,
    kind: str | None = None,
) -> None:
    """Harvest the accounts the query finds, with a progress bar, and print the counts."""
    from harvesters.forges import Forges
    from harvesters.pipeline import harvest as run_pipeline

    config = settings()
    forges = Forges(
        github_token=config.github_token,
        gitlab_token=config.gitlab_token,
        forgejo_token=config.forgejo_token,
        bitbucket_token=config.bitbucket_token,
        bitbucket_api_url=bitbucket_api_url,
        github_api_url=github_api_url,
        gitlab_url=gitlab_url,
        forgejo_url=forgejo_url,
        kind=kind,
        dependency_graph=config.harvest_dependency_graph,
        quality_files=config.harvest_quality_files,
        git_allow_private=config.git_allow_private,
        git_allow_local=config.git_allow_local,
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

            return await run_pipeline(
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
    _fail_on_failed_accounts(run)


def _fail_on_failed_accounts(run: Any) -> None:
    """Exit 1, saying why, when an account could not be harvested at all."""
    failed = (run.summary or {}).get("failed_accounts", [])
    for account in failed:
        click.echo(f"{account['url']}: {account['state']}: {account['message']}", err=True)
    if failed:
        raise click.ClickException(f"{len(failed)} of the accounts could not be harvested")
