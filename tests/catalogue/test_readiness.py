# SPDX-License-Identifier: EUPL-1.2
"""Readiness of an entry for reuse: each criterion met, not met or unknown, from plain facts."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from catalogue.collections.readiness import (
    ACTIVITY_WINDOW,
    Criterion,
    EntryFacts,
    RepositoryFacts,
    Status,
    assess,
    component_keys,
    licence_check,
    maintenance_check,
    publiccode_check,
    reuse_check,
    reusers,
    withheld_check,
)
from catalogue.messages import Message

NOW = datetime(2026, 6, 1, 12, tzinfo=UTC)
REPOSITORY = RepositoryFacts(
    "https://github.com/gemeente/zaken", archived=False, active=True, last_activity_at=NOW
)
READY = EntryFacts(
    licence="EUPL-1.2",
    has_publiccode=True,
    publiccode_valid=True,
    maintenance_type="internal",
    repositories=(REPOSITORY,),
    owner="Gemeente Utrecht",
    dependants=("Gemeente Amsterdam",),
    declared_users=(),
    release_status="open",
    advisories=(),
    security_policy=(Message("SECURITY.md in https://github.com/gemeente/zaken"),),
)


def texts(messages: tuple[str, ...]) -> list[str]:
    return [str(message) for message in messages]


def test_an_entry_that_meets_every_criterion_is_ready() -> None:
    readiness = assess(READY, now=NOW)
    assert [check.criterion for check in readiness.checks] == list(Criterion)
    assert all(check.status is Status.MET for check in readiness.checks)
    assert all(check.found and not check.missing for check in readiness.checks)
    assert readiness.ready and readiness.status is Status.MET and readiness.missing == ()


def test_known_vulnerabilities_decide_the_security_criterion() -> None:
    secure = {check.criterion: check for check in assess(READY, now=NOW).checks}[Criterion.SECURE]
    assert (secure.status, texts(secure.found)) == (
        Status.MET,
        ["no open advisory on its components"],
    )
    unknown = assess(replace(READY, advisories=None), now=NOW)
    assert unknown.status is Status.UNKNOWN
    assert texts(unknown.missing) == [
        "no SBOM names its components: upload one to have them checked"
    ]
    affected = assess(replace(READY, advisories=("GHSA-1", "PYSEC-2")), now=NOW)
    assert affected.status is Status.NOT_MET
    assert texts(affected.missing) == ["open advisories on its components: GHSA-1, PYSEC-2"]


def test_one_unknown_makes_readiness_unknown_and_one_failure_makes_it_not_met() -> None:
    unknown = assess(replace(READY, release_status="undecided"), now=NOW)
    assert not unknown.ready and unknown.status is Status.UNKNOWN
    assert texts(unknown.missing) == ["no release decision is recorded"]
    failing = replace(READY, release_status="undecided", licence="BUSL-1.1")
    assert assess(failing, now=NOW).status is Status.NOT_MET


# Criterion 1: the licence


@pytest.mark.parametrize(
    ("expression", "found"),
    [
        ("EUPL-1.2", "the licence is the EUPL-1.2 itself"),
        ("EUPL-1.1", "EUPL-1.1 is on the EUPL-1.2 list of compatible licences"),
        ("GPL-3.0-or-later", "GPL-3.0-or-later is on the EUPL-1.2 list of compatible licences"),
        ("GPL-2.0", "GPL-2.0-only is on the EUPL-1.2 list of compatible licences"),  # deprecated id
        ("AGPL-3.0-only", "AGPL-3.0-only is on the EUPL-1.2 list of compatible licences"),
        ("MPL-2.0", "MPL-2.0 is on the EUPL-1.2 list of compatible licences"),
        ("LGPL-2.1-or-later", "LGPL-2.1-or-later is on the EUPL-1.2 list of compatible licences"),
        ("CECILL-2.1", "CECILL-2.1 is on the EUPL-1.2 list of compatible licences"),
        ("LiLiQ-Rplus-1.1", "LiLiQ-Rplus-1.1 is on the EUPL-1.2 list of compatible licences"),
        ("MIT", "MIT is permissive: it can be combined into an EUPL-1.2 work"),
        ("Apache-2.0", "Apache-2.0 is permissive: it can be combined into an EUPL-1.2 work"),
        ("Unlicense", "Unlicense is permissive: it can be combined into an EUPL-1.2 work"),
        (
            "GPL-2.0-only WITH Classpath-exception-2.0",
            "GPL-2.0-only is on the EUPL-1.2 list of compatible licences",
        ),
    ],
)
def test_licences_that_are_osi_approved_and_compatible(expression: str, found: str) -> None:
    check = licence_check(expression)
    assert check.criterion is Criterion.LICENCE
    assert (check.status, texts(check.found), check.missing) == (Status.MET, [found], ())


@pytest.mark.parametrize(
    ("expression", "missing"),
    [
        (None, "no licence is known"),
        ("", "no licence is known"),
        ("CC0-1.0", "CC0-1.0 is not OSI-approved"),  # public domain, but OSI never approved it
        ("CECILL-2.0", "CECILL-2.0 is not OSI-approved"),  # on the appendix, not OSI-approved
        ("CC-BY-SA-3.0", "CC-BY-SA-3.0 is not OSI-approved"),
        ("BUSL-1.1", "BUSL-1.1 is not OSI-approved"),
        ("EPL-2.0", "EPL-2.0 is a copyleft licence that the EUPL-1.2 does not list as compatible"),
        (
            "CDDL-1.0",
            "CDDL-1.0 is a copyleft licence that the EUPL-1.2 does not list as compatible",
        ),
        ("MIT AND", "MIT AND is not a valid SPDX licence expression"),
        ("Nonsense-Licence-9", "Nonsense-Licence-9 is not a valid SPDX licence expression"),
    ],
)
def test_licences_that_are_not(expression: str | None, missing: str) -> None:
    check = licence_check(expression)
    assert (check.status, check.found, texts(check.missing)) == (Status.NOT_MET, (), [missing])


def test_a_licence_ref_cannot_be_checked() -> None:
    check = licence_check("LicenseRef-Gemeente-1")
    assert check.status is Status.UNKNOWN
    assert texts(check.missing) == [
        "LicenseRef-Gemeente-1 is not on the SPDX licence list, so it cannot be checked"
    ]


def test_or_is_met_when_any_branch_is() -> None:
    check = licence_check("BUSL-1.1 OR MIT")
    assert check.status is Status.MET
    assert texts(check.found) == ["MIT is permissive: it can be combined into an EUPL-1.2 work"]
    assert licence_check("LicenseRef-X OR EPL-2.0").status is Status.UNKNOWN
    failing = licence_check("EPL-2.0 OR BUSL-1.1")
    assert failing.status is Status.NOT_MET
    assert len(failing.missing) == 2  # every branch says why it fails


def test_and_is_met_only_when_every_part_is() -> None:
    assert licence_check("MIT AND Apache-2.0").status is Status.MET
    assert len(licence_check("MIT AND Apache-2.0").found) == 2
    failing = licence_check("MIT AND EPL-2.0 AND LicenseRef-X")
    assert failing.status is Status.NOT_MET
    assert texts(failing.missing) == [
        "EPL-2.0 is a copyleft licence that the EUPL-1.2 does not list as compatible"
    ]
    assert licence_check("MIT AND LicenseRef-X").status is Status.UNKNOWN


def test_nested_expressions() -> None:
    assert licence_check("(EPL-2.0 OR MIT) AND (GPL-2.0-only OR CDDL-1.0)").status is Status.MET
    assert licence_check("(EPL-2.0 AND MIT) OR CDDL-1.0").status is Status.NOT_MET


# Criterion 2: publiccode.yml


def test_publiccode_must_be_there_and_valid() -> None:
    assert publiccode_check(READY).status is Status.MET
    missing = publiccode_check(replace(READY, has_publiccode=False, publiccode_valid=False))
    assert (missing.status, texts(missing.missing)) == (
        Status.NOT_MET,
        ["there is no publiccode.yml"],
    )
    invalid = publiccode_check(replace(READY, publiccode_valid=False))
    assert texts(invalid.missing) == ["publiccode.yml is not valid"]


# Criterion 3: maintenance


def with_repositories(*repositories: RepositoryFacts, **changes: object) -> EntryFacts:
    return replace(READY, repositories=repositories, **changes)


def test_recent_activity_and_declared_maintenance_are_met() -> None:
    recent = replace(REPOSITORY, last_activity_at=NOW - ACTIVITY_WINDOW)
    check = maintenance_check(with_repositories(recent), now=NOW)
    assert check.status is Status.MET
    assert texts(check.found) == [
        "last activity on 2025-06-01",
        "maintained by its owner, as publiccode.yml declares",
    ]


def test_old_activity_is_not_met() -> None:
    old = replace(REPOSITORY, last_activity_at=NOW - ACTIVITY_WINDOW - timedelta(seconds=1))
    check = maintenance_check(with_repositories(old), now=NOW)
    assert check.status is Status.NOT_MET
    assert texts(check.missing) == ["no activity in the last 12 months (last on 2025-06-01)"]


def test_archived_or_gone_repositories_do_not_count() -> None:
    archived = replace(REPOSITORY, archived=True)
    gone = replace(REPOSITORY, url="https://github.com/gemeente/weg", active=False)
    check = maintenance_check(with_repositories(archived, gone), now=NOW)
    assert (check.status, texts(check.missing)) == (
        Status.NOT_MET,
        ["every repository is archived or gone"],
    )
    live_and_archived = maintenance_check(with_repositories(archived, REPOSITORY), now=NOW)
    assert live_and_archived.status is Status.MET


def test_activity_is_unknown_without_dates_or_repositories() -> None:
    undated = replace(REPOSITORY, last_activity_at=None)
    assert maintenance_check(with_repositories(undated), now=NOW).status is Status.UNKNOWN
    old = replace(REPOSITORY, last_activity_at=NOW - timedelta(days=800))
    assert maintenance_check(with_repositories(old, undated), now=NOW).status is Status.UNKNOWN
    none = maintenance_check(with_repositories(), now=NOW)
    assert (none.status, texts(none.missing)) == (
        Status.UNKNOWN,
        ["no public repository is known"],
    )
    recent_and_undated = maintenance_check(with_repositories(undated, REPOSITORY), now=NOW)
    assert recent_and_undated.status is Status.MET


@pytest.mark.parametrize(
    ("maintenance", "status", "message"),
    [
        ("contract", Status.MET, "maintained under contract, as publiccode.yml declares"),
        ("community", Status.MET, "maintained by a community, as publiccode.yml declares"),
        ("none", Status.NOT_MET, "publiccode.yml declares no maintenance"),
        (None, Status.NOT_MET, "no maintenance is declared"),
    ],
)
def test_maintenance_must_be_declared(
    maintenance: str | None, status: Status, message: str
) -> None:
    check = maintenance_check(replace(READY, maintenance_type=maintenance), now=NOW)
    assert check.status is status
    assert message in texts(check.found + check.missing)


def test_not_met_maintenance_wins_over_unknown_activity() -> None:
    facts = with_repositories(replace(REPOSITORY, last_activity_at=None), maintenance_type=None)
    check = maintenance_check(facts, now=NOW)
    assert check.status is Status.NOT_MET
    assert texts(check.missing) == ["the last activity is not known", "no maintenance is declared"]


# Criterion 4: reuse


def test_reuse_counts_distinct_organisations_with_the_owner() -> None:
    facts = replace(
        READY,
        dependants=("Gemeente Amsterdam", "gemeente  amsterdam"),
        declared_users=("Gemeente Utrecht", "GEMEENTE AMSTERDAM", " ", "Gemeente Buren"),
    )
    assert reusers(facts) == ("Gemeente Utrecht", "Gemeente Amsterdam", "Gemeente Buren")
    check = reuse_check(facts)
    assert check.status is Status.MET
    assert texts(check.found) == [
        "organisations that use it: Gemeente Utrecht, Gemeente Amsterdam, Gemeente Buren"
    ]


def test_declared_users_alone_can_meet_reuse() -> None:
    facts = replace(READY, dependants=(), declared_users=("Gemeente Tilburg",))
    assert reuse_check(facts).status is Status.MET


def test_the_owner_alone_is_not_reuse() -> None:
    own = replace(READY, dependants=(), declared_users=("gemeente utrecht",))
    check = reuse_check(own)
    assert (check.status, texts(check.missing)) == (
        Status.NOT_MET,
        ["no other organisation is known to use it"],
    )
    software_of_the_owner = replace(READY, dependants=("Gemeente Utrecht",), declared_users=())
    assert reuse_check(software_of_the_owner).status is Status.NOT_MET


def test_reuse_is_unknown_without_a_readable_publiccode() -> None:
    check = reuse_check(replace(READY, dependants=(), declared_users=None))
    assert (check.status, texts(check.missing)) == (
        Status.UNKNOWN,
        ["no publiccode.yml declares who uses it (usedBy)"],
    )
    assert reuse_check(replace(READY, declared_users=None)).status is Status.MET


def test_component_keys_match_repositories_and_the_name() -> None:
    keys = component_keys(
        "Signalen Classification",
        ["https://github.com/Signalen/classification", "https://gitlab.com/groep/sub/tool.git"],
    )
    assert keys == {
        "name:signalen classification",
        "name:signalen/classification",
        "pkg:github/signalen/classification",
        "pkg:githubactions/signalen/classification",
        "pkg:golang/github.com/signalen/classification",
        "name:groep/sub/tool",
        "pkg:gitlab/groep/sub/tool",
        "pkg:golang/gitlab.com/groep/sub/tool",
    }
    assert component_keys("x", ["https://git.example.nl/owner/repo/"]) == {
        "name:x",
        "name:owner/repo",
        "pkg:golang/git.example.nl/owner/repo",
    }
    assert component_keys(" ", ["https://github.com/only-an-account"]) == frozenset()


# Criterion 5: withheld parts


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("partly_open", "the release status is partly open"),
        ("withheld", "the release status is withheld"),
        ("open_later", "the release status is open later"),
    ],
)
def test_a_withholding_release_status_is_not_met(status: str, message: str) -> None:
    check = withheld_check(replace(READY, release_status=status))
    assert (check.status, texts(check.missing)) == (Status.NOT_MET, [message])


def test_a_decision_in_force_that_withholds_parts_is_not_met() -> None:
    facts = replace(
        READY,
        release_status="partly_open",
        withheld_parts=("models", "config/secrets.yaml"),
        decision_outcome="partly_open",
    )
    check = withheld_check(facts)
    assert check.status is Status.NOT_MET
    assert texts(check.missing) == [
        "the release status is partly open",
        "the decision in force withholds: models, config/secrets.yaml",
    ]
    later = withheld_check(replace(READY, decision_outcome="open_later"))
    assert texts(later.missing) == ["the decision in force does not release everything"]


def test_undecided_is_unknown_and_open_with_an_open_decision_is_met() -> None:
    assert withheld_check(replace(READY, release_status="undecided")).status is Status.UNKNOWN
    decided = withheld_check(replace(READY, decision_outcome="open"))
    assert (decided.status, texts(decided.found)) == (
        Status.MET,
        ["released as open source; nothing is withheld"],
    )


def test_a_security_policy_decides_whether_a_vulnerability_can_be_reported() -> None:
    checks = {c.criterion: c for c in assess(READY, now=NOW).checks}
    assert checks[Criterion.REPORTABLE].status is Status.MET
    assert texts(checks[Criterion.REPORTABLE].found) == [
        "SECURITY.md in https://github.com/gemeente/zaken"
    ]
    none = {c.criterion: c for c in assess(replace(READY, security_policy=()), now=NOW).checks}
    assert none[Criterion.REPORTABLE].status is Status.NOT_MET
    assert texts(none[Criterion.REPORTABLE].missing) == [
        "no SECURITY.md says how to report a vulnerability"
    ]
    unread = assess(replace(READY, security_policy=None), now=NOW)
    assert unread.status is Status.UNKNOWN
