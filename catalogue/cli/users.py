# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij user create|grant|token`: people, their roles and their API tokens."""

from __future__ import annotations

import sys
from typing import Any

import click

from catalogue.cli.runtime import run_with_database, settings

ROLE_CHOICE = click.Choice(["developer", "publication_officer", "admin"])


@click.group()
def user() -> None:
    """Manage users, their roles and their API tokens."""


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
def create(
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
def grant(email: str, role: str, slug: str) -> None:
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
def token(email: str, name: str, days: int | None) -> None:
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


async def _organisation(slug: str) -> Any:
    from catalogue.organisations import queries

    try:
        return await queries.organisation_named(slug)
    except queries.UnknownOrganisation as error:
        raise click.ClickException(str(error)) from None


async def _user(email: str) -> Any:
    from catalogue.accounts.models import User

    found = await User.get_or_none(email=email.strip().lower())
    if found is None:
        raise click.ClickException(f"no user has the address {email!r}")
    return found
