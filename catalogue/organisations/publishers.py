# SPDX-License-Identifier: EUPL-1.2
"""Reading the publishers list: government organisations and their code-host accounts.

The format is that of the Dutch "publiccode publishers" list: a JSON object with a `data`
array; each publisher has a `description` (its name), an optional `tooiUrl`, `rooId`, `oin`,
`website`, `kind`, and `codeHosting`, a list of `{"url": ..., "group": bool}`.
Parsing is pure; writing goes through catalogue.services.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from catalogue.messages import Message
from catalogue.organisations.kinds import ForgeKind, OrganisationKind
from catalogue.urls import UrlError, canonical_url

MAX_FILE_BYTES = 10 * 1024 * 1024
# Hosts known to run Forgejo: the Dutch government's own forge and Codeberg.
FORGEJO_HOSTS = frozenset({"code.overheid.nl", "codeberg.org"})

TOOI_KINDS = {
    "ministerie": OrganisationKind.MINISTERIE,
    "gemeente": OrganisationKind.GEMEENTE,
    "provincie": OrganisationKind.PROVINCIE,
    "waterschap": OrganisationKind.WATERSCHAP,
    "zbo": OrganisationKind.ZBO,
    "oorg": OrganisationKind.UITVOERINGSORGANISATIE,
}


class PublishersError(ValueError):
    """The publishers file is unreadable or malformed; `problems` says where and what."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """A code-host account as listed for a publisher."""

    forge: ForgeKind
    base_url: str
    name: str
    is_group: bool


@dataclass(frozen=True, slots=True)
class PublisherRecord:
    """One publisher of the list, checked and ready to write."""

    key: str  # the TOOI URI, or the list's own id when the publisher has none
    name: str
    kind: OrganisationKind
    tooi_uri: str | None
    publisher_id: str | None
    roo_id: str | None
    oin: str | None
    website: str | None
    accounts: list[AccountRecord] = field(default_factory=list)


def bundled_publishers_path() -> Path:
    """The publishers list shipped with the package (the default seed)."""
    return Path(str(resources.files("catalogue") / "data" / "publishers.json"))


def read_publishers(path: Path) -> list[PublisherRecord]:
    """Read and check a publishers file; raise PublishersError naming every problem."""
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise PublishersError([f"{path}: larger than {MAX_FILE_BYTES} bytes"])
        document = json.loads(path.read_bytes().decode("utf-8"))
    except OSError as error:
        raise PublishersError([f"{path}: cannot read: {error.strerror}"]) from None
    except UnicodeDecodeError as error:
        raise PublishersError([f"{path}: not UTF-8 (byte {error.start})"]) from None
    except json.JSONDecodeError as error:
        raise PublishersError(
            [f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}"]
        ) from None
    return parse_publishers(document, source=str(path))


def parse_publishers(document: Any, *, source: str = "publishers") -> list[PublisherRecord]:
    """Check a decoded publishers document and turn it into records."""
    if not isinstance(document, dict) or not isinstance(document.get("data"), list):
        raise PublishersError([f"{source}: expected an object with a 'data' array"])
    problems: list[str] = []
    records: list[PublisherRecord] = []
    seen: dict[str, str] = {}
    for index, item in enumerate(document["data"]):
        where = f"{source}: data[{index}]"
        try:
            record = _publisher(item, where)
        except PublishersError as error:
            problems.extend(error.problems)
            continue
        if record.key in seen:
            problems.append(f"{where}: {record.key} is listed twice (also at {seen[record.key]})")
            continue
        seen[record.key] = where
        records.append(record)
    problems.extend(_shared_accounts(records))
    if problems:
        raise PublishersError(problems)
    return records


def _publisher(item: Any, where: str) -> PublisherRecord:
    if not isinstance(item, dict):
        raise PublishersError([f"{where}: expected an object"])
    problems: list[str] = []
    name = _text(item, "description", where, problems, required=True)
    tooi = _text(item, "tooiUrl", where, problems)
    publisher_id = _text(item, "id", where, problems)
    kind = _kind(item, tooi, where, problems)
    accounts = _accounts(item.get("codeHosting", []), where, problems)
    if tooi is not None and not tooi.startswith("https://identifier.overheid.nl/tooi/id/"):
        problems.append(f"{where}.tooiUrl: {tooi!r} is not a TOOI identifier")
    if tooi is None and publisher_id is None:
        problems.append(f"{where}: needs a 'tooiUrl' or an 'id' to be recognised on re-import")
    if problems:
        raise PublishersError(problems)
    return PublisherRecord(
        key=tooi or f"publisher:{publisher_id}",
        name=name or "",
        kind=kind,
        tooi_uri=tooi,
        publisher_id=publisher_id,
        roo_id=_text(item, "rooId", where, problems),
        oin=_text(item, "oin", where, problems),
        website=_text(item, "website", where, problems),
        accounts=accounts,
    )


def _text(
    item: dict[str, Any], key: str, where: str, problems: list[str], *, required: bool = False
) -> str | None:
    value = item.get(key)
    if value is None or (isinstance(value, str) and not value.strip()):
        if required:
            problems.append(f"{where}.{key}: missing")
        return None
    if not isinstance(value, str | int) or isinstance(value, bool):
        problems.append(f"{where}.{key}: expected text, got {type(value).__name__}")
        return None
    text = str(value).strip()
    if len(text) > 200:
        problems.append(f"{where}.{key}: longer than 200 characters")
        return None
    return text


def _kind(
    item: dict[str, Any], tooi: str | None, where: str, problems: list[str]
) -> OrganisationKind:
    declared = item.get("kind")
    if declared is not None:
        try:
            return OrganisationKind(declared)
        except ValueError:
            allowed = ", ".join(kind.value for kind in OrganisationKind)
            problems.append(f"{where}.kind: {declared!r} is not one of {allowed}")
            return OrganisationKind.OTHER
    if tooi:
        segment = tooi.rstrip("/").split("/")[-2]
        return TOOI_KINDS.get(segment, OrganisationKind.OTHER)
    return OrganisationKind.OTHER


def _accounts(value: Any, where: str, problems: list[str]) -> list[AccountRecord]:
    if not isinstance(value, list):
        problems.append(f"{where}.codeHosting: expected an array")
        return []
    accounts = []
    for index, entry in enumerate(value):
        here = f"{where}.codeHosting[{index}]"
        if not isinstance(entry, dict) or not isinstance(entry.get("url"), str):
            problems.append(f"{here}: expected an object with a 'url'")
            continue
        try:
            accounts.append(
                account_from_url(entry["url"], is_group=entry.get("group") is not False)
            )
        except UrlError as error:
            problems.append(f"{here}.url: {error}")
    return accounts


def account_from_url(url: str, *, is_group: bool = True) -> AccountRecord:
    """The code-host account behind an account URL such as https://github.com/MinBZK."""
    canonical = canonical_url(url)
    parts = urlsplit(canonical)
    path = parts.path.strip("/")
    if not path:
        raise UrlError(
            Message("%(address)s names a code host but no account on it", address=repr(url))
        )
    host = parts.hostname or ""
    forge = (
        ForgeKind.GITHUB
        if host == "github.com"
        else ForgeKind.GITLAB
        if "gitlab" in host
        else ForgeKind.FORGEJO
        if host in FORGEJO_HOSTS or "forgejo" in host
        else ForgeKind.GITEA
        if "gitea" in host
        else ForgeKind.BITBUCKET
        if host == "bitbucket.org"
        else ForgeKind.BITBUCKET_SERVER
        if "bitbucket" in host
        else ForgeKind.GIT
    )
    return AccountRecord(forge, f"{parts.scheme}://{parts.netloc}", path, is_group)


def _shared_accounts(records: list[PublisherRecord]) -> list[str]:
    owners: dict[tuple[str, str], str] = {}
    problems = []
    for record in records:
        for account in record.accounts:
            key = (account.base_url, account.name.lower())
            if key in owners and owners[key] != record.name:
                problems.append(
                    f"{account.base_url}/{account.name} is listed for both "
                    f"{owners[key]!r} and {record.name!r}"
                )
            owners.setdefault(key, record.name)
    return problems
