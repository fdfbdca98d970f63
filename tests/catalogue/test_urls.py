# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import pytest

from catalogue.urls import UrlError, canonical_url, host_and_owners


@pytest.mark.parametrize(
    ("raw", "canonical"),
    [
        ("https://github.com/MinBZK/woo-besluit", "https://github.com/MinBZK/woo-besluit"),
        ("HTTP://WWW.GitHub.com/MinBZK/woo-besluit.git/", "https://github.com/MinBZK/woo-besluit"),
        ("git@github.com:minvws/nl-covid19.git", "https://github.com/minvws/nl-covid19"),
        (
            "https://gitlab.com//commonground/core/haven/",
            "https://gitlab.com/commonground/core/haven",
        ),
        ("https://user:secret@gitlab.example.nl:443/a/b", "https://gitlab.example.nl/a/b"),
        ("https://git.example.nl:8443/a/b", "https://git.example.nl:8443/a/b"),
        (
            "  https://github.com/Amsterdam/signals?tab=readme#top ",
            "https://github.com/Amsterdam/signals",
        ),
    ],
)
def test_canonical_url(raw: str, canonical: str) -> None:
    assert canonical_url(raw) == canonical


@pytest.mark.parametrize(
    "raw", ["", "github.com", "ftp://github.com/a", "javascript:alert(1)", "https://" + "a" * 500]
)
def test_canonical_url_refuses_what_is_no_code_host_address(raw: str) -> None:
    with pytest.raises(UrlError):
        canonical_url(raw)


def test_host_and_owners_lists_each_possible_account_longest_first() -> None:
    assert host_and_owners("https://gitlab.com/commonground/core/haven") == (
        "https://gitlab.com",
        ["commonground/core", "commonground"],
    )
    assert host_and_owners("https://github.com/MinBZK/x") == ("https://github.com", ["MinBZK"])
