# SPDX-License-Identifier: EUPL-1.2
"""Quality signals of a catalogue entry (issue 20, point 3): a few honest checks judged from
what the harvest read, each passed, failed or unknown, with the evidence it rests on and how
to fix a failure. Seven signals side by side, never added up into one score: a reader weighs
them. Pure: no ORM, no web. docs/quality.md states the rules; ADR 0013 why they are these.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import lru_cache

from catalogue import licences, reuse
from catalogue.messages import Message, Number

ACTIVITY_WINDOW = timedelta(days=365)  # as collection readiness counts recent activity
ANY_PATHS = ("README.md", "src/app/main.py", "LICENSES/EUPL-1.2.txt", ".gitignore")
OPEN_STATUSES = frozenset({"open"})
NEEDS_DECISION = frozenset({"partly_open", "withheld", "open_later"})


class Signal(StrEnum):
    """What is checked, in the order the checklist shows them; the values are the filter's."""

    REUSE = "reuse"  # licence and copyright of every file by the REUSE Specification
    LICENCE_FILE = "licence-file"  # a licence file that states the declared licence
    PUBLICCODE = "publiccode"  # a valid publiccode.yml
    SECURITY_POLICY = "security-policy"  # a SECURITY.md: how to report a vulnerability
    ACTIVE = "recent-activity"  # a push within the last year
    NO_KNOWN_VULNERABILITIES = "no-known-vulnerabilities"  # in its components, past embargo
    DECISION = "decision"  # a Woo decision in force where code is withheld


