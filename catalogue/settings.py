# SPDX-License-Identifier: EUPL-1.2
"""Configuration from environment variables, with safe defaults for the embedded mode."""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit


def default_database_url() -> str:
    """The embedded database in one place whatever the working folder (a relative path made a
    new, empty database in each folder a command ran from): the user's data folder, as the
    XDG Base Directory specification names it."""
    data = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return f"sqlite://{Path(data).resolve() / 'opentenzij' / 'opentenzij.sqlite3'}"


DEFAULT_DATABASE_URL = default_database_url()


def default_export_cache_dir() -> str:
    """Where generated exports are kept: the user's cache folder (XDG)."""
    cache = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return str(Path(cache).resolve() / "opentenzij" / "exports")


def _megabytes(text: str | None, default: int = 1024) -> int:
    if not text:
        return default
    if not text.strip().isdigit():
        raise ConfigurationError(
            f"OPENTENZIJ_EXPORT_CACHE_MB must be a whole number of megabytes, not {text!r}"
        )
    return int(text)


# The static files sit beside the packages in a checkout; an installed image says where.
DEFAULT_STATIC_DIR = str(Path(__file__).resolve().parent.parent / "static")
DEFAULT_SECRET_KEY = "development-only-insecure-secret-key"
MIN_SECRET_KEY_LENGTH = 32


class ConfigurationError(Exception):
    """The configuration is unsafe or malformed; the message says which variable and why."""


def _days(text: str | None, default: int = 14) -> int:
    """A number of days from the environment (0 to 365), or ConfigurationError."""
    if not text:
        return default
    if not text.strip().isdigit() or not 0 <= int(text) <= 365:
        raise ConfigurationError(
            "OPENTENZIJ_VULNERABILITY_EMBARGO_DAYS must be a number of days from 0 to 365, "
            f"not {text[:20]!r}"
        )
    return int(text)


def _budget(text: str | None) -> int | None:
    """The requests a scheduled harvest may make per code host (a positive number), or None."""
    if not text:
        return None
    if not text.strip().isdigit() or int(text) < 1:
        raise ConfigurationError(
            f"OPENTENZIJ_HARVEST_BUDGET must be a number of requests above 0, not {text[:20]!r}"
        )
    return int(text)


