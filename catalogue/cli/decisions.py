# SPDX-License-Identifier: EUPL-1.2
"""The `opentenzij decisions` commands: the daily review job of the decision register."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import click

from catalogue.cli.runtime import run_with_database, settings


@click.group()
def decisions() -> None:
    """The register of release decisions."""


@decisions.command("review-due")
@click.option(
    "--today",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The date to review as of (default: today).",
)
def review_due(today: datetime | None) -> None:
    """Mark decisions whose review date has passed as review_due, draft the opening of
    postponed items whose date has come, and list those with the Woo requests overdue or due
    within a week, per organisation. Run it daily."""
    from catalogue.organisations.models import Organisation
    from wooexemptions import reviews

    day = today.date() if today else date.today()

    async def work() -> tuple[Any, dict[int, str]]:
        report = await reviews.run(day)
        ids = set(report.due) | set(report.opened) | set(report.requests)
        names = dict(await Organisation.filter(id__in=list(ids)).values_list("id", "name"))
        for found in (*report.due.values(), *report.opened.values()):
            for decision in found:
                await decision.fetch_related("software")
        return report, names

    report, names = run_with_database(work, url=settings().database_url)
    for organisation_id, name in sorted(names.items(), key=lambda item: item[1]):
        click.echo(f"{name}:")
        for decision in report.due.get(organisation_id, []):
            click.echo(
                f"  review due: {decision.software.name}, version {decision.version} "
                f"(review date {decision.review_on}) /register/{decision.pk}"
            )
        for decision in report.opened.get(organisation_id, []):
            click.echo(
                f"  to open: {decision.software.name}, draft version {decision.version} "
                f"/register/{decision.pk}"
            )
        for terms in report.requests.get(organisation_id, []):
            state = "overdue" if terms.due.value == "overdue" else "due soon"
            click.echo(
                f"  request {state}: {terms.request.zaaknummer}, decide by {terms.deadline} "
                f"/verzoeken/{terms.request.pk}"
            )
    due, opened = sum(map(len, report.due.values())), sum(map(len, report.opened.values()))
    late = sum(map(len, report.requests.values()))
    click.echo(
        f"{due} reviews due, {opened} opening drafts, {late} requests due, as of {day}", err=True
    )
