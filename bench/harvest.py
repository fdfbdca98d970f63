# SPDX-License-Identifier: EUPL-1.2
"""What does a harvest cost, per forge? Each harvester against its fake (in its own process),
with a set latency per request: 2,000 repositories over 10 accounts by default.

Three harvests per forge: the first; an unchanged re-harvest; and one after 1% of the
repositories changed (a push and a new description). For each: requests, requests per
repository, the share answered 304, the bytes answered, wall time against requests x latency /
concurrency, and the goal of issue 19 (first <= 1.1 per repository; unchanged >= 95% 304;
after 1% changed, requests <= listing pages + 2 x changed).

    .venv/bin/python bench/harvest.py [--forges github,gitlab] [--accounts 10] [--repos 200]
                                      [--latency 0.002] [--concurrency 4] [--database-url URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import multiprocessing
import resource
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue import db
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind, OrganisationKind
from catalogue.organisations.models import Organisation
from catalogue.organisations.publishers import AccountRecord
from harvesters.pipeline import harvest

PUBLICCODE = "publiccodeYmlVersion: '0.4'\nname: x\n"
CONTROL = "/_bench/"  # the control routes of the fake's process: stats, change


@dataclass(frozen=True)
class Bench:
    """One forge in the bench: how to build its fake, make its harvester, and change 1%."""

    kind: ForgeKind
    web_url: str
    page_size: int
    build: Callable[[int, int, float], tuple[Any, Any]]  # (accounts, repos, latency) -> fake, app
    change: Callable[[Any, int], int]  # change n repositories; returns how many changed
    forge: Callable[[str], Any]  # the harvester for the fake at this base URL
    api_path: str = ""


def _github_fake(accounts: int, repos: int, latency: float) -> tuple[Any, Any]:
    from tests.fakes.github import FakeGitHub, FakeRepo

    fake = FakeGitHub(latency=latency, rate_limit=10**9)
    for number in range(accounts):
        fake.add_organisation(
            f"org-{number:02}",
            [
                FakeRepo(
                    name=f"repo-{n:03}",
                    description=f"Repository {n}",
                    licence="EUPL-1.2",
                    language="Python",
                    languages={"Python": 100, "Shell": 10},
                    topics=["overheid"],
                    publiccode_yml=PUBLICCODE if n % 10 == 0 else None,
                )
                for n in range(repos)
            ],
        )
    return fake, fake.app()


def _github_change(fake: Any, count: int) -> int:
    from datetime import timedelta

    for repo in list(fake.repos.values())[:: max(1, len(fake.repos) // count)][:count]:
        repo.pushed_at = repo.updated_at = repo.updated_at + timedelta(days=1)
        repo.description = f"{repo.description} (changed)"
    return count


def _gitlab_fake(accounts: int, repos: int, latency: float) -> tuple[Any, Any]:
    from tests.fakes.gitlab import FakeGitLab, License

    fake = FakeGitLab(latency=latency, rate_limit=10**9)
    for number in range(accounts):
        for n in range(repos):
            fake.add_project(
                f"org-{number:02}",
                f"repo-{n:03}",
                description=f"Repository {n}",
                license=License(key="eupl-1.2", name="EUPL 1.2"),
                languages={"Python": 90.0, "Shell": 10.0},
                topics=["overheid"],
                publiccode_yml=PUBLICCODE if n % 10 == 0 else None,
            )
    return fake, fake.app()


def _gitlab_change(fake: Any, count: int) -> int:
    projects = list(fake.projects.values())
    for project in projects[:: max(1, len(projects) // count)][:count]:
        project.last_activity_at = "2026-01-01T00:00:00.000Z"
        project.description = f"{project.description} (changed)"
    return count


def _forgejo_fake(accounts: int, repos: int, latency: float) -> tuple[Any, Any]:
    from tests.fakes.forgejo import FakeForgejo, ForgejoRepo

    fake = FakeForgejo(latency=latency)
    for number in range(accounts):
        fake.add_organisation(
            f"org-{number:02}",
            [
                ForgejoRepo(
                    name=f"repo-{n:03}",
                    description=f"Repository {n}",
                    language="Python",
                    topics=["overheid"],
                    files={"LICENSE": "EUPL v. 1.2\n", "main.py": "print()\n"}
                    | ({"publiccode.yml": PUBLICCODE} if n % 10 == 0 else {}),
                )
                for n in range(repos)
            ],
        )
    return fake, fake.app()


def _forgejo_change(fake: Any, count: int) -> int:
    repos = list(fake.repos.values())
    for repo in repos[:: max(1, len(repos) // count)][:count]:
        fake.push(repo.full_name, {"main.py": "print(1)\n"})
        repo.description = f"{repo.description} (changed)"
    return count


def _forgejo_forge(base: str) -> Any:
    from harvesters.forgejo import ForgejoForge

    return ForgejoForge(url=base)


def _bitbucket_fake(cloud: bool) -> Callable[[int, int, float], tuple[Any, Any]]:
    def build(accounts: int, repos: int, latency: float) -> tuple[Any, Any]:
        from tests.fakes.bitbucket import BitbucketRepo, FakeBitbucket

        fake = FakeBitbucket(cloud=cloud, latency=latency)
        for number in range(accounts):
            fake.add_owner(
                f"org-{number:02}",
                [
                    BitbucketRepo(
                        slug=f"repo-{n:03}",
                        description=f"Repository {n}",
                        language="python",
                        files={"LICENSE": "EUPL v. 1.2\n", "main.py": "print()\n"}
                        | ({"publiccode.yml": PUBLICCODE} if n % 10 == 0 else {}),
                    )
                    for n in range(repos)
                ],
            )
        return fake, fake.app()

    return build


def _bitbucket_change(fake: Any, count: int) -> int:
    repos = list(fake.repos.values())
    for repo in repos[:: max(1, len(repos) // count)][:count]:
        fake.push(repo.full_name, {"main.py": "print(1)\n"})
        repo.description = f"{repo.description} (changed)"
    return count


def _bitbucket_forge(base: str) -> Any:
    from harvesters.bitbucket import BitbucketCloudForge

    return BitbucketCloudForge(api_url=base, web_url="https://bitbucket.org")


def _bbserver_forge(base: str) -> Any:
    from harvesters.bitbucket import BitbucketServerForge

    return BitbucketServerForge(url=base)


def _github_forge(base: str) -> Any:
    from harvesters.github import GitHubForge

    return GitHubForge(api_url=base, token="bench")


def _gitlab_forge(base: str) -> Any:
    from harvesters.gitlab import GitLabForge

    return GitLabForge(url=base, token="bench")


BENCHES: dict[str, Bench] = {
    "github": Bench(
        ForgeKind.GITHUB, "https://github.com", 100, _github_fake, _github_change, _github_forge
    ),
    "gitlab": Bench(
        ForgeKind.GITLAB, "https://gitlab.com", 100, _gitlab_fake, _gitlab_change, _gitlab_forge
    ),
    "forgejo": Bench(
        ForgeKind.FORGEJO,
        "https://code.overheid.nl",
        50,
        _forgejo_fake,
        _forgejo_change,
        _forgejo_forge,
    ),
    "bitbucket": Bench(
        ForgeKind.BITBUCKET,
        "https://bitbucket.org",
        100,
        _bitbucket_fake(cloud=True),
        _bitbucket_change,
        _bitbucket_forge,
    ),
    "bbserver": Bench(
        ForgeKind.BITBUCKET_SERVER,
        "https://bitbucket.example.nl",
        100,
        _bitbucket_fake(cloud=False),
        _bitbucket_change,
        _bbserver_forge,
    ),
}


def controlled(fake: Any, app: Any) -> Any:
    """The fake's app, counting the statuses it answers and the bytes of their bodies (under
    "bytes"), with two control routes: GET /_bench/stats (the counts since the last call) and
    GET /_bench/change?count=N."""
    statuses: Counter[int | str] = Counter()
    bench = BENCH_IN_CHILD

    async def asgi(scope: dict[str, Any], receive: Any, send: Any) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and path.startswith(CONTROL):
            if path.endswith("stats"):
                body: dict[Any, int] = dict(statuses)
                statuses.clear()
            else:
                count = int(scope["query_string"].decode().partition("=")[2])
                body = {"changed": bench.change(fake, count)}
            content = json.dumps(body).encode()
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": content})
            return

        async def counting(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                statuses[message["status"]] += 1
            elif message["type"] == "http.response.body":
                statuses["bytes"] += len(message.get("body", b""))
            await send(message)

        await app(scope, receive, counting)

    return asgi


BENCH_IN_CHILD: Bench


def serve_fake(name: str, port: int, accounts: int, repos: int, latency: float) -> None:
    """The child process: the forge's fake with the bench's accounts, served until killed."""
    global BENCH_IN_CHILD
    from tests.fakes.server import serving

    BENCH_IN_CHILD = BENCHES[name]
    fake, app = BENCH_IN_CHILD.build(accounts, repos, latency)
    fake.base_url = f"http://127.0.0.1:{port}"
    with serving(controlled(fake, app), port):
        while True:
            time.sleep(3600)


def control(port: int, what: str) -> dict[str, int]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{CONTROL}{what}") as answer:
        return {str(k): int(v) for k, v in json.loads(answer.read()).items()}


async def register(url: str, bench: Bench, accounts: int) -> None:
    await db.upgrade(url)
    async with db.connected(url):
        organisation = await Organisation.create(
            slug="bench", name="Bench", kind=OrganisationKind.OTHER
        )
        for n in range(accounts):
            await services.create_account(
                organisation,
                AccountRecord(bench.kind, bench.web_url, f"org-{n:02}", True),
                actor="bench",
            )


async def one_harvest(url: str, forge: Any, concurrency: int) -> tuple[Any, float]:
    from catalogue.organisations.models import CodeHostAccount

    async with db.connected(url):
        accounts = await CodeHostAccount.all().order_by("id")
        began = time.perf_counter()
        run = await harvest(
            accounts=accounts, forge_for=lambda _: forge, source="bench", concurrency=concurrency
        )
        return run, time.perf_counter() - began


def wait_for(port: int) -> None:
    """The child builds its repositories and starts listening; wait until it answers."""
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            control(port, "stats")
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("the fake did not start")


def bench_forge(name: str, arguments: argparse.Namespace) -> list[list[str]]:
    from tests.fakes.server import free_port

    bench = BENCHES[name]
    port = free_port()
    child = multiprocessing.get_context("spawn").Process(
        target=serve_fake,
        args=(name, port, arguments.accounts, arguments.repos, arguments.latency),
        daemon=True,
    )
    child.start()
    rows: list[list[str]] = []
    repositories = arguments.accounts * arguments.repos
    pages = arguments.accounts * math.ceil(arguments.repos / bench.page_size)
    changed = max(1, repositories // 100)
    try:
        wait_for(port)
        with tempfile.TemporaryDirectory() as folder:
            url = arguments.database_url or f"sqlite://{folder}/bench.sqlite3"
            asyncio.run(register(url, bench, arguments.accounts))
            forge = bench.forge(f"http://127.0.0.1:{port}")
            for label, goal in (
                ("first", f"<= {1.1 * repositories:,.0f} (1.1 per repository)"),
                ("unchanged", ">= 95% 304"),
                ("1% changed", f"<= {pages + 2 * changed:,} (pages + 2 x {changed})"),
            ):
                if label == "1% changed":
                    control(port, f"change?count={changed}")
                run, seconds = asyncio.run(one_harvest(url, forge, arguments.concurrency))
                stats = control(port, "stats")
                rows.append(row(name, label, run, stats, seconds, repositories, goal, arguments))
    finally:
        child.terminate()
    return rows


def row(
    name: str,
    label: str,
    run: Any,
    stats: dict[str, int],
    seconds: float,
    repositories: int,
    goal: str,
    arguments: argparse.Namespace,
) -> list[str]:
    answered = sum(count for status, count in stats.items() if status != "bytes")
    bound = answered * arguments.latency / arguments.concurrency
    return [
        name,
        label,
        f"{answered:,}",
        f"{answered / repositories:.3f}",
        f"{stats.get('304', 0) / max(answered, 1):.1%}",
        f"{stats['bytes'] / 1024:,.0f} KiB",
        f"{run.new}/{run.changed}/{run.unchanged}/{run.failed}",
        f"{seconds:.1f} s ({seconds / max(bound, 1e-9):.1f}x)",
        goal,
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--forges", default=",".join(BENCHES))
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--repos", type=int, default=200, help="per account")
    parser.add_argument("--latency", type=float, default=0.002, help="seconds per request")
    parser.add_argument("--concurrency", type=int, default=4, help="accounts at once")
    parser.add_argument("--database-url", help="default: a new SQLite file in a temp folder")
    arguments = parser.parse_args()
    rows = [r for name in arguments.forges.split(",") for r in bench_forge(name, arguments)]
    print(
        f"\n{arguments.accounts * arguments.repos:,} repositories over {arguments.accounts} "
        f"accounts per forge; latency {arguments.latency * 1000:g} ms per request; "
        f"{arguments.concurrency} accounts at once\n"
    )
    header = [
        "forge",
        "harvest",
        "requests",
        "per repository",
        "304",
        "answered",
        "new/changed/unchanged/failed",
        "wall (x bound)",
        "goal",
    ]
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for cells in rows:
        print("| " + " | ".join(cells) + " |")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"\npeak memory of the harvesting process: {peak:.0f} MiB")


if __name__ == "__main__":
    main()
