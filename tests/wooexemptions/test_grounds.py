# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from wooexemptions.grounds import (
    Ground,
    GroundDataError,
    GroundKind,
    ground,
    grounds,
    parse_grounds,
    refusal_grounds,
)

REFERENCE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "woo-grounds.yaml"
PACKAGE_COPY = Path(__file__).resolve().parents[2] / "wooexemptions" / "grounds.yaml"
COMPARED = ("code", "article", "name_nl", "name_en", "kind", "weighing_required")


def test_the_copy_matches_the_reference_on_every_ground() -> None:
    if not REFERENCE.is_file():
        pytest.skip("the shared reference is not beside this checkout")
    reference = yaml.safe_load(REFERENCE.read_text(encoding="utf-8"))["grounds"]
    woo = [g for g in grounds() if g.kind is not GroundKind.REGIME]  # art. 8.8: ours only
    ours = [{name: getattr(g, name) for name in COMPARED} for g in woo]
    assert ours == [{name: entry[name] for name in COMPARED} for entry in reference]


def test_grounds_are_read_once_and_in_article_order() -> None:
    assert grounds() is grounds()
    codes = [g.code for g in grounds()]
    assert codes[:3] == ["woo-5.1.1.a", "woo-5.1.1.b", "woo-5.1.1.c"]
    assert codes[21:24] == ["woo-5.3", "woo-5.4", "woo-5.4a.1"]
    assert len(codes) == len(set(codes)) == 27
    assert [g.kind for g in grounds()[24:]] == [GroundKind.REGIME] * 3  # art. 8.8 Woo


def test_lid_1_is_absolute_and_lid_2_relative() -> None:
    for g in grounds():
        if g.code.startswith("woo-5.1.1."):
            assert (g.kind, g.weighing_required) == (GroundKind.ABSOLUTE, False)
        if g.code.startswith("woo-5.1.2."):
            assert (g.kind, g.weighing_required) == (GroundKind.RELATIVE, True)


def test_refusal_grounds_leave_out_the_power_to_disclose_and_the_five_year_rule() -> None:
    assert {g.code for g in grounds()} - {g.code for g in refusal_grounds()} == {
        "woo-5.2.2",
        "woo-5.3",
    }
    assert all(g.refusal for g in refusal_grounds())


@pytest.mark.parametrize(
    ("flag", "codes"),
    [
        ("temporary", {"woo-5.1.4", "woo-5.4"}),
        ("environmental_only", {"woo-5.1.6", "woo-5.2.4"}),
        ("not_for_environmental", {"woo-5.1.5", "woo-5.1.1.c", "woo-5.2.1"}),
        (
            "verify",
            {
                "woo-5.2.3",
                "woo-5.4a.1",
                "regime-awr-67",
                "regime-archiefwet-15",
                "regime-aanbestedingswet-2.57",
            },
        ),
    ],
)
def test_flags(flag: str, codes: set[str]) -> None:
    assert {g.code for g in grounds() if getattr(g, flag)} == codes


def test_only_disproportionate_harm_stands_alone() -> None:
    assert [g.code for g in grounds() if not g.combinable] == ["woo-5.1.5"]


def test_lookup_by_code_and_names_in_both_languages() -> None:
    found = ground("woo-5.1.2.d")
    assert isinstance(found, Ground)
    assert found.article == "5.1 lid 2 onder d"
    assert found.name("nl") == "Inspectie, controle en toezicht door bestuursorganen"
    assert found.name("en") == "Inspection, control and supervision by public bodies"
    with pytest.raises(ValueError, match="language must be one of nl, en"):
        found.name("de")


@pytest.mark.parametrize("code", ["woo-5.1.2.z", "5.1.2.d", ""])
def test_an_unknown_code_is_a_key_error_naming_it(code: str) -> None:
    with pytest.raises(KeyError, match=f"unknown Woo ground code {code!r}"):
        ground(code)


def _with(**changes: object) -> str:
    entry = {
        "code": "woo-x",
        "article": "x",
        "name_nl": "x",
        "name_en": "x",
        "kind": "relative",
        "weighing_required": True,
        "refusal": True,
        "notes": "",
    }
    entry.update(changes)
    return yaml.safe_dump({"grounds": [{k: v for k, v in entry.items() if v is not None}]})


def test_a_well_formed_entry_gets_the_default_flags() -> None:
    (parsed,) = parse_grounds(_with())
    assert (parsed.temporary, parsed.combinable, parsed.verify) == (False, True, False)
    assert (parsed.environmental_only, parsed.not_for_environmental) == (False, False)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("grounds: [", "not valid YAML"),
        ("- a list", "a non-empty list under 'grounds'"),
        ("grounds: []", "a non-empty list under 'grounds'"),
        ("grounds: [plain text]", "expected a mapping"),
        (_with(refusal=None), "missing field"),
        (_with(refusal="yes"), "refusal must be a bool"),
        (_with(weighing_required=1), "weighing_required must be a bool"),
        (_with(temporary="no"), "temporary must be a bool"),
        (_with(article=5.1), "article must be a str"),
        (_with(name_en="  "), "name_en is empty"),
        (_with(kind="strict"), "kind must be one of absolute, relative, other"),
        (_with(combineable=False), "unknown field"),
        (_with(kind="absolute"), "an absolute ground needs no weighing"),
        (_with(weighing_required=False), "a relative ground needs a weighing"),
        (_with(refusal=False, temporary=True), "a temporary ground must be a refusal ground"),
        (_with(environmental_only=True, not_for_environmental=True), "conflict"),
    ],
)
def test_a_broken_data_file_fails_loudly(text: str, message: str) -> None:
    with pytest.raises(GroundDataError, match=message):
        parse_grounds(text)


def test_duplicate_codes_are_refused() -> None:
    entry = yaml.safe_load(_with())["grounds"][0]
    with pytest.raises(GroundDataError, match="duplicate code"):
        parse_grounds(yaml.safe_dump({"grounds": [entry, entry]}))


def test_the_package_copy_carries_its_licence_header() -> None:
    assert PACKAGE_COPY.read_text(encoding="utf-8").startswith(
        "# SPDX-License-Identifier: EUPL-1.2\n"
    )
