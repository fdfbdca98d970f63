# SPDX-License-Identifier: EUPL-1.2
"""Redaction markers in a released tree: where a Woo decision on source code replaced withheld
fragments by runs of a letter, find every run, per file and line. Pure: no ORM, no web.

A real decision on source code is released as one tree in which each withheld fragment is
replaced by a run of a marker (the DigiD source code: `S` for a security risk, 5.1 lid 2 onder i
Woo; `P` for privacy, 5.1 lid 2 onder e). Each run is a partial refusal, so the inventory of the
decision is the list of runs. A run counts only where it stands alone: `SSSS` in `x = "SSSS"`
does, the `SSSS` in `ASSSSERT` or `SSSS_KEY` does not.

Trees are read from a folder (symbolic links are not followed) or straight from a tar or zip
archive (nothing is extracted, so no member can escape anywhere). Binary files and files over
the size limit are skipped and reported with the reason; a tree over the file-count or total-size
limit is refused as a whole, never scanned in part.
"""

from __future__ import annotations

import lzma
import os
import re
import stat
import tarfile
import zipfile
import zlib
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO

from catalogue.licences import normalised_or_none
from catalogue.messages import Message, Number
from catalogue.reuse import Annotation, ReuseError, header_licences, licences_of, parse_reuse_toml

DEFAULT_MIN_RUN = 4
BINARY_SNIFF = 8000  # git's own heuristic: a NUL in the first 8,000 bytes makes a file binary
MAX_MARKER = 20


