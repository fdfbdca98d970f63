# SPDX-License-Identifier: EUPL-1.2
"""Federation in: another catalogue served on a loopback port, read with the real HTTP client,
written into the test database; its failures, its repeat runs, and two instances end to end."""

from __future__ import annotations

import asyncio
import copy
import json
import sqlite3
import threading
from collections.abc import Awaitable, Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from click.testing import CliRunner
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from catalogue.audit.actions import Action
from catalogue.audit.events import verify_chain
from catalogue.audit.models import AuditEvent
from catalogue.cli import main
from catalogue.federation.fetching import Limits
from catalogue.federation.models import FederatedEntry
from catalogue.federation.reading import Format
from catalogue.federation.services import FederationError, federate
from catalogue.organisations.kinds import RecordSource
from catalogue.organisations.models import Organisation
from catalogue.permissions.rules import Principal
from catalogue.software import search
from catalogue.software import services as registration
from catalogue.software.models import ReleaseStatus, Repository, Software
from tests.conftest import empty_tables
from tests.factories import make_organisation, make_software
from tests.fakes.server import free_port, serving

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(days=1)
TOOI = "https://identifier.overheid.nl/tooi/id/gemeente/gm0344"
Handler = Callable[[Request], Awaitable[Response]]


class FakeCatalogue:
    """Another catalogue: answers per path, set by each test; every request is kept."""

    def __init__(self) -> None:
        self.answers: dict[str, Handler] = {}
        self.requests: list[httpx.URL] = []
        self.base_url = ""

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        request = Request(scope, receive)
        self.requests.append(httpx.URL(str(request.url)))
        handler = self.answers.get(request.url.path)
        response = await handler(request) if handler else Response("not here", status_code=404)
        await response(scope, receive, send)

    def serve_json(self, path: str, document: Any) -> str:
        async def answer(request: Request) -> Response:
            return JSONResponse(copy.deepcopy(document))

        self.answers[path] = answer
        return self.base_url + path

    def serve(self, path: str, handler: Handler) -> str:
        self.answers[path] = handler
        return self.base_url + path


CLOSING = threading.Event()  # set when the fake catalogue closes: what hangs, answers then


@pytest.fixture(scope="module")
def served() -> Iterator[FakeCatalogue]:
    fake, port = FakeCatalogue(), free_port()
    fake.base_url = f"http://127.0.0.1:{port}"
    CLOSING.clear()
    with serving(fake, port):
        try:
            yield fake
        finally:
            CLOSING.set()


@pytest.fixture
def remote(served: FakeCatalogue) -> FakeCatalogue:
    served.answers.clear()
    served.requests.clear()
    return served


def export(*entries: dict[str, Any], name: str = "Andere catalogus") -> dict[str, Any]:
    return {
        "format": "opentenzij-export/1",
        "catalogue": {"name": name, "url": "https://elders.example/", "generated_at": "x"},
        "software": list(entries),
    }


def entry(remote_id: str, name: str, **changes: Any) -> dict[str, Any]:
    """An export entry, by default of an organisation known by its TOOI URI, with one repo."""
    value: dict[str, Any] = {
        "id": remote_id,
        "url": f"https://elders.example/software/{remote_id}",
        "name": name,
        "description": {"nl": f"{name} voor de gemeente", "en": ""},
        "organisation": {
            "slug": "gemeente-utrecht",
            "name": "Gemeente Utrecht",
            "kind": "gemeente",
            "tooi_uri": TOOI,
            "oin": None,
            "website": None,
        },
        "release_status": "open",
        "licence": "eupl-1.2",
        "development_status": "stable",
        "maintenance_type": "internal",
        "homepage": f"https://elders.example/{name}",
        "software_type": "standalone/web",
        "categories": ["it-development"],
        "platforms": ["web"],
        "publiccode_yml": None,
        "repositories": [
            {
                "url": f"https://github.com/elders/{name}",
                "forge": "github",
                "full_name": f"elders/{name}",
                "description": f"{name} repository",
                "topics": ["gemeente"],
                "languages": ["Python", "HTML"],
                "archived": False,
                "last_activity_at": "2026-02-01T10:00:00Z",
            }
        ],
        "decision": None,
        "provenance": None,
        "created_at": "2025-01-01T00:00:00Z",
        "updated_at": "2026-02-01T10:00:00Z",
    }
    value.update(changes)
    return value


async def counts() -> tuple[int, ...]:
    return (
        await Software.all().count(),
        await FederatedEntry.all().count(),
        await Organisation.all().count(),
        await Repository.all().count(),
        await AuditEvent.all().count(),
    )


