# SPDX-License-Identifier: EUPL-1.2
"""Generated exports kept on disk by their ETag, so that a second download of an unchanged
catalogue costs a file read, not a generation.

The ETag already names everything an export depends on (the fingerprint of the data, the
writers' version, the site, the path and query; see catalogue.web.streaming), so a copy under
its name is current for as long as the ETag is. A body is written to a temporary file while it
is streamed to the first client and put in place (atomically, so that several workers and
machines sharing the folder never see half a file) only once it is complete; a client that
goes away leaves nothing behind. The folder is kept under its size limit by removing the
copies read least recently. While a worker makes a copy, its other requests for the same
export wait for it and read the copy, rather than each making the export again (many clients
asking at once for an export that changed would otherwise each cost a whole generation).
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import logging
import os
import tempfile
from collections.abc import AsyncIterable, AsyncIterator, Callable
from dataclasses import dataclass, field
from pathlib import Path

from catalogue.turns import turn

READ_CHUNK = 256 * 1024
logger = logging.getLogger("opentenzij.exports")


@dataclass(frozen=True, slots=True)
class ExportCache:
    """A folder of generated exports, at most `limit` bytes in all."""

    folder: Path
    limit: int
    # The copies this process is making now, by file name: set when each is done.
    making: dict[str, asyncio.Event] = field(default_factory=dict, compare=False, repr=False)

    def path(self, etag: str, media_type: str) -> Path:
        name = hashlib.sha256(f"{etag}\n{media_type}".encode()).hexdigest()
        return self.folder / f"{name}.export"

    def cached(self, etag: str, media_type: str) -> Path | None:
        """The stored copy of this export, marked as just read; None when there is none."""
        path = self.path(etag, media_type)
        try:
            os.utime(path)  # the least recently read go first when the folder is full
        except OSError:
            return None
        return path

    async def shared(
        self, etag: str, media_type: str, body: Callable[[], AsyncIterable[bytes]]
    ) -> AsyncIterator[bytes]:
        """The export: the stored copy; or, while this process makes one, that copy once it
        is made; else `body()`, kept. A copy that could not be made (its client went away,
        too large) leaves the next request to make it itself."""
        async with turn(self.making, self.path(etag, media_type).name):
            if (stored := self.cached(etag, media_type)) is None:
                async for chunk in self.keep(etag, media_type, body()):
                    yield chunk
                return
        async for chunk in read(stored):  # not in turn: readers of a copy need not wait
            yield chunk

    async def keep(
        self, etag: str, media_type: str, body: AsyncIterable[bytes]
    ) -> AsyncIterator[bytes]:
        """Pass the body on, writing it beside; store it once it is complete."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".part")
        except OSError as error:  # a folder it may not write: serve, and keep nothing
            logger.warning("exports are not kept in %s: %s", self.folder, error)
            async for chunk in body:
                yield chunk
            return
        try:
            with os.fdopen(handle, "wb") as file:
                async for chunk in body:
                    file.write(chunk)
                    yield chunk
            if os.path.getsize(temporary) <= self.limit:
                os.replace(temporary, self.path(etag, media_type))
                self.prune()
        finally:  # cut short, or too large to keep
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)

    def prune(self) -> None:
        """Remove the copies read least recently until the rest fit the limit."""
        copies = []
        for path in self.folder.glob("*.export"):
            with contextlib.suppress(OSError):  # another worker removed it
                status = path.stat()
                copies.append((status.st_mtime, status.st_size, path))
        total = sum(size for _, size, _ in copies)
        for _, size, path in sorted(copies):
            if total <= self.limit:
                return
            with contextlib.suppress(OSError):
                path.unlink()
            total -= size


async def read(path: Path) -> AsyncIterator[bytes]:
    """A stored copy in large chunks (the file may be replaced meanwhile: the open one stays)."""
    with path.open("rb") as file:
        while chunk := file.read(READ_CHUNK):
            yield chunk