class RedactionError(ValueError):
    """The tree or the markers cannot be scanned: nothing was scanned."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


class Unreadable(Exception):
    """A member of an archive that cannot be read: damaged, or not what its header says."""


# Whatever a damaged or hostile archive makes the readers raise: bad headers, truncated or
# corrupt streams (zlib, bz2 and lzma), encrypted members (RuntimeError), unknown compression
# methods (NotImplementedError), undecodable names (UnicodeError, a ValueError).
ARCHIVE_ERRORS = (
    zipfile.BadZipFile,
    tarfile.TarError,
    OSError,
    EOFError,
    zlib.error,
    lzma.LZMAError,
    RuntimeError,
    NotImplementedError,
    ValueError,
)


@dataclass(frozen=True, slots=True)
class Marker:
    """A marker of the decision's legend: the text that replaced withheld code, and the ground
    (a code of wooexemptions/grounds.yaml, e.g. woo-5.1.2.i) it stands for."""

    text: str
    ground: str


@dataclass(frozen=True, slots=True)
class Limits:
    """How much a scan reads: files over `file_bytes` are skipped; a tree with more than
    `files` files or `total_bytes` bytes in them is refused."""

    file_bytes: int = 10 * 1024 * 1024
    files: int = 100_000
    total_bytes: int = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class Run:
    """One run of a marker: where it starts (line from 1) and how many characters it has."""

    line: int
    marker: str
    length: int


@dataclass(frozen=True, slots=True)
class Skipped:
    """A file that was not scanned, and why."""

    path: str
    reason: Message


@dataclass(slots=True)
class Scan:
    """What a scan found: the runs per file (only files with runs), what it skipped, how many
    files it read, and, when the decision's licence was given, the files under another licence
    (path → the SPDX expression that applies to them, by their headers and REUSE.toml)."""

    markers: tuple[Marker, ...]
    min_run: int
    files: dict[str, list[Run]] = field(default_factory=dict)
    skipped: list[Skipped] = field(default_factory=list)
    scanned: int = 0
    licence: str | None = None
    exceptions: dict[str, str] = field(default_factory=dict)

    def totals(self) -> dict[str, dict[str, int]]:
        """Per marker: the files with at least one run, and the runs."""
        totals = {marker.text: {"files": 0, "runs": 0} for marker in self.markers}
        for runs in self.files.values():
            counts = Counter(run.marker for run in runs)
            for text, count in counts.items():
                totals[text]["files"] += 1
                totals[text]["runs"] += count
        return totals

    def per_directory(self) -> dict[str, dict[str, int]]:
        """Per directory (of the files directly in it; "." for the top): runs per marker."""
        directories: dict[str, Counter[str]] = defaultdict(Counter)
        for path, runs in self.files.items():
            directory = str(PurePosixPath(path).parent)
            directories[directory].update(run.marker for run in runs)
        return {name: dict(counts) for name, counts in sorted(directories.items())}

    def lines(self) -> dict[str, dict[str, list[int]]]:
        """Per file, per marker: the line of each run (a line twice for two runs on it)."""
        found: dict[str, dict[str, list[int]]] = {}
        for path, runs in sorted(self.files.items()):
            per_marker: dict[str, list[int]] = defaultdict(list)
            for run in runs:
                per_marker[run.marker].append(run.line)
            found[path] = dict(per_marker)
        return found


def parse_marker(spec: str, grounds: Iterable[str]) -> Marker:
    """A marker from "TEXT=GROUND" (e.g. "S=woo-5.1.2.i"); the ground must be one of `grounds`."""
    text, equals, ground = spec.partition("=")
    if not equals or not text or not ground:
        raise RedactionError(
            Message("%(spec)s: a marker is written TEXT=GROUND, e.g. S=woo-5.1.2.i", spec=spec)
        )
    if len(text) > MAX_MARKER or any(char.isspace() or not char.isprintable() for char in text):
        raise RedactionError(
            Message("%(text)s: a marker is at most 20 visible characters without spaces", text=text)
        )
    if ground not in set(grounds):
        raise RedactionError(Message("%(ground)s is not a known exemption ground", ground=ground))
    return Marker(text=text, ground=ground)


def check_legend(markers: Sequence[Marker]) -> tuple[Marker, ...]:
    """The legend as given, refused when empty or when a marker is given twice."""
    if not markers:
        raise RedactionError(Message("give at least one marker"))
    texts = [marker.text for marker in markers]
    for text in texts:
        if texts.count(text) > 1:
            raise RedactionError(Message("the marker %(text)s is given twice", text=text))
    return tuple(markers)


class Finder:
    """Finds the standalone runs of a legend's markers in the bytes of a file.

    Each marker is searched with a pattern that begins with the shortest run as a literal, so
    the regular expression engine skips ahead to candidates instead of trying every position;
    only the few candidates are then checked for what stands beside them."""

    def __init__(self, markers: Sequence[Marker], min_run: int) -> None:
        if min_run < 1:
            raise RedactionError(Message("the least run length is 1"))
        self._patterns: list[tuple[str, re.Pattern[bytes]]] = []
        for marker in markers:
            unit = marker.text.encode()
            repeats = max(1, -(-min_run // len(marker.text)))  # runs of at least min_run chars
            pattern = re.compile(re.escape(unit * repeats) + b"(?:" + re.escape(unit) + b")*")
            self._patterns.append((marker.text, pattern))

    def runs(self, data: bytes) -> list[Run]:
        """Every standalone run in `data`, in the order they appear."""
        found: list[tuple[int, Run]] = []
        for text, pattern in self._patterns:
            line, counted = 1, 0
            for match in pattern.finditer(data):
                start, end = match.span()
                if not (standalone_before(data, start) and standalone_after(data, end)):
                    continue
                line += data.count(b"\n", counted, start)
                counted = start
                length = len(data[start:end].decode("utf-8", "replace"))
                found.append((start, Run(line=line, marker=text, length=length)))
        found.sort(key=lambda pair: pair[0])
        return [run for _, run in found]


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def standalone_before(data: bytes, start: int) -> bool:
    """Whether the character before `start` ends no word or identifier (or there is none)."""
    if start == 0:
        return True
    byte = data[start - 1]
    if byte < 0x80:
        return not _is_word(chr(byte))
    begin = start - 1
    while begin > max(0, start - 4) and 0x80 <= data[begin] < 0xC0:  # UTF-8 continuation bytes
        begin -= 1
    char = data[begin:start].decode("utf-8", "replace")[-1:]
    return not _is_word(char)


def standalone_after(data: bytes, end: int) -> bool:
    """Whether the character at `end` starts no word or identifier (or there is none)."""
    if end >= len(data):
        return True
    byte = data[end]
    if byte < 0x80:
        return not _is_word(chr(byte))
    char = data[end : end + 4].decode("utf-8", "replace")[:1]
    return not _is_word(char)


def is_binary(data: bytes) -> bool:
    return b"\0" in data[:BINARY_SNIFF]


@dataclass(frozen=True, slots=True)
class Entry:
    """A member of a tree as a scan meets it: its path in the tree, its kind ("file",
    "symlink" or "other"), its size, and how to read at most a given number of its bytes."""

    path: str
    kind: str
    size: int
    read: Callable[[int], bytes]


def folder_entries(root: Path) -> Iterator[Entry]:
    """The members of a folder, in path order, without following symbolic links and without
    the repository's own `.git` folder."""
    for folder, directories, names in os.walk(root, followlinks=False):
        directories[:] = sorted(name for name in directories if name != ".git")
        for name in sorted(names):
            full = Path(folder, name)
            path = full.relative_to(root).as_posix()
            mode = full.lstat()
            if stat.S_ISLNK(mode.st_mode):
                yield Entry(path, "symlink", 0, _nothing)
            elif stat.S_ISREG(mode.st_mode):
                yield Entry(path, "file", mode.st_size, _file_reader(full))
            else:
                yield Entry(path, "other", 0, _nothing)
        for name in directories:
            if Path(folder, name).is_symlink():  # os.walk lists a linked folder, never enters it
                yield Entry(Path(folder, name).relative_to(root).as_posix(), "symlink", 0, _nothing)