async def test_an_export_is_imported_with_its_provenance(db: str, remote: FakeCatalogue) -> None:
    utrecht = await make_organisation("Gemeente Utrecht")
    await Organisation.filter(id=utrecht.pk).update(tooi_uri=TOOI)
    stranger = entry("8", "kaartviewer")
    stranger["organisation"] = {
        "slug": "waterschap-x",
        "name": "Waterschap X",
        "kind": "waterschap",
        "tooi_uri": "https://identifier.overheid.nl/tooi/id/waterschap/ws0155",
    }
    url = remote.serve_json(
        "/api/v1/export/catalogue.json", export(entry("7", "signalen"), stranger)
    )

    report = await federate(url, trust_organisations=True, now=NOW)

    assert (report.created, report.errors, report.skipped) == (["7", "8"], [], [])
    assert report.format is Format.OPENTENZIJ and report.catalogue_name == "Andere catalogus"
    provenance = await FederatedEntry.get(remote_id="7").prefetch_related("software")
    assert provenance.catalogue_url == url
    assert provenance.catalogue_name == "Andere catalogus"
    assert provenance.remote_url == "https://elders.example/software/7"
    assert provenance.remote_updated_at == datetime(2026, 2, 1, 10, tzinfo=UTC)
    assert provenance.imported_at == NOW and provenance.first_imported_at is not None
    software = provenance.software
    assert software.source is RecordSource.FEDERATION
    assert software.organisation_id == utrecht.pk  # type: ignore[attr-defined]  # by TOOI URI
    assert software.licence == "EUPL-1.2" and software.release_status is ReleaseStatus.OPEN
    assert software.description_nl == "signalen voor de gemeente"
    assert software.homepage == "https://elders.example/signalen"
    assert (software.categories, software.platforms) == (["it-development"], ["web"])
    assert software.edited_fields == []  # nothing a person set: later runs may update it all
    assert {"name", "licence", "homepage", "categories"} <= set(software.harvested_fields)
    repository = await Repository.get(software=software)
    assert repository.url == "https://github.com/elders/signalen"
    assert repository.source is RecordSource.FEDERATION and repository.topics == ["gemeente"]
    languages = repository.languages.all().order_by("position").values_list("name", flat=True)
    assert await languages == ["Python", "HTML"]
    assert repository.last_activity_at == datetime(2026, 2, 1, 10, tzinfo=UTC)
    waterschap = await Organisation.get(name="Waterschap X")
    assert waterschap.source is RecordSource.FEDERATION and waterschap.kind == "waterschap"
    assert waterschap.tooi_uri == stranger["organisation"]["tooi_uri"]  # trusted: kept
    untouched = await Organisation.get(id=utrecht.pk)
    assert (untouched.name, untouched.source) == (utrecht.name, utrecht.source)
    actors = set(
        await AuditEvent.filter(actor__startswith="federation:").values_list("actor", flat=True)
    )
    assert actors == {"federation:127.0.0.1"}
    assert await AuditEvent.filter(action=Action.SOFTWARE_FEDERATE).count() == 2
    assert (await verify_chain()).broken_at is None


async def test_a_second_run_adds_nothing_and_a_changed_entry_is_updated(
    db: str, remote: FakeCatalogue
) -> None:
    document = export(entry("1", "signalen"), entry("2", "zaken"))
    url = remote.serve_json("/export.json", document)
    await federate(url, now=NOW)
    before = await counts()

    again = await federate(url, now=LATER)

    assert (again.created, again.updated, again.unchanged) == ([], [], ["1", "2"])
    assert await counts() == before  # not one row, not one audit event
    first = await FederatedEntry.get(remote_id="1")
    assert first.imported_at == LATER

    changed = entry(
        "1",
        "signalen",
        release_status="withheld",
        licence="MIT",
        description={"nl": "Meldingen openbare ruimte", "en": "Reports"},
        updated_at="2026-02-20T08:00:00Z",
    )
    changed["repositories"][0]["topics"] = ["meldingen"]
    changed["repositories"].append({"url": "https://gitlab.com/elders/signalen-app"})
    remote.serve_json("/export.json", export(changed, entry("2", "zaken")))

    third = await federate(url, now=LATER + timedelta(hours=1))

    assert (third.updated, third.unchanged) == (["1"], ["2"])
    software = await Software.get(federation__remote_id="1")
    assert (software.release_status, software.licence) == (ReleaseStatus.WITHHELD, "MIT")
    assert (software.description_nl, software.description_en) == (
        "Meldingen openbare ruimte",
        "Reports",
    )
    urls = await Repository.filter(software=software).order_by("url").values_list("url", "topics")
    assert urls == [
        ("https://github.com/elders/signalen", ["meldingen"]),
        ("https://gitlab.com/elders/signalen-app", []),
    ]
    provenance = await FederatedEntry.get(remote_id="1")
    assert provenance.remote_updated_at == datetime(2026, 2, 20, 8, tzinfo=UTC)
    assert provenance.first_imported_at == first.first_imported_at
    assert provenance.imported_at == LATER + timedelta(hours=1)
    assert await Software.all().count() == 2
    assert (await verify_chain()).broken_at is None


async def test_local_entries_are_never_written(db: str, remote: FakeCatalogue) -> None:
    utrecht = await make_organisation("Gemeente Utrecht", account="elders")
    await Organisation.filter(id=utrecht.pk).update(tooi_uri=TOOI)
    local = await make_software(
        utrecht, "signalen", licence="MPL-2.0"
    )  # github.com/elders/signalen-0
    closed = await make_software(utrecht, "Fraudescore", repositories=0, licence=None)
    same_code = entry("1", "signalen-remote")
    same_code["repositories"][0]["url"] = "HTTPS://www.github.com/elders/SIGNALEN-0.git/"
    same_name = entry("2", "fraudescore", repositories=[], release_status="withheld")
    url = remote.serve_json("/export.json", export(same_code, same_name))
    rows_before = await Software.filter(id__in=[local.pk, closed.pk]).order_by("id").values()

    report = await federate(url, trust_organisations=True, now=NOW)  # so Utrecht's names meet

    assert report.created == []
    assert report.skipped == [
        "id 1: already catalogued here: https://github.com/elders/signalen-0 "
        f"(software {local.pk})",
        f"id 2: already catalogued here: 'fraudescore' of Gemeente Utrecht ({closed.pk})",
    ]
    assert (
        await Software.filter(id__in=[local.pk, closed.pk]).order_by("id").values() == rows_before
    )
    assert await FederatedEntry.all().count() == 0
    assert not await AuditEvent.filter(actor__startswith="federation:").exists()


OIN = "00000001001234567000"


