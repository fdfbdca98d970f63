# SPDX-License-Identifier: EUPL-1.2
"""Harvesting a plain git URL with the git CLI, against git's own smart-HTTP server on loopback
(allowed as an administrator allows an internal server), and the addresses that are refused."""

from __future__ import annotations

import random
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalogue.harvests.models import HarvestLog, Outcome
from catalogue.organisations.kinds import ForgeKind
from catalogue.organisations.models import CodeHostAccount
from catalogue.software.models import Repository, Software
from harvesters.git import GitForge
from harvesters.pipeline import harvest
from harvesters.types import AccountRef, Failure, ForgeError
from tests.factories import make_organisation
from tests.fakes.git import FakeGitServer, serve
from tests.harvesters.test_github_harvest import FakeClock

PUBLICCODE = "publiccodeYmlVersion: '0.4'\nname: Rekenmodel\n"
EUPL = "EUROPEAN UNION PUBLIC LICENCE v. 1.2\nEUPL (c) the European Union 2007, 2016\n"


def git(folder: Path, *arguments: str) -> str:
    environment = {
        "GIT_AUTHOR_NAME": "Ontwikkelaar",
        "GIT_AUTHOR_EMAIL": "dev@example.nl",
        "GIT_COMMITTER_NAME": "Ontwikkelaar",
        "GIT_COMMITTER_EMAIL": "dev@example.nl",
        "GIT_AUTHOR_DATE": "2026-11-30T12:00:00+01:00",
        "GIT_COMMITTER_DATE": "2026-11-30T12:00:00+01:00",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": "/dev/null",
        "PATH": "/usr/bin:/bin:/usr/local/bin",
    }
    done = subprocess.run(
        ["git", "-C", str(folder), *arguments],
        capture_output=True,
        check=True,
        env=environment,
        text=True,
    )
    return done.stdout


def commit(folder: Path, files: dict[str, str | bytes], message: str = "werk") -> None:
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
    git(folder, "add", "-A")
    git(folder, "commit", "-q", "-m", message)


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FakeGitServer]:
    (tmp_path / "served").mkdir()
    with serve(FakeGitServer(tmp_path / "served")) as fake:
        yield fake


@pytest.fixture
def origin(tmp_path: Path, server: FakeGitServer) -> Path:
    folder = tmp_path / "rekenmodel"
    folder.mkdir()
    git(folder, "init", "-q", "-b", "hoofd")
    commit(
        folder,
        {
            "publiccode.yml": PUBLICCODE,
            "LICENSE": EUPL,
            "src/model.py": "print('reken')\n",
            "LICENSES/EUPL-1.2.txt": EUPL,
            "groot.bin": b"\0" * 300_000,
        },
    )
    server.publish(folder, "rekenmodel")
    return folder


