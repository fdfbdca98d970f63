# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

from pathlib import Path

import pytest

from catalogue.settings import DEFAULT_DATABASE_URL, ConfigurationError, Settings

STRONG_KEY = "k" * 48


def test_defaults_run_embedded_without_any_variable() -> None:
    settings = Settings.from_env({})
    settings.check()
    assert settings.database_url == DEFAULT_DATABASE_URL
    assert not settings.production


def test_production_refuses_the_default_or_a_short_secret_key() -> None:
    for key in ("", "short"):
        settings = Settings.from_env(
            {
                "OPENTENZIJ_ENV": "production",
                "OPENTENZIJ_SECRET_KEY": key,
                "OPENTENZIJ_DATABASE_URL": "postgres://db/opentenzij",
            }
        )
        with pytest.raises(ConfigurationError, match="OPENTENZIJ_SECRET_KEY"):
            settings.check()


def test_production_refuses_a_world_readable_sqlite_file(tmp_path: Path) -> None:
    folder = tmp_path / "open"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    settings = Settings.from_env(
        {
            "OPENTENZIJ_ENV": "production",
            "OPENTENZIJ_SECRET_KEY": STRONG_KEY,
            "OPENTENZIJ_DATABASE_URL": f"sqlite://{folder}/db.sqlite3",
        }
    )
    with pytest.raises(ConfigurationError, match="readable by every user"):
        settings.check()


def test_production_accepts_a_private_sqlite_file_and_a_strong_key(tmp_path: Path) -> None:
    folder = tmp_path / "private"
    folder.mkdir(mode=0o700)
    (folder / "db.sqlite3").touch(mode=0o600)
    Settings.from_env(
        {
            "OPENTENZIJ_ENV": "production",
            "OPENTENZIJ_SECRET_KEY": STRONG_KEY,
            "OPENTENZIJ_DATABASE_URL": f"sqlite://{folder}/db.sqlite3",
        }
    ).check()


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("OPENTENZIJ_ENV", "staging", "OPENTENZIJ_ENV"),
        ("OPENTENZIJ_DATABASE_URL", "mysql://x/y", "OPENTENZIJ_DATABASE_URL"),
    ],
)
def test_malformed_settings_are_refused(variable: str, value: str, message: str) -> None:
    with pytest.raises(ConfigurationError, match=message):
        Settings.from_env({variable: value}).check()


def test_repr_never_shows_secrets() -> None:
    settings = Settings.from_env(
        {
            "OPENTENZIJ_SECRET_KEY": STRONG_KEY,
            "OPENTENZIJ_DATABASE_URL": "postgres://app:hunter2@db/x",
        }
    )
    assert "hunter2" not in repr(settings)
    assert STRONG_KEY not in repr(settings)


def test_a_missing_static_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ConfigurationError, match="OPENTENZIJ_STATIC_DIR"):
        Settings.from_env({"OPENTENZIJ_STATIC_DIR": str(tmp_path)}).check()


def test_single_sign_on_needs_all_three_settings() -> None:
    with pytest.raises(ConfigurationError, match="OPENTENZIJ_OIDC_CLIENT_ID"):
        Settings.from_env({"OPENTENZIJ_OIDC_ISSUER": "https://login.example.nl"}).check()
    complete = {
        "OPENTENZIJ_OIDC_ISSUER": "https://login.example.nl",
        "OPENTENZIJ_OIDC_CLIENT_ID": "id",
        "OPENTENZIJ_OIDC_CLIENT_SECRET": "geheim",
    }
    settings = Settings.from_env(complete)
    settings.check()
    assert settings.single_sign_on and "geheim" not in repr(settings)


@pytest.mark.parametrize("value", ["0", "-5", "veel"])
def test_a_harvest_budget_is_a_positive_number_of_requests(value: str) -> None:
    assert Settings.from_env({"OPENTENZIJ_HARVEST_BUDGET": "500"}).harvest_budget == 500
    assert Settings.from_env({}).harvest_budget is None
    with pytest.raises(ConfigurationError, match="OPENTENZIJ_HARVEST_BUDGET"):
        Settings.from_env({"OPENTENZIJ_HARVEST_BUDGET": value})
