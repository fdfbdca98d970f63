# SPDX-License-Identifier: EUPL-1.2
"""code.json: the catalogue as a code.gov inventory (metadata schema 2.0.0), written piece by
piece so that memory does not grow with the catalogue.

Software that is not (wholly) released appears too, as code.gov asks of an inventory, with an
exemption `usageType` mapped from the Woo grounds of its decision in force and an
`exemptionText` made from the decision's published motivations. The mapping and its reasons
are in docs/exports.md; `USAGE_TYPES` below is the table itself.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterable, AsyncIterator, Iterable, Sequence
from datetime import date, datetime
from functools import lru_cache
from typing import Any
from urllib.parse import quote, urlsplit

import msgspec
from rfc3986_validator import validate_rfc3986

from catalogue.exports.json_export import SiteLinks, encode
from catalogue.exports.lean import LeanBatch, RepositoryRow
from catalogue.exports.records import ExportRecord
from catalogue.licences import LicenceError, normalise
from catalogue.rows import Row, json_value, moment
from wooexemptions.grounds import ground
from wooexemptions.rules import ReasonKind, ScopeItem

SCHEMA_VERSION = "2.0.0"
AGENCY = "NL"  # the whole catalogue: many Dutch government bodies, each named per release
OPEN_SOURCE = "openSource"
# code.gov's exemptions in the order its schema lists them; a decision citing grounds of
# several kinds takes the first of them (the most binding: a law before a judgement).
EXEMPTIONS = (
    "exemptByLaw",
    "exemptByNationalSecurity",
    "exemptByAgencySystem",
    "exemptByAgencyMission",
    "exemptByCIO",
)
WOO = "Dutch Open Government Act (Wet open overheid, Woo)"
FALLBACK = "exemptByCIO"  # withheld without a published Woo ground or other reason
USAGE_TYPES: dict[str, str] = {
    # 5.1 lid 1, absolute grounds: the law itself bars release.
    "woo-5.1.1.a": "exemptByLaw",  # unity of the Crown
    "woo-5.1.1.b": "exemptByNationalSecurity",  # security of the State
    "woo-5.1.1.c": "exemptByLaw",  # business data supplied in confidence
    # The three privacy grounds map alike: code.gov files "individual privacy" here.
    "woo-5.1.1.d": "exemptByNationalSecurity",  # special-category personal data
    "woo-5.1.1.e": "exemptByNationalSecurity",  # statutory identification numbers (BSN)
    # 5.1 lid 2, relative grounds: by the interest each protects.
    "woo-5.1.2.a": "exemptByNationalSecurity",  # international relations
    "woo-5.1.2.b": "exemptByAgencyMission",  # economic or financial interests of the State
    "woo-5.1.2.c": "exemptByAgencyMission",  # investigation and prosecution
    "woo-5.1.2.d": "exemptByAgencyMission",  # inspection, control and supervision
    "woo-5.1.2.e": "exemptByNationalSecurity",  # privacy (code.gov names individual privacy)
    "woo-5.1.2.f": "exemptByLaw",  # competition-sensitive business data (intellectual property)
    "woo-5.1.2.g": "exemptByAgencyMission",  # protection of the environment
    "woo-5.1.2.h": "exemptByAgencySystem",  # security of persons and companies, sabotage
    "woo-5.1.2.i": "exemptByAgencyMission",  # proper functioning of the State
    "woo-5.1.4": "exemptByAgencyMission",  # "kan tijdelijk achterwege blijven": discretionary
    "woo-5.1.5": "exemptByCIO",  # disproportionate harm: the exceptional, discretionary ground
    "woo-5.1.6": "exemptByCIO",  # environmental: weighed, serious harm; no bar in law
    "woo-5.2.1": "exemptByLaw",  # personal policy opinions for internal deliberation
    "woo-5.2.3": "exemptByAgencyMission",  # opinions for formal decision-making
    "woo-5.2.4": "exemptByAgencyMission",  # personal policy opinions, environmental
    "woo-5.4": "exemptByLaw",  # cabinet formation (temporary)
    "woo-5.4a.1": "exemptByLaw",  # support of individual elected members
    # Art. 8.8 Woo: another law decides, and bars disclosure.
    "regime-awr-67": "exemptByLaw",
    "regime-archiefwet-15": "exemptByLaw",
    "regime-aanbestedingswet-2.57": "exemptByLaw",
}
REASON_USAGE_TYPES: dict[ReasonKind, str] = {  # reasons that are no Woo ground
    ReasonKind.THIRD_PARTY_LICENCE: "exemptByLaw",  # intellectual property of others
    ReasonKind.CONTRACT: "exemptByCIO",  # an agreement is no law: the body's own choice
    ReasonKind.SECRETS_TO_REMOVE: "exemptByAgencySystem",  # secrets in the code or its history
    ReasonKind.COST: "exemptByCIO",
    ReasonKind.OTHER: "exemptByCIO",
}
_STATUS = {  # catalogue development status -> code.gov release status
    "concept": "Ideation",
    "development": "Development",
    "beta": "Beta",
    "stable": "Production",
    "obsolete": "Archival",
}
_REASON_NAMES = {
    ReasonKind.THIRD_PARTY_LICENCE: "a third party's licence",
    ReasonKind.CONTRACT: "a contract",
    ReasonKind.SECRETS_TO_REMOVE: "secrets to be removed first",
    ReasonKind.COST: "cost",
    ReasonKind.OTHER: "another reason",
}
_URL_SAFE = ":/?#[]@!$&'()*+,;=%~-._"
# An http(s) URL of plain characters only: a host name, a port, a path of RFC 3986's pchars.
_PLAIN_URL = re.compile(
    r"https?://[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]{1,5})?"
    r"(?:/[A-Za-z0-9._~!$&'()*+,;=:@/-]*)?",
    re.ASCII,
)


def usage_type(record: ExportRecord) -> str:
    """The code.gov usageType: openSource for released code, for the open part of partly open
    code that has a public repository, and for undecided code in a public repository under an
    open-source licence; else the exemption that the Woo grounds of the decision in force map
    to (or, where it cites none, its other reasons); the first of EXEMPTIONS when several."""
    if record.release_status == "open":
        return OPEN_SOURCE
    if record.release_status == "partly_open" and record.repositories:
        return OPEN_SOURCE  # the open part is visible; exemptionText names what is withheld
    if record.release_status == "undecided" and record.repositories and record.licence:
        return OPEN_SOURCE  # licensed for reuse by its publisher; visible alone is not public
    found = {USAGE_TYPES.get(code, FALLBACK) for code in _codes(record)}
    if not found:  # reasons that are no Woo ground count only where no ground is cited
        found = {REASON_USAGE_TYPES[r.kind] for item in _withheld(record) for r in item.reasons}
    return next((kind for kind in EXEMPTIONS if kind in found), FALLBACK)


def _exemption_text(record: ExportRecord, links: SiteLinks, usage: str) -> str | None:
    """Why code is withheld; for partly open code also beside openSource, so that the open
    part is visible and the withheld part still explained."""
    if usage == OPEN_SOURCE and record.release_status != "partly_open":
        return None
    return exemption_text(record, links)


def _withheld(record: ExportRecord) -> tuple[ScopeItem, ...]:
    if record.decision is None:
        return ()
    return tuple(item for item in record.decision.content.items if item.withheld)


def _codes(record: ExportRecord) -> tuple[str, ...]:
    return tuple(dict.fromkeys(use.code for item in _withheld(record) for use in item.grounds))


def exemption_text(record: ExportRecord, links: SiteLinks) -> str:
    """Why the code is (partly) withheld, from the published decision: per withheld part, the
    Woo articles applied and their motivations, then where the whole decision is."""
    if record.decision is None:
        if record.release_status == "undecided" and record.repositories:
            return (
                "No decision on releasing this code has been recorded. Its repository is "
                f"visible, but visible code is not thereby disclosed under the {WOO}, and it "
                "carries no licence for reuse."
            )
        if record.release_status == "undecided":
            return "No decision on releasing this code has been recorded, and it is not public."
        return (
            "The organisation lists this code as not released; no decision with its grounds "
            f"has been published in the register. Entry: {links.software(record.id)}"
        )
    content = record.decision.content
    parts = [_prefix(record)]
    parts += [_item_text(item) for item in _withheld(record)]
    if content.summary.strip():
        parts.append(f"Summary: {_flat(content.summary)}")
    parts.append(f"Decision: {links.decision(record.decision.id)}")
    return " ".join(part for part in parts if part)


def _prefix(record: ExportRecord) -> str:
    assert record.decision is not None
    content = record.decision.content
    if str(content.outcome) == "not_held":
        return (
            "The organisation does not hold this source code (niet berustend), so no "
            f"disclosure under the {WOO} can be decided."
        )
    if record.release_status == "open_later" or str(content.outcome) == "open_later":
        when = content.open_later_date.isoformat() if content.open_later_date else ""
        event = _flat(content.open_later_trigger)
        until = " or ".join(text for text in (when, event) if text) or "a later date"
        return f"To be released on {until}; withheld until then under the {WOO}."
    if str(content.outcome) == "partly_open":
        return f"Partly released; withheld parts under the {WOO}."
    return f"Withheld under the {WOO}."


def _item_text(item: ScopeItem) -> str:
    kind = str(item.kind)
    what = "The whole software" if kind == "whole" else f'{kind.capitalize()} "{_flat(item.name)}"'
    reasons = [_ground_text(use.code, use.motivation) for use in item.grounds]
    reasons += [
        f"not a Woo ground but {_REASON_NAMES[reason.kind]}: {_flat(reason.text)}"
        for reason in item.reasons
    ]
    return f"{what}: {'; '.join(reasons)}."


def _ground_text(code: str, motivation: str) -> str:
    try:
        cited = ground(code)
        name = f"art. {cited.article} Woo ({cited.name_en})"
    except KeyError:
        name = code
    return f"{name}: {_flat(motivation).rstrip('.')}"


def _flat(text: str) -> str:
    return " ".join(text.split())


def licences(record: ExportRecord) -> list[dict[str, str]] | None:
    """The licences of what is released, each with its SPDX page; None when none is known."""
    decided = record.decision.content.licence if record.decision else None
    expression = record.licence or decided
    if not expression:
        return None
    identifiers = _identifiers(expression)
    if identifiers is None:
        return [{"name": expression}]
    return [_licence(identifier) for identifier in identifiers] or None


@lru_cache(maxsize=512)
def _identifiers(expression: str) -> tuple[str, ...] | None:
    """The licence ids of an expression (few distinct ones recur across a whole catalogue)."""
    try:
        return normalise(expression).identifiers
    except LicenceError:
        return None


def _licence(identifier: str) -> dict[str, str]:
    if identifier.startswith(("LicenseRef-", "DocumentRef-")):
        return {"name": identifier}
    return {"name": identifier, "URL": f"https://spdx.org/licenses/{identifier}.html"}


def web_url(text: str | None) -> str | None:
    """An http(s) URL in a form an RFC 3986 URI check accepts, or None."""
    if not text:
        return None
    if _PLAIN_URL.fullmatch(stripped := text.strip()):
        return stripped  # the common case, which quoting leaves alone and the check accepts
    encoded = quote(stripped, safe=_URL_SAFE)
    try:
        parts = urlsplit(encoded)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        return None
    # What quoting cannot mend (a stray %, a second #) is left out rather than written invalid.
    return encoded if validate_rfc3986(encoded, rule="URI") else None


def _day(moment: datetime | date | None) -> str | None:
    if moment is None:
        return None
    return (moment.date() if isinstance(moment, datetime) else moment).isoformat()


def _dates(record: ExportRecord) -> dict[str, str]:
    created = min(
        (r.created_on_host_at for r in record.repositories if r.created_on_host_at), default=None
    )
    values = {
        "created": _day(created or record.created_at),
        "lastModified": _day(record.last_activity_at or record.updated_at),
        "metadataLastUpdated": _day(record.updated_at),
    }
    return {key: value for key, value in values.items() if value}


def release(record: ExportRecord, links: SiteLinks) -> dict[str, Any]:
    """One entry of `releases`."""
    entry = links.software(record.id)
    usage = usage_type(record)
    organisation = record.organisation
    body: dict[str, Any] = {
        "name": record.name,
        "organization": organisation.name,
        "description": _flat(record.description_en or record.description_nl)
        or f"{record.name}, software of {organisation.name}.",
        "permissions": {
            "licenses": licences(record),
            "usageType": usage,
            "exemptionText": _exemption_text(record, links, usage),
        },
        "tags": list(dict.fromkeys((*record.topics, *record.categories))),
        "contact": _contact(record),
        "repositoryURL": web_url(record.repository_url) or entry,
        "homepageURL": web_url(record.homepage) or entry,
        "languages": list(record.languages),
        "laborHours": 0,  # not known to the catalogue
        "date": _dates(record),
    }
    if record.repositories:
        body["vcs"] = "git"  # every code host the catalogue harvests serves git
    if status := _STATUS.get(record.development_status or ""):
        body["status"] = status
    if related := list(_related(record)):
        body["relatedCode"] = related
    return body


def _contact(record: ExportRecord) -> dict[str, str]:
    """code.gov requires an email address; the catalogue has none, so it is empty."""
    contact = {"email": "", "name": record.organisation.name}
    if website := web_url(record.organisation.website):
        contact["URL"] = website
    return contact


def _related(record: ExportRecord) -> Iterable[dict[str, Any]]:
    for repository in record.repositories[1:]:
        if url := web_url(repository.url):
            yield {"name": repository.full_name, "URL": url, "isGovernmentRepo": True}


def _dumps(value: Any) -> str:
    return encode(value).decode()


def _header(agency: str) -> str:
    header = {
        "version": SCHEMA_VERSION,
        "measurementType": {"method": "projects"},
        "agency": agency,
    }
    return _dumps(header)[:-1] + ',"releases":['


async def write_code_json_batches(
    batches: AsyncIterable[LeanBatch], *, links: SiteLinks, agency: str
) -> AsyncIterator[str]:
    """The inventory in pieces: header, the releases of each batch of entries (one a line),
    footer. An entry without a decision in force (most of them) is written straight from its
    row (`_releases`); one with a decision from its record, by `release`. msgspec writes a
    line break in a string as \\n, and so do the templates, so the only raw line breaks are
    those between releases. What recurs is written once an export (`_Known`)."""
    yield _header(agency)
    separator = "\n"
    known = _Known()
    async for batch in batches:
        if releases := _releases(batch, links, known):
            yield separator + ",\n".join(releases)
            separator = ",\n"
    yield "\n]}\n"


async def write_code_json(
    records: AsyncIterable[ExportRecord], *, links: SiteLinks, agency: str
) -> AsyncIterator[str]:
    """The inventory of records, one release a piece: the same bytes as
    `write_code_json_batches` (which the endpoint uses) over the same entries. The CLI writes
    with it (its tests fail an export half-way through `release`)."""
    yield _header(agency)
    separator = "\n"
    async for record in records:
        yield separator + _dumps(release(record, links))
        separator = ",\n"
    yield "\n]}\n"


# Positions in lean.COLUMNS.
_ID, _NAME, _DESCRIPTION_NL, _DESCRIPTION_EN, _STATUS_COLUMN, _LICENCE = range(6)
_DEVELOPMENT, _HOMEPAGE, _CATEGORIES, _CREATED, _UPDATED = range(6, 11)
_ORGANISATION, _ORGANISATION_NAME, _WEBSITE = range(11, 14)


_ESCAPED = re.compile(r'[\x00-\x1f"\\\ud800-\udfff]').search  # what msgspec escapes or refuses
_encode = msgspec.json.Encoder().encode


def _quoted(value: str) -> str:
    """A string as msgspec writes it in JSON: between quotes as it is, unless it holds a
    character JSON escapes (or a lone surrogate, which msgspec refuses)."""
    if _ESCAPED(value) is None:
        return f'"{value}"'
    return _encode(value).decode()


class _Known:
    """What an export writes alike for many entries, as JSON text, kept per distinct value:
    each organisation's name and contact, each licence's list, each list of tags and of
    languages. Emptied when large, so that memory stays flat over any catalogue."""

    __slots__ = ("organisations", "texts")
    LIMIT = 4096

    def __init__(self) -> None:
        self.organisations: dict[int, tuple[str, str, str]] = {}
        self.texts: dict[Any, str] = {}

    def organisation(self, row: Row) -> tuple[str, str, str]:
        """(name, name as JSON, contact as JSON) of the row's organisation."""
        found = self.organisations.get(row[_ORGANISATION])
        if found is None:
            if len(self.organisations) >= self.LIMIT:
                self.organisations.clear()
            name = row[_ORGANISATION_NAME]
            contact = {"email": "", "name": name}
            if website := web_url(row[_WEBSITE]):
                contact["URL"] = website
            found = self.organisations[row[_ORGANISATION]] = (
                name,
                _quoted(name),
                _encode(contact).decode(),
            )
        return found

    def json(self, key: Any, value: Any) -> str:
        """`value` as JSON, kept under `key` (hashable, and telling `value` apart)."""
        found = self.texts.get(key)
        if found is None:
            if len(self.texts) >= self.LIMIT:
                self.texts.clear()
            found = self.texts[key] = _encode(value).decode()
        return found


