# SPDX-License-Identifier: EUPL-1.2
"""Whether a catalogue entry is ready to be reused as a commons component, judged from plain
facts about it: five criteria, each met, not met or unknown, with what was found and what is
missing. Pure: no ORM, no web. docs/collections.md states the rules; the texts are Messages,
which the pages show in their own language.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import Any

from license_expression import OR, LicenseSymbol, LicenseWithExceptionSymbol

from catalogue import licences
from catalogue.messages import Message

ACTIVITY_WINDOW = timedelta(days=365)
MAINTAINED_BY = {  # publiccode.yml maintenance.type values that declare maintenance
    "internal": Message("by its owner"),
    "contract": Message("under contract"),
    "community": Message("by a community"),
}
# The licences the appendix of the EUPL-1.2 lists as compatible (GPL v2 and v3, AGPL v3, OSL
# v2.1 and v3.0, EPL v1.0, CeCILL v2.0 and v2.1, MPL v2, LGPL v2.1 and v3, CC BY-SA 3.0, EUPL
# v1.1 and v1.2, LiLiQ-R and LiLiQ-R+), as SPDX ids: both the -only and -or-later ids of a GNU
# licence name its version. MPL-2.0-no-copyleft-exception is the MPL v2 with its Exhibit B.
EUPL_APPENDIX = frozenset(
    {
        "GPL-2.0-only", "GPL-2.0-or-later", "GPL-3.0-only", "GPL-3.0-or-later",
        "AGPL-3.0-only", "AGPL-3.0-or-later", "OSL-2.1", "OSL-3.0", "EPL-1.0",
        "CECILL-2.0", "CECILL-2.1", "MPL-2.0", "MPL-2.0-no-copyleft-exception",
        "LGPL-2.1-only", "LGPL-2.1-or-later", "LGPL-3.0-only", "LGPL-3.0-or-later",
        "CC-BY-SA-3.0", "EUPL-1.1", "EUPL-1.2", "LiLiQ-R-1.1", "LiLiQ-Rplus-1.1",
    }
)  # fmt: skip
COMBINABLE_KINDS = frozenset({licences.Kind.PERMISSIVE, licences.Kind.PUBLIC_DOMAIN})
WITHHOLDING_STATUSES = {
    "partly_open": Message("the release status is partly open"),
    "withheld": Message("the release status is withheld"),
    "open_later": Message("the release status is open later"),
}


class Status(StrEnum):
    """The outcome of one check."""

    MET = "met"
    NOT_MET = "not_met"
    UNKNOWN = "unknown"  # the catalogue lacks the data to tell


class Criterion(StrEnum):
    """What a commons component should be; in the order the pages show them."""

    LICENCE = "licence"  # OSI-approved and compatible with the EUPL-1.2
    PUBLICCODE = "publiccode"  # a valid publiccode.yml
    MAINTAINED = "maintained"  # recent activity and maintenance declared
    REUSED = "reused"  # by more than one organisation
    NOTHING_WITHHELD = "nothing_withheld"  # open, and no decision in force withholds a part
    SECURE = "secure"  # no known vulnerability in its components, past the embargo
    REPORTABLE = "reportable"  # a security policy says how to report a vulnerability


@dataclass(frozen=True, slots=True)
class RepositoryFacts:
    """What the readiness checks read of one repository."""

    url: str
    archived: bool
    active: bool  # still present on its code host at the last look
    last_activity_at: datetime | None


@dataclass(frozen=True, slots=True)
class EntryFacts:
    """What the readiness checks read of one catalogue entry."""

    licence: str | None  # normalised SPDX expression
    has_publiccode: bool
    publiccode_valid: bool
    maintenance_type: str | None  # publiccode.yml maintenance.type, if declared
    repositories: tuple[RepositoryFacts, ...]
    owner: str  # name of the organisation that owns the entry
    dependants: tuple[str, ...]  # names of organisations whose other software depends on it
    declared_users: tuple[str, ...] | None  # usedBy of publiccode.yml; None without a readable one
    release_status: str  # catalogue.models.ReleaseStatus value
    withheld_parts: tuple[str, ...] = ()  # scope items the decision in force withholds
    decision_outcome: str | None = None  # outcome of the decision in force, if any
    # Open advisories on its components whose embargo has ended; None when the catalogue knows
    # none of its components by package URL (no SBOM), so that it cannot tell.
    advisories: tuple[str, ...] | None = None
    # Where its security policy is (the quality signal's evidence), () when a harvest that
    # reads the files found none, None when no harvest read them (catalogue.quality_signals).
    security_policy: tuple[Message, ...] | None = None


@dataclass(frozen=True, slots=True)
class Check:
    """One criterion judged: its status, what was found, and what is missing."""

    criterion: Criterion
    status: Status
    found: tuple[Message, ...] = ()
    missing: tuple[Message, ...] = ()


@dataclass(frozen=True, slots=True)
class Readiness:
    """Every criterion judged for one entry."""

    checks: tuple[Check, ...]

    @property
    def ready(self) -> bool:
        return all(check.status is Status.MET for check in self.checks)

    @property
    def status(self) -> Status:
        """Met when every check is, not met when any is not, else unknown."""
        return _all_of(check.status for check in self.checks)

    @property
    def missing(self) -> tuple[Message, ...]:
        return tuple(message for check in self.checks for message in check.missing)


def _all_of(statuses: Iterable[Status]) -> Status:
    """AND over statuses: not met beats unknown beats met."""
    found = set(statuses)
    if Status.NOT_MET in found:
        return Status.NOT_MET
    return Status.UNKNOWN if Status.UNKNOWN in found else Status.MET


def _any_of(statuses: Iterable[Status]) -> Status:
    """OR over statuses: met beats unknown beats not met."""
    found = set(statuses)
    if Status.MET in found:
        return Status.MET
    return Status.UNKNOWN if Status.UNKNOWN in found else Status.NOT_MET


def assess(facts: EntryFacts, *, now: datetime) -> Readiness:
    """Judge every criterion for an entry; `now` is the moment recent activity is counted from."""
    return Readiness(
        (
            licence_check(facts.licence),
            publiccode_check(facts),
            maintenance_check(facts, now=now),
            reuse_check(facts),
            withheld_check(facts),
            security_check(facts),
            reportable_check(facts),
        )
    )


# Licence


@dataclass(frozen=True, slots=True)
class _Verdict:
    status: Status
    messages: tuple[Message, ...]


def _one(status: Status, message: Message) -> _Verdict:
    return _Verdict(status, (message,))


def _licence_verdict(identifier: str) -> _Verdict:
    """One licence id: OSI-approved, and on the EUPL-1.2 appendix or permissive."""
    known = licences.facts(identifier)
    name = known.identifier
    if not known.known:
        return _one(
            Status.UNKNOWN,
            Message("%(licence)s is not on the SPDX licence list, so it cannot be checked",
                    licence=name),
        )  # fmt: skip
    if not known.osi_approved:
        return _one(Status.NOT_MET, Message("%(licence)s is not OSI-approved", licence=name))
    if name == "EUPL-1.2":
        return _one(Status.MET, Message("the licence is the EUPL-1.2 itself"))
    if name in EUPL_APPENDIX:
        return _one(
            Status.MET,
            Message("%(licence)s is on the EUPL-1.2 list of compatible licences", licence=name),
        )
    if known.kind in COMBINABLE_KINDS:
        return _one(
            Status.MET,
            Message("%(licence)s is permissive: it can be combined into an EUPL-1.2 work",
                    licence=name),
        )  # fmt: skip
    if known.kind is licences.Kind.UNKNOWN:
        return _one(
            Status.UNKNOWN,
            Message("it is not known what %(licence)s asks of those who pass the software on",
                    licence=name),
        )  # fmt: skip
    return _one(
        Status.NOT_MET,
        Message("%(licence)s is a copyleft licence that the EUPL-1.2 does not list as compatible",
                licence=name),
    )  # fmt: skip


def _judge(node: Any) -> _Verdict:
    """An expression: OR is met when any branch is (the recipient chooses), AND only when every
    part is; a licence WITH an exception is judged as the licence."""
    if isinstance(node, LicenseWithExceptionSymbol):
        node = node.license_symbol
    if isinstance(node, LicenseSymbol):
        return _licence_verdict(node.key)
    parts = [_judge(arg) for arg in node.args]
    status = (_any_of if isinstance(node, OR) else _all_of)(part.status for part in parts)
    # Explain with the parts that decided: the met branches of an OR, the failing parts of an AND.
    chosen = [part for part in parts if part.status is status] or parts
    messages = tuple(dict.fromkeys(m for part in chosen for m in part.messages))
    return _Verdict(status, messages)


def licence_check(expression: str | None) -> Check:
    """Criterion 1: the licence is OSI-approved and compatible with the EUPL-1.2."""
    if not expression:
        return Check(Criterion.LICENCE, Status.NOT_MET, missing=(Message("no licence is known"),))
    try:
        parsed = licences.licensing().parse(licences.normalise(expression).expression)
    except licences.LicenceError:
        return Check(
            Criterion.LICENCE,
            Status.NOT_MET,
            missing=(
                Message("%(licence)s is not a valid SPDX licence expression", licence=expression),
            ),
        )
    verdict = _judge(parsed)
    if verdict.status is Status.MET:
        return Check(Criterion.LICENCE, Status.MET, found=verdict.messages)
    return Check(Criterion.LICENCE, verdict.status, missing=verdict.messages)


# publiccode.yml


def publiccode_check(facts: EntryFacts) -> Check:
    """Criterion 2: the entry has a publiccode.yml that is valid."""
    if not facts.has_publiccode:
        missing = (Message("there is no publiccode.yml"),)
        return Check(Criterion.PUBLICCODE, Status.NOT_MET, missing=missing)
    if not facts.publiccode_valid:
        missing = (Message("publiccode.yml is not valid"),)
        return Check(Criterion.PUBLICCODE, Status.NOT_MET, missing=missing)
    return Check(Criterion.PUBLICCODE, Status.MET, found=(Message("publiccode.yml is valid"),))


# Maintenance


def _activity(repositories: tuple[RepositoryFacts, ...], now: datetime) -> _Verdict:
    """Recent activity on a repository that is neither archived nor gone from its host."""
    if not repositories:
        return _one(Status.UNKNOWN, Message("no public repository is known"))
    live = [r for r in repositories if not r.archived and r.active]
    if not live:
        return _one(Status.NOT_MET, Message("every repository is archived or gone"))
    moments = [r.last_activity_at for r in live if r.last_activity_at is not None]
    if moments and now - max(moments) <= ACTIVITY_WINDOW:
        day = max(moments).date().isoformat()
        return _one(Status.MET, Message("last activity on %(day)s", day=day))
    if len(moments) < len(live):  # a repository without a date may still be active
        return _one(Status.UNKNOWN, Message("the last activity is not known"))
    day = max(moments).date().isoformat()
    return _one(
        Status.NOT_MET, Message("no activity in the last 12 months (last on %(day)s)", day=day)
    )


def _maintenance(maintenance_type: str | None) -> _Verdict:
    if maintenance_type in MAINTAINED_BY:
        by = MAINTAINED_BY[maintenance_type]
        return _one(Status.MET, Message("maintained %(by)s, as publiccode.yml declares", by=by))
    if maintenance_type == "none":
        return _one(Status.NOT_MET, Message("publiccode.yml declares no maintenance"))
    return _one(Status.NOT_MET, Message("no maintenance is declared"))


def maintenance_check(facts: EntryFacts, *, now: datetime) -> Check:
    """Criterion 3: recent activity (within ACTIVITY_WINDOW) and maintenance declared."""
    parts = (_activity(facts.repositories, now), _maintenance(facts.maintenance_type))
    status = _all_of(part.status for part in parts)
    found = tuple(m for part in parts if part.status is Status.MET for m in part.messages)
    missing = tuple(m for part in parts if part.status is not Status.MET for m in part.messages)
    return Check(Criterion.MAINTAINED, status, found=found, missing=missing)


# Reuse


def organisation_key(name: str) -> str:
    """Names are the same organisation when they match ignoring case and spacing."""
    return " ".join(name.casefold().split())


def reusers(facts: EntryFacts) -> tuple[str, ...]:
    """The distinct organisations that use the entry: the owner, the organisations whose
    software depends on it, and the users its publiccode.yml declares; in that order."""
    names: dict[str, str] = {}
    for name in (facts.owner, *facts.dependants, *(facts.declared_users or ())):
        if name.strip():
            names.setdefault(organisation_key(name), name.strip())
    return tuple(names.values())


def reuse_check(facts: EntryFacts) -> Check:
    """Criterion 4: more than one organisation uses it. Fewer is unknown rather than not met
    when no readable publiccode.yml could have declared its users."""
    users = reusers(facts)
    found = (Message("organisations that use it: %(names)s", names=", ".join(users)),)
    if len(users) > 1:
        return Check(Criterion.REUSED, Status.MET, found=found)
    if facts.declared_users is None:
        missing = (Message("no publiccode.yml declares who uses it (usedBy)"),)
        return Check(Criterion.REUSED, Status.UNKNOWN, found=found, missing=missing)
    missing = (Message("no other organisation is known to use it"),)
    return Check(Criterion.REUSED, Status.NOT_MET, found=found, missing=missing)


# Withheld parts


def withheld_check(facts: EntryFacts) -> Check:
    """Criterion 5: the release status is open and no decision in force withholds a part.
    Undecided software with no withholding decision is unknown."""
    missing: list[Message] = []
    if facts.release_status in WITHHOLDING_STATUSES:
        missing.append(WITHHOLDING_STATUSES[facts.release_status])
    if facts.withheld_parts:
        missing.append(
            Message(
                "the decision in force withholds: %(parts)s", parts=", ".join(facts.withheld_parts)
            )
        )
    elif facts.decision_outcome in WITHHOLDING_STATUSES:
        missing.append(Message("the decision in force does not release everything"))
    if missing:
        return Check(Criterion.NOTHING_WITHHELD, Status.NOT_MET, missing=tuple(missing))
    if facts.release_status != "open":
        missing = [Message("no release decision is recorded")]
        return Check(Criterion.NOTHING_WITHHELD, Status.UNKNOWN, missing=tuple(missing))
    found = (Message("released as open source; nothing is withheld"),)
    return Check(Criterion.NOTHING_WITHHELD, Status.MET, found=found)


# Known vulnerabilities


def security_check(facts: EntryFacts) -> Check:
    """Criterion 6: no open advisory (from OSV) on the entry's components, among those whose
    embargo has ended; unknown when no SBOM names its components by package URL."""
    if facts.advisories is None:
        missing = (Message("no SBOM names its components: upload one to have them checked"),)
        return Check(Criterion.SECURE, Status.UNKNOWN, missing=missing)
    if facts.advisories:
        advisories = ", ".join(facts.advisories)
        missing = (Message("open advisories on its components: %(ids)s", ids=advisories),)
        return Check(Criterion.SECURE, Status.NOT_MET, missing=missing)
    found = (Message("no open advisory on its components"),)
    return Check(Criterion.SECURE, Status.MET, found=found)


def reportable_check(facts: EntryFacts) -> Check:
    """Criterion 7: a security policy (SECURITY.md) says how to report a vulnerability, so
    that those who reuse the component know where a finding goes; unknown when the harvest of
    its code host does not read the repository's files."""
    if facts.security_policy is None:
        missing = (Message("the harvest does not read its files, so a SECURITY.md is not known"),)
        return Check(Criterion.REPORTABLE, Status.UNKNOWN, missing=missing)
    if not facts.security_policy:
        missing = (Message("no SECURITY.md says how to report a vulnerability"),)
        return Check(Criterion.REPORTABLE, Status.NOT_MET, missing=missing)
    return Check(Criterion.REPORTABLE, Status.MET, found=facts.security_policy)


# Matching dependencies to an entry

PURL_TYPES = {"github.com": "github", "gitlab.com": "gitlab", "bitbucket.org": "bitbucket"}


def component_keys(name: str, repository_urls: Iterable[str]) -> frozenset[str]:
    """The Dependency keys under which other software may depend on an entry: for each
    repository the package URLs of its code host (pkg:github/owner/repo, and for GitHub
    pkg:githubactions/owner/repo), its Go module path (pkg:golang/host/owner/repo) and its path
    as a name (name:owner/repo, as publiccode.yml dependsOn often writes it); and the entry's
    own name (name:<name>). Lower case, as keys are stored."""
    keys = {f"name:{name.casefold().strip()}"} if name.strip() else set()
    for url in repository_urls:
        host, _, path = url.casefold().split("://", 1)[-1].partition("/")
        path = path.strip("/").removesuffix(".git")
        if "/" not in path:
            continue
        keys |= {f"pkg:golang/{host}/{path}", f"name:{path}"}
        if kind := PURL_TYPES.get(host):
            keys.add(f"pkg:{kind}/{path}")
        if host == "github.com":
            keys.add(f"pkg:githubactions/{path}")
    return frozenset(keys)
