# SPDX-License-Identifier: EUPL-1.2
"""Which forge harvests an account: one client per code host, made once per harvest."""

from __future__ import annotations

from urllib.parse import urlsplit

from catalogue.organisations.kinds import ForgeKind
from catalogue.organisations.models import CodeHostAccount
from harvesters.bitbucket import BitbucketCloudForge, BitbucketServerForge
from harvesters.forgejo import ForgejoForge
from harvesters.git import GitForge
from harvesters.github import GitHubForge
from harvesters.gitlab import GitLabForge
from harvesters.types import Clock, Forge


class Forges:
    """Makes and keeps one forge per code host, with the tokens it was given."""

    def __init__(
        self,
        *,
        github_token: str | None = None,
        gitlab_token: str | None = None,
        forgejo_token: str | None = None,
        github_api_url: str | None = None,
        gitlab_url: str | None = None,
        forgejo_url: str | None = None,
        bitbucket_token: str | None = None,
        bitbucket_api_url: str | None = None,
        kind: str | None = None,
        clock: Clock | None = None,
        dependency_graph: bool = False,
        quality_files: bool = False,
        git_allow_private: bool = False,
        git_allow_local: bool = False,
    ) -> None:
        self.dependency_graph = dependency_graph  # GitHub: harvest each repository's SBOM too
        self.github_token, self.gitlab_token = github_token, gitlab_token
        self.forgejo_token, self.forgejo_url = forgejo_token, forgejo_url
        self.bitbucket_token, self.bitbucket_api_url = bitbucket_token, bitbucket_api_url
        self.github_api_url, self.gitlab_url, self.clock = github_api_url, gitlab_url, clock
        self.kind = ForgeKind(kind) if kind else None  # what the caller knows the host to be
        self.quality_files = quality_files  # GitHub: read SECURITY.md, REUSE.toml, LICENSES/
        self.git_allow_private, self.git_allow_local = git_allow_private, git_allow_local
        self._made: dict[str, Forge] = {}

    def __call__(self, account: CodeHostAccount) -> Forge:
        if account.base_url not in self._made:
            self._made[account.base_url] = self._make(account)
        return self._made[account.base_url]

    def _make(self, account: CodeHostAccount) -> Forge:
        kind = self.kind or account.forge
        if kind == ForgeKind.GITHUB:
            return GitHubForge(
                api_url=self.github_api_url or github_api(account.base_url),
                web_url=account.base_url,
                token=self.github_token,
                clock=self.clock,
                dependency_graph=self.dependency_graph,
                quality_files=self.quality_files,
            )
        if kind == ForgeKind.GITLAB:
            return GitLabForge(
                url=self.gitlab_url or account.base_url, token=self.gitlab_token, clock=self.clock
            )
        if kind in (ForgeKind.FORGEJO, ForgeKind.GITEA):
            return ForgejoForge(
                url=self.forgejo_url or account.base_url, token=self.forgejo_token, clock=self.clock
            )
        if kind == ForgeKind.BITBUCKET:
            return BitbucketCloudForge(
                api_url=self.bitbucket_api_url or "https://api.bitbucket.org",
                web_url=account.base_url,
                token=self.bitbucket_token,
                clock=self.clock,
            )
        if kind == ForgeKind.BITBUCKET_SERVER:
            return BitbucketServerForge(
                url=self.bitbucket_api_url or account.base_url,
                token=self.bitbucket_token,
                clock=self.clock,
            )
        return GitForge(
            allow_private=self.git_allow_private, allow_local=self.git_allow_local, clock=self.clock
        )


def github_api(web_url: str) -> str:
    """The REST API of a GitHub: api.github.com, or /api/v3 of a GitHub Enterprise server."""
    host = urlsplit(web_url).netloc
    return "https://api.github.com" if host == "github.com" else f"{web_url}/api/v3"