def _releases(batch: LeanBatch, links: SiteLinks, known: _Known) -> list[str]:
    """The releases of a batch, each as JSON: an entry with a decision in force by `release`;
    every other entry from its rows, as `release` would make it, written from a template with
    what recurs (organisations, licences, tags, languages) written once (`known`): the very
    text msgspec writes of `release`'s dict (tests/catalogue/exports/test_codejson_equivalence.py
    checks the bytes). One loop, all in it, since this is most of the export's work."""
    found: list[str] = []
    add = found.append
    decided = batch.decided
    texts = known.texts
    organisations = known.organisations
    escaped = _ESCAPED
    plain_url = _PLAIN_URL.fullmatch
    prefix = links.software(0)[:-1]  # an entry's address, less its id
    for row, repositories in zip(batch.rows, batch.all_repositories(), strict=True):
        software_id = row[_ID]
        if software_id in decided:
            add(_dumps(release(decided[software_id], links)))
            continue
        entry = f"{prefix}{software_id}"
        status = row[_STATUS_COLUMN]
        licence = row[_LICENCE]
        if status == "open" or (
            repositories and (status == "partly_open" or (status == "undecided" and licence))
        ):
            usage = OPEN_SOURCE
        else:
            usage = FALLBACK  # no decision: no ground and no reason
        if usage != OPEN_SOURCE or status == "partly_open":
            if status == "undecided":
                said = ("E", bool(repositories))
                exemption = texts.get(said) or known.json(
                    said, _undecided_text(status, bool(repositories), entry)
                )
            else:
                exemption = _quoted(_undecided_text(status, bool(repositories), entry))
        else:
            exemption = "null"
        organisation = organisations.get(row[_ORGANISATION]) or known.organisation(row)
        name = row[_NAME]
        description = " ".join((row[_DESCRIPTION_EN] or row[_DESCRIPTION_NL]).split())
        if not description:
            description = f"{name}, software of {organisation[0]}."
        categories = row[_CATEGORIES]
        tail = ""
        if not repositories:
            topics: tuple[Any, ...] = ()
            languages: tuple[str, ...] = ()
            repository_url = entry
            updated = last = _stored_day(row[_UPDATED])
            created = updated if row[_CREATED] == row[_UPDATED] else _stored_day(row[_CREATED])
        else:
            first = repositories[0]
            tail = ',"vcs":"git"'
            if len(repositories) == 1:
                topics = tuple(first.topics or ())
                languages = tuple(first.languages)
            else:
                topics = tuple(dict.fromkeys(t for r in repositories for t in (r.topics or ())))
                languages = tuple(dict.fromkeys(n for r in repositories for n in r.languages))
            url = first.url
            if url and plain_url(stripped := url.strip()):
                repository_url = stripped
            else:
                repository_url = web_url(url) or entry
            if len(repositories) == 1 and first.created_on_host_at is None:
                updated = _stored_day(row[_UPDATED])
                made = row[_CREATED]
                created = updated if made == row[_UPDATED] else _stored_day(made)
                last = updated if first.last_activity_at is None else _active(repositories)
            else:
                created, last, updated = _row_days(row, repositories)
        if categories is None or type(categories) is str:  # as stored: a key as it is
            key = ("T", topics, categories)
            tags = texts.get(key) or known.json(
                key, list(dict.fromkeys((*topics, *(json_value(categories) or ()))))
            )
        else:  # a driver that decoded it
            tags = _encode(list(dict.fromkeys((*topics, *categories)))).decode()
        licences = "null"
        if licence:
            licences = texts.get(licence) or known.json(licence, _licences_of(licence))
        languages_key = ("L", languages)
        languages_json = texts.get(languages_key) or known.json(
            languages_key, list(dict.fromkeys(languages))
        )
        homepage: str = row[_HOMEPAGE]
        if homepage and plain_url(stripped := homepage.strip()):
            homepage = stripped
        else:
            homepage = web_url(homepage) or entry
        if status_name := _STATUS.get(row[_DEVELOPMENT] or ""):
            tail += f',"status":"{status_name}"'
        if len(repositories) > 1:
            related = [
                {"name": repository.full_name, "URL": address, "isGovernmentRepo": True}
                for repository in repositories[1:]
                if (address := web_url(repository.url))
            ]
            if related:
                tail += ',"relatedCode":' + _encode(related).decode()
        if escaped(name + description + repository_url + homepage) is None:
            add(
                f'{{"name":"{name}","organization":{organisation[1]},"description":'
                f'"{description}","permissions":{{"licenses":{licences},"usageType":'
                f'"{usage}","exemptionText":{exemption}}},"tags":{tags},"contact":'
                f'{organisation[2]},"repositoryURL":"{repository_url}","homepageURL":'
                f'"{homepage}","languages":{languages_json},"laborHours":0,"date":'
                f'{{"created":"{created}","lastModified":"{last}","metadataLastUpdated":'
                f'"{updated}"}}{tail}}}'
            )
        else:
            add(
                f'{{"name":{_quoted(name)},"organization":{organisation[1]},"description":'
                f'{_quoted(description)},"permissions":{{"licenses":{licences},"usageType":'
                f'"{usage}","exemptionText":{exemption}}},"tags":{tags},"contact":'
                f'{organisation[2]},"repositoryURL":{_quoted(repository_url)},"homepageURL":'
                f'{_quoted(homepage)},"languages":{languages_json},"laborHours":0,"date":'
                f'{{"created":"{created}","lastModified":"{last}","metadataLastUpdated":'
                f'"{updated}"}}{tail}}}'
            )
    return found