@pytest.mark.parametrize("identifier", ["tooi_uri", "oin"])
async def test_an_export_joins_a_local_body_only_when_its_organisations_are_trusted(
    db: str, remote: FakeCatalogue, identifier: str
) -> None:
    utrecht = await make_organisation("Gemeente Utrecht")
    await Organisation.filter(id=utrecht.pk).update(
        **{identifier: TOOI if identifier == "tooi_uri" else OIN}
    )
    own = await make_software(utrecht, "eigen")
    claiming = {
        "slug": "utrecht",
        "name": "Gemeente Utrecht",
        "kind": "gemeente",
        identifier: TOOI if identifier == "tooi_uri" else OIN,
    }
    if identifier == "oin":
        claiming["tooi_uri"] = None
    url = remote.serve_json("/export.json", export(entry("1", "signalen", organisation=claiming)))

    untrusted = await federate(url, now=NOW)
    again = await federate(url, now=LATER)

    assert (untrusted.created, untrusted.trusted, again.unchanged) == (["1"], False, ["1"])
    assert await Software.filter(organisation=utrecht).values_list("id", flat=True) == [own.pk]
    signalen = await Software.get(federation__remote_id="1").prefetch_related("organisation")
    claim = signalen.organisation
    assert claim.name == "Gemeente Utrecht (volgens 127.0.0.1)"
    assert (claim.source, claim.kind, claim.tooi_uri, claim.oin, claim.website) == (
        RecordSource.FEDERATION,
        "other",
        None,
        None,
        None,
    )
    created = await AuditEvent.get(action=Action.ORGANISATION_CREATE, target_id=str(claim.pk))
    assert created.after["trusted"] is False
    assert created.after["claimed"][identifier] == claiming[identifier]
    assert await Organisation.all().count() == 2  # the repeat run found the same claim

    remote.serve_json(
        "/export.json",
        export(
            entry("1", "signalen", organisation=claiming),
            entry("2", "zaken", organisation=claiming),
        ),
    )
    trusted = await federate(url, trust_organisations=True, now=LATER)

    assert (trusted.created, trusted.unchanged, trusted.trusted) == (["2"], ["1"], True)
    zaken = await Software.get(federation__remote_id="2")
    assert zaken.organisation_id == utrecht.pk  # type: ignore[attr-defined]
    settled = await Software.get(id=signalen.pk)
    assert settled.organisation_id == claim.pk  # type: ignore[attr-defined]  # at its import
    untouched = await Organisation.get(id=utrecht.pk)
    assert (untouched.name, untouched.source) == (utrecht.name, utrecht.source)
    assert await Organisation.all().count() == 2
    event = await AuditEvent.get(action=Action.SOFTWARE_FEDERATE, target_id=str(zaken.pk))
    assert event.after["owner"] == {"organisation": utrecht.pk, "trusted": True}
    assert (await verify_chain()).broken_at is None


async def test_two_untrusted_catalogues_claiming_one_body_stay_apart(
    db: str, remote: FakeCatalogue
) -> None:
    one = remote.serve_json("/one.json", export(entry("1", "signalen")))
    two = remote.serve_json("/two.json", export(entry("1", "zaken")))

    await federate(one, now=NOW)
    await federate(two, now=NOW)

    owners = await Software.all().order_by("name").values_list("organisation__name", flat=True)
    assert owners == ["Gemeente Utrecht (volgens 127.0.0.1)"] * 2
    assert len(set(await Software.all().values_list("organisation_id", flat=True))) == 2
    assert not await Organisation.filter(tooi_uri=TOOI).exists()


async def test_entries_federated_at_their_source_are_not_imported_again(
    db: str, remote: FakeCatalogue
) -> None:
    relayed = entry(
        "5",
        "opsporing",
        provenance={"catalogue_url": "https://derde.example/export.json", "remote_id": "99"},
    )
    url = remote.serve_json("/export.json", export(relayed, entry("6", "eigen")))

    report = await federate(url, now=NOW)

    assert report.created == ["6"]
    assert report.skipped == [
        "id 5: federated there from https://derde.example/export.json; federate from its "
        "source instead"
    ]


async def test_another_catalogue_may_not_import_what_one_imported(
    db: str, remote: FakeCatalogue
) -> None:
    first = remote.serve_json("/one.json", export(entry("1", "signalen")))
    second = remote.serve_json("/two.json", export(entry("9", "signalen")))
    await federate(first, now=NOW)

    report = await federate(second, now=NOW)

    assert report.skipped == [
        f"id 9: already imported here from {first}: https://github.com/elders/signalen"
    ]


async def test_a_persons_edit_of_a_federated_entry_stays(db: str, remote: FakeCatalogue) -> None:
    url = remote.serve_json("/export.json", export(entry("1", "signalen")))
    await federate(url, now=NOW)
    software = await Software.get(federation__remote_id="1")
    admin = Principal(user_id=1, is_site_admin=True)
    await registration.update_software(
        principal=admin, software=software, values={"name": "Signalen (Utrecht)"}
    )
    remote.serve_json(
        "/export.json", export(entry("1", "signalen", description={"nl": "Nieuw", "en": ""}))
    )

    report = await federate(url, now=LATER)

    assert report.updated == ["1"]
    software = await Software.get(id=software.pk)
    assert (software.name, software.description_nl) == ("Signalen (Utrecht)", "Nieuw")


async def test_federated_entries_are_searchable_and_their_updates_too(
    db: str, remote: FakeCatalogue
) -> None:
    url = remote.serve_json("/export.json", export(entry("1", "signalen")))
    await federate(url, now=NOW)
    assert await search.find("signalen") == [(await Software.get(name="signalen")).pk]
    remote.serve_json(
        "/export.json",
        export(entry("1", "signalen", description={"nl": "Meldingen openbare ruimte", "en": ""})),
    )
    await federate(url, now=LATER)
    assert len(await search.find('"openbare ruimte"')) == 1


async def test_a_decision_in_force_here_keeps_its_release_status(
    db: str, remote: FakeCatalogue
) -> None:
    from wooexemptions import services as decisions
    from wooexemptions.content import parse
    from wooexemptions.examples import example_data
    from wooexemptions.models import Decision
    from wooexemptions.states import DecisionState

    url = remote.serve_json("/export.json", export(entry("1", "signalen")))
    await federate(url, now=NOW)
    software = await Software.get(federation__remote_id="1")
    example = next(e for e in example_data()["examples"] if e["decision"]["outcome"] == "withheld")
    content = parse(example["decision"])
    await Decision.create(
        software=software,
        organisation_id=software.organisation_id,  # type: ignore[attr-defined]
        version=1,
        state=DecisionState.PUBLISHED,
        published_on=content.decided_on,
        **decisions.stored_fields(content),
    )
    await decisions.follow_release_status(software.pk)
    remote.serve_json("/export.json", export(entry("1", "signalen", release_status="partly_open")))

    await federate(url, now=LATER)

    assert (await Software.get(id=software.pk)).release_status is ReleaseStatus.WITHHELD


