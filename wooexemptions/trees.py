# SPDX-License-Identifier: EUPL-1.2
"""Released trees from git, for the redaction scan: a commit of a local repository read as an
archive (the working folder is never touched), or a git URL fetched shallowly into a temporary
folder. Pure of the ORM and the web; runs the git command-line tool.

Fetching runs git with what a hostile repository could use switched off: no hooks, no
submodules, no LFS downloads, no `ext::` or other command-running transports, no credential
prompts, and a time limit. The URL is given after `--`, so it can never be read as an option.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from catalogue.messages import Message, Number
from wooexemptions.redactions import RedactionError

TIMEOUT = 300  # seconds for one git command
COMMIT = re.compile(r"[0-9a-f]{7,64}")
ALLOWED_PROTOCOLS = ("https", "http", "git", "file")
SAFE_CONFIG = (
    "core.hooksPath=/dev/null",
    "protocol.allow=never",
    *(f"protocol.{name}.allow=always" for name in ALLOWED_PROTOCOLS),
    "submodule.recurse=false",
    "credential.helper=",
    "advice.detachedHead=false",
)


@dataclass(frozen=True, slots=True)
class Fetched:
    """A tree fetched from a git URL: the folder it is checked out in, and its commit."""

    folder: Path
    commit: str


def git(*arguments: str, cwd: Path | None = None) -> bytes:
    """Run git with the safe configuration; RedactionError with git's own words if it fails."""
    command = ["git"]
    for setting in SAFE_CONFIG:
        command += ["-c", setting]
    environment = {
        **os.environ,
        "GIT_TERMINAL_PROMPT": "0",
        "GIT_LFS_SKIP_SMUDGE": "1",
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_ASKPASS": "/bin/false",
    }
    try:
        done = subprocess.run(
            [*command, *arguments],
            cwd=cwd,
            env=environment,
            capture_output=True,
            timeout=TIMEOUT,
            check=False,
        )
    except FileNotFoundError:
        raise RedactionError(Message("git is not installed")) from None
    except subprocess.TimeoutExpired:
        raise RedactionError(
            Message("git took longer than %(seconds)s s", seconds=Number(TIMEOUT))
        ) from None
    if done.returncode != 0:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise RedactionError(Message("git failed: %(said)s", said=(said[-1] if said else "")[:300]))
    return done.stdout


def check_commit(commit: str) -> str:
    """A commit given by its (abbreviated) hexadecimal name, or RedactionError."""
    if not COMMIT.fullmatch(commit):
        raise RedactionError(
            Message(
                "%(commit)s is not a commit hash (7 to 64 hexadecimal digits)", commit=commit[:80]
            )
        )
    return commit


def archive_of(repository: Path, commit: str) -> IO[bytes]:
    """The tree of `commit` in a local repository, as a tar archive in a temporary file."""
    resolved = resolve_commit(repository, check_commit(commit))
    output = tempfile.TemporaryFile()
    output.write(git("archive", "--format=tar", resolved, cwd=repository))
    output.seek(0)
    return output


def resolve_commit(repository: Path, revision: str) -> str:
    """The full hash of a revision of a local repository."""
    said = git(
        "rev-parse", "--verify", "--end-of-options", f"{revision}^{{commit}}", cwd=repository
    )
    return said.decode().strip()


def fetch(url: str, into: Path, *, commit: str | None = None) -> Fetched:
    """Fetch one commit (the default branch's head unless `commit`) of a git URL, shallowly,
    and check it out in `into` (an empty folder)."""
    if url.startswith("-") or url.split("://", 1)[0] not in ALLOWED_PROTOCOLS:
        raise RedactionError(
            Message("%(url)s: give an https, http, git or file URL", url=url[:200])
        )
    if commit and len(check_commit(commit)) not in (40, 64):
        raise RedactionError(Message("give the full commit hash to fetch it from a URL"))
    git("init", "--quiet", str(into))
    wanted = commit or "HEAD"
    git(
        "fetch",
        "--quiet",
        "--depth=1",
        "--no-tags",
        "--no-recurse-submodules",
        "--",
        url,
        wanted,
        cwd=into,
    )
    git("checkout", "--quiet", "FETCH_HEAD", cwd=into)
    fetched = resolve_commit(into, "HEAD")
    if commit and not fetched.startswith(commit):
        raise RedactionError(
            Message("the URL gave %(got)s, not %(commit)s", got=fetched, commit=commit)
        )
    return Fetched(folder=into, commit=fetched)
