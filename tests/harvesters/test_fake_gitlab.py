# SPDX-License-Identifier: EUPL-1.2
"""The fake GitLab speaks GitLab's REST API well enough for the real python-gitlab client.

These tests also pin down how python-gitlab itself behaves (paging, retries, the exceptions it
raises), because the GitLab harvester depends on that behaviour.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator

import gitlab
import httpx
import pytest
import requests
from gitlab import exceptions as gle

from tests.fakes.gitlab import API, FakeGitLab, Fault, ForkOrigin, License, ManualClock, serve

EUPL = License(key="eupl-1.2", name="European Union Public License 1.2")
PUBLICCODE = "publiccodeYmlVersion: '0.4'\nname: Zaaksysteem\nurl: https://example.nl/zs.git\n"


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(scope="module")
def server() -> Iterator[FakeGitLab]:
    with serve(FakeGitLab()) as served:
        yield served


@pytest.fixture
def fake(server: FakeGitLab, clock: ManualClock) -> FakeGitLab:
    server.reset(clock=clock)
    return server


@pytest.fixture
def gl(fake: FakeGitLab) -> Iterator[gitlab.Gitlab]:
    with gitlab.Gitlab(
        url=fake.base_url, private_token="t", retry_transient_errors=False, timeout=5
    ) as client:
        yield client


@pytest.fixture
def http(fake: FakeGitLab) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=fake.base_url + API, headers={"PRIVATE-TOKEN": "t"}) as client:
        yield client


def project_requests(fake: FakeGitLab) -> list[str]:
    return [r.path for r in fake.requests if "/projects" in r.path]


def test_lists_group_projects_with_subgroups_across_pages(
    fake: FakeGitLab, gl: gitlab.Gitlab
) -> None:
    for n in range(150):
        fake.add_project("commonground/core", f"app-{n:03}", topics=["zaken"], star_count=n)
    for n in range(80):
        fake.add_project("commonground/core/components", f"component-{n:02}")
    fake.add_project("commonground/elsewhere", "not-below-core")

    group = gl.groups.get("commonground/core")
    projects = list(group.projects.list(include_subgroups=True, per_page=100, iterator=True))

    assert len(projects) == 230
    assert len({p.id for p in projects}) == 230
    assert len(project_requests(fake)) == 3  # pages of 100, 100 and 30, followed by rel="next"
    app = next(p for p in projects if p.path == "app-007")
    assert app.path_with_namespace == "commonground/core/app-007"
    assert app.namespace["full_path"] == "commonground/core"
    assert (app.topics, app.star_count, app.archived, app.default_branch) == (
        ["zaken"],
        7,
        False,
        "main",
    )
    assert app.web_url == f"{fake.base_url}/commonground/core/app-007"
    assert app.http_url_to_repo == f"{fake.base_url}/commonground/core/app-007.git"


def test_get_all_fetches_every_page(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    for n in range(230):
        fake.add_project("commonground/core", f"app-{n:03}")

    projects = gl.groups.get("commonground/core").projects.list(per_page=100, get_all=True)

    assert sorted(p.path for p in projects) == [f"app-{n:03}" for n in range(230)]


def test_project_fields_are_mapped(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    upstream = fake.add_project("vng/upstream", "zaken-api")
    fork = fake.add_project(
        "commonground/core",
        "zaken-api",
        name="Zaken API",
        description="Zaken API fork",
        forked_from_project=upstream,
        forks_count=3,
        open_issues_count=5,
        archived=True,
        created_at="2019-02-03T04:05:06.000Z",
        last_activity_at="2024-06-07T08:09:10.000Z",
    )
    fake.add_project("commonground/core", "external-fork", forked_from_project=ForkOrigin(7, "a/b"))

    project = gl.projects.get(fork.id)
    other = gl.projects.get("commonground/core/external-fork")

    assert project.forked_from_project["id"] == upstream.id
    assert project.forked_from_project["path_with_namespace"] == "vng/upstream/zaken-api"
    assert other.forked_from_project["path_with_namespace"] == "a/b"
    assert (project.name, project.description, project.forks_count) == (
        "Zaken API",
        "Zaken API fork",
        3,
    )
    assert (project.open_issues_count, project.archived) == (5, True)
    assert project.last_activity_at == "2024-06-07T08:09:10.000Z"
    assert not hasattr(gl.projects.get(upstream.id), "forked_from_project")


def test_group_by_full_path_and_its_subgroups(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    core = fake.add_group("commonground/core", name="Core")
    fake.add_group("commonground/core/components")

    group = gl.groups.get("commonground/core")
    subgroups = group.subgroups.list(get_all=True)

    assert (group.id, group.full_path, group.name) == (core.id, "commonground/core", "Core")
    assert group.parent_id == fake.find_group("commonground").id
    assert gl.groups.get(core.id).full_path == "commonground/core"
    assert [g.full_path for g in subgroups] == ["commonground/core/components"]


def test_languages_and_publiccode(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    created = fake.add_project(
        "commonground/core",
        "zaaksysteem",
        languages={"Python": 80.5, "HTML": 19.5},
        publiccode_yml=PUBLICCODE,
    )
    bare = fake.add_project("commonground/core", "bare")

    project = gl.projects.get(created.id)

    assert project.languages() == {"Python": 80.5, "HTML": 19.5}
    assert project.files.raw("publiccode.yml", ref="main") == PUBLICCODE.encode()
    assert project.files.get("publiccode.yml", ref="main").decode() == PUBLICCODE.encode()
    with pytest.raises(gle.GitlabGetError) as missing:
        gl.projects.get(bare.id, lazy=True).files.raw("publiccode.yml", ref="main")
    assert missing.value.response_code == 404
    assert missing.value.error_message == "404 File Not Found"


def test_license_only_with_license_true(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    created = fake.add_project("commonground/core", "zaaksysteem", license=EUPL)

    with_licence = gl.projects.get(created.id, license=True)
    without = gl.projects.get(created.id)

    assert with_licence.license["key"] == "eupl-1.2"
    assert with_licence.license["name"] == "European Union Public License 1.2"
    assert not hasattr(without, "license")
    assert "license=True" in fake.requests[0].path  # GitLab reads True, true, 1, yes, ...


def test_moved_and_renamed_project_keeps_its_id(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    created = fake.add_project("commonground/core", "old-name")
    fake.move(created, "gemeente-x/apps")
    fake.rename(created, "new-name", name="New name")

    moved = gl.projects.get("gemeente-x/apps/new-name")
    via_old_path = gl.projects.get("commonground/core/old-name")

    assert moved.id == via_old_path.id == created.id
    assert via_old_path.path_with_namespace == "gemeente-x/apps/new-name"
    fake.remove(created)
    with pytest.raises(gle.GitlabGetError):
        gl.projects.get("commonground/core/old-name")


def test_not_found_is_a_get_error(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    with pytest.raises(gle.GitlabGetError) as project:
        gl.projects.get(999_999)
    with pytest.raises(gle.GitlabGetError) as group:
        gl.groups.get("nobody/here")

    assert (project.value.response_code, project.value.error_message) == (
        404,
        "404 Project Not Found",
    )
    assert group.value.error_message == "404 Group Not Found"


def test_unknown_route_answers_like_gitlab(http: httpx.Client) -> None:
    answer = http.get("/nothing/here")

    assert answer.status_code == 404
    assert answer.json() == {"error": "404 Not Found"}


def test_pagination_headers(fake: FakeGitLab, http: httpx.Client) -> None:
    group = fake.add_group("commonground/core")
    for n in range(45):
        fake.add_project("commonground/core", f"app-{n:02}")

    answer = http.get(f"/groups/{group.id}/projects", params={"per_page": 20, "page": 2})

    assert len(answer.json()) == 20
    headers = answer.headers
    assert (headers["X-Page"], headers["X-Per-Page"], headers["X-Total"]) == ("2", "20", "45")
    assert (headers["X-Next-Page"], headers["X-Prev-Page"], headers["X-Total-Pages"]) == (
        "3",
        "1",
        "3",
    )
    assert set(answer.links) == {"prev", "next", "first", "last"}
    assert answer.links["last"]["url"].endswith(f"/groups/{group.id}/projects?page=3&per_page=20")
    capped = http.get(f"/groups/{group.id}/projects", params={"per_page": 500})
    assert capped.headers["X-Per-Page"] == "100"
    assert capped.headers["X-Next-Page"] == ""


def test_etag_and_304(fake: FakeGitLab, http: httpx.Client) -> None:
    created = fake.add_project("commonground/core", "zaaksysteem")

    first = http.get(f"/projects/{created.id}")
    etag = first.headers["ETag"]
    again = http.get(f"/projects/{created.id}", headers={"If-None-Match": etag})
    created.star_count = 42
    changed = http.get(f"/projects/{created.id}", headers={"If-None-Match": etag})

    assert etag.startswith('W/"')
    assert (again.status_code, again.content) == (304, b"")
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag


def test_python_gitlab_surfaces_304_as_an_error(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    created = fake.add_project("commonground/core", "zaaksysteem")
    etag = gl.http_request("get", f"/projects/{created.id}").headers["ETag"]

    with pytest.raises(gle.GitlabGetError) as not_modified:
        gl.projects.get(created.id, extra_headers={"If-None-Match": etag})

    assert not_modified.value.response_code == 304
    assert fake.requests[-1].headers["if-none-match"] == etag


def test_rate_limit_headers_and_429(
    fake: FakeGitLab, http: httpx.Client, clock: ManualClock
) -> None:
    fake.rate_limit = 2

    first = http.get("/version")
    http.get("/version")
    limited = http.get("/version")
    retry_after = int(limited.headers["Retry-After"])
    clock.advance(retry_after)
    later = http.get("/version")

    assert first.headers["RateLimit-Limit"] == "2"
    assert first.headers["RateLimit-Observed"] == "1"
    assert first.headers["RateLimit-Remaining"] == "1"
    reset = int(first.headers["RateLimit-Reset"])
    assert limited.status_code == 429
    assert limited.headers["RateLimit-Remaining"] == "0"
    assert retry_after == reset - (clock.now - retry_after)
    assert later.status_code == 200
    assert int(later.headers["RateLimit-Reset"]) > reset


def test_429_raises_when_retries_are_off(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    created = fake.add_project("commonground/core", "zaaksysteem")
    fake.inject(Fault(status=429, retry_after=30), times=2)

    with pytest.raises(gle.GitlabGetError) as get:
        gl.projects.get(created.id, obey_rate_limit=False)
    with pytest.raises(gle.GitlabListError) as listing:
        gl.groups.get(created.group.id, lazy=True).projects.list(obey_rate_limit=False)

    assert (get.value.response_code, listing.value.response_code) == (429, 429)
    assert len(fake.requests) == 2


def test_python_gitlab_sleeps_retry_after_on_429(
    fake: FakeGitLab, gl: gitlab.Gitlab, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(gitlab.utils.time, "sleep", sleeps.append)
    created = fake.add_project("commonground/core", "zaaksysteem")
    fake.inject(Fault(status=429, retry_after=7), path=f"/projects/{created.id}")

    project = gl.projects.get(created.id)

    assert project.id == created.id
    assert sleeps == [7]
    assert len(fake.requests) == 2


def test_revoked_token_is_an_authentication_error(fake: FakeGitLab) -> None:
    created = fake.add_project("commonground/core", "zaaksysteem")
    fake.revoked_tokens = {"old-token", "old-oauth"}

    with gitlab.Gitlab(url=fake.base_url, private_token="old-token") as private:
        with pytest.raises(gle.GitlabAuthenticationError) as revoked:
            private.projects.get(created.id)
    with gitlab.Gitlab(url=fake.base_url, oauth_token="old-oauth") as oauth:
        with pytest.raises(gle.GitlabAuthenticationError):
            oauth.projects.get(created.id)

    assert revoked.value.response_code == 401
    assert fake.requests[0].headers["private-token"] == "old-token"
    assert fake.requests[1].headers["authorization"] == "Bearer old-oauth"


@pytest.mark.parametrize("status", [401, 403, 500, 502])
def test_injected_statuses(fake: FakeGitLab, gl: gitlab.Gitlab, status: int) -> None:
    created = fake.add_project("commonground/core", "zaaksysteem")
    fake.inject(Fault(status=status))

    expected = gle.GitlabAuthenticationError if status == 401 else gle.GitlabGetError
    with pytest.raises(expected) as error:
        gl.projects.get(created.id)

    assert error.value.response_code == status
    assert gl.projects.get(created.id).id == created.id  # the fault was used up


def test_transient_errors_are_retried_only_when_asked(
    fake: FakeGitLab, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(gitlab.utils.time, "sleep", sleeps.append)
    created = fake.add_project("commonground/core", "zaaksysteem")
    fake.inject(Fault(status=502), times=2)

    with gitlab.Gitlab(url=fake.base_url, retry_transient_errors=True) as retrying:
        assert retrying.projects.get(created.id).id == created.id

    assert sleeps == [0.1, 0.2]  # 0.1 * 2**n backoff between tries
    assert len(fake.requests) == 3


def test_retries_wait_for_the_rate_limit_reset_even_on_500(
    fake: FakeGitLab, clock: ManualClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    sleeps: list[float] = []
    monkeypatch.setattr(gitlab.utils.time, "sleep", sleeps.append)
    clock.now = time.time()  # python-gitlab compares RateLimit-Reset with the real clock
    created = fake.add_project("commonground/core", "zaaksysteem")
    fake.inject(Fault(status=500))

    with gitlab.Gitlab(url=fake.base_url, retry_transient_errors=True) as retrying:
        assert retrying.projects.get(created.id).id == created.id

    assert len(sleeps) == 1
    assert 0 <= sleeps[0] <= fake.rate_limit_period  # not the 0.1 s backoff


def test_failure_while_iterating_is_a_plain_http_error(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    group = fake.add_group("commonground/core")
    for n in range(30):
        fake.add_project("commonground/core", f"app-{n:02}")
    fake.inject(Fault(status=500), path="/groups/*/projects?page=2&*")

    listing = gl.groups.get(group.id, lazy=True).projects.list(per_page=10, iterator=True)
    with pytest.raises(gle.GitlabHttpError) as error:
        list(listing)

    assert not isinstance(error.value, gle.GitlabListError)
    assert error.value.response_code == 500


def test_malformed_body_is_a_parsing_error(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    created = fake.add_project("commonground/core", "zaaksysteem")
    fake.inject(Fault(malformed=True), times=2)

    with pytest.raises(gle.GitlabParsingError):
        gl.projects.get(created.id)
    with pytest.raises(gle.GitlabParsingError):
        gl.groups.get(created.group.id, lazy=True).projects.list(get_all=True)


def test_slow_answer_raises_requests_timeout(fake: FakeGitLab) -> None:
    created = fake.add_project("commonground/core", "zaaksysteem")
    fake.inject(Fault(delay=math.inf))  # let go, unanswered, when the next test resets the fake

    with gitlab.Gitlab(url=fake.base_url, timeout=0.05) as impatient:
        with pytest.raises(requests.exceptions.ReadTimeout):
            impatient.projects.get(created.id)


def test_hook_and_latency(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    created = fake.add_project("commonground/core", "zaaksysteem")
    fake.faults = lambda request: Fault(status=403) if "languages" in request.url.path else None
    fake.latency = 0.05
    waited: list[float] = []

    async def pause(seconds: float) -> None:
        waited.append(seconds)

    fake.pause = pause

    gl.projects.get(created.id)
    with pytest.raises(gle.GitlabGetError) as forbidden:
        gl.projects.get(created.id, lazy=True).languages()

    assert waited == [0.05, 0.05]  # each answer waits the latency first
    assert forbidden.value.response_code == 403


def test_requests_are_recorded(fake: FakeGitLab, gl: gitlab.Gitlab) -> None:
    created = fake.add_project("commonground/core", "zaaksysteem", publiccode_yml=PUBLICCODE)

    project = gl.projects.get("commonground/core/zaaksysteem")
    project.languages()
    project.files.raw("publiccode.yml", ref="main")

    assert [(r.method, r.path) for r in fake.requests] == [
        ("GET", f"{API}/projects/commonground%2Fcore%2Fzaaksysteem"),
        ("GET", f"{API}/projects/{created.id}/languages"),
        ("GET", f"{API}/projects/{created.id}/repository/files/publiccode.yml/raw?ref=main"),
    ]
    assert all(r.headers["private-token"] == "t" for r in fake.requests)