@dataclass(frozen=True, slots=True)
class Settings:
    """Every setting of a running opentenzij, read once from the environment."""

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str = DEFAULT_SECRET_KEY
    env: str = "development"
    github_token: str | None = None
    gitlab_token: str | None = None
    forgejo_token: str | None = None  # Forgejo and Gitea; public repositories need none
    bitbucket_token: str | None = None  # Cloud or Data Center; public repositories need none
    harvest_dependency_graph: bool = False
    harvest_quality_files: bool = False  # GitHub: list the root for SECURITY.md, REUSE.toml
    # Requests a scheduled harvest may make to one code host; the accounts left wait for the
    # next run, which begins with them. None: no budget.
    harvest_budget: int | None = None
    static_dir: str = DEFAULT_STATIC_DIR
    oidc_issuer: str | None = None
    oidc_client_id: str | None = None
    oidc_client_secret: str | None = None
    # Let webhooks point at loopback and private addresses (tests, intranet receivers).
    webhooks_allow_private: bool = False
    # Plain git harvests: an administrator's allowance for hosts that resolve to private or
    # loopback addresses (an internal git server).
    git_allow_private: bool = False
    # Plain git harvests of file://, ssh:// URLs and local paths: refused unless allowed.
    git_allow_local: bool = False
    # The daily check of organisations' websites for their list of code-host accounts: an
    # allowance for website hosts that resolve to private or loopback addresses (tests).
    ownership_allow_private: bool = False
    scheduler: bool = True  # serve runs the daily harvest and review (once across instances)
    # A served worker visits its main pages itself before it takes visitors (ADR 0010).
    warm_up: bool = True
    # Deliver webhooks from within `serve` (safe with several instances: deliveries are claimed).
    webhooks_worker: bool = True
    # The OSV API that `vulnerabilities check` asks (a mirror, or a fake in tests).
    osv_url: str = "https://api.osv.dev"
    # Days an organisation has to act before the public learns which of its entries an advisory
    # affects (the count is public at once).
    vulnerability_embargo_days: int = 14
    # The Ed25519 key that signs the audit trail's checkpoints: a file outside the database.
    audit_key_file: str | None = None
    # The address the contact page gives for questions to whoever runs this catalogue.
    contact_email: str | None = None
    # Generated exports kept by ETag (catalogue.web.export_cache); None or 0 MB: not kept.
    export_cache_dir: str | None = None
    export_cache_mb: int = 1024
    log_format: str = "text"  # text, or json: one JSON object a line, with the request id

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        return cls(
            database_url=env.get("OPENTENZIJ_DATABASE_URL") or DEFAULT_DATABASE_URL,
            secret_key=env.get("OPENTENZIJ_SECRET_KEY") or DEFAULT_SECRET_KEY,
            env=(env.get("OPENTENZIJ_ENV") or "development").strip().lower(),
            github_token=env.get("OPENTENZIJ_GITHUB_TOKEN") or None,
            gitlab_token=env.get("OPENTENZIJ_GITLAB_TOKEN") or None,
            forgejo_token=env.get("OPENTENZIJ_FORGEJO_TOKEN") or None,
            bitbucket_token=env.get("OPENTENZIJ_BITBUCKET_TOKEN") or None,
            harvest_dependency_graph=(env.get("OPENTENZIJ_HARVEST_DEPENDENCY_GRAPH") or "").lower()
            in {"1", "true", "yes", "on"},
            harvest_quality_files=(env.get("OPENTENZIJ_HARVEST_QUALITY_FILES") or "").lower()
            in {"1", "true", "yes", "on"},
            harvest_budget=_budget(env.get("OPENTENZIJ_HARVEST_BUDGET")),
            static_dir=env.get("OPENTENZIJ_STATIC_DIR") or DEFAULT_STATIC_DIR,
            oidc_issuer=env.get("OPENTENZIJ_OIDC_ISSUER") or None,
            oidc_client_id=env.get("OPENTENZIJ_OIDC_CLIENT_ID") or None,
            oidc_client_secret=env.get("OPENTENZIJ_OIDC_CLIENT_SECRET") or None,
            webhooks_allow_private=(env.get("OPENTENZIJ_WEBHOOKS_ALLOW_PRIVATE") or "").lower()
            in {"1", "true", "yes", "on"},
            webhooks_worker=(env.get("OPENTENZIJ_WEBHOOKS_WORKER") or "1").lower()
            not in {"0", "false", "no", "off"},
            osv_url=env.get("OPENTENZIJ_OSV_URL") or "https://api.osv.dev",
            vulnerability_embargo_days=_days(env.get("OPENTENZIJ_VULNERABILITY_EMBARGO_DAYS")),
            git_allow_private=(env.get("OPENTENZIJ_GIT_ALLOW_PRIVATE") or "").lower()
            in {"1", "true", "yes", "on"},
            git_allow_local=(env.get("OPENTENZIJ_GIT_ALLOW_LOCAL") or "").lower()
            in {"1", "true", "yes", "on"},
            ownership_allow_private=(env.get("OPENTENZIJ_OWNERSHIP_ALLOW_PRIVATE") or "").lower()
            in {"1", "true", "yes", "on"},
            scheduler=(env.get("OPENTENZIJ_SCHEDULER") or "1").lower()
            not in {"0", "false", "no", "off"},
            warm_up=(env.get("OPENTENZIJ_WARM_UP") or "1").lower()
            not in {"0", "false", "no", "off"},
            audit_key_file=env.get("OPENTENZIJ_AUDIT_KEY_FILE") or None,
            contact_email=env.get("OPENTENZIJ_CONTACT_EMAIL") or None,
            export_cache_dir=env.get("OPENTENZIJ_EXPORT_CACHE_DIR") or default_export_cache_dir(),
            export_cache_mb=_megabytes(env.get("OPENTENZIJ_EXPORT_CACHE_MB")),
            log_format=(env.get("OPENTENZIJ_LOG_FORMAT") or "text").strip().lower(),
        )

    @property
    def production(self) -> bool:
        return self.env == "production"

    @property
    def single_sign_on(self) -> bool:
        return self.oidc_issuer is not None

    def __repr__(self) -> str:  # never print the secrets
        return f"Settings(database_url={redact_url(self.database_url)!r}, env={self.env!r})"

    def check(self) -> None:
        """Raise ConfigurationError when these settings are not fit to run with."""
        if self.env not in {"development", "production"}:
            raise ConfigurationError(
                f"OPENTENZIJ_ENV must be 'development' or 'production', not {self.env!r}"
            )
        scheme = urlsplit(self.database_url).scheme
        if scheme not in {"sqlite", "postgres", "postgresql", "asyncpg"}:
            raise ConfigurationError(
                f"OPENTENZIJ_DATABASE_URL must start with sqlite:// or postgres://, not {scheme!r}"
            )
        if not Path(self.static_dir, "css").is_dir():
            raise ConfigurationError(
                f"OPENTENZIJ_STATIC_DIR: {self.static_dir} does not hold the static files"
            )
        oidc = (self.oidc_issuer, self.oidc_client_id, self.oidc_client_secret)
        if any(oidc) and not all(oidc):
            raise ConfigurationError(
                "single sign-on needs OPENTENZIJ_OIDC_ISSUER, OPENTENZIJ_OIDC_CLIENT_ID and "
                "OPENTENZIJ_OIDC_CLIENT_SECRET together"
            )
        if self.oidc_issuer and self.production and not self.oidc_issuer.startswith("https://"):
            raise ConfigurationError("OPENTENZIJ_OIDC_ISSUER must be an https:// address")
        if self.log_format not in {"text", "json"}:
            raise ConfigurationError(
                f"OPENTENZIJ_LOG_FORMAT must be 'text' or 'json', not {self.log_format!r}"
            )
        if self.production:
            self._check_production()

    def _check_production(self) -> None:
        if self.secret_key == DEFAULT_SECRET_KEY or len(self.secret_key) < MIN_SECRET_KEY_LENGTH:
            raise ConfigurationError(
                "OPENTENZIJ_SECRET_KEY must be set to a random value of at least "
                f"{MIN_SECRET_KEY_LENGTH} characters in production "
                "(python -c 'import secrets; print(secrets.token_urlsafe(48))')"
            )
        path = sqlite_path(self.database_url)
        if path is not None and world_readable(path):
            raise ConfigurationError(
                f"the SQLite database {path} (or its folder) is readable by every user "
                "of this machine; move it or chmod o-rwx it before running in production"
            )


def sqlite_path(database_url: str) -> Path | None:
    """The file behind a sqlite:// URL, or None for another database or :memory:."""
    if not database_url.startswith("sqlite://"):
        return None
    raw = database_url.removeprefix("sqlite://").split("?", 1)[0]
    if raw in {"", ":memory:"}:
        return None
    return Path(raw)


def world_readable(path: Path) -> bool:
    """True when the file, or the folder that holds it, can be read by any user."""
    path = path.resolve()
    for candidate in (path, path.parent):
        if candidate.exists() and candidate.stat().st_mode & stat.S_IROTH:
            return True
    return False


def redact_url(url: str) -> str:
    """The URL with its password replaced, for logs and messages."""
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@", 1)
    return url