@pytest.fixture
async def account(db: str, origin: Path, server: FakeGitServer) -> CodeHostAccount:
    organisation = await make_organisation("Planbureau")
    return await CodeHostAccount.create(
        organisation=organisation,
        forge=ForgeKind.GIT,
        base_url=server.base_url,
        name="rekenmodel.git",
        name_key="rekenmodel.git",
        is_group=False,
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


async def run(account: CodeHostAccount, forge: GitForge | None = None, **kwargs: object):
    forge = forge or GitForge(allow_private=True, clock=FakeClock(), **kwargs)  # type: ignore[arg-type]
    return await harvest(accounts=[account], forge_for=lambda _: forge, source="git:test")


async def test_a_git_url_is_read_without_blobs_but_the_files_the_catalogue_uses(
    account: CodeHostAccount, origin: Path
) -> None:
    result = await run(account)

    assert (result.new, result.failed) == (1, 0), await HarvestLog.all().values("message")
    repository = await Repository.get(account_id=account.pk)
    assert repository.publiccode_yml == PUBLICCODE
    assert repository.licence_file == "EUPL-1.2"
    assert repository.default_branch == "hoofd"
    assert repository.last_activity_at is not None
    assert repository.last_activity_at.isoformat().startswith("2026-11-30T11:00")
    assert (await Software.get(id=repository.software_id)).name == "Rekenmodel"
    # ls-remote, the clone, and the two files: the large file never came.
    assert result.requests == 4


async def test_an_unchanged_commit_costs_one_ls_remote_and_a_new_one_is_read(
    account: CodeHostAccount, origin: Path, server: FakeGitServer
) -> None:
    await run(account)
    again = await run(account)
    assert (again.unchanged, again.changed, again.requests) == (1, 0, 1)

    commit(origin, {"publiccode.yml": PUBLICCODE.replace("Rekenmodel", "Rekenmodel 2")})
    server.update(origin, "rekenmodel")
    changed = await run(account)
    assert (changed.changed, changed.failed) == (1, 0)
    repository = await Repository.get(account_id=account.pk)
    assert repository.publiccode_yml is not None and "Rekenmodel 2" in repository.publiccode_yml


async def test_the_reuse_folder_names_the_licence_when_there_is_no_licence_file(
    account: CodeHostAccount, origin: Path, server: FakeGitServer
) -> None:
    git(origin, "rm", "-q", "LICENSE")
    commit(origin, {"LICENSES/MIT.txt": "MIT License\n"})
    server.update(origin, "rekenmodel")
    await run(account)
    assert (await Repository.get(account_id=account.pk)).licence_file == "EUPL-1.2 AND MIT"


async def test_reuse_toml_and_the_top_files_spdx_headers_state_the_licence(
    account: CodeHostAccount, origin: Path, server: FakeGitServer
) -> None:
    git(origin, "rm", "-q", "LICENSE", "LICENSES/EUPL-1.2.txt")
    commit(
        origin,
        {
            "REUSE.toml": 'version = 1\n[[annotations]]\npath = "docs/**"\n'
            'SPDX-License-Identifier = "CC-BY-4.0"\n',
            "main.py": "# SPDX-License-Identifier: EUPL-1.2 OR MIT\nprint('hoi')\n",
            "zzz.go": "// SPDX-License-Identifier: Apache-2.0\npackage main\n",
        },
    )
    server.update(origin, "rekenmodel")
    result = await run(account)
    repository = await Repository.get(account_id=account.pk)
    assert repository.licence_file == "Apache-2.0 AND CC-BY-4.0 AND (EUPL-1.2 OR MIT)"
    # ls-remote, the clone, publiccode.yml, REUSE.toml and the two source files.
    assert result.requests == 6


@pytest.mark.parametrize("local", [False, True])
def test_file_urls_and_local_paths_only_with_the_administrators_allowance(
    origin: Path, server: FakeGitServer, local: bool
) -> None:
    bare = server.root / "rekenmodel.git"
    forge = GitForge(allow_local=local, clock=FakeClock())
    for url in (f"file://{bare}", str(bare)):
        if not local:
            with pytest.raises(ForgeError) as refused:
                forge.list_account(AccountRef(1, "", url, False), {})
            assert "OPENTENZIJ_GIT_ALLOW_LOCAL" in str(refused.value)
            continue
        listing = forge.list_account(AccountRef(1, "", url, False), {})
        [read] = listing.changed
        assert read.publiccode_yml == PUBLICCODE and read.licence_file == "EUPL-1.2"


async def test_a_git_process_that_writes_too_much_is_stopped(
    account: CodeHostAccount, origin: Path, server: FakeGitServer
) -> None:
    noise = random.Random(19).randbytes(300_000)  # that do not compress
    commit(origin, {"publiccode.yml": noise.hex()})  # a large file the harvest reads
    server.update(origin, "rekenmodel")
    result = await run(account, max_bytes=200_000)
    assert result.failed == 1
    failure = await HarvestLog.get(outcome=Outcome.FAILED)
    assert "larger than a harvest reads" in failure.message and "200000 bytes" in failure.message
    assert await Repository.all().count() == 0


async def test_a_5xx_is_tried_again_after_a_backoff(
    account: CodeHostAccount, server: FakeGitServer, clock: FakeClock
) -> None:
    faults = [502, 503]
    server.faults = lambda request: faults.pop(0) if faults else None
    result = await run(account, GitForge(allow_private=True, clock=clock))
    assert (result.new, result.failed) == (1, 0)
    assert clock.sleeps == [1.0, 2.0]  # no real wait: the injected clock


async def test_a_server_that_never_answers_ends_in_the_time_limit(
    account: CodeHostAccount, server: FakeGitServer, clock: FakeClock
) -> None:
    """Every request hangs, so the outcome is the time limit however busy the machine is (git
    runs as a process: its limit is real, and short here, as no answer is waited for)."""
    server.faults = lambda request: 0
    result = await run(account, GitForge(allow_private=True, clock=clock, timeout=0.3))
    assert (result.new, result.failed) == (0, 1)
    failure = await HarvestLog.get(outcome=Outcome.FAILED)
    assert "git ls-remote: no answer in 0.3 s" in failure.message
    assert clock.sleeps == [1.0, 2.0, 4.0]  # tried four times, with the backoff between
    assert await Repository.all().count() == 0


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("file:///srv/git/geheim", "only https and http"),
        ("file://localhost/srv/git/geheim", "only https and http"),
        ("ssh://git@git.example.nl/team/x.git", "only https and http"),
        ("git://git.example.nl/team/x.git", "only https and http"),
        ("/srv/git/geheim", "only https and http"),
        ("http://127.0.0.1:8080/team/x.git", "loopback address"),
        ("https://10.1.2.3/team/x.git", "private address"),
        ("https://[::1]/team/x.git", "loopback address"),
        ("https://169.254.169.254/latest", "link-local address"),
    ],
)
def test_addresses_an_administrator_did_not_allow_are_refused(url: str, reason: str) -> None:
    with pytest.raises(ForgeError) as refused:
        GitForge().list_account(AccountRef(1, "", url, False), {})
    assert refused.value.failure is Failure.REFUSED and reason in str(refused.value)