async def test_an_entry_gone_there_is_archived_and_restored_when_it_returns(
    db: str, remote: FakeCatalogue
) -> None:
    both = export(entry("1", "signalen"), entry("2", "zaken"))
    url = remote.serve_json("/export.json", both)
    await federate(url, now=NOW)
    remote.serve_json("/export.json", export(entry("1", "signalen")))

    gone = await federate(url, now=LATER)

    assert (gone.archived, gone.unchanged) == (["2"], ["1"])
    zaken = await Software.get(federation__remote_id="2")
    assert zaken.archived_at == LATER
    assert (await federate(url, now=LATER)).archived == []  # archived once

    remote.serve_json("/export.json", both)
    back = await federate(url, now=LATER + timedelta(hours=1))

    assert back.updated == ["2"]
    assert (await Software.get(id=zaken.pk)).archived_at is None


async def test_an_entry_a_person_archived_here_stays_archived(
    db: str, remote: FakeCatalogue
) -> None:
    url = remote.serve_json("/export.json", export(entry("1", "signalen")))
    await federate(url, now=NOW)
    software = await Software.get(federation__remote_id="1")
    await registration.archive_software(
        principal=Principal(user_id=1, is_site_admin=True), software=software
    )

    report = await federate(url, now=LATER)

    assert report.skipped == [f"id 1: archived here (software {software.pk})"]
    assert (await Software.get(id=software.pk)).archived_at is not None


async def test_bad_entries_are_reported_and_the_good_ones_imported(
    db: str, remote: FakeCatalogue
) -> None:
    no_organisation = entry("4", "wees")
    del no_organisation["organisation"]
    odd_fields = entry(
        "5",
        "rommelig",
        licence="Zelfbedacht licentie 1.0",
        homepage="javascript:alert(1)",
        release_status="misschien",
        development_status="klaar",
        repositories=[{"url": "niet een adres"}, {"url": "https://github.com/elders/rommelig"}],
    )
    document = export(
        "geen object",
        {"name": "zonder id"},
        entry("3", "   "),
        no_organisation,
        odd_fields,
        entry(
            "6", "te-veel", repositories=[{"url": f"https://github.com/a/r{n}"} for n in range(51)]
        ),
        entry("7", "goed"),
    )
    url = remote.serve_json("/export.json", document)

    report = await federate(url, now=NOW)

    assert report.errors == [
        "entry 0: is not an object",
        "entry 1: has no usable 'id' (text of 1 to 200 characters)",
        "entry 2 (id 3): has no 'name'",
        "entry 3 (id 4): has no 'organisation' object",
        "entry 5 (id 6): has more than 50 repositories",
    ]
    assert report.created == ["5", "7"] and report.failed
    assert report.warnings == [
        "entry 4 (id 5): homepage is not an http(s) address of at most 300 characters; left out",
        "entry 4 (id 5): licence 'Zelfbedacht licentie 1.0' is not an SPDX expression; left out",
        "entry 4 (id 5): development_status 'klaar' is not one of concept, development, beta, "
        "stable, obsolete",
        "entry 4 (id 5): release_status 'misschien' is not one of open, partly_open, withheld, "
        "open_later, undecided",
        "entry 4 (id 5): repositories[0] has no usable 'url'; left out",
    ]
    odd = await Software.get(federation__remote_id="5")
    assert (odd.licence, odd.homepage, odd.release_status) == (None, None, ReleaseStatus.UNDECIDED)
    assert await Repository.filter(software=odd).values_list("url", flat=True) == [
        "https://github.com/elders/rommelig"
    ]


async def test_an_entry_that_cannot_be_written_leaves_nothing_behind(
    db: str, remote: FakeCatalogue, monkeypatch: pytest.MonkeyPatch
) -> None:
    from catalogue.errors import Invalid
    from catalogue.federation import writing

    real = writing.software_services.apply_harvest

    async def failing(*, software: Software, values: dict[str, Any], actor: str) -> list[str]:
        if software.name == "kapot":  # after the entry and its repository were created
            raise Invalid({"name": "refused for the test"})
        return await real(software=software, values=values, actor=actor)

    monkeypatch.setattr(writing.software_services, "apply_harvest", failing)
    document = export(entry("1", "goed"), entry("2", "kapot"), entry("3", "ook-goed"))
    url = remote.serve_json("/export.json", document)

    report = await federate(url, now=NOW)

    assert report.created == ["1", "3"]
    assert report.errors == ["id 2: not written: name: refused for the test"]
    assert not await Software.filter(name="kapot").exists()
    assert not await Repository.filter(url="https://github.com/elders/kapot").exists()
    assert await Software.all().count() == 2 and await FederatedEntry.all().count() == 2
    assert (await verify_chain()).broken_at is None


async def _slow(request: Request) -> Response:
    await asyncio.to_thread(CLOSING.wait)  # long after the reader's time limit
    return JSONResponse(export())


async def _huge(request: Request) -> Response:
    return Response(b"[" + b"1," * 600_000 + b"1]", media_type="application/json")


async def _elsewhere(request: Request) -> Response:
    return Response(status_code=302, headers={"location": "http://localhost:9/export.json"})


async def _to_itself(request: Request) -> Response:
    return Response(status_code=301, headers={"location": "/export.json"})


