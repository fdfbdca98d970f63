# SPDX-License-Identifier: EUPL-1.2
"""The harvest: list each account (in worker threads, a few at a time), then write what
changed through the catalogue's services, one repository at a time. One account's failure
never stops the run; every repository ends harvested, unchanged, inactive or logged as failed."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from catalogue.harvests import services
from catalogue.harvests.models import HarvestRun, Outcome
from catalogue.organisations.kinds import HarvestState
from catalogue.organisations.models import CodeHostAccount
from catalogue.software import harvesting
from catalogue.software import queries as software_queries
from harvesters.types import AccountListing, AccountRef, Failure, Forge, ForgeError, Validator

logger = logging.getLogger("opentenzij.harvest")
ForgeFor = Callable[[CodeHostAccount], Forge]
Progress = Callable[[CodeHostAccount, HarvestRun], None]
Ended = Callable[[CodeHostAccount], Awaitable[None]]
Pulse = Callable[[float], Awaitable[None]]  # waits between heartbeats; tests pass their own


async def harvest(
    *,
    accounts: Sequence[CodeHostAccount],
    forge_for: ForgeFor,
    source: str,
    dry_run: bool = False,
    concurrency: int = 4,
    progress: Progress | None = None,
    pulse: Pulse = asyncio.sleep,
    budget: int | None = None,
    ended: Ended | None = None,
) -> HarvestRun:
    """Harvest the accounts; returns the finished run with its counts. The run holds a lease
    that a heartbeat renews while it lives: if this process is killed, the next harvest (or
    `serve`) marks the run interrupted. With a `budget`, no account is begun on a code host
    once the run has made that many requests to it: those accounts wait for the next run.
    `ended` is awaited for each account whose harvest ended (not one postponed), after its
    state is recorded."""
    run = await services.start_run(source=source, dry_run=dry_run)
    beating = asyncio.create_task(_keep_alive(run, pulse))
    spending = Spending(budget)
    limits: dict[str, asyncio.Semaphore] = {}  # per code host: at most `concurrency` at once
    listings = [
        asyncio.create_task(
            _list(
                account,
                forge,
                limits.setdefault(forge.host, asyncio.Semaphore(concurrency)),
                spending,
            )
        )
        for account in accounts
        for forge in [forge_for(account)]
    ]
    try:
        for account, task in zip(accounts, listings, strict=True):
            done = await _finish_account(run, account, task, dry_run=dry_run, spending=spending)
            if done and ended is not None:
                await ended(account)
            if progress is not None:
                progress(account, run)
            await services.heartbeat(run)
    finally:
        beating.cancel()
        for task in listings:  # when the harvest itself is cancelled
            task.cancel()
    run.summary = spending.summary()
    return await services.finish_run(run)


class Postponed(Exception):
    """The run's request budget for the account's code host is spent: harvest it next time."""


class Spending:
    """What a run asked of each code host, against its budget; and which accounts failed or
    were postponed, for the run's summary."""

    def __init__(self, budget: int | None) -> None:
        self.budget = budget
        self.requests: dict[str, int] = {}
        self.postponed: dict[str, list[str]] = {}
        self.failed: list[dict[str, str]] = []

    def spent(self, host: str) -> bool:
        return self.budget is not None and self.requests.get(host, 0) >= self.budget

    def add(self, host: str, requests: int) -> None:
        self.requests[host] = self.requests.get(host, 0) + requests

    def summary(self) -> dict[str, Any]:
        hosts = set(self.requests) | set(self.postponed)
        return {
            "hosts": {
                host: {
                    "requests": self.requests.get(host, 0),
                    "budget": self.budget,
                    "postponed": self.postponed.get(host, []),
                }
                for host in sorted(hosts)
            },
            "failed_accounts": self.failed,
        }


async def _keep_alive(run: HarvestRun, pulse: Pulse) -> None:
    """Renew the run's lease three times a lease, for as long as the harvest runs (an account
    of thousands of repositories can take longer than a lease)."""
    while True:
        await pulse(services.LEASE.total_seconds() / 3)
        await services.heartbeat(run)


