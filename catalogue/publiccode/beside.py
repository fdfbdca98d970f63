# SPDX-License-Identifier: EUPL-1.2
"""The files next to a publiccode.yml: whether a relative `logo`, `screenshots` or
`legal.authorsFile` names one that is there, and whether an image is the image its name says.

The validator is told what is there only when someone knows: the CLI gives the folder of the file
(`on_disk`), a harvest may give the repository's list of paths. Without either nothing is looked
up, and a file beside is neither found nor missed."""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Collection
from pathlib import Path

from catalogue.messages import Message
from catalogue.publiccode.problems import show

# What is next to a publiccode.yml: the relative paths there (a set), or a function telling of
# one path whether it is there: None (it is not), True (it is), or its first bytes.
Files = Collection[str] | Callable[[str], "bytes | bool | None"]
HEAD = 4096  # bytes read of a file, to tell what it is

_PNG, _JPEG, _GZIP = b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"\x1f\x8b"
_FORMATS = {".png": "PNG", ".jpg": "JPEG", ".jpeg": "JPEG", ".svg": "SVG", ".svgz": "SVGZ"}


def _is(kind: str, head: bytes) -> bool:
    """Whether the first bytes of a file are those of an image of that kind (an SVG is XML
    text with an <svg> element, an SVGZ one gzipped)."""
    if kind == "SVG":
        return b"<svg" in head.lower()
    signature = {"PNG": _PNG, "JPEG": _JPEG, "SVGZ": _GZIP}[kind]
    return head.startswith(signature)


def relative_path(text: str) -> str | None:
    """The path a value names in the repository, normalised; None for a URL. A path that climbs
    out of the folder keeps its leading `../`."""
    if "://" in text:
        return None
    path = text.split("?", 1)[0].split("#", 1)[0].replace("\\", "/")
    return posixpath.normpath(path) if path else None


def problem(text: str, image: bool, files: Files) -> str | None:
    """What is wrong with the file a relative path names, or None (also for a URL, which is not
    looked up): it is missing, outside the folder, or not the image its name says."""
    path = relative_path(text)
    if path is None:
        return None
    if path == ".." or path.startswith("../"):
        return Message("%(value)s is outside the folder of the publiccode.yml", value=show(text))
    found = files(path) if callable(files) else path in files
    if found is None or found is False:
        return Message("no file %(value)s next to the publiccode.yml", value=show(text))
    kind = _FORMATS.get(posixpath.splitext(path)[1].lower())
    if not image or not isinstance(found, bytes) or kind is None or _is(kind, found):
        return None
    return Message("%(value)s is not a %(kind)s image", value=show(text), kind=kind)


def on_disk(folder: Path) -> Callable[[str], bytes | bool | None]:
    """The files of a folder on disk: the first bytes of a regular file there, else None."""

    def look(path: str) -> bytes | None:
        target = folder / path
        try:
            if not target.is_file():
                return None
            with target.open("rb") as opened:
                return opened.read(HEAD)
        except OSError:
            return None

    return look
