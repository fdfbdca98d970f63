# SPDX-License-Identifier: EUPL-1.2
"""The repository keeps its own promises: licence headers and its own publiccode.yml."""

from __future__ import annotations

import subprocess
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
HEADER = "SPDX-License-Identifier: EUPL-1.2"
SOURCES = (".py", ".html", ".css", ".toml", ".yml")


def tracked_files() -> list[Path]:
    listed = subprocess.run(
        ["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return [ROOT / name for name in listed]


def test_every_source_file_carries_the_licence_identifier() -> None:
    missing = [
        path.relative_to(ROOT).as_posix()
        for path in tracked_files()
        if (
            path.suffix in SOURCES
            or path.parent.name in {"scripts", ".ci"}
            or path.name == "Dockerfile"
        )
        and "migrations" not in path.parts
        and path.name not in {"REUSE.toml"}
        and path.exists()
        and HEADER not in path.read_text(encoding="utf-8")[:300]
    ]
    assert missing == []


def test_the_project_describes_itself_in_publiccode_yml() -> None:
    document = yaml.safe_load((ROOT / "publiccode.yml").read_text(encoding="utf-8"))
    assert document["legal"]["license"] == "EUPL-1.2"
    assert document["name"] == "opentenzij"
    assert {"nl", "en"} <= set(document["description"])


def test_its_publiccode_yml_passes_its_own_validator() -> None:
    from catalogue import publiccode

    result = publiccode.validate((ROOT / "publiccode.yml").read_bytes())
    assert result.valid, [problem.as_dict() for problem in result.errors]
    assert result.warnings == ()


def test_every_data_file_of_the_packages_is_installed() -> None:
    """A file the code reads at run time must be in package-data, or a wheel lacks it."""
    import fnmatch
    import tomllib

    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    patterns = config["tool"]["setuptools"]["package-data"]
    missing = []
    for path in tracked_files():
        relative = path.relative_to(ROOT)
        package = relative.parts[0]
        if package not in patterns or path.suffix == ".py" or "migrations" in relative.parts:
            continue
        inside = relative.relative_to(package).as_posix()
        if not any(fnmatch.fnmatch(inside, pattern) for pattern in patterns[package]):
            missing.append(relative.as_posix())
    assert missing == []