def _nothing(limit: int) -> bytes:
    return b""


def _file_reader(path: Path) -> Callable[[int], bytes]:
    def read(limit: int) -> bytes:
        with path.open("rb") as file:
            return file.read(limit)

    return read


def archive_entries(archive: IO[bytes]) -> Iterator[Entry]:
    """The members of a tar (plain or compressed) or zip archive, read in place. A member whose
    name is absolute or climbs out with `..` makes the whole archive refused."""
    if zipfile.is_zipfile(archive):
        archive.seek(0)
        try:
            opened = zipfile.ZipFile(archive)
        except ARCHIVE_ERRORS:
            raise RedactionError(Message("the archive is damaged")) from None
        yield from _zip_entries(opened)
        return
    archive.seek(0)
    try:
        tar = tarfile.open(fileobj=archive, mode="r:*")
    except ARCHIVE_ERRORS:
        raise RedactionError(Message("the upload is not a tar or zip archive")) from None
    yield from _tar_entries(tar)


def member_path(name: str) -> str:
    """The path of an archive member within the tree, or RedactionError if it would leave it."""
    path = PurePosixPath(name.replace("\\", "/"))
    if path.is_absolute() or ".." in path.parts or (path.parts and ":" in path.parts[0]):
        raise RedactionError(
            Message("the archive member %(name)s would land outside the tree", name=name[:200])
        )
    return path.as_posix().removeprefix("./")


def _tar_entries(tar: tarfile.TarFile) -> Iterator[Entry]:
    try:
        for member in tar:
            path = member_path(member.name)
            if member.isdir():
                continue
            if member.issym() or member.islnk():
                yield Entry(path, "symlink", 0, _nothing)
            elif member.isfile():
                yield Entry(path, "file", member.size, _tar_reader(tar, member))
            else:
                yield Entry(path, "other", 0, _nothing)
    except RedactionError:
        raise
    except ARCHIVE_ERRORS:
        raise RedactionError(Message("the archive is damaged")) from None


def _tar_reader(tar: tarfile.TarFile, member: tarfile.TarInfo) -> Callable[[int], bytes]:
    def read(limit: int) -> bytes:
        try:
            file = tar.extractfile(member)
            return file.read(limit) if file is not None else b""
        except ARCHIVE_ERRORS:
            raise Unreadable from None

    return read


def _zip_entries(archive: zipfile.ZipFile) -> Iterator[Entry]:
    for info in archive.infolist():
        path = member_path(info.filename)
        if info.is_dir():
            continue
        mode = info.external_attr >> 16
        if stat.S_ISLNK(mode):
            yield Entry(path, "symlink", 0, _nothing)
        else:
            yield Entry(path, "file", info.file_size, _zip_reader(archive, info))


