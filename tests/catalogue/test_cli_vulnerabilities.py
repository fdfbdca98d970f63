# SPDX-License-Identifier: EUPL-1.2
"""`opentenzij vulnerabilities check` against a loopback OSV, on a catalogue with an SBOM."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.catalogue.test_cli import run, run_from_scratch  # noqa: F401 (fixtures)
from tests.fakes.osv import advisory, served_osv

SPDX = Path(__file__).resolve().parents[1] / "data" / "spdx-examples"


def test_the_check_finds_an_sbom_component_and_reports_a_failing_osv(
    run,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert run("db", "upgrade").exit_code == 0
    assert run("demo").exit_code == 0
    stored = run("sbom", "import", str(SPDX / "SPDXJSONExample-v2.3.spdx.json"), "--software", "1")
    assert stored.exit_code == 0, stored.output
    with served_osv() as osv:
        osv.add(
            advisory(
                "GHSA-jena-0001",
                ecosystem="Maven",
                name="org.apache.jena:apache-jena",
                fixed="3.13.0",
                versions=["3.12.0"],
            )
        )
        monkeypatch.setenv("OPENTENZIJ_OSV_URL", osv.url)
        checked = run("vulnerabilities", "check")
        assert checked.exit_code == 0, checked.output
        # The SPDX example's component, and the demo's three (whose fictitious advisories the
        # real check does not hear of: their two exposures are resolved).
        assert "4 component versions checked" in checked.output
        assert "1 batch and 1 advisory requests" in checked.output
        assert "1 exposures found, 2 resolved" in checked.output

        osv.fail(400, body=b'{"code": 3, "message": "Invalid query."}')
        failed = run("vulnerabilities", "check", "--osv-url", osv.url)
        assert failed.exit_code == 1
        assert "OSV answered /v1/querybatch with 400" in failed.output