async def _finish_account(
    run: HarvestRun,
    account: CodeHostAccount,
    task: asyncio.Task[tuple[Forge, AccountListing]],
    *,
    dry_run: bool,
    spending: Spending,
) -> bool:
    """Record how the account's harvest went; False when it was postponed (budget)."""
    state, reason = HarvestState.FAILED, ""
    try:
        forge, listing = await task
    except Postponed as postponed:
        spending.postponed.setdefault(str(postponed), []).append(account.url)
        return False
    except ForgeError as error:
        state, reason = ACCOUNT_STATES[error.failure], str(error)
    except Exception as error:  # a bug or a surprise: log it, go on with the next account
        logger.exception("harvest of %s failed", account.url)
        reason = f"unexpected error: {error!r}"
    else:
        await _record(run, account, forge, listing, dry_run=dry_run)
        state = HarvestState.PARTLY if listing.failed else HarvestState.HARVESTED
    if reason:
        await _account_failed(run, account, reason)
        spending.failed.append({"url": account.url, "state": state.value, "message": reason})
    if not dry_run:
        await services.record_account_state(account, state=state, message=reason)
    return True


# How a failure to list an account leaves it: a 404 on its listing means it no longer exists.
ACCOUNT_STATES = {
    Failure.AUTH: HarvestState.REFUSED,
    Failure.GONE: HarvestState.GONE,
    Failure.RATE_LIMITED: HarvestState.RATE_LIMITED,
    Failure.UNAVAILABLE: HarvestState.UNAVAILABLE,
    Failure.MALFORMED: HarvestState.MALFORMED,
    Failure.REFUSED: HarvestState.NOT_ALLOWED,
}


async def _list(
    account: CodeHostAccount, forge: Forge, limit: asyncio.Semaphore, spending: Spending
) -> tuple[Forge, AccountListing]:
    prefix = _validator_prefix(forge, account)
    stored = await services.validators(prefix)
    known = {
        url.removeprefix(prefix): Validator(v.etag, v.last_modified, v.payload)
        for url, v in stored.items()
    }
    ref = AccountRef(account.pk, account.base_url, account.name, account.is_group)
    async with limit:
        if spending.spent(forge.host):
            raise Postponed(forge.host)
        listing = await asyncio.to_thread(forge.list_account, ref, known)
    spending.add(forge.host, listing.requests)
    return forge, listing


async def _record(
    run: HarvestRun,
    account: CodeHostAccount,
    forge: Forge,
    listing: AccountListing,
    *,
    dry_run: bool,
) -> None:
    run.requests += listing.requests
    run.rate_limit_used += listing.rate_limit_used
    for url, reason in listing.failed:
        await services.log(
            run,
            outcome=Outcome.FAILED,
            url=url,
            account=account,
            repository=await software_queries.repository_at(url),
            message=reason,
        )
    if dry_run:
        run.unchanged += len(listing.unchanged_keys)
        return
    for data in listing.changed:
        try:
            await harvesting.upsert(run=run, account=account, forge=account.forge, data=data)
        except Exception as error:  # one repository's failure stays with that repository
            logger.exception("writing %s failed", data.url)
            await services.log(
                run,
                outcome=Outcome.FAILED,
                url=data.url,
                account=account,
                message=f"could not be written: {error!r}",
            )
    run.unchanged += len(listing.unchanged_keys)
    await harvesting.restore(run=run, account=account, present=listing.unchanged_keys)
    # Gone only from a complete listing (every page read) in which every item was known; a
    # repository that failed to be read is there all the same.
    if listing.complete and not listing.unidentified:
        present = [d.forge_key for d in listing.changed] + listing.unchanged_keys
        await harvesting.mark_missing(
            run=run, account=account, present=present + listing.failed_keys
        )
        await harvesting.check_ownership(account)
    prefix = _validator_prefix(forge, account)
    await services.store_validators(
        {f"{prefix}{path}": validator for path, validator in listing.validators.items()}
    )
    await run.save()


def _validator_prefix(forge: Forge, account: CodeHostAccount) -> str:
    """Validators are kept per account, so that one account's are read in one query."""
    return f"{forge.host}/@{account.name_key}"


async def _account_failed(run: HarvestRun, account: CodeHostAccount, reason: str) -> None:
    logger.warning("harvest of %s failed: %s", account.url, reason)
    await services.log(
        run, outcome=Outcome.FAILED, url=account.url, account=account, message=reason
    )
    await run.save()