@pytest.mark.parametrize(
    ("handler", "message"),
    [
        (
            lambda r: _answer(Response("boom", status_code=500)),
            "answered HTTP 500 Internal Server Error",
        ),
        (
            lambda r: _answer(Response("<html>hallo</html>", media_type="text/html")),
            "did not answer with valid JSON: Expecting value at line 1 column 1",
        ),
        (
            lambda r: _answer(
                Response(json.dumps(export(entry("1", "x")))[:-40], media_type="application/json")
            ),
            "(the answer ends too early)",
        ),
        (lambda r: _answer(JSONResponse([1, 2, 3])), "is neither an opentenzij export"),
        (lambda r: _answer(JSONResponse({"software": []})), "is neither an opentenzij export"),
        (
            lambda r: _answer(JSONResponse({"format": "opentenzij-export/2", "software": []})),
            "this opentenzij reads opentenzij-export/1",
        ),
        (
            lambda r: _answer(JSONResponse({"format": "iets", "software": []})),
            "has format 'iets', not opentenzij-export/1",
        ),
        (
            lambda r: _answer(Response(b"\xff\xfe\x00", media_type="application/json")),
            "did not answer with",
        ),
        (
            lambda r: _answer(
                Response("[" * 100_000 + "]" * 100_000, media_type="application/json")
            ),
            "nested too deeply",
        ),
        (_huge, "answers with 1200003 bytes, more than 1000000"),
        (_slow, "did not answer within 0.5 s"),
        (_elsewhere, "redirects to http://localhost:9/export.json, another host"),
        (_to_itself, "more than 5 redirects"),
    ],
    ids=[
        "http-500",
        "html",
        "truncated",
        "a-list",
        "no-format",
        "later-format",
        "other-format",
        "not-utf8",
        "nested",
        "huge",
        "slow",
        "redirect-elsewhere",
        "redirect-loop",
    ],
)
async def test_a_catalogue_that_cannot_be_read_changes_nothing(
    db: str, remote: FakeCatalogue, handler: Handler, message: str
) -> None:
    url = remote.serve_json("/export.json", export(entry("1", "signalen"), entry("2", "zaken")))
    await federate(url, now=NOW)
    before = await counts()
    remote.serve("/export.json", handler)

    # Only the slow one is given a short time limit: the others answer at once, but on a busy
    # machine "at once" can take longer than that.
    timeout = 0.5 if handler is _slow else Limits().timeout
    with pytest.raises(FederationError) as raised:
        await federate(url, now=LATER, limits=Limits(max_bytes=1_000_000, timeout=timeout))

    assert message in str(raised.value)
    assert await counts() == before
    assert not await Software.filter(archived_at__isnull=False).exists()


async def _answer(response: Response) -> Response:
    return response


async def test_an_answer_that_trickles_in_is_cut_off(db: str, remote: FakeCatalogue) -> None:
    from starlette.responses import StreamingResponse

    async def trickle(request: Request) -> Response:
        async def body() -> Any:
            yield b'{"format": "opentenzij-export/1", "software": ['
            while not CLOSING.is_set():  # a space every 20 ms, until the reader hangs up
                await asyncio.sleep(0.02)
                yield b" "
            yield b"]}"

        return StreamingResponse(body(), media_type="application/json")

    url = remote.serve("/export.json", trickle)

    # Each piece comes well within the time limit between two pieces (the default, 30 s),
    # so that only the limit on the whole answer can end it, however busy the machine.
    with pytest.raises(FederationError, match="took longer than 1 s to answer"):
        await federate(url, limits=Limits(total_timeout=1))


async def test_a_redirect_on_the_same_host_is_followed(db: str, remote: FakeCatalogue) -> None:
    remote.serve_json("/export.json", export(entry("1", "signalen")))
    old = remote.serve("/old.json", _to_export)

    report = await federate(old, now=NOW)

    assert report.created == ["1"]
    assert (await FederatedEntry.get(remote_id="1")).catalogue_url == old  # as given
    assert [request.path for request in remote.requests] == ["/old.json", "/export.json"]


async def _to_export(request: Request) -> Response:
    return Response(status_code=308, headers={"location": "export.json"})


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://elders.example/export.json", "is not an http(s) address"),
        ("niet een adres", "is not an http(s) address"),
        ("https://elders.example/" + "x" * 400, "longer than 400 characters"),
        ("http://127.0.0.1:9/export.json", "cannot fetch http://127.0.0.1:9/export.json"),
    ],
)
async def test_an_address_that_cannot_be_used_is_refused(db: str, url: str, message: str) -> None:
    with pytest.raises(FederationError) as raised:
        await federate(url)
    assert message in str(raised.value)


async def test_a_dry_run_writes_nothing(db: str, remote: FakeCatalogue) -> None:
    url = remote.serve_json("/export.json", export(entry("1", "signalen"), entry("2", "zaken")))
    before = await counts()

    report = await federate(url, dry_run=True, now=NOW)

    assert report.created == ["1", "2"] and report.dry_run
    assert await counts() == before


PUBLICCODE = """\
publiccodeYmlVersion: "0.4"
name: {name}
url: "https://github.com/italia/{name}"
developmentStatus: stable
softwareType: standalone/web
platforms: [web]
categories: [it-development]
organisation:
  uri: "{owner}"
  name: "{owner_name}"
description:
  en:
    shortDescription: "{name} in English"
    longDescription: "A long enough description of {name}, in English, for the catalogue."
    features: [one]
  it:
    shortDescription: "{name} in italiano"
legal:
  license: AGPL-3.0-or-later
maintenance:
  type: community
localisation:
  localisationReady: true
  availableLanguages: [it]
"""


def italian(
    number: int, *, owner: str = "urn:x-italian-pa:c_a547", **changes: Any
) -> dict[str, Any]:
    name = f"progetto-{number}"
    value = {
        "id": f"00000000-0000-4000-8000-{number:012d}",
        "url": f"https://github.com/italia/{name}",
        "aliases": [],
        "publiccodeYml": PUBLICCODE.format(
            name=name, owner=owner, owner_name="Comune di Bagnacavallo"
        ),
        "active": True,
        "createdAt": "2025-01-01T00:00:00Z",
        "updatedAt": "2026-01-15T09:30:00Z",
        "vitality": "",
    }
    value.update(changes)
    return value


