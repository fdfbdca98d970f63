# SPDX-License-Identifier: EUPL-1.2
"""Who owns a code-host account (docs/adr/0005, decisions 9 and 14). Anyone can say that an
account is an organisation's; it is *verified* when someone who controls the organisation's
own channels says so: the organisation's website lists it (`/.well-known/opentenzij.json`,
naming the organisation by TOOI URI or OIN), or a publiccode.yml in the account names the
organisation. Else it is only *claimed*. The website's list is the proof shown when both
hold; an account it no longer lists falls back to its publiccode.yml."""

from __future__ import annotations

import asyncio
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

import httpx

from catalogue.organisations import ownership, websites
from catalogue.organisations import queries as organisation_queries
from catalogue.organisations import services as organisation_services
from catalogue.organisations.kinds import WebsiteCheck
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.software import metadata
from catalogue.software.models import Repository

ACTOR = "system:ownership"
CONCURRENCY = 8  # websites asked at once


async def settle(
    account: CodeHostAccount, *, actor: str, organisation: Organisation | None = None
) -> None:
    """Mark the account verified by the best proof there is, or claimed when there is none;
    a change either way is audited (catalogue:account:verify)."""
    organisation = organisation or await account.organisation
    proof = website_proof(account, organisation) or await publiccode_proof(account, organisation)
    await organisation_services.record_ownership(account, proof=proof, actor=actor)


def website_proof(account: CodeHostAccount, organisation: Organisation) -> str | None:
    """The address of the organisation's list when it lists the account, if the list was
    read from the website the organisation has now (not one it had before)."""
    kept = organisation.website_proof
    url = websites.file_url(organisation.website or "")
    if not isinstance(kept, dict) or url is None or kept.get("url") != url:
        return None
    listed = kept.get("accounts")
    return url if isinstance(listed, list) and websites.account_key(account.url) in listed else None


async def publiccode_proof(account: CodeHostAccount, organisation: Organisation) -> str | None:
    """Which publiccode.yml of the account's active repositories names its organisation
    (organisation.uri: the TOOI URI or the OIN), from the files already harvested."""
    known = ownership.identifiers(tooi_uri=organisation.tooi_uri, oin=organisation.oin)
    if not known:
        return None
    for repository in await Repository.filter(
        account_id=account.pk, active=True, publiccode_yml__isnull=False
    ).order_by("id"):
        _, result = metadata.check_publiccode(repository.publiccode_yml)
        data = result.data if result is not None and isinstance(result.data, dict) else {}
        named = data.get("organisation")
        uri = named.get("uri") if isinstance(named, dict) else None
        if ownership.names(uri, known):
            return f"the publiccode.yml of {repository.url} names {uri}"
    return None


@dataclass(slots=True)
class WebsitesReport:
    """What one round of check_websites did: websites asked, and their outcomes."""

    checked: int = 0
    outcomes: Counter[str] = field(default_factory=Counter)

    def summary(self) -> str:
        if not self.checked:
            return "no website was due"
        counted = ", ".join(f"{n} {outcome}" for outcome, n in sorted(self.outcomes.items()))
        return f"{self.checked} websites asked for their accounts: {counted}"


async def check_websites(
    *, now: datetime, allow_private: bool = False, client: httpx.AsyncClient | None = None
) -> WebsitesReport:
    """Ask every organisation's website that is due (once a day) for its list of accounts,
    keep each outcome, and settle the ownership of the organisation's accounts. Run by the
    scheduler, never in a web request."""
    due = await organisation_queries.websites_due(now=now)
    report = WebsitesReport()
    if not due:
        return report
    own_client = client is None
    http = client or websites.new_client()
    limiter = asyncio.Semaphore(CONCURRENCY)

    async def ask(organisation: Organisation, url: str) -> websites.Check:
        if not url:
            return websites.Check(WebsiteCheck.NOT_ALLOWED, "the website is no http(s) address")
        known = ownership.identifiers(tooi_uri=organisation.tooi_uri, oin=organisation.oin)
        async with limiter:
            return await websites.check_website(
                url, known=known, allow_private=allow_private, client=http
            )

    try:
        asked = [(o, websites.file_url(o.website or "") or "") for o in due]
        checks = await asyncio.gather(*(ask(o, url) for o, url in asked))
    finally:
        if own_client:
            await http.aclose()
    for (organisation, url), check in zip(asked, checks, strict=True):
        await organisation_services.record_website_check(organisation, check, url=url, now=now)
        for account in await CodeHostAccount.filter(organisation_id=organisation.pk):
            await settle(account, actor=ACTOR, organisation=organisation)
        report.checked += 1
        report.outcomes[check.outcome.value] += 1
    return report
