# SPDX-License-Identifier: EUPL-1.2
"""Reading another catalogue's answer into `RemoteEntry` values, one entry at a time and
defensively: an entry that cannot be read is reported with its place and left out, a field
that cannot be used is dropped with a warning, and nothing here ever raises on bad data.

Two shapes are read: the opentenzij export ("opentenzij-export/1", docs/federation.md) and a
page of the Developers Italia software API (`{"data": [...], "links": {"next": ...}}`), whose
entries are described by their publiccode.yml alone. Pure: no ORM, no web.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from catalogue import licences, publiccode
from catalogue.organisations.kinds import OrganisationKind
from catalogue.software import metadata
from catalogue.software.models import DevelopmentStatus, MaintenanceType, ReleaseStatus
from catalogue.urls import UrlError, canonical_url, is_web_address

EXPORT_FORMAT = "opentenzij-export/"
TOOI_PREFIX = "https://identifier.overheid.nl/tooi/id/"
OIN = re.compile(r"^\d{20}$")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_ID = 200
MAX_NAME = 200
MAX_DESCRIPTION = 5000
MAX_URL = 400
MAX_HOMEPAGE = 300  # of software and organisations
MAX_REPOSITORIES = 50
MAX_LIST = 100  # topics, languages, categories, platforms per entry


class Format(StrEnum):
    """The shape of another catalogue's answer."""

    OPENTENZIJ = "opentenzij"
    DEVELOPERS_ITALIA = "developers-italia"


class ShapeError(ValueError):
    """An answer that is not a catalogue of the expected shape at all."""


@dataclass(frozen=True, slots=True)
class RemoteOrganisation:
    """The owner of a remote entry, as far as the other catalogue says."""

    name: str
    kind: OrganisationKind = OrganisationKind.OTHER
    tooi_uri: str | None = None
    oin: str | None = None
    website: str | None = None
    key: str | None = None  # the other catalogue's own name for it (slug, URI, IPA code)


@dataclass(frozen=True, slots=True)
class RemoteRepository:
    url: str  # canonical
    forge: str | None
    full_name: str
    description: str = ""
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    archived: bool = False
    last_activity_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class RemoteEntry:
    """One software entry of another catalogue, checked and ready to be written."""

    remote_id: str
    remote_url: str | None
    name: str
    organisation: RemoteOrganisation | None  # None: the catalogue's own stand-in organisation
    release_status: ReleaseStatus
    values: dict[str, Any]  # fields for registration.apply_harvest
    publiccode_yml: str | None
    repositories: tuple[RemoteRepository, ...]
    aliases: tuple[str, ...] = ()  # other canonical addresses of the same code
    updated_at: datetime | None = None
    federated_from: str | None = None  # set when the entry was itself federated there
    active: bool = True


@dataclass(slots=True)
class Reading:
    """What one answer held: its entries, those that could not be read, and warnings."""

    entries: list[RemoteEntry] = field(default_factory=list)
    seen: set[str] = field(default_factory=set)  # every id present, read or not
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    catalogue_name: str = ""
    next_page: str | None = None


class _Bad(Exception):
    """An entry that cannot be read; the message says why."""


def detect(document: Any) -> Format:
    """Which shape an answer has; ShapeError when it has neither."""
    if isinstance(document, dict):
        if isinstance(document.get("format"), str) and "software" in document:
            return Format.OPENTENZIJ
        if isinstance(document.get("data"), list):
            return Format.DEVELOPERS_ITALIA
    raise ShapeError(
        "is neither an opentenzij export (an object with 'format' and 'software') nor a "
        "Developers Italia software list (an object with a 'data' list)"
    )