def serve_italian(remote: FakeCatalogue, pages: list[list[dict[str, Any]]]) -> str:
    """The software list of the Developers Italia API, in pages with `page[after]` cursors."""

    async def answer(request: Request) -> Response:
        after = request.query_params.get("page[after]")
        number = int(after.removeprefix("cursor-")) if after else 0
        following = f"?page[after]=cursor-{number + 1}" if number + 1 < len(pages) else None
        previous = f"?page[before]=cursor-{number}" if number else None
        return JSONResponse({"data": pages[number], "links": {"prev": previous, "next": following}})

    return remote.serve("/v1/software", answer)


async def test_the_developers_italia_api_page_by_page(db: str, remote: FakeCatalogue) -> None:
    local = await make_organisation("Gemeente Utrecht", account="utrecht")
    await Organisation.filter(id=local.pk).update(tooi_uri=TOOI)
    known = await make_software(local, "bekend")  # github.com/utrecht/bekend-0
    pages = [
        [italian(1), italian(2, owner=TOOI)],
        [italian(3, aliases=["https://github.com/utrecht/bekend-0"]), italian(4, active=False)],
        [italian(5, publiccodeYml=""), italian(6, url="ftp://nergens")],
    ]
    url = serve_italian(remote, pages)

    report = await federate(url.removesuffix("/software"), format=Format.DEVELOPERS_ITALIA, now=NOW)

    first = "00000000-0000-4000-8000-"
    assert report.format is Format.DEVELOPERS_ITALIA and report.pages == 3
    assert report.catalogue_url == url
    assert report.created == [
        f"{first}000000000001",
        f"{first}000000000002",
        f"{first}000000000005",
    ]
    assert report.skipped == [
        f"id {first}000000000003: already catalogued here: https://github.com/utrecht/bekend-0 "
        f"(software {known.pk})",
        f"id {first}000000000004: marked inactive there",
    ]
    assert report.errors == [
        f"page 3, entry 1 (id {first}000000000006): has no usable repository address in "
        "'url': 'ftp://nergens'"
    ]
    assert [dict(request.params) for request in remote.requests] == [
        {"page[size]": "100"},
        {"page[after]": "cursor-1", "page[size]": "100"},
        {"page[after]": "cursor-2", "page[size]": "100"},
    ]
    one = await Software.get(federation__remote_id=f"{first}000000000001").prefetch_related(
        "organisation", "federation"
    )
    assert (one.name, one.release_status, one.licence) == (
        "progetto-1",
        "open",
        "AGPL-3.0-or-later",
    )
    assert one.description_en.startswith("A long enough description of progetto-1")
    assert (
        one.publiccode_yml == italian(1)["publiccodeYml"]
        and one.publiccode_check["valid"] is not None
    )
    assert one.organisation.name == "Comune di Bagnacavallo (volgens 127.0.0.1)"
    assert one.organisation.source is RecordSource.FEDERATION
    assert one.federation.remote_url == f"{url}/{first}000000000001"
    assert one.federation.remote_updated_at == datetime(2026, 1, 15, 9, 30, tzinfo=UTC)
    two = await Software.get(federation__remote_id=f"{first}000000000002").prefetch_related(
        "organisation"
    )
    assert two.organisation.pk not in (local.pk, one.organisation.pk)  # a claim, not Utrecht
    assert two.organisation.name == "Comune di Bagnacavallo (volgens 127.0.0.1)"
    five = await Software.get(federation__remote_id=f"{first}000000000005").prefetch_related(
        "organisation"
    )
    assert five.name == "progetto-5" and five.publiccode_yml is None
    assert five.organisation.name == "127.0.0.1 (federated)"
    again = await federate(url, format=Format.DEVELOPERS_ITALIA, now=LATER)
    assert (again.created, len(again.unchanged)) == ([], 3)


MINISTRY = "https://identifier.overheid.nl/tooi/id/ministerie/mnre1034"


async def test_a_developers_italia_entry_claiming_a_local_ministry_stays_apart(
    db: str, remote: FakeCatalogue
) -> None:
    ministry = await make_organisation("Ministerie van Binnenlandse Zaken")
    await Organisation.filter(id=ministry.pk).update(tooi_uri=MINISTRY, kind="ministerie")
    own = await make_software(ministry, "eigen")
    ministry_row = await Organisation.filter(id=ministry.pk).values()
    claims = [italian(1, owner=MINISTRY), italian(2, owner=MINISTRY)]
    url = serve_italian(remote, [claims])

    report = await federate(url, now=NOW)
    again = await federate(url, now=LATER)

    assert len(report.created) == 2 and len(again.unchanged) == 2
    assert await Software.filter(organisation=ministry).values_list("id", flat=True) == [own.pk]
    assert await Organisation.filter(id=ministry.pk).values() == ministry_row
    owners = set(
        await Software.filter(source="federation").values_list("organisation_id", flat=True)
    )
    assert len(owners) == 1  # one claim organisation, found again by the repeat run
    claim = await Organisation.get(id=owners.pop())
    assert claim.name == "Comune di Bagnacavallo (volgens 127.0.0.1)"
    assert (claim.source, claim.tooi_uri, claim.oin, claim.kind) == (
        RecordSource.FEDERATION,
        None,
        None,
        "other",
    )
    assert await Organisation.filter(tooi_uri=MINISTRY).values_list("id", flat=True) == [
        ministry.pk
    ]
    assert await Organisation.all().count() == 2
    created = await AuditEvent.get(action=Action.ORGANISATION_CREATE, target_id=str(claim.pk))
    assert created.after["claimed"]["tooi_uri"] == MINISTRY


