# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from catalogue.organisations.kinds import ForgeKind, OrganisationKind
from catalogue.organisations.publishers import (
    PublishersError,
    bundled_publishers_path,
    parse_publishers,
    read_publishers,
)


def publisher(**overrides: Any) -> dict[str, Any]:
    item = {
        "id": "p1",
        "description": "Gemeente Voorbeeld",
        "tooiUrl": "https://identifier.overheid.nl/tooi/id/gemeente/gm0001",
        "codeHosting": [{"url": "https://github.com/voorbeeld", "group": True}],
    }
    item.update(overrides)
    return item


def test_the_bundled_seed_has_48_organisations_with_79_accounts() -> None:
    records = read_publishers(bundled_publishers_path())
    assert len(records) == 48
    assert sum(len(r.accounts) for r in records) == 79
    kinds = {r.name: r.kind for r in records}
    assert kinds["Gemeente Utrecht"] == OrganisationKind.GEMEENTE
    assert kinds["Volksgezondheid, Welzijn en Sport"] == OrganisationKind.MINISTERIE
    assert kinds["Kiesraad"] == OrganisationKind.ZBO
    assert kinds["Stichting ICTU"] == OrganisationKind.OTHER


def test_the_bundled_seed_is_the_shared_reference_list(reference_dir: Path) -> None:
    reference = reference_dir / "nl-government" / "publishers.json"
    if not reference.exists():
        pytest.skip("shared reference data not beside this checkout")
    assert json.loads(reference.read_text()) == json.loads(bundled_publishers_path().read_text())


def test_accounts_are_parsed_per_forge() -> None:
    [record] = parse_publishers(
        {
            "data": [
                publisher(
                    codeHosting=[
                        {"url": "https://gitlab.com/commonground", "group": True},
                        {"url": "https://github.com/MinBZK/", "group": False},
                        {"url": "https://git.example.nl/team"},
                    ]
                )
            ]
        }
    )
    assert [(a.forge, a.base_url, a.name, a.is_group) for a in record.accounts] == [
        (ForgeKind.GITLAB, "https://gitlab.com", "commonground", True),
        (ForgeKind.GITHUB, "https://github.com", "MinBZK", False),
        (ForgeKind.GIT, "https://git.example.nl", "team", True),
    ]


def test_a_publisher_without_tooi_is_keyed_on_its_list_id() -> None:
    [record] = parse_publishers({"data": [publisher(tooiUrl=None)]})
    assert record.key == "publisher:p1"
    assert record.kind == OrganisationKind.OTHER


@pytest.mark.parametrize(
    ("document", "message"),
    [
        ([], "expected an object with a 'data' array"),
        ({"data": [42]}, r"data\[0\]: expected an object"),
        ({"data": [publisher(description="")]}, r"data\[0\]\.description: missing"),
        ({"data": [publisher(tooiUrl="https://example.org/x")]}, "is not a TOOI identifier"),
        ({"data": [publisher(tooiUrl=None, id=None)]}, "needs a 'tooiUrl' or an 'id'"),
        ({"data": [publisher(kind="castle")]}, r"kind: 'castle' is not one of"),
        ({"data": [publisher(codeHosting=[{"url": "ftp://x"}])]}, r"codeHosting\[0\]\.url"),
        ({"data": [publisher(codeHosting=[{"url": "https://github.com"}])]}, "no account"),
        ({"data": [publisher(codeHosting="https://github.com/x")]}, "expected an array"),
        ({"data": [publisher(description=["x"])]}, "expected text"),
        ({"data": [publisher(), publisher(id="p2")]}, "listed twice"),
        (
            {
                "data": [
                    publisher(),
                    publisher(
                        id="p2",
                        description="Ander",
                        tooiUrl="https://identifier.overheid.nl/tooi/id/gemeente/gm0002",
                        codeHosting=[{"url": "https://github.com/VOORBEELD"}],
                    ),
                ]
            },
            "listed for both",
        ),
    ],
)
def test_malformed_documents_name_the_place_of_each_problem(document: Any, message: str) -> None:
    with pytest.raises(PublishersError, match=message):
        parse_publishers(document)


def test_every_problem_is_reported_not_just_the_first() -> None:
    with pytest.raises(PublishersError) as caught:
        parse_publishers({"data": [publisher(description=""), 7, publisher(id="x", kind="?")]})
    assert len(caught.value.problems) == 3


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", r"1:2: not valid JSON"),
        (b"\xff\xfe{}", "not UTF-8"),
    ],
)
def test_unreadable_files_give_a_clear_error(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "publishers.json"
    path.write_bytes(content)
    with pytest.raises(PublishersError, match=message):
        read_publishers(path)


def test_a_missing_file_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(PublishersError, match="cannot read"):
        read_publishers(tmp_path / "absent.json")
