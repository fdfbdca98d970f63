# SPDX-License-Identifier: EUPL-1.2
"""Any git URL, through the git CLI: for a bare server, cgit, or any host without an API.

`git ls-remote` gives the default branch and its commit; when the commit is the one read last
time, that is all (one request). Otherwise a shallow, blobless, bare clone of that branch gives
the root folder's tree, and only the files the catalogue reads are fetched (publiccode.yml and
a licence file; the names in a REUSE `LICENSES/` folder cost nothing). No checkout, so no
hooks, no submodules and no LFS run; every git process has a time limit and a limit on the
bytes it may write. Only https (and http) URLs are harvested: file://, ssh://, git:// and local
paths are refused (the catalogue publishes addresses, and a local path is none), and so is a
host that resolves to a loopback, private or otherwise non-public address (the webhooks' rule,
catalogue.addresses) unless an administrator allows private addresses (an internal git
server); git is pinned to the address that was checked and follows no redirect, so that a name
cannot be checked public and then connect inside. Failures without an answer (5xx, timeouts)
are tried again with backoff on the injectable clock.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from catalogue.addresses import refusal
from catalogue.licences import detect_licence_file, is_licence_file, normalised_or_none
from catalogue.reuse import ReuseError, header_licences, parse_reuse_toml
from harvesters.base import RETRIES
from harvesters.types import (
    AccountListing,
    AccountRef,
    Clock,
    Failure,
    ForgeError,
    HarvestedRepository,
    SystemClock,
    Validator,
)

TIMEOUT = 120.0  # seconds, per git process
MAX_BYTES = 50 * 1024 * 1024  # what one git process may write (its pack), then it is stopped
MAX_FILE = 512 * 1024  # a publiccode.yml or licence file larger than this is not read
WEB_SCHEMES = ("https", "http")
LOCAL_SCHEMES = ("file", "ssh", "")  # "": a local path; only with the administrator's allowance
HEADER_FILES = 3  # top-level source files whose SPDX headers are read, at most
SOURCE_SUFFIXES = (
    ".py", ".js", ".ts", ".java", ".kt", ".go", ".rs", ".rb", ".php", ".cs", ".c", ".h",
    ".cpp", ".sh", ".R", ".r", ".scala", ".swift", ".vue", ".sql",
)  # fmt: skip
LIMITED = (
    "import os, resource, sys; n = int(sys.argv[1]); "
    "resource.setrlimit(resource.RLIMIT_FSIZE, (n, n)); os.execvp(sys.argv[2], sys.argv[2:])"
)


@dataclass(frozen=True, slots=True)
class Head:
    """What `git ls-remote` says of a repository: its default branch and that branch's commit."""

    branch: str
    commit: str