def read_export(document: Any) -> Reading:
    """The entries of an opentenzij export."""
    if not isinstance(document, dict) or not isinstance(document.get("software"), list):
        raise ShapeError("is not an opentenzij export: it has no 'software' list")
    declared = document.get("format")
    if not isinstance(declared, str) or not declared.startswith(EXPORT_FORMAT):
        raise ShapeError(f"has format {str(declared)[:60]!r}, not {EXPORT_FORMAT}1")
    if declared != f"{EXPORT_FORMAT}1":
        raise ShapeError(f"has format {declared[:60]!r}; this opentenzij reads {EXPORT_FORMAT}1")
    reading = Reading()
    about = document.get("catalogue")
    if isinstance(about, dict):
        reading.catalogue_name = _text(about.get("name"), MAX_NAME)
    for index, item in enumerate(document["software"]):
        _read_one(reading, index, item, _export_entry)
    return reading


def read_italian_page(document: Any, *, page_url: str) -> Reading:
    """The entries of one page of the Developers Italia software API, and its next page."""
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise ShapeError("is not a Developers Italia software list: it has no 'data' list")
    reading = Reading()
    links = document.get("links")
    if links is not None and not isinstance(links, dict):
        raise ShapeError("has 'links' that is not an object")
    following = (links or {}).get("next")
    if following is not None and not isinstance(following, str):
        raise ShapeError("has a 'links.next' that is not text")
    reading.next_page = following or None
    base = page_url.split("?", 1)[0].rstrip("/")
    for index, item in enumerate(document["data"]):
        _read_one(reading, index, item, lambda i, w: _italian_entry(i, w, base))
    return reading


def _read_one(reading: Reading, index: int, item: Any, read: Any) -> None:
    remote_id = _id(item.get("id")) if isinstance(item, dict) else None
    where = f"entry {index}" + (f" (id {remote_id})" if remote_id else "")
    if remote_id:
        reading.seen.add(remote_id)
    try:
        reading.entries.append(read(item, _Warn(reading, where)))
    except _Bad as bad:
        reading.errors.append(f"{where}: {bad}")


class _Warn:
    """Collects the warnings of one entry under its place."""

    def __init__(self, reading: Reading, where: str) -> None:
        self.reading, self.where = reading, where

    def __call__(self, message: str) -> None:
        self.reading.warnings.append(f"{self.where}: {message}")


def _export_entry(item: Any, warn: _Warn) -> RemoteEntry:
    if not isinstance(item, dict):
        raise _Bad("is not an object")
    remote_id = _id(item.get("id"))
    if remote_id is None:
        raise _Bad("has no usable 'id' (text of 1 to 200 characters)")
    name = _text(item.get("name"), MAX_NAME)
    if not name:
        raise _Bad("has no 'name'")
    provenance = item.get("provenance")
    federated_from = None
    if provenance is not None:
        given = provenance.get("catalogue_url") if isinstance(provenance, dict) else None
        federated_from = _text(given, MAX_URL) or "another catalogue"
    given_descriptions = item.get("description")
    descriptions = given_descriptions if isinstance(given_descriptions, dict) else {}
    values: dict[str, Any] = {
        "name": name,
        "description_nl": _long_text(descriptions.get("nl"), warn, "description.nl"),
        "description_en": _long_text(descriptions.get("en"), warn, "description.en"),
        "homepage": _web_address(item.get("homepage"), warn, "homepage", MAX_HOMEPAGE),
        "categories": _strings(item.get("categories")),
        "platforms": _strings(item.get("platforms")),
    }
    if licence := _licence(item.get("licence"), warn):
        values["licence"] = licence
    for key, enum in (
        ("development_status", DevelopmentStatus),
        ("maintenance_type", MaintenanceType),
    ):
        if (value := _choice(item.get(key), enum, warn, key)) is not None:
            values[key] = value
    if software_type := _text(item.get("software_type"), 30):
        values["software_type"] = software_type
    return RemoteEntry(
        remote_id=remote_id,
        remote_url=_web_address(item.get("url"), warn, "url"),
        name=name,
        organisation=_export_organisation(item.get("organisation")),
        release_status=_choice(item.get("release_status"), ReleaseStatus, warn, "release_status")
        or ReleaseStatus.UNDECIDED,
        values=values,
        publiccode_yml=_publiccode_text(item.get("publiccode_yml"), warn),
        repositories=_repositories(item.get("repositories"), warn),
        updated_at=_moment(item.get("updated_at")),
        federated_from=federated_from,
    )