@pytest.mark.parametrize("format", [None, Format.DEVELOPERS_ITALIA])
async def test_the_organisations_of_developers_italia_cannot_be_trusted(
    db: str, remote: FakeCatalogue, format: Format | None
) -> None:
    ministry = await make_organisation("Ministerie van Binnenlandse Zaken")
    await Organisation.filter(id=ministry.pk).update(tooi_uri=MINISTRY)
    url = serve_italian(remote, [[italian(1, owner=MINISTRY)]])

    with pytest.raises(FederationError, match="Developers Italia API cannot be trusted"):
        await federate(url, format=format, trust_organisations=True, now=NOW)

    assert await Software.all().count() == 0
    assert len(remote.requests) == (0 if format else 1)  # known beforehand: nothing fetched


async def test_a_page_limit_stops_reading_and_archives_nothing(
    db: str, remote: FakeCatalogue
) -> None:
    url = serve_italian(remote, [[italian(1)], [italian(2)], [italian(3)]])
    await federate(url, now=NOW)

    report = await federate(url, now=LATER, limits=Limits(max_pages=2))

    assert not report.complete and report.pages == 2
    assert report.warnings == ["stopped after 2 pages; entries not read were not archived"]
    assert len(report.unchanged) == 2 and report.archived == []
    assert not await Software.filter(archived_at__isnull=False).exists()


@pytest.mark.parametrize(
    ("following", "message"),
    [
        ("?page[after]=cursor-0", "go round in a circle"),
        ("https://evil.example/v1/software?page[after]=x", "is on another host than 127.0.0.1"),
    ],
)
async def test_pages_that_lead_astray_are_refused(
    db: str, remote: FakeCatalogue, following: str, message: str
) -> None:
    async def answer(request: Request) -> Response:
        return JSONResponse({"data": [italian(1)], "links": {"next": following}})

    url = remote.serve("/v1/software", answer)

    with pytest.raises(FederationError, match=message):
        await federate(url, now=NOW)
    assert await Software.all().count() == 0


BOMB = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{chr(98 + n)}: &{chr(98 + n)} [*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, "
    f"*{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}, *{chr(97 + n)}]\n"
    for n in range(9)
)


@pytest.mark.parametrize(
    ("text", "left_out"),
    [
        (BOMB, None),
        ("name: " + "[" * 10_000 + "]" * 10_000, None),
        ("name: !!python/object/apply:os.system ['echo owned']\n", None),
        ("- a list\n- not a mapping\n", None),
        ("\x01\x02 not yaml at all", None),
        ("name: x\n# " + "x" * (1024 * 1024), "is larger than 1048576 bytes"),
        ("name: x\x00", "contains NUL characters"),
    ],
    ids=["alias-bomb", "deep", "python-tag", "list", "control", "too-large", "nul"],
)
async def test_hostile_publiccode_yml_is_contained(
    db: str, remote: FakeCatalogue, text: str, left_out: str | None
) -> None:
    url = serve_italian(remote, [[italian(1, publiccodeYml=text), italian(2)]])

    started = asyncio.get_running_loop().time()
    report = await federate(url, now=NOW)

    assert asyncio.get_running_loop().time() - started < 10
    assert len(report.created) == 2 and report.errors == []
    hostile = await Software.get(federation__remote_id__endswith="01")
    assert hostile.name == "progetto-1"  # from the address, not the file
    if left_out is None:
        assert hostile.publiccode_yml == text and hostile.publiccode_check["valid"] is False
        assert report.warnings == []
    else:
        assert hostile.publiccode_yml is None
        assert report.warnings == [
            "page 1, entry 0 (id 00000000-0000-4000-8000-000000000001): publiccode.yml "
            f"{left_out}; left out"
        ]


async def test_two_instances_federate_with_provenance_intact(
    db: str, client: httpx.AsyncClient, remote: FakeCatalogue
) -> None:
    """Instance A is filled and exported by the real app; instance B has its own entries,
    then federates A's export and keeps where each entry came from."""
    from wooexemptions.examples import load_examples

    # Instance A
    utrecht = await make_organisation("Gemeente Utrecht", account="gemeenteutrecht")
    await make_software(utrecht, "signalen", description_nl="Meldingen openbare ruimte")
    zaken = await make_software(
        utrecht, "zaakafhandeling", licence="EUPL-1.2 OR MIT", repositories=2
    )
    await load_examples()  # published decisions: withheld, partly open, open later
    relayed = await make_software(utrecht, "doorgegeven")
    await FederatedEntry.create(
        software=relayed,
        catalogue_url="https://derde.example/export.json",
        remote_id="42",
        imported_at=NOW,
    )
    answer = await client.get("/api/v1/export/catalogue.json")
    assert answer.status_code == 200, answer.text
    body = answer.content  # what instance A serves, kept while its tables are emptied
    exported = json.loads(body)
    by_name = {item["name"]: item for item in exported["software"]}
    assert len(by_name) == 10  # three of Utrecht's, seven examples
    shared_url = "https://github.com/gemeenteutrecht/signalen-0"
    tooi = utrecht.tooi_uri

    # Instance B: the same body by its TOOI URI, and its own entry of the shared code
    await empty_tables()
    mine = await make_organisation("Gemeente Utrecht (B)", account="gemeenteutrecht")
    await Organisation.filter(id=mine.pk).update(tooi_uri=tooi)
    local = await make_software(mine, "signalen-b")
    await Repository.filter(software=local).update(url=shared_url)
    local_row = await Software.filter(id=local.pk).values()
    url = remote.serve(
        "/a/export.json", lambda r: _answer(Response(body, media_type="application/json"))
    )

    report = await federate(url, trust_organisations=True, now=NOW)

    expected = {item["id"] for item in exported["software"]} - {
        by_name["signalen"]["id"],
        by_name["doorgegeven"]["id"],
    }
    assert set(report.created) == expected and report.errors == []
    assert sorted(report.skipped) == sorted(
        [
            f"id {by_name['signalen']['id']}: already catalogued here: {shared_url} "
            f"(software {local.pk})",
            f"id {by_name['doorgegeven']['id']}: federated there from "
            "https://derde.example/export.json; federate from its source instead",
        ]
    )
    for remote_id in expected:
        item = next(i for i in exported["software"] if i["id"] == remote_id)
        provenance = await FederatedEntry.get(remote_id=remote_id).prefetch_related("software")
        assert provenance.catalogue_url == url
        assert provenance.catalogue_name == exported["catalogue"]["name"]
        assert provenance.remote_url == item["url"]
        assert provenance.remote_updated_at == datetime.fromisoformat(item["updated_at"])
        assert provenance.imported_at == NOW
        software = provenance.software
        assert (software.name, software.release_status) == (item["name"], item["release_status"])
        assert software.source is RecordSource.FEDERATION
        assert software.licence == item["licence"]
    imported_zaken = await Software.get(federation__remote_id=str(zaken.pk))
    assert imported_zaken.organisation_id == mine.pk  # type: ignore[attr-defined]
    assert await Repository.filter(software=imported_zaken).count() == 2
    withheld = [i for i in exported["software"] if i["release_status"] == "withheld"]
    assert withheld, "the examples include withheld software"
    assert await Software.filter(release_status="withheld", source="federation").count() == len(
        withheld
    )
    assert await Software.filter(id=local.pk).values() == local_row

    again = await federate(url, trust_organisations=True, now=LATER)
    assert (again.created, again.updated) == ([], [])
    assert set(again.unchanged) == expected
    assert await Software.all().count() == len(expected) + 1
    assert (await verify_chain()).broken_at is None


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, migrated_from_template: None):
    monkeypatch.setenv("OPENTENZIJ_DATABASE_URL", f"sqlite://{tmp_path}/var/f.sqlite3")
    monkeypatch.delenv("OPENTENZIJ_ENV", raising=False)
    runner = CliRunner()
    assert runner.invoke(main, ["db", "upgrade"]).exit_code == 0

    def invoke(*args: str):
        return runner.invoke(
            main, ["federate", *args], prog_name="opentenzij", catch_exceptions=False
        )

    return invoke


