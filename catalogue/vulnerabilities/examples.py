# SPDX-License-Identifier: EUPL-1.2
"""Demo vulnerabilities: an SBOM for the fictitious example entry "Afvalkalender (voorbeeld)"
and fictitious advisories (ids DEMO-…, catalogue/data/demo_advisories.json) matched locally,
so that the demo shows an affected component in the owners' view and in the public view (one
past the embargo, one within it) without asking the real OSV database."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from importlib import resources
from typing import Any

from catalogue import sbom
from catalogue.components import services as components
from catalogue.components.models import DependencySource, SbomDocument
from catalogue.software.models import Software
from catalogue.vulnerabilities.services import apply_records

DEMO_ACTOR = "system:demo"


def demo_advisories() -> dict[str, Any]:
    path = resources.files("catalogue") / "data" / "demo_advisories.json"
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def spdx_of(name: str, components_: list[list[str]]) -> bytes:
    """A small SPDX 2.3 JSON document of the demo components."""
    return json.dumps(
        {
            "spdxVersion": "SPDX-2.3",
            "dataLicense": "CC0-1.0",
            "SPDXID": "SPDXRef-DOCUMENT",
            "name": f"{name} (demo)",
            "documentNamespace": f"https://opentenzij.example/demo/sbom/{name}",
            "creationInfo": {
                "created": "2026-12-01T00:00:00Z",
                "creators": ["Tool: opentenzij-demo"],
            },
            "packages": [
                {
                    "SPDXID": f"SPDXRef-{index}",
                    "name": package,
                    "versionInfo": version,
                    "downloadLocation": "NOASSERTION",
                    "externalRefs": [
                        {
                            "referenceCategory": "PACKAGE-MANAGER",
                            "referenceType": "purl",
                            "referenceLocator": purl,
                        }
                    ],
                }
                for index, (purl, package, version) in enumerate(components_)
            ],
        }
    ).encode()


async def load_examples(*, now: datetime | None = None) -> int:
    """Store the demo SBOM and apply the demo advisories, oldest finding first; returns the
    exposures found (0 when the entry is missing or already has its demo SBOM)."""
    now = now or datetime.now(UTC)
    data = demo_advisories()
    software = await Software.filter(name=data["sbom"]["software"]).order_by("id").first()
    if (
        software is None
        or await SbomDocument.filter(software=software, added_by=DEMO_ACTOR).exists()
    ):
        return 0
    document = sbom.parse(spdx_of(software.name, data["sbom"]["components"]))
    await components.store_sbom(
        software=software, document=document, source=DependencySource.SBOM, actor=DEMO_ACTOR
    )
    found = 0
    applied: list[dict[str, Any]] = []
    for item in sorted(data["advisories"], key=lambda item: -item["found_days_ago"]):
        applied.append(item["record"])
        summary = await apply_records(applied, now=now - timedelta(days=item["found_days_ago"]))
        found += summary.found
    return found
