# SPDX-License-Identifier: EUPL-1.2
"""What a publiccode.yml gives its software entry (catalogue.metadata, pure)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalogue import publiccode
from catalogue.software.metadata import software_values

EXAMPLE = (Path(__file__).parent / "publiccode_files" / "example.yaml").read_text(encoding="utf-8")


def with_landing_url(url: str) -> str:
    assert "landingURL:" in EXAMPLE
    lines = [
        f"landingURL: '{url}'" if line.startswith("landingURL:") else line
        for line in EXAMPLE.splitlines()
    ]
    return "\n".join(lines) + "\n"


def test_a_landing_url_becomes_the_homepage() -> None:
    values = software_values(publiccode.validate(with_landing_url("https://example.nl/app")))
    assert values["homepage"] == "https://example.nl/app"


@pytest.mark.parametrize(
    "url",
    ["https://example.nl/" + "a" * 290, "https://example.nl/%zz", "javascript:alert(1)"],
)
def test_a_landing_url_the_exports_could_not_publish_is_left_out_not_cut_short(url: str) -> None:
    assert "homepage" not in software_values(publiccode.validate(with_landing_url(url)))