class State(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    UNKNOWN = "unknown"  # the catalogue lacks what it would need to tell


TITLES = {
    Signal.REUSE: Message("REUSE-compliant"),
    Signal.LICENCE_FILE: Message("Licence file matches the declared licence"),
    Signal.PUBLICCODE: Message("Valid publiccode.yml"),
    Signal.SECURITY_POLICY: Message("Security policy"),
    Signal.ACTIVE: Message("Recent activity"),
    Signal.NO_KNOWN_VULNERABILITIES: Message("No known vulnerabilities"),
    Signal.DECISION: Message("Woo decision in force"),
}


@dataclass(frozen=True, slots=True)
class RepositoryFacts:
    """What the signals read of one active repository of the entry."""

    url: str
    archived: bool
    last_activity_at: datetime | None
    licence_forge: str | None  # the licence the host found in its licence file
    licence_file: str | None  # the licence the catalogue recognised in its licence file
    root_files: tuple[str, ...] | None  # None: the harvest did not list them
    security_policy: str | None
    reuse_toml: str | None
    licence_texts: tuple[str, ...] | None


@dataclass(frozen=True, slots=True)
class EntryFacts:
    """What the signals read of one catalogue entry."""

    licence: str | None  # its normalised SPDX expression
    release_status: str
    publiccode: dict[str, object] | None  # the stored check of its publiccode.yml, if any
    repositories: tuple[RepositoryFacts, ...]
    advisories: tuple[str, ...] | None  # open and past embargo; None without known components
    decision_outcome: str | None  # the outcome of the decision in force, if any


@dataclass(frozen=True, slots=True)
class Verdict:
    """One signal judged: its state, the evidence, and how to fix a failure."""

    signal: Signal
    state: State
    evidence: tuple[Message, ...] = ()
    fix: Message | None = None

    @property
    def title(self) -> Message:
        return TITLES[self.signal]


def assess(facts: EntryFacts, *, now: datetime) -> tuple[Verdict, ...]:
    """Every signal judged for one entry, in the order of Signal."""
    return (
        reuse_compliance(facts),
        licence_file(facts),
        publiccode_validity(facts),
        security_policy(facts),
        recent_activity(facts, now=now),
        known_vulnerabilities(facts),
        decision(facts),
    )


def passed(verdicts: Iterable[Verdict]) -> frozenset[Signal]:
    return frozenset(verdict.signal for verdict in verdicts if verdict.state is State.PASSED)


def _read(facts: EntryFacts) -> list[RepositoryFacts]:
    """The repositories whose root the harvest listed."""
    return [repository for repository in facts.repositories if repository.root_files is not None]


def reuse_compliance(facts: EntryFacts) -> Verdict:
    """Passed when a repository's REUSE.toml gives every file a licence and a copyright holder
    and LICENSES/ holds the text of each licence it names: by the REUSE Specification's rules
    every file is then covered, whatever its own header says. Without a REUSE.toml that covers
    everything, compliance rests on each file's header, which the harvest does not read."""
    read = _read(facts)
    if not read:
        return _unread(Signal.REUSE)
    failures: list[Message] = []
    for repository in read:
        evidence, fault = _reuse_of(repository)
        if evidence is not None:
            return Verdict(Signal.REUSE, State.PASSED, (evidence,))
        assert fault is not None
        failures.append(fault)
    if any(
        "LICENSES/" in (repository.root_files or ()) and repository.reuse_toml is None
        for repository in read
    ):
        return Verdict(
            Signal.REUSE,
            State.UNKNOWN,
            tuple(failures),
            Message("add a REUSE.toml that covers every file, or run `reuse lint` and say so"),
        )
    return Verdict(
        Signal.REUSE,
        State.FAILED,
        tuple(failures),
        Message(
            "follow the REUSE Specification: put each licence's text in LICENSES/ and give "
            "every file a licence and copyright, in its header or in REUSE.toml (`reuse lint` "
            "checks it)"
        ),
    )


def _reuse_of(repository: RepositoryFacts) -> tuple[Message | None, Message | None]:
    """(the evidence of compliance, None) or (None, what is wrong)."""
    url = repository.url
    if repository.reuse_toml is None:
        return None, Message("%(url)s has no REUSE.toml", url=url)
    try:
        annotations = _annotations(repository.reuse_toml)
    except reuse.ReuseError as error:
        return None, Message("%(url)s: %(error)s", url=url, error=error.message)
    named = sorted(
        {
            identifier
            for path in ANY_PATHS
            for expression in reuse.licences_of(path, (), annotations)
            for identifier in _identifiers(expression)
        }
    )
    uncovered = [path for path in ANY_PATHS if not _covered(path, annotations)]
    if uncovered:
        return None, Message(
            "the REUSE.toml of %(url)s does not give every file a licence and a copyright "
            "holder (for example %(path)s)",
            url=url,
            path=uncovered[0],
        )
    texts = set(repository.licence_texts or ())
    missing = [identifier for identifier in named if f"{identifier}.txt" not in texts]
    if missing:
        return None, Message(
            "LICENSES/ of %(url)s lacks %(file)s", url=url, file=f"{missing[0]}.txt"
        )
    return Message(
        "the REUSE.toml of %(url)s covers every file, under %(licences)s, with their texts in "
        "LICENSES/",
        url=url,
        licences=", ".join(named),
    ), None


@lru_cache(maxsize=1024)  # many repositories of one organisation share their REUSE.toml
def _annotations(text: str) -> tuple[reuse.Annotation, ...]:
    return reuse.parse_reuse_toml(text)


def _covered(path: str, annotations: tuple[reuse.Annotation, ...]) -> bool:
    covering = [annotation for annotation in annotations if annotation.covers(path)]
    return bool(covering) and bool(covering[-1].licences) and bool(covering[-1].copyrights)


@lru_cache(maxsize=4096)  # the same few expressions recur across a catalogue
def _identifiers(expression: str) -> tuple[str, ...]:
    try:
        return licences.normalise(expression).identifiers
    except licences.LicenceError:
        return (expression,)


def licence_file(facts: EntryFacts) -> Verdict:
    """Passed when a repository's licence file states a licence of the declared expression."""
    if not facts.repositories:
        return Verdict(
            Signal.LICENCE_FILE,
            State.UNKNOWN,
            (Message("no repository is known"),),
        )
    if facts.licence is None:
        return Verdict(
            Signal.LICENCE_FILE,
            State.FAILED,
            (Message("the entry declares no licence"),),
            Message("declare the licence in publiccode.yml (legal.license)"),
        )
    declared = set(_identifiers(facts.licence))
    found: list[Message] = []
    for repository in facts.repositories:
        stated = repository.licence_file or repository.licence_forge
        if stated is None:
            found.append(Message("no licence file recognised in %(url)s", url=repository.url))
        elif set(_identifiers(stated)) <= declared:
            return Verdict(
                Signal.LICENCE_FILE,
                State.PASSED,
                (Message("the licence file of %(url)s states %(licence)s", url=repository.url,
                         licence=stated),),
            )  # fmt: skip
        else:
            found.append(
                Message(
                    "the licence file of %(url)s states %(licence)s, the entry declares "
                    "%(declared)s",
                    url=repository.url,
                    licence=stated,
                    declared=facts.licence,
                )
            )
    return Verdict(
        Signal.LICENCE_FILE,
        State.FAILED,
        tuple(found),
        Message("put the full text of the declared licence in a LICENSE file at the root"),
    )


def publiccode_validity(facts: EntryFacts) -> Verdict:
    check = facts.publiccode
    if check is None:
        return Verdict(
            Signal.PUBLICCODE,
            State.FAILED,
            (Message("no publiccode.yml was found"),),
            Message("add a publiccode.yml at the root of the repository"),
        )
    version = str(check.get("version") or "?")
    if check.get("valid"):
        return Verdict(
            Signal.PUBLICCODE,
            State.PASSED,
            (Message("publiccode.yml is valid (version %(version)s)", version=version),),
        )
    errors = check.get("errors")
    return Verdict(
        Signal.PUBLICCODE,
        State.FAILED,
        (
            Message(
                "publiccode.yml (version %(version)s) has %(errors)s errors",
                version=version,
                errors=Number(errors if isinstance(errors, int) else 0),
            ),
        ),
        Message("correct the errors the entry's publiccode.yml check lists"),
    )


def security_policy(facts: EntryFacts) -> Verdict:
    read = _read(facts)
    for repository in read:
        if repository.security_policy:
            return Verdict(
                Signal.SECURITY_POLICY,
                State.PASSED,
                (Message("%(path)s in %(url)s", path=repository.security_policy,
                         url=repository.url),),
            )  # fmt: skip
    if not read:
        return _unread(Signal.SECURITY_POLICY)
    return Verdict(
        Signal.SECURITY_POLICY,
        State.FAILED,
        tuple(Message("no SECURITY.md in %(url)s", url=repository.url) for repository in read),
        Message(
            "add a SECURITY.md that says how to report a vulnerability and who answers "
            "(the NCSC's coordinated vulnerability disclosure guideline helps)"
        ),
    )


def recent_activity(facts: EntryFacts, *, now: datetime) -> Verdict:
    dated = [r for r in facts.repositories if r.last_activity_at is not None and not r.archived]
    if not dated:
        archived = [r for r in facts.repositories if r.archived]
        if archived:
            return Verdict(
                Signal.ACTIVE,
                State.FAILED,
                (Message("%(url)s is archived", url=archived[0].url),),
                Message("unarchive the repository, or mark the entry obsolete"),
            )
        return Verdict(Signal.ACTIVE, State.UNKNOWN, (Message("no activity date is known"),))
    latest = max(dated, key=lambda r: r.last_activity_at or now)
    assert latest.last_activity_at is not None
    evidence = Message(
        "last push to %(url)s on %(date)s",
        url=latest.url,
        date=latest.last_activity_at.date().isoformat(),
    )
    if now - latest.last_activity_at <= ACTIVITY_WINDOW:
        return Verdict(Signal.ACTIVE, State.PASSED, (evidence,))
    return Verdict(
        Signal.ACTIVE,
        State.FAILED,
        (evidence,),
        Message("push maintenance (at least dependency updates) within a year, or archive it"),
    )


def known_vulnerabilities(facts: EntryFacts) -> Verdict:
    if facts.advisories is None:
        return Verdict(
            Signal.NO_KNOWN_VULNERABILITIES,
            State.UNKNOWN,
            (Message("the catalogue knows none of its components (no SBOM)"),),
            Message("publish an SBOM, or enable the dependency graph on the code host"),
        )
    if not facts.advisories:
        return Verdict(
            Signal.NO_KNOWN_VULNERABILITIES,
            State.PASSED,
            (Message("no open advisory on its components"),),
        )
    return Verdict(
        Signal.NO_KNOWN_VULNERABILITIES,
        State.FAILED,
        (Message("open advisories: %(ids)s", ids=", ".join(facts.advisories[:10])),),
        Message("upgrade the affected components to their fixed versions"),
    )


def decision(facts: EntryFacts) -> Verdict:
    if facts.decision_outcome is not None:
        return Verdict(
            Signal.DECISION,
            State.PASSED,
            (Message("a decision is in force: %(outcome)s", outcome=facts.decision_outcome),),
        )
    if facts.release_status in OPEN_STATUSES:
        return Verdict(
            Signal.DECISION,
            State.PASSED,
            (Message("released as open source: nothing is withheld, so no grounds to record"),),
        )
    if facts.release_status in NEEDS_DECISION:
        evidence = Message("code is withheld without a published decision with its grounds")
    else:
        evidence = Message("no release decision is recorded")
    return Verdict(
        Signal.DECISION,
        State.FAILED,
        (evidence,),
        Message("record the release decision, with the Woo grounds for what is withheld"),
    )


def _unread(signal: Signal) -> Verdict:
    return Verdict(
        signal,
        State.UNKNOWN,
        (Message("the harvest of its code host does not read the repository's files"),),
    )