def _export_organisation(value: Any) -> RemoteOrganisation:
    if not isinstance(value, dict):
        raise _Bad("has no 'organisation' object")
    name = _text(value.get("name"), MAX_NAME)
    if not name:
        raise _Bad("has an organisation without a name")
    kind = value.get("kind")
    return RemoteOrganisation(
        name=name,
        kind=OrganisationKind(kind) if kind in set(OrganisationKind) else OrganisationKind.OTHER,
        tooi_uri=_tooi(value.get("tooi_uri")),
        oin=_oin(value.get("oin")),
        website=_web_address(value.get("website"), None, "website", MAX_HOMEPAGE),
        key=_text(value.get("slug"), 100) or name,
    )


def _italian_entry(item: Any, warn: _Warn, base: str) -> RemoteEntry:
    """A Developers Italia entry: its address, aliases and publiccode.yml."""
    if not isinstance(item, dict):
        raise _Bad("is not an object")
    remote_id = _id(item.get("id"))
    if remote_id is None:
        raise _Bad("has no usable 'id'")
    url = item.get("url")
    if url is None and isinstance(item.get("urls"), list) and item["urls"]:
        url = item["urls"][0]  # the API's first versions listed every address in 'urls'
    repository_url = _repository_url(url)
    if repository_url is None:
        raise _Bad(f"has no usable repository address in 'url': {str(url)[:80]!r}")
    given_aliases = item.get("aliases")
    aliases = tuple(
        alias
        for raw in (given_aliases if isinstance(given_aliases, list) else [])
        if (alias := _repository_url(raw)) and alias != repository_url
    )
    text = _publiccode_text(item.get("publiccodeYml"), warn)
    _, result = metadata.check_publiccode(text)
    values = metadata.software_values(result)
    if len(values.get("homepage") or "") > MAX_HOMEPAGE:
        warn(f"landingURL is longer than {MAX_HOMEPAGE} characters; left out")
        del values["homepage"]
    name = values.get("name") or repository_url.rsplit("/", 1)[-1][:MAX_NAME]
    values["name"] = name
    data = result.data if result and result.data else {}
    return RemoteEntry(
        remote_id=remote_id,
        remote_url=f"{base}/{remote_id}"[:MAX_URL],
        name=name,
        organisation=_italian_organisation(data),
        release_status=ReleaseStatus.OPEN,  # the catalogue lists open-source software only
        values=values,
        publiccode_yml=text,
        repositories=(
            RemoteRepository(
                url=repository_url,
                forge=None,
                full_name=repository_url.split("/", 3)[3][:300],
                description=_text(values.get("description_en") or "", MAX_DESCRIPTION),
            ),
        ),
        aliases=aliases,
        updated_at=_moment(item.get("updatedAt")),
        active=item.get("active") is not False,
    )


def _italian_organisation(data: Mapping[str, Any]) -> RemoteOrganisation | None:
    """The owner a publiccode.yml names: organisation (0.5+), legal.repoOwner or
    mainCopyrightOwner, and the Italian extension's IPA code; None when it names none."""
    organisation = _mapping(data.get("organisation"))
    legal = _mapping(data.get("legal"))
    italian = _mapping(data.get("it") or data.get("IT"))
    ipa = _text(_mapping(italian.get("riuso")).get("codiceIPA"), 60)
    uri = _text(organisation.get("uri"), MAX_URL)
    name = next(
        (
            text
            for value in (
                organisation.get("name"),
                legal.get("repoOwner"),
                legal.get("mainCopyrightOwner"),
            )
            if (text := _text(value, MAX_NAME))
        ),
        "",
    )
    key = uri or (f"urn:x-italian-pa:{ipa}" if ipa else None)
    if not name and not key:
        return None
    return RemoteOrganisation(
        name=name or (ipa or uri or "")[:MAX_NAME], tooi_uri=_tooi(uri), key=key or name
    )