def _zip_reader(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> Callable[[int], bytes]:
    def read(limit: int) -> bytes:  # a member that lies about its size still stops at limit
        try:
            with archive.open(info) as file:
                return file.read(limit)
        except ARCHIVE_ERRORS:
            raise Unreadable from None

    return read


def scan(
    entries: Iterable[Entry],
    markers: Sequence[Marker],
    *,
    min_run: int = DEFAULT_MIN_RUN,
    limits: Limits = Limits(),
    licence: str | None = None,
) -> Scan:
    """Scan a tree's members for the legend's markers and, given the decision's licence, for
    files under another one. The tree is checked against the limits before any file is read, so
    a tree over them is refused whole."""
    legend = check_legend(markers)
    finder = Finder(legend, min_run)
    members = within_limits(entries, limits)
    result = Scan(markers=legend, min_run=min_run, licence=licence)
    licensing = Licensing(members, licence, limits) if licence else None
    read = 0
    for entry in members:
        reason = _skip_reason(entry, limits)
        try:
            data = b"" if reason else entry.read(limits.file_bytes + 1)
        except Unreadable:
            data, reason = b"", Message("damaged: cannot be read")
        read += len(data)
        if read > limits.total_bytes:  # members that said they were smaller (a zip bomb)
            raise RedactionError(
                Message(
                    "the tree unpacks to more than %(limit)s bytes",
                    limit=Number(limits.total_bytes),
                )
            )
        if not reason and len(data) > limits.file_bytes:  # an archive member larger than it said
            reason = Message("larger than %(limit)s bytes", limit=Number(limits.file_bytes))
        if licensing and entry.kind == "file":
            licensing.note(entry.path, b"" if reason else data, result)
        if not reason and is_binary(data):
            reason = Message("binary")
        if reason:
            result.skipped.append(Skipped(entry.path, reason))
            continue
        result.scanned += 1
        runs = finder.runs(data)
        if runs:
            result.files[entry.path] = runs
    return result


class Licensing:
    """Which files of a tree are under another licence than the decision's: by each file's own
    `SPDX-License-Identifier` tags (or those of its `.license` sidecar) and the tree's
    REUSE.toml, with the REUSE Specification's precedence (catalogue/reuse.py)."""

    def __init__(self, members: list[Entry], licence: str, limits: Limits) -> None:
        self.expected = normalised_or_none(licence) or licence
        by_path = {entry.path: entry for entry in members if entry.kind == "file"}
        self.annotations = _annotations(by_path.get("REUSE.toml"), limits)
        self.sidecars = {
            path.removesuffix(".license"): entry
            for path, entry in by_path.items()
            if path.endswith(".license") and path.removesuffix(".license") in by_path
        }
        self.limits = limits

    def note(self, path: str, data: bytes, result: Scan) -> None:
        """Record the file in `result.exceptions` if another licence applies to it."""
        is_sidecar = path.endswith(".license") and path.removesuffix(".license") in self.sidecars
        if is_sidecar or path == "REUSE.toml":
            return
        sidecar = self.sidecars.get(path)
        own_text = _text(sidecar.read(self.limits.file_bytes)) if sidecar else _text(data)
        applies = licences_of(path, header_licences(own_text), self.annotations)
        if not applies:
            return
        expression = " AND ".join(f"({item})" if " " in item else item for item in applies)
        found = normalised_or_none(expression) or expression
        if found != self.expected:
            result.exceptions[path] = found


def _annotations(entry: Entry | None, limits: Limits) -> tuple[Annotation, ...]:
    if entry is None:
        return ()
    try:
        return parse_reuse_toml(_text(entry.read(limits.file_bytes)))
    except (ReuseError, Unreadable) as error:
        message = (
            error.message if isinstance(error, ReuseError) else Message("the archive is damaged")
        )
        raise RedactionError(message) from None


def _text(data: bytes) -> str:
    return "" if is_binary(data) else data.decode("utf-8", "replace")


def within_limits(entries: Iterable[Entry], limits: Limits) -> list[Entry]:
    """The members as a list, or RedactionError when there are too many or they are too big."""
    members: list[Entry] = []
    total = 0
    for entry in entries:
        members.append(entry)
        if len(members) > limits.files:
            raise RedactionError(
                Message("the tree has more than %(limit)s files", limit=Number(limits.files))
            )
        if entry.kind == "file" and entry.size <= limits.file_bytes:
            total += entry.size
        if total > limits.total_bytes:
            raise RedactionError(
                Message(
                    "the tree holds more than %(limit)s bytes", limit=Number(limits.total_bytes)
                )
            )
    return members


def _skip_reason(entry: Entry, limits: Limits) -> Message | None:
    if entry.kind == "symlink":
        return Message("a symbolic link, not followed")
    if entry.kind != "file":
        return Message("not a regular file")
    if entry.size > limits.file_bytes:
        return Message("larger than %(limit)s bytes", limit=Number(limits.file_bytes))
    return None