class GitForge:
    """Repositories reachable with plain git, each registered as an account of kind `git`."""

    host = "git"  # one concurrency limit for every plain git host

    def __init__(
        self,
        *,
        allow_private: bool = False,
        allow_local: bool = False,
        timeout: float = TIMEOUT,
        max_bytes: int = MAX_BYTES,
        clock: Clock | None = None,
        git: str = "git",
    ) -> None:
        self.allow_private, self.clock = allow_private, clock or SystemClock()
        self.allow_local = allow_local  # file://, ssh:// and local paths (an administrator's)
        self.timeout, self.max_bytes, self.git = timeout, max_bytes, git

    def list_account(self, account: AccountRef, validators: dict[str, Validator]) -> AccountListing:
        """The one repository at the account's URL: unchanged when its commit is, else read."""
        url = address(account)
        if account.is_group:
            raise ForgeError(
                Failure.REFUSED,
                f"{url}: a group on a host that is no known forge cannot be listed; register "
                "its repositories one by one",
            )
        listing = AccountListing()
        pins = self.checked(url)
        head = self.head(url, pins, listing)
        key = forge_key(url)
        kept = validators.get("/head")
        if kept is not None and isinstance(kept.payload, dict):
            if kept.payload.get("commit") == head.commit and kept.payload.get("key") == key:
                listing.unchanged_keys.append(key)
                listing.validators["/head"] = kept
                listing.complete = True
                return listing
        listing.changed.append(self.read(url, head, pins, listing))
        listing.validators["/head"] = Validator(
            None, None, {"commit": head.commit, "branch": head.branch, "key": key}
        )
        listing.complete = True
        return listing

    # -- what may be asked ------------------------------------------------------------------

    def checked(self, url: str) -> list[str]:
        """Refuse what may not be harvested; the `-c http.curloptResolve` pins for the rest."""
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if self.allow_local and scheme in LOCAL_SCHEMES:
            return []  # allowed by an administrator: the host is theirs to trust
        if scheme not in WEB_SCHEMES or not parts.hostname:
            raise ForgeError(
                Failure.REFUSED,
                f"{url}: only https and http git URLs are harvested, not file://, ssh://, "
                "git:// or local paths (unless an administrator allows them: "
                "OPENTENZIJ_GIT_ALLOW_LOCAL)",
            )
        port = parts.port or (443 if scheme == "https" else 80)
        try:
            infos = socket.getaddrinfo(parts.hostname, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as error:
            raise ForgeError(Failure.UNAVAILABLE, f"{url}: cannot be resolved ({error})") from None
        addresses = list(dict.fromkeys(ipaddress.ip_address(info[4][0]) for info in infos))
        if not self.allow_private:
            for address in addresses:
                if reason := refusal(address, f"{parts.hostname} ({address})"):
                    raise ForgeError(Failure.REFUSED, f"{url}: refused, {reason}")
        if not addresses:
            raise ForgeError(Failure.UNAVAILABLE, f"{url}: cannot be resolved")
        shown = [f"[{a}]" if a.version == 6 else str(a) for a in addresses]
        return [f"{parts.hostname}:{port}:{','.join(shown)}"]

    # -- asking -----------------------------------------------------------------------------

    def head(self, url: str, pins: list[str], listing: AccountListing) -> Head:
        """The default branch and its commit, from `git ls-remote --symref URL HEAD`."""
        out = self.run(["ls-remote", "--symref", url, "HEAD"], pins, listing)
        branch, commit = "", ""
        for line in out.splitlines():
            left, _, right = line.partition("\t")
            if left.startswith("ref: refs/heads/") and right == "HEAD":
                branch = left.removeprefix("ref: refs/heads/")
            elif right == "HEAD" and len(left) in (40, 64):
                commit = left
        if not commit:
            raise ForgeError(Failure.GONE, f"{url}: no default branch (an empty repository?)")
        return Head(branch or "HEAD", commit)

    def read(
        self, url: str, head: Head, pins: list[str], listing: AccountListing
    ) -> HarvestedRepository:
        """Clone the branch without blobs and read the few files the catalogue uses."""
        with tempfile.TemporaryDirectory(prefix="opentenzij-git-") as folder:
            clone = Path(folder) / "repository.git"
            branch = [] if head.branch == "HEAD" else ["--branch", head.branch]
            self.run(
                [
                    "clone", "--bare", "--depth=1", "--filter=blob:none", "--single-branch",
                    "--no-tags", *branch, url, str(clone),
                ],
                pins,
                listing,
            )  # fmt: skip
            here = ["-C", str(clone)]
            entries = self._tree(self.run([*here, "ls-tree", "HEAD"], pins, listing))
            licences = self._tree(self.run([*here, "ls-tree", "HEAD", "LICENSES/"], pins, listing))
            when = self.run([*here, "log", "-1", "--format=%cI", "HEAD"], pins, listing).strip()
            publiccode = self._blob(here, entries.get("publiccode.yml"), pins, listing)
            licence_name = next((n for n in sorted(entries) if is_licence_file(n)), None)
            text = self._blob(here, entries.get(licence_name or ""), pins, listing)
            stated = self._reuse_licences(here, entries, pins, listing)
        return self._normalise(url, head, publiccode, text, licences, when, stated)

    def _reuse_licences(
        self, here: list[str], entries: dict[str, str], pins: list[str], listing: AccountListing
    ) -> list[str]:
        """The licences REUSE.toml's annotations and the SPDX headers of the first few
        top-level source files state (a request per file read)."""
        found: list[str] = []
        toml = self._blob(here, entries.get("REUSE.toml"), pins, listing)
        if toml is not None:
            try:
                found += [e for a in parse_reuse_toml(toml) for e in a.licences]
            except ReuseError:
                pass  # a broken REUSE.toml states nothing
        for name in top_source_files(entries):
            header = self._blob(here, entries[name], pins, listing)
            found += header_licences(header) if header is not None else ()
        return found

    def _blob(
        self, here: list[str], sha: str | None, pins: list[str], listing: AccountListing
    ) -> str | None:
        """A file's text (fetched now: the clone has no blobs), or None when it is absent,
        too large or not text."""
        if sha is None:
            return None
        data = self.output([*here, "cat-file", "blob", sha], pins, listing)
        if len(data) > MAX_FILE:
            return None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    @staticmethod
    def _tree(out: str) -> dict[str, str]:
        """Blob names and ids of an `ls-tree` listing (folders and submodules left out)."""
        found = {}
        for line in out.splitlines():
            meta, _, name = line.partition("\t")
            parts = meta.split()
            if len(parts) == 3 and parts[1] == "blob":
                found[name.rsplit("/", 1)[-1]] = parts[2]
        return found

    def run(self, arguments: list[str], pins: list[str], listing: AccountListing) -> str:
        """What one git process printed, as text."""
        return self.output(arguments, pins, listing).decode("utf-8", "replace")

    def output(self, arguments: list[str], pins: list[str], listing: AccountListing) -> bytes:
        """One git process; one that asked the server and got no usable answer (5xx, no
        answer in time) is tried again after a backoff, up to RETRIES times."""
        network = arguments[0] in ("ls-remote", "clone") or "cat-file" in arguments
        for attempt in range(RETRIES + 1):
            listing.requests += network
            try:
                return self._once(arguments, pins)
            except ForgeError as error:
                if not network or error.failure is not Failure.UNAVAILABLE or attempt == RETRIES:
                    raise
                self.clock.sleep(float(2**attempt))
        raise AssertionError("unreachable")

    def _once(self, arguments: list[str], pins: list[str]) -> bytes:
        """One git process, with the harvest's safety settings; ForgeError when it fails."""
        with tempfile.TemporaryDirectory(prefix="opentenzij-git-home-") as home:
            try:
                done = subprocess.run(
                    [*self._limited(), self.git, *self._settings(pins), *arguments],
                    capture_output=True,
                    timeout=self.timeout,
                    env=self._environment(home),
                    check=False,
                )
            except subprocess.TimeoutExpired:
                raise ForgeError(
                    Failure.UNAVAILABLE, f"git {arguments[0]}: no answer in {self.timeout:g} s"
                ) from None
        if done.returncode != 0:
            raise self._failure(arguments, done.returncode, done.stderr.decode("utf-8", "replace"))
        return done.stdout

    def _failure(self, arguments: list[str], status: int, stderr: str) -> ForgeError:
        """What a failed git process means: gone, too large (not worth trying again), or
        unavailable (tried again)."""
        command = next((a for a in arguments if a[0] != "-" and "/" not in a), "git")
        lines = stderr.strip().splitlines()
        message = lines[-1] if lines else f"exit status {status}"
        if "File too large" in stderr or status < 0:
            return ForgeError(
                Failure.MALFORMED,
                f"git {command}: larger than a harvest reads (a git process may write at most "
                f"{self.max_bytes} bytes)",
            )
        failure = Failure.GONE if "not found" in message.lower() else Failure.UNAVAILABLE
        return ForgeError(failure, f"git {command}: {message[:300]}")

    def _settings(self, pins: list[str]) -> list[str]:
        local = ["protocol.file.allow=always", "protocol.ssh.allow=always"]
        settings = [
            "protocol.allow=never",
            "protocol.https.allow=always",
            "protocol.http.allow=always",
            *(local if self.allow_local else []),
            "http.followRedirects=false",
            "core.hooksPath=/dev/null",
            "submodule.recurse=false",
            "core.askPass=",
            "credential.helper=",
            "fetch.recurseSubmodules=false",
            *(f"http.curloptResolve={pin}" for pin in pins),
        ]
        return [part for setting in settings for part in ("-c", setting)]

    def _environment(self, home: str) -> dict[str, str]:
        return {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": home,
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "",
            "GIT_LFS_SKIP_SMUDGE": "1",
            "GIT_ALLOW_PROTOCOL": "https:http:file:ssh" if self.allow_local else "https:http",
            "GIT_PROTOCOL_FROM_USER": "0",
            "LC_ALL": "C",
        }

    def _limited(self) -> list[str]:
        """A launcher that lets git write no file larger than max_bytes (its pack included):
        a resource limit set in a child of its own, since preexec_fn is unsafe in the threads
        the harvest runs in."""
        return [sys.executable, "-c", LIMITED, str(self.max_bytes)]

    def _normalise(
        self,
        url: str,
        head: Head,
        publiccode: str | None,
        licence_text: str | None,
        licences: dict[str, str],
        when: str,
        stated: Sequence[str] = (),
    ) -> HarvestedRepository:
        path = urlsplit(url).path.strip("/")
        names = [name.rsplit(".", 1)[0] for name in licences]
        declared = sorted(
            {spdx for name in [*names, *stated] if (spdx := normalised_or_none(name)) is not None}
        )
        from_file = detect_licence_file(licence_text) if licence_text is not None else None
        licence = from_file or (" AND ".join(_grouped(e) for e in declared) if declared else None)
        return HarvestedRepository(
            forge_key=forge_key(url),
            url=url.removesuffix(".git"),
            full_name=path.removesuffix(".git")[:300],
            name=path.rsplit("/", 1)[-1].removesuffix(".git") or path,
            default_branch=None if head.branch == "HEAD" else head.branch,
            last_activity_at=_moment(when),
            licence_file=licence,
            publiccode_yml=publiccode,
        )


def _grouped(expression: str) -> str:
    """An expression as one term of an AND: `MIT OR Apache-2.0` in brackets."""
    return f"({expression})" if " " in expression else expression


def top_source_files(entries: dict[str, str]) -> list[str]:
    """The first few top-level source files, by name: their headers say their licence."""
    return [name for name in sorted(entries) if name.endswith(SOURCE_SUFFIXES)][:HEADER_FILES]


def address(account: AccountRef) -> str:
    """The repository's URL: the account's host and its name (file:// and a path, too)."""
    base, name = account.base_url, account.name.lstrip("/")
    if not base:
        return account.name
    return f"{base}/{name}" if base.endswith("://") else f"{base.rstrip('/')}/{name}"


def forge_key(url: str) -> str:
    """A plain git repository has no id of its own: its address stands for it."""
    parts = urlsplit(url)
    return f"{parts.netloc or 'local'}:{parts.path.strip('/').removesuffix('.git')}"[:200]


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None