def _repositories(value: Any, warn: _Warn) -> tuple[RemoteRepository, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise _Bad("has 'repositories' that is not a list")
    if len(value) > MAX_REPOSITORIES:
        raise _Bad(f"has more than {MAX_REPOSITORIES} repositories")
    found: dict[str, RemoteRepository] = {}
    for index, item in enumerate(value):
        url = _repository_url(item.get("url")) if isinstance(item, dict) else None
        if url is None:
            warn(f"repositories[{index}] has no usable 'url'; left out")
            continue
        found.setdefault(url.lower(), _repository(url, item))
    return tuple(found.values())


def _repository(url: str, item: dict[str, Any]) -> RemoteRepository:
    forge = item.get("forge")
    return RemoteRepository(
        url=url,
        forge=forge if forge in ("github", "gitlab", "git") else None,
        full_name=_text(item.get("full_name"), 300) or url.split("/", 3)[3][:300],
        description=_text(item.get("description"), MAX_DESCRIPTION),
        topics=tuple(_strings(item.get("topics"))),
        languages=tuple(name[:60] for name in _strings(item.get("languages"))),
        archived=item.get("archived") is True,
        last_activity_at=_moment(item.get("last_activity_at")),
    )


def _repository_url(value: Any) -> str | None:
    """A canonical repository address (host, account and name), or None."""
    if not isinstance(value, str):
        return None
    try:
        url = canonical_url(value)
    except UrlError:
        return None
    return url if url.count("/") >= 4 and len(url) <= MAX_URL else None


def _id(value: Any) -> str | None:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    value = value.strip()
    return value if 0 < len(value) <= MAX_ID and not CONTROL.search(value) else None


def _text(value: Any, limit: int) -> str:
    """Text without control characters, stripped and cut to `limit`; "" for anything else."""
    if not isinstance(value, str):
        return ""
    return CONTROL.sub("", value).strip()[:limit].strip()


def _long_text(value: Any, warn: _Warn, key: str) -> str:
    text = _text(value, MAX_DESCRIPTION + 1)
    if len(text) > MAX_DESCRIPTION:
        warn(f"{key} is longer than {MAX_DESCRIPTION} characters; cut")
    return text[:MAX_DESCRIPTION]


def _web_address(value: Any, warn: _Warn | None, key: str, limit: int = MAX_URL) -> str | None:
    if value is None or value == "":
        return None
    text = _text(value, limit + 1)
    if len(text) <= limit and is_web_address(text):
        return text
    if warn is not None:
        warn(f"{key} is not an http(s) address of at most {limit} characters; left out")
    return None


def _licence(value: Any, warn: _Warn) -> str | None:
    if value is None or value == "":
        return None
    text = _text(value, 300)
    if licences.normalised_or_none(text) is None:
        warn(f"licence {text[:80]!r} is not an SPDX expression; left out")
        return None
    return text


def _choice(value: Any, enum: type[StrEnum], warn: _Warn, key: str) -> Any:
    if value is None:
        return None
    if value in {member.value for member in enum}:
        return enum(value)
    warn(f"{key} {str(value)[:40]!r} is not one of {', '.join(m.value for m in enum)}")
    return None


def _publiccode_text(value: Any, warn: _Warn) -> str | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        warn("publiccode.yml is not text; left out")
        return None
    if "\x00" in value:  # no database keeps it as text, and no YAML file has it
        warn("publiccode.yml contains NUL characters; left out")
        return None
    if len(value.encode("utf-8", "surrogatepass")) > publiccode.MAX_BYTES:
        warn(f"publiccode.yml is larger than {publiccode.MAX_BYTES} bytes; left out")
        return None
    return value


def _tooi(value: Any) -> str | None:
    text = _text(value, 200)
    return text if text.startswith(TOOI_PREFIX) and len(text) > len(TOOI_PREFIX) else None


def _oin(value: Any) -> str | None:
    return value if isinstance(value, str) and OIN.match(value) else None


def _strings(value: Any) -> list[str]:
    items = value if isinstance(value, list) else []
    return list(dict.fromkeys(text for item in items[:MAX_LIST] if (text := _text(item, 100))))


def _moment(value: Any) -> datetime | None:
    """An RFC 3339 time as an aware UTC datetime, or None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}