def test_a_private_host_is_asked_only_with_the_allowance_and_pinned_to_what_was_checked() -> None:
    assert GitForge(allow_private=True).checked("https://10.1.2.3/team/x.git") == [
        "10.1.2.3:443:10.1.2.3"
    ]


async def test_a_refused_address_is_a_failed_account_and_nothing_is_marked_gone(
    account: CodeHostAccount, server: FakeGitServer
) -> None:
    await run(account)
    requests = len(server.requests)
    result = await run(account, GitForge())  # the allowance withdrawn: loopback is refused
    assert result.failed == 1 and len(server.requests) == requests  # nothing was asked
    failure = await HarvestLog.get(outcome=Outcome.FAILED)
    assert "loopback address" in failure.message
    assert (await Repository.get(account_id=account.pk)).active


async def test_a_group_on_a_host_that_is_no_forge_is_explained(
    account: CodeHostAccount,
) -> None:
    account.is_group = True
    await account.save()
    result = await run(account)
    assert result.failed == 1
    assert "register its repositories one by one" in (await HarvestLog.get()).message


async def test_registering_a_bare_git_url_makes_it_an_account_the_harvest_reads(db: str) -> None:
    from catalogue.organisations.publishers import account_from_url
    from catalogue.software import services as registration
    from tests.catalogue.test_registration import developer_of

    organisation = await make_organisation("Planbureau")
    principal = await developer_of(organisation)
    await registration.register_software(
        principal=principal,
        organisation=organisation,
        values={"name": "rekenmodel", "repositories": ["https://git.example.nl/cpb/model.git"]},
    )
    [account] = await CodeHostAccount.filter(forge=ForgeKind.GIT)
    assert (account.base_url, account.name, account.is_group) == (
        "https://git.example.nl",
        "cpb/model",
        False,
    )
    assert account_from_url("https://git.example.nl/cpb/model").base_url == account.base_url
