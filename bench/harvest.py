# SPDX-License-Identifier: EUPL-1.2
"""What does a harvest cost? GitHub harvester against the fake GitHub (in its own process),
with a set latency per request: 10,000 repositories over 50 accounts by default.

Reports (a) requests per repository on the first harvest and on an unchanged re-harvest,
against the fewest possible for the data harvested; (b) wall time against
requests x latency / concurrency; (c) peak memory.

    .venv/bin/python bench/harvest.py [--accounts 50] [--repos 200] [--latency 0.005]
                                      [--concurrency 8] [--database-url postgres://...]
"""

from __future__ import annotations

import argparse
import asyncio
import math
import multiprocessing
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue import db
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind, OrganisationKind
from catalogue.organisations.models import Organisation
from catalogue.organisations.publishers import AccountRecord
from harvesters.github import GitHubForge
from harvesters.pipeline import harvest
from tests.fakes.github import FakeGitHub, FakeRepo, free_port, serve

PUBLICCODE = "publiccodeYmlVersion: '0.4'\nname: x\n"


def serve_fake(port: int, accounts: int, repos: int, latency: float) -> None:
    """The child process: a fake GitHub with the bench's accounts, served until killed."""
    fake = FakeGitHub(latency=latency, rate_limit=10**9)
    for number in range(accounts):
        fake.add_organisation(
            f"org-{number:02}",
            [
                FakeRepo(
                    name=f"repo-{n:03}",
                    description=f"Repository {n}",
                    licence="EUPL-1.2",
                    languages={"Python": 100, "Shell": 10},
                    topics=["overheid"],
                    publiccode_yml=PUBLICCODE if n % 10 == 0 else None,
                )
                for n in range(repos)
            ],
        )
    import tests.fakes.github as module

    module.free_port = lambda: port  # serve on the port the parent chose
    with serve(fake):
        while True:
            time.sleep(3600)


async def register(url: str, accounts: int) -> list[object]:
    await db.upgrade(url)
    async with db.connected(url):
        organisation = await Organisation.create(
            slug="bench", name="Bench", kind=OrganisationKind.OTHER
        )
        return [
            await services.create_account(
                organisation,
                AccountRecord(ForgeKind.GITHUB, "https://github.com", f"org-{n:02}", True),
                actor="bench",
            )
            for n in range(accounts)
        ]


async def one_harvest(url: str, api: str, concurrency: int) -> tuple[object, float]:
    from catalogue.organisations.models import CodeHostAccount

    async with db.connected(url):
        accounts = await CodeHostAccount.all().order_by("id")
        forge = GitHubForge(api_url=api, token="bench")
        began = time.perf_counter()
        run = await harvest(
            accounts=accounts, forge_for=lambda _: forge, source="bench", concurrency=concurrency
        )
        return run, time.perf_counter() - began


def report(
    label: str,
    run: object,
    seconds: float,
    minimum: int,
    repositories: int,
    latency: float,
    concurrency: int,
) -> None:
    requests = run.requests  # type: ignore[attr-defined]
    bound = requests * latency / concurrency
    print(
        f"{label}: {requests:,} requests = {requests / repositories:.3f} per repository "
        f"(fewest possible {minimum:,} = {minimum / repositories:.3f}; ratio "
        f"{requests / minimum:.2f}); {seconds:.1f} s wall against {bound:.1f} s for "
        f"requests x latency / concurrency (ratio {seconds / bound:.2f}); "
        f"new {run.new}, changed {run.changed}, unchanged {run.unchanged}, "  # type: ignore[attr-defined]
        f"failed {run.failed}"
    )  # type: ignore[attr-defined]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--accounts", type=int, default=50)
    parser.add_argument("--repos", type=int, default=200, help="per account")
    parser.add_argument("--latency", type=float, default=0.005, help="seconds per request")
    parser.add_argument("--concurrency", type=int, default=8, help="accounts at once")
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp folder")
    arguments = parser.parse_args()
    port = free_port()
    child = multiprocessing.get_context("spawn").Process(
        target=serve_fake,
        args=(port, arguments.accounts, arguments.repos, arguments.latency),
        daemon=True,
    )
    child.start()
    time.sleep(3)  # the child builds its repositories and starts listening
    repositories = arguments.accounts * arguments.repos
    pages = arguments.accounts * math.ceil(arguments.repos / 100)
    try:
        with tempfile.TemporaryDirectory() as folder:
            url = arguments.database_url or f"sqlite://{folder}/bench.sqlite3"
            asyncio.run(register(url, arguments.accounts))
            api = f"http://127.0.0.1:{port}"
            first, first_seconds = asyncio.run(one_harvest(url, api, arguments.concurrency))
            peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
            again, again_seconds = asyncio.run(one_harvest(url, api, arguments.concurrency))
    finally:
        child.terminate()
    print(
        f"\n{repositories:,} repositories over {arguments.accounts} accounts; latency "
        f"{arguments.latency * 1000:g} ms per request; {arguments.concurrency} accounts at once\n"
    )
    # Fewest possible: every listing page, and per repository its languages and its
    # publiccode.yml (the data harvested); on an unchanged re-harvest, only the pages.
    report(
        "first harvest",
        first,
        first_seconds,
        pages + 2 * repositories,
        repositories,
        arguments.latency,
        arguments.concurrency,
    )
    report(
        "unchanged re-harvest",
        again,
        again_seconds,
        pages,
        repositories,
        arguments.latency,
        arguments.concurrency,
    )
    print(
        f"peak memory: {peak:.0f} MiB, the maximum resident set of the harvesting process "
        "after the first harvest"
    )


if __name__ == "__main__":
    main()
