# SPDX-License-Identifier: EUPL-1.2
"""The fake GitHub answers the real PyGithub client the way GitHub does.

These tests also pin down PyGithub's own behaviour that a harvester relies on: how it pages,
which exception it raises for which answer, and when its retries sleep.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from github import Auth, Github, GithubRetry
from github.GithubException import (
    BadCredentialsException,
    GithubException,
    RateLimitExceededExceedsMaxWait,
    RateLimitExceededException,
    UnknownObjectException,
)

from tests.fakes.github import EPOCH, FakeGitHub, FakeRepo, Fault, queue, serve

TOKEN = "test-token"
PUBLICCODE = (
    "publiccodeYmlVersion: '0.4'\nname: Woo-index\nurl: https://github.com/minbzk/woo-index\n"
)


class Clock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1_700_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture(scope="module")
def served() -> Iterator[FakeGitHub]:
    with serve(FakeGitHub()) as github:
        yield github


@pytest.fixture
def fake(served: FakeGitHub, clock: Clock) -> FakeGitHub:
    served.reset(clock=clock)
    github = served
    woo_index = FakeRepo(
        name="woo-index",
        description="Index van Woo-besluiten",
        homepage="https://minbzk.nl",
        topics=["woo", "overheid"],
        language="Python",
        languages={"Python": 12345, "HTML": 678},
        stars=42,
        forks=3,
        open_issues=5,
        licence="EUPL-1.2",
        publiccode_yml=PUBLICCODE,
    )
    github.add_organisation("minbzk", [woo_index, FakeRepo(name="oud", archived=True)])
    github.add_user("piet", [FakeRepo(name="woo-index", fork=True, parent="minbzk/woo-index")])
    return github


@pytest.fixture
def connect(fake: FakeGitHub) -> Iterator[Callable[..., Github]]:
    """Make PyGithub clients for the fake: no retries and no pause between requests."""
    clients: list[Github] = []

    def make(**options: Any) -> Github:
        settings: dict[str, Any] = {
            "auth": Auth.Token(TOKEN),
            "per_page": 100,
            "retry": None,
            "seconds_between_requests": None,  # PyGithub pauses 0.25 s between requests
        }
        client = Github(base_url=fake.base_url, **(settings | options))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def gh(connect: Callable[..., Github]) -> Github:
    return connect()


@pytest.fixture
def http(fake: FakeGitHub) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"token {TOKEN}"}
    with httpx.Client(base_url=fake.base_url, headers=headers) as client:
        yield client


def many_repos(count: int) -> list[FakeRepo]:
    return [
        FakeRepo(
            name=f"repo-{i:03}",
            description=f"Repository {i}",
            topics=["overheid"],
            licence="EUPL-1.2" if i % 2 else "MIT",
            stars=i,
            created_at=EPOCH + timedelta(days=i),
        )
        for i in range(count)
    ]


def test_lists_every_repository_of_an_organisation_across_pages(
    fake: FakeGitHub, gh: Github
) -> None:
    fake.add_organisation("rijksoverheid", many_repos(250))

    repos = list(gh.get_organization("rijksoverheid").get_repos())

    assert sorted(r.name for r in repos) == [f"repo-{i:03}" for i in range(250)]
    # GitHub lists an organisation's repositories newest first.
    newest = repos[0]
    assert (newest.name, newest.description, newest.topics) == (
        "repo-249",
        "Repository 249",
        ["overheid"],
    )
    assert (newest.stargazers_count, newest.archived, newest.fork) == (249, False, False)
    assert (newest.license.spdx_id, repos[1].license.spdx_id) == ("EUPL-1.2", "MIT")
    # Reading listed fields costs no further requests: one for the organisation, one per page.
    assert [r.path for r in fake.requests] == [
        "/orgs/rijksoverheid",
        "/orgs/rijksoverheid/repos?per_page=100",
        "/orgs/rijksoverheid/repos?page=2&per_page=100",
        "/orgs/rijksoverheid/repos?page=3&per_page=100",
    ]


def test_maps_the_fields_of_a_listed_repository(fake: FakeGitHub, gh: Github) -> None:
    repos = {r.name: r for r in gh.get_organization("minbzk").get_repos()}

    woo = repos["woo-index"]
    assert (woo.id, woo.full_name, woo.owner.login) == (
        fake.repo("minbzk/woo-index").id,  # type: ignore[union-attr]
        "minbzk/woo-index",
        "minbzk",
    )
    assert woo.description == "Index van Woo-besluiten"
    assert woo.homepage == "https://minbzk.nl"
    assert woo.html_url == "https://github.com/minbzk/woo-index"
    assert woo.topics == ["woo", "overheid"]
    assert woo.language == "Python"
    assert (woo.stargazers_count, woo.forks_count, woo.open_issues_count) == (42, 3, 5)
    assert (woo.license.key, woo.license.name, woo.license.spdx_id) == (
        "eupl-1.2",
        "European Union Public License 1.2",
        "EUPL-1.2",
    )
    assert woo.default_branch == "main"
    assert woo.pushed_at == datetime(2024, 1, 1, tzinfo=UTC)
    assert (woo.archived, woo.fork) == (False, False)
    assert repos["oud"].archived is True
    assert repos["oud"].license is None


def test_a_fork_names_its_parent_only_when_fetched_on_its_own(fake: FakeGitHub, gh: Github) -> None:
    [fork] = gh.get_user("piet").get_repos()
    listed = len(fake.requests)

    assert fork.fork is True
    assert fork.parent.full_name == "minbzk/woo-index"
    # A listed repository lacks "parent", so asking for it costs PyGithub a request.
    assert [r.path for r in fake.requests[listed:]] == ["/repos/piet/woo-index"]
    assert gh.get_repo("piet/woo-index").source.full_name == "minbzk/woo-index"


def test_lists_the_repositories_of_a_user(fake: FakeGitHub, gh: Github) -> None:
    user = gh.get_user("piet")

    assert user.type == "User"
    assert [r.full_name for r in user.get_repos()] == ["piet/woo-index"]
    assert [r.path for r in fake.requests] == ["/users/piet", "/users/piet/repos?per_page=100"]


def test_fetches_languages_topics_licence_and_publiccode(gh: Github) -> None:
    repo = gh.get_repo("minbzk/woo-index")

    # PyGithub adds the request's URL to any JSON object it GETs, so a harvester must drop it.
    assert repo.get_languages() == {
        "Python": 12345,
        "HTML": 678,
        "url": f"{repo.url}/languages",
    }
    assert repo.get_topics() == ["woo", "overheid"]
    assert repo.get_license().license.spdx_id == "EUPL-1.2"
    publiccode = repo.get_contents("publiccode.yml")
    assert not isinstance(publiccode, list)
    assert publiccode.decoded_content.decode() == PUBLICCODE
    with pytest.raises(UnknownObjectException):
        gh.get_repo("minbzk/oud").get_contents("publiccode.yml")
    with pytest.raises(UnknownObjectException):
        gh.get_repo("minbzk/oud").get_license()


def test_pygithub_follows_a_rename_to_the_same_repository(
    fake: FakeGitHub, gh: Github, http: httpx.Client
) -> None:
    moved = fake.rename("minbzk/woo-index", "piet/woo-register")

    repo = gh.get_repo("minbzk/woo-index")

    assert (repo.id, repo.full_name) == (moved.id, "piet/woo-register")
    assert [r.path for r in fake.requests] == [
        "/repos/minbzk/woo-index",
        f"/repositories/{moved.id}",
    ]
    answer = http.get("/repos/minbzk/woo-index")
    location = f"{fake.base_url}/repositories/{moved.id}"
    assert (answer.status_code, answer.headers["location"]) == (301, location)
    assert answer.json()["message"] == "Moved Permanently"
    assert answer.json()["url"] == location


def test_a_removed_repository_is_unknown(fake: FakeGitHub, gh: Github) -> None:
    fake.remove("minbzk/woo-index")

    with pytest.raises(UnknownObjectException) as raised:
        gh.get_repo("minbzk/woo-index")
    assert raised.value.status == 404


def test_unknown_things_answer_github_s_404(gh: Github, http: httpx.Client) -> None:
    with pytest.raises(UnknownObjectException):
        gh.get_organization("bestaat-niet")
    answer = http.get("/gists/public")
    assert answer.status_code == 404
    assert answer.json()["message"] == "Not Found"
    assert "documentation_url" in answer.json()


def test_a_link_header_pages_like_github(fake: FakeGitHub, http: httpx.Client) -> None:
    fake.add_organisation("rijksoverheid", many_repos(250))
    url = f"{fake.base_url}/orgs/rijksoverheid/repos"

    middle = http.get("/orgs/rijksoverheid/repos", params={"per_page": 100, "page": 2})
    last = http.get("/orgs/rijksoverheid/repos", params={"per_page": 100, "page": 3})

    assert middle.links["next"]["url"] == f"{url}?per_page=100&page=3"
    assert middle.links["last"]["url"] == f"{url}?per_page=100&page=3"
    assert middle.links["first"]["url"] == f"{url}?per_page=100&page=1"
    assert middle.links["prev"]["url"] == f"{url}?per_page=100&page=1"
    assert set(last.links) == {"first", "prev"}
    assert len(last.json()) == 50
    assert len(http.get("/orgs/rijksoverheid/repos").json()) == 30
    assert len(http.get("/orgs/rijksoverheid/repos?per_page=500").json()) == 100


def test_a_matching_etag_gets_304_without_using_rate_limit(http: httpx.Client) -> None:
    first = http.get("/repos/minbzk/woo-index")
    etag = first.headers["etag"]

    again = http.get("/repos/minbzk/woo-index", headers={"If-None-Match": etag})
    since = http.get(
        "/repos/minbzk/woo-index", headers={"If-Modified-Since": first.headers["last-modified"]}
    )

    assert etag.startswith('"') and etag.endswith('"')
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)
    assert since.status_code == 304
    assert again.headers["x-ratelimit-remaining"] == first.headers["x-ratelimit-remaining"]
    other = http.get("/repos/minbzk/oud", headers={"If-None-Match": etag})
    assert other.status_code == 200


def test_pygithub_sends_conditional_requests_only_on_update(fake: FakeGitHub, gh: Github) -> None:
    repo = gh.get_repo("minbzk/woo-index")

    assert repo.update() is False
    assert fake.requests[-1].headers["if-none-match"] == repo.etag
    fake.repo("minbzk/woo-index").stars = 43  # type: ignore[union-attr]
    assert repo.update() is True
    assert repo.stargazers_count == 43
    assert "if-none-match" not in fake.requests[0].headers


def test_rate_limit_headers_count_down(clock: Clock, http: httpx.Client) -> None:
    first = http.get("/orgs/minbzk").headers
    second = http.get("/orgs/minbzk").headers

    assert first["x-ratelimit-limit"] == "5000"
    assert (first["x-ratelimit-remaining"], second["x-ratelimit-remaining"]) == ("4999", "4998")
    assert (first["x-ratelimit-used"], second["x-ratelimit-used"]) == ("1", "2")
    assert first["x-ratelimit-reset"] == str(int(clock.now + 3600))
    assert first["x-ratelimit-resource"] == "core"


def test_an_exhausted_rate_limit_raises_until_it_resets(
    clock: Clock, fake: FakeGitHub, gh: Github
) -> None:
    fake.rate_limit = 2
    gh.get_organization("minbzk")
    gh.get_repo("minbzk/woo-index")

    with pytest.raises(RateLimitExceededException) as raised:
        gh.get_repo("minbzk/oud")
    assert raised.value.status == 403
    assert gh.rate_limiting == (0, 2)
    assert gh.rate_limiting_resettime == int(clock.now + 3600)
    assert gh.get_rate_limit().rate.remaining == 0  # /rate_limit answers even now
    clock.now += 3600
    assert gh.get_repo("minbzk/oud").archived is True


def test_github_retry_can_refuse_to_wait_for_the_reset(
    clock: Clock, fake: FakeGitHub, connect: Callable[..., Github]
) -> None:
    # GithubRetry measures the wait against the real time, so the fake's clock must be real here.
    clock.now = time.time()
    fake.rate_reset, fake.rate_used = clock.now + 3600, fake.rate_limit
    client = connect(retry=GithubRetry(max_rate_limit_wait=60))

    with pytest.raises(RateLimitExceededExceedsMaxWait):
        client.get_repo("minbzk/oud")
    assert len(fake.requests) == 1


def test_a_revoked_token_is_refused(fake: FakeGitHub, gh: Github) -> None:
    fake.revoked_tokens.add(TOKEN)

    with pytest.raises(BadCredentialsException) as raised:
        gh.get_organization("minbzk")
    assert raised.value.status == 401


@pytest.mark.parametrize("status", [500, 502, 503])
def test_server_errors_raise_github_exception(fake: FakeGitHub, gh: Github, status: int) -> None:
    fake.faults = queue("^/repos/", Fault.error(status))

    with pytest.raises(GithubException) as raised:
        gh.get_repo("minbzk/woo-index")
    assert raised.value.status == status
    assert gh.get_repo("minbzk/woo-index").name == "woo-index"  # the queue is used up


def test_a_503_page_in_html_reaches_pygithub_as_data(fake: FakeGitHub, gh: Github) -> None:
    fake.faults = queue("", Fault.error(503))

    with pytest.raises(GithubException) as raised:
        gh.get_organization("minbzk")
    assert "503 Service Unavailable" in raised.value.data["data"]


def test_injected_401_and_404(fake: FakeGitHub, gh: Github) -> None:
    fake.faults = queue("^/orgs/", Fault.error(401), Fault.error(404))

    with pytest.raises(BadCredentialsException):
        gh.get_organization("minbzk")
    with pytest.raises(UnknownObjectException):
        gh.get_organization("minbzk")


def test_a_truncated_body_raises_a_json_error(fake: FakeGitHub, gh: Github) -> None:
    fake.faults = queue("/repos$", Fault.malformed_body())

    # PyGithub does not wrap this in a GithubException: it lets json's error through.
    with pytest.raises(json.JSONDecodeError):
        list(gh.get_organization("minbzk").get_repos())


@pytest.mark.parametrize(
    ("status", "exception"),
    [(403, RateLimitExceededException), (429, GithubException)],
)
def test_a_secondary_rate_limit_carries_retry_after(
    fake: FakeGitHub, gh: Github, status: int, exception: type[GithubException]
) -> None:
    fake.faults = queue("", Fault.secondary_rate_limit(retry_after=30, status=status))

    with pytest.raises(exception) as raised:
        gh.get_organization("minbzk")
    # PyGithub only recognises the 403 as a rate limit; the 429 is a plain GithubException.
    assert type(raised.value) is exception
    assert raised.value.status == status
    assert raised.value.headers["retry-after"] == "30"


def test_github_retry_repeats_server_errors_without_sleeping(
    fake: FakeGitHub, connect: Callable[..., Github], monkeypatch: pytest.MonkeyPatch
) -> None:
    fake.faults = queue("^/repos/", Fault.error(502), Fault.error(500))
    client = connect(retry=GithubRetry(total=3))
    sleeps: list[float] = []
    monkeypatch.setattr(time, "sleep", sleeps.append)

    assert client.get_repo("minbzk/woo-index").name == "woo-index"
    assert sleeps == []
    assert [r.path for r in fake.requests] == ["/repos/minbzk/woo-index"] * 3


def test_latency_and_slow_answers(fake: FakeGitHub, http: httpx.Client) -> None:
    fake.latency = 0.05
    fake.faults = queue("^/orgs/", Fault.slow(0.1))
    waited: list[float] = []

    async def pause(seconds: float) -> None:
        waited.append(seconds)

    fake.pause = pause

    http.get("/orgs/minbzk")
    http.get("/orgs/minbzk")

    slow, normal = waited
    assert slow == pytest.approx(0.15)
    assert normal == pytest.approx(0.05)


def test_a_hanging_answer_never_comes(fake: FakeGitHub, http: httpx.Client) -> None:
    fake.faults = queue("^/orgs/", Fault.hang())

    with pytest.raises(httpx.ReadTimeout):
        http.get("/orgs/minbzk", timeout=0.05)
    assert http.get("/orgs/minbzk").status_code == 200  # the next one is answered


def test_records_every_request(fake: FakeGitHub, gh: Github) -> None:
    gh.get_repo("minbzk/woo-index").get_languages()

    assert [(r.method, r.path) for r in fake.requests] == [
        ("GET", "/repos/minbzk/woo-index"),
        ("GET", "/repos/minbzk/woo-index/languages"),
    ]
    assert fake.requests[0].headers["authorization"] == f"token {TOKEN}"
    assert fake.requests[0].headers["user-agent"] == "PyGithub/Python"
