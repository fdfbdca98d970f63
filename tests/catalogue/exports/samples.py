# SPDX-License-Identifier: EUPL-1.2
"""Export records made in memory, for the writers' tests that need no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from catalogue.exports.json_export import SiteLinks
from catalogue.exports.records import (
    DecisionRecord,
    ExportRecord,
    OrganisationRecord,
    RepositoryRecord,
)
from wooexemptions.rules import (
    DecisionContent,
    GroundUse,
    ItemKind,
    OtherReason,
    Outcome,
    ReasonKind,
    ScopeItem,
)

LINKS = SiteLinks("https://catalogus.example.nl/")
MOMENT = datetime(2026, 3, 1, 12, 30, tzinfo=UTC)
ORGANISATION = OrganisationRecord(
    id=1,
    slug="gemeente-voorbeeld",
    name="Gemeente Voorbeeld",
    kind="gemeente",
    tooi_uri="https://identifier.overheid.nl/tooi/id/gemeente/gm9999",
    oin=None,
    website="https://www.voorbeeld.nl",
)


def repository(url: str = "https://github.com/voorbeeld/app", **changes: Any) -> RepositoryRecord:
    values: dict[str, Any] = {
        "url": url,
        "forge": "github",
        "full_name": url.split("/", 3)[-1],
        "description": "",
        "topics": ("zaken",),
        "languages": ("Python",),
        "archived": False,
        "active": True,
        "stars": 0,
        "forks": 0,
        "licence_forge": None,
        "has_publiccode": False,
        "created_on_host_at": MOMENT,
        "last_activity_at": MOMENT,
    }
    return RepositoryRecord(**(values | changes))


def record(**changes: Any) -> ExportRecord:
    """An open entry with one repository; `changes` replace any field."""
    base = ExportRecord(
        id=42,
        name="Zaakafhandeling",
        description_nl="Afhandelen van zaken voor inwoners.",
        description_en="Handles cases for residents.",
        release_status="open",
        licence="EUPL-1.2",
        development_status=None,
        maintenance_type=None,
        homepage=None,
        software_type=None,
        categories=(),
        platforms=(),
        publiccode_yml=None,
        publiccode_valid=None,
        source="registration",
        archived=False,
        created_at=MOMENT,
        updated_at=MOMENT,
        organisation=ORGANISATION,
        repositories=(repository(),),
        decision=None,
        provenance=None,
    )
    return replace(base, **changes)


def withheld_item(*codes: str, name: str = "", kind: ItemKind = ItemKind.WHOLE) -> ScopeItem:
    grounds = tuple(GroundUse(code, f"Motivering voor {code}.", "Afweging.") for code in codes)
    return ScopeItem(kind, name, withheld=True, grounds=grounds)


def reason_item(kind: ReasonKind, text: str = "Een contract verbiedt het.") -> ScopeItem:
    return ScopeItem(ItemKind.WHOLE, "", withheld=True, reasons=(OtherReason(kind, text),))


def decided(
    outcome: Outcome, *items: ScopeItem, licence: str | None = None, **content: Any
) -> DecisionRecord:
    return DecisionRecord(
        id=7,
        version=2,
        state="published",
        content=DecisionContent(
            outcome=outcome,
            items=items,
            licence=licence,
            decided_on=date(2026, 2, 1),
            review_on=date(2028, 2, 1),
            summary=content.pop("summary", "Samenvatting van het besluit."),
            **content,
        ),
        published_on=date(2026, 2, 2),
        updated_at=MOMENT,
    )


def withheld_record(*codes: str, **changes: Any) -> ExportRecord:
    """A withheld entry without a public repository, on the grounds given."""
    values: dict[str, Any] = {
        "release_status": "withheld",
        "licence": None,
        "repositories": (),
        "decision": decided(Outcome.WITHHELD, withheld_item(*codes)),
    }
    return record(**(values | changes))


HOSTILE_TEXTS = (
    "a: b # c",
    "- item",
    "? key",
    "&anchor *alias",
    "!!python/object/apply:os.system ['echo owned']",
    "yes",
    "null",
    "0.5",
    "---",
    "...",
    "%YAML 1.1",
    "'; DROP TABLE software; --",
    '<script>alert("x")</script>',
    "{{ 7*7 }} ${jndi:ldap://x}",
    '=HYPERLINK("https://evil.example","klik")',
    "+31 6 12345678",
    "@SUM(A1:A9)",
    "\tTab first",
    "line one\nline two\r\nline three",
    "ünïcödé — 日本語 — emoji 🚀 — RTL \u202e",
    "nul\x00byte and bell\x07",
    "line\u2028separator",
    "\ufeffbyte order mark",
    "  spaces around  ",
    "\"double\" and 'single' quotes, a \\ backslash",
)