def test_the_command_imports_then_updates_nothing(run_cli, remote: FakeCatalogue) -> None:
    relayed = entry("3", "doorgegeven", provenance={"catalogue_url": "https://derde.example/"})
    url = remote.serve_json(
        "/export.json", export(entry("1", "signalen"), entry("2", "zaken"), relayed)
    )

    dry = run_cli(url, "--dry-run")
    first = run_cli(url)
    second = run_cli(url, "--format", "opentenzij")

    assert dry.exit_code == 0, dry.output
    assert "dry run: nothing written): 2 created" in dry.output
    assert first.exit_code == 0, first.output
    assert (
        f"{url} (Andere catalogus, opentenzij): 2 created, 0 updated, 0 unchanged" in first.output
    )
    assert "skipped: id 3: federated there from https://derde.example/" in first.output
    assert "0 created, 0 updated, 2 unchanged, 0 archived, 1 skipped, 0 errors" in second.output


def test_the_command_fails_clearly(run_cli, remote: FakeCatalogue) -> None:
    url = remote.serve("/export.json", lambda r: _answer(Response("boom", status_code=503)))
    bad = remote.serve_json("/bad.json", export({"id": "1"}, entry("2", "goed")))
    italian_url = serve_italian(remote, [[italian(1)]])

    failed = run_cli(url)
    wrong = run_cli(italian_url, "--format", "opentenzij")
    partly = run_cli(bad)

    assert failed.exit_code == 1
    assert "answered HTTP 503 Service Unavailable; nothing was imported" in failed.output
    assert wrong.exit_code == 1
    assert "answers in the developers-italia shape, not opentenzij" in wrong.output
    assert partly.exit_code == 1
    assert "error: entry 0 (id 1): has no 'name'" in partly.output
    assert "1 created" in partly.output


def test_the_command_trusts_organisations_only_when_told(
    run_cli, remote: FakeCatalogue, tmp_path: Path
) -> None:
    publishers = tmp_path / "publishers.json"
    publishers.write_text(
        json.dumps({"data": [{"description": "Gemeente Utrecht", "tooiUrl": TOOI}]})
    )
    seeded = CliRunner().invoke(main, ["organisations", "import", str(publishers)])
    assert seeded.exit_code == 0, seeded.output
    url = remote.serve_json("/export.json", export(entry("1", "signalen")))
    italian_url = serve_italian(remote, [[italian(1, owner=TOOI)]])

    apart = run_cli(url)
    remote.serve_json("/export.json", export(entry("1", "signalen"), entry("2", "zaken")))
    joined = run_cli(url, "--trust-organisations")
    refused = run_cli(italian_url, "--trust-organisations")

    assert apart.exit_code == 0, apart.output
    assert "organisations trusted" not in apart.output
    assert joined.exit_code == 0, joined.output
    assert f"{url} (Andere catalogus, opentenzij, organisations trusted): 1 created" in (
        joined.output
    )
    assert refused.exit_code == 1
    assert "Developers Italia API cannot be trusted" in refused.output
    assert "nothing was imported" in refused.output
    with sqlite3.connect(tmp_path / "var" / "f.sqlite3") as database:
        owners = database.execute(
            "SELECT s.name, o.name, o.tooi_uri FROM software s"
            " JOIN organisation o ON o.id = s.organisation_id ORDER BY s.name"
        ).fetchall()
    assert owners == [
        ("signalen", "Gemeente Utrecht (volgens 127.0.0.1)", None),
        ("zaken", "Gemeente Utrecht", TOOI),
    ]


async def test_an_address_the_exports_could_not_publish_is_left_out_with_a_warning(
    db: str, remote: FakeCatalogue
) -> None:
    url = remote.serve_json(
        "/export.json", export(entry("8", "procent", homepage="https://x.org/%zz"))
    )
    report = await federate(url, now=NOW)
    assert report.created == ["8"]
    assert report.warnings == [
        "entry 0 (id 8): homepage is not an http(s) address of at most 300 characters; left out"
    ]
    assert (await Software.get(name="procent")).homepage is None
