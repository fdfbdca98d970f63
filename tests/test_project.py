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


def _imported_distributions(*packages: str) -> dict[str, set[str]]:
    """The distributions whose modules the packages import, with where they are imported."""
    import ast
    import sys
    from importlib.metadata import packages_distributions

    distributions = packages_distributions()
    found: dict[str, set[str]] = {}
    for package in packages:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top in sys.stdlib_module_names or (ROOT / top).is_dir():
                        continue
                    for distribution in distributions.get(top, [f"(no distribution: {top})"]):
                        found.setdefault(distribution, set()).add(path.relative_to(ROOT).as_posix())
    return found


def _declared(requirements: list[str]) -> set[str]:
    import re

    return {
        re.split(r"[\[<>=!~; ]", r, maxsplit=1)[0].lower().replace("_", "-") for r in requirements
    }


def test_every_imported_package_is_declared() -> None:
    """A package the code imports must be a declared dependency (the tests' may be test ones),
    or a clean install lacks it."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    runtime = _declared(project["dependencies"])
    test = runtime | _declared(project["optional-dependencies"]["test"])
    missing = {
        distribution: sorted(where)[:3]
        for distribution, where in _imported_distributions(
            "catalogue", "wooexemptions", "harvesters"
        ).items()
        if distribution.lower().replace("_", "-") not in runtime
    } | {
        distribution: sorted(where)[:3]
        for distribution, where in _imported_distributions("tests", "bench").items()
        if distribution.lower().replace("_", "-") not in test
    }
    assert missing == {}


def _pins(lock: str) -> dict[str, str]:
    import re

    text = (ROOT / "requirements" / lock).read_text(encoding="utf-8")
    return {
        name.lower().replace("_", "-"): version
        for name, version in re.findall(r"^([A-Za-z0-9_.-]+)==([^ \\\n]+)", text, re.MULTILINE)
    }


def test_the_locks_pin_every_dependency_within_its_range() -> None:
    """CI and the Dockerfile install from requirements/*.txt (scripts/lock makes them): each
    dependency of pyproject.toml must be pinned there, at a version its range allows."""
    import tomllib

    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wrong = []
    for lock, requirements in (
        ("lock.txt", project["dependencies"]),
        ("test-lock.txt", project["dependencies"] + project["optional-dependencies"]["test"]),
    ):
        pins = _pins(lock)
        for requirement in map(Requirement, requirements):
            pinned = pins.get(requirement.name.lower().replace("_", "-"))
            if pinned is None or not requirement.specifier.contains(pinned, prereleases=True):
                wrong.append(f"{lock}: {requirement} (pinned: {pinned})")
    assert wrong == [], "run scripts/lock"


def test_the_design_system_stylesheet_is_built_from_the_pinned_packages() -> None:
    """static/css/nlds.css is what scripts/build-css makes of design/package-lock.json's
    packages (and the tokens site.css uses); it needs `npm ci` in design/ (.ci/run does it)."""
    import os

    import pytest

    if not (ROOT / "design" / "node_modules").is_dir():
        if os.environ.get("OPENTENZIJ_TEST_BROWSER") == "required":
            pytest.fail("design/node_modules is missing: npm ci in design/", pytrace=False)
        pytest.skip("no design/node_modules: npm ci in design/")
    check = subprocess.run(
        ["python3", "scripts/build-css", "--check"], cwd=ROOT, capture_output=True, text=True
    )
    assert check.returncode == 0, check.stdout + check.stderr