def _active(repositories: Sequence[RepositoryRow]) -> str:
    """The day of the latest activity in the repositories (one at least has a moment)."""
    return (
        max(moment(r.last_activity_at) for r in repositories if r.last_activity_at is not None)
        .date()
        .isoformat()
    )


def _undecided_text(status: str, has_repositories: bool, entry: str) -> str:
    """`exemption_text` of an entry without a decision."""
    if status == "undecided" and has_repositories:
        return (
            "No decision on releasing this code has been recorded. Its repository is "
            f"visible, but visible code is not thereby disclosed under the {WOO}, and it "
            "carries no licence for reuse."
        )
    if status == "undecided":
        return "No decision on releasing this code has been recorded, and it is not public."
    return (
        "The organisation lists this code as not released; no decision with its grounds "
        f"has been published in the register. Entry: {entry}"
    )


@lru_cache(maxsize=512)
def _licences_of(expression: str) -> list[dict[str, str]] | None:
    """`licences` of an expression (the same list for every entry that has it: it is only
    read, by the encoder)."""
    identifiers = _identifiers(expression)
    if identifiers is None:
        return [{"name": expression}]
    return [_licence(identifier) for identifier in identifiers] or None


def _row_days(row: Row, repositories: Sequence[RepositoryRow]) -> tuple[str, str, str]:
    """`_dates` from rows (created, lastModified, metadataLastUpdated): the first repository's
    creation on its host, the latest activity."""
    updated = _stored_day(row[_UPDATED])
    created: datetime | None = None
    active: datetime | None = None
    for repository in repositories:  # a plain loop: most entries have one, with no dates
        if repository.created_on_host_at is not None:
            made = moment(repository.created_on_host_at)
            created = made if created is None else min(created, made)
        if repository.last_activity_at is not None:
            last = moment(repository.last_activity_at)
            active = last if active is None else max(active, last)
    return (
        created.date().isoformat() if created else _stored_day(row[_CREATED]),
        active.date().isoformat() if active else updated,
        updated,
    )


def _stored_day(value: datetime | str) -> str:
    """The day of a stored moment in the offset it carries, `moment(value).date().isoformat()`:
    read off the text where SQLite kept it in UTC (the common case), without parsing it."""
    if type(value) is str and value.endswith("+00:00"):
        return value[:10]
    return moment(value).date().isoformat()
