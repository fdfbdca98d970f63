# SPDX-License-Identifier: EUPL-1.2
"""The redaction scan: exact runs per file and line in trees built with known runs, from a
folder, an archive and git; what is skipped and why; trees refused whole."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import tarfile
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from catalogue.cli import main
from wooexemptions.redactions import (
    Finder,
    Limits,
    Marker,
    RedactionError,
    Run,
    archive_entries,
    folder_entries,
    parse_marker,
    scan,
)

S = Marker("S", "woo-5.1.2.i")
P = Marker("P", "woo-5.1.2.e")
LEGEND = [S, P]


def runs_in(text: str | bytes, markers: list[Marker] = LEGEND, min_run: int = 4) -> list[Run]:
    data = text.encode() if isinstance(text, str) else text
    return Finder(markers, min_run).runs(data)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('token = "SSSS"', [Run(1, "S", 4)]),  # in quotes
        ("SSSSSSSS", [Run(1, "S", 8)]),  # the whole text, one run
        ("SSSS at the start\nand at the end SSSS", [Run(1, "S", 4), Run(2, "S", 4)]),
        ("# SSSSS in a comment", [Run(1, "S", 5)]),
        ("// PPPPPP, SSSS;", [Run(1, "P", 6), Run(1, "S", 4)]),
        ("(SSSS)[PPPP]{SSSS}", [Run(1, "S", 4), Run(1, "P", 4), Run(1, "S", 4)]),
        ("SSSS-SSSS", [Run(1, "S", 4), Run(1, "S", 4)]),  # a hyphen separates, as in prose
    ],
)
def test_standalone_runs_count(text: str, expected: list[Run]) -> None:
    assert runs_in(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "ASSSSERT",  # inside a word
        "SSSS_KEY",  # part of an identifier
        "_SSSS",
        "SSSS1",
        "x.SSSSy",
        "SSS",  # shorter than the least run
        "SSSSPPPP",  # two markers glued are one word, neither alone
        "cafeSSSS",
    ],
)
def test_runs_inside_words_and_identifiers_do_not_count(text: str) -> None:
    assert runs_in(text) == []


def test_multibyte_text_counts_letters_as_letters() -> None:
    text = "caféSSSS SSSSé «SSSS» “PPPP” 日本SSSS ñ SSSS"
    assert runs_in(text) == [Run(1, "S", 4), Run(1, "P", 4), Run(1, "S", 4)]


def test_crlf_lines_are_lines() -> None:
    text = "first\r\nSSSS\r\n\r\nx = PPPP\r\nlast SSSS"
    assert runs_in(text) == [Run(2, "S", 4), Run(4, "P", 4), Run(5, "S", 4)]


def test_several_runs_on_a_line_each_count_with_their_length() -> None:
    assert runs_in("a SSSS b SSSSSSSSSS c SSSSS\n") == [
        Run(1, "S", 4),
        Run(1, "S", 10),
        Run(1, "S", 5),
    ]


def test_the_least_run_length_is_a_choice() -> None:
    assert runs_in("S SS SSS", min_run=2) == [Run(1, "S", 2), Run(1, "S", 3)]
    assert runs_in("S SS SSS", min_run=1) == [Run(1, "S", 1), Run(1, "S", 2), Run(1, "S", 3)]


def test_a_marker_of_several_characters_runs_in_whole_repeats() -> None:
    xx = Marker("XY", "woo-5.1.2.i")
    assert runs_in("XYXY XYXYXY XYX XXYXY", [xx]) == [Run(1, "XY", 4), Run(1, "XY", 6)]


def test_markers_are_text_equals_a_refusal_ground() -> None:
    codes = ["woo-5.1.2.i", "woo-5.1.2.e"]
    assert parse_marker("S=woo-5.1.2.i", codes) == S
    for spec in ("S", "=woo-5.1.2.i", "S=", "S S=woo-5.1.2.i", "S=woo-9.9"):
        with pytest.raises(RedactionError):
            parse_marker(spec, codes)
    with pytest.raises(RedactionError, match="twice"):
        scan([], [S, Marker("S", "woo-5.1.2.e")])
    with pytest.raises(RedactionError, match="at least one"):
        scan([], [])


def build_tree(root: Path) -> None:
    """A tree with known runs: 3 S and 1 P in src/app.py, 2 S in docs/notes.md (CRLF), none
    in clean.py; a binary file with runs, a symbolic link to a file with runs, and .git."""
    (root / "src").mkdir(parents=True)
    (root / "docs").mkdir()
    (root / ".git").mkdir()
    (root / "src" / "app.py").write_text(
        'KEY = "SSSS"  # ASSERTSSSS\nuser = "PPPPPP"\n\nassert SSSSSSSS == SSSS\n',
        encoding="utf-8",
    )
    (root / "docs" / "notes.md").write_bytes("Één SSSS\r\nmore\r\nSSSS.\r\n".encode())
    (root / "src" / "clean.py").write_text("ASSERT = 'S' * 4\n", encoding="utf-8")
    (root / "logo.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0SSSS")
    (root / ".git" / "config").write_text("SSSS", encoding="utf-8")
    os.symlink(root / "src" / "app.py", root / "link.py")


def test_a_folder_gives_exact_runs_per_file_and_line(tmp_path: Path) -> None:
    build_tree(tmp_path)
    result = scan(folder_entries(tmp_path), LEGEND)
    assert result.lines() == {
        "docs/notes.md": {"S": [1, 3]},
        "src/app.py": {"S": [1, 4, 4], "P": [2]},
    }
    assert result.totals() == {"S": {"files": 2, "runs": 5}, "P": {"files": 1, "runs": 1}}
    assert result.per_directory() == {"docs": {"S": 2}, "src": {"S": 3, "P": 1}}
    assert result.scanned == 3
    assert {item.path: str(item.reason) for item in result.skipped} == {
        "link.py": "a symbolic link, not followed",
        "logo.png": "binary",
    }


def test_a_file_over_the_size_limit_is_skipped_with_the_reason(tmp_path: Path) -> None:
    (tmp_path / "big.sql").write_text("SSSS\n" * 100, encoding="utf-8")
    (tmp_path / "small.sql").write_text("SSSS\n", encoding="utf-8")
    result = scan(folder_entries(tmp_path), LEGEND, limits=Limits(file_bytes=100))
    assert result.lines() == {"small.sql": {"S": [1]}}
    assert [(item.path, str(item.reason)) for item in result.skipped] == [
        ("big.sql", "larger than 100 bytes")
    ]


def test_a_tree_over_the_file_count_or_total_size_is_refused_whole(tmp_path: Path) -> None:
    for number in range(5):
        (tmp_path / f"{number}.txt").write_text("SSSS " * 10, encoding="utf-8")
    with pytest.raises(RedactionError, match="more than 4 files"):
        scan(folder_entries(tmp_path), LEGEND, limits=Limits(files=4))
    with pytest.raises(RedactionError, match="more than 120 bytes"):
        scan(folder_entries(tmp_path), LEGEND, limits=Limits(total_bytes=120))


def tar_of(members: dict[str, bytes], *, links: dict[str, str] | None = None) -> io.BytesIO:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
        for name, target in (links or {}).items():
            info = tarfile.TarInfo(name)
            info.type, info.linkname = tarfile.SYMTYPE, target
            tar.addfile(info)
    buffer.seek(0)
    return buffer


def test_a_tar_archive_is_read_in_place(tmp_path: Path) -> None:
    archive = tar_of(
        {"repo/a.py": b"x = 'SSSS'\n", "repo/b.bin": b"\0SSSS"}, links={"repo/l": "/etc/passwd"}
    )
    result = scan(archive_entries(archive), LEGEND)
    assert result.lines() == {"repo/a.py": {"S": [1]}}
    assert sorted(item.path for item in result.skipped) == ["repo/b.bin", "repo/l"]


def zip_of(members: dict[str, bytes], *, symlink: str | None = None) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = 0o120777 << 16
            archive.writestr(info, "/etc/passwd")
    buffer.seek(0)
    return buffer


def test_a_zip_archive_is_read_in_place() -> None:
    archive = zip_of({"a/one.py": b"PPPP\nSSSS SSSS\n"}, symlink="a/link")
    result = scan(archive_entries(archive), LEGEND)
    assert result.lines() == {"a/one.py": {"P": [1], "S": [2, 2]}}
    assert [item.path for item in result.skipped] == ["a/link"]


@pytest.mark.parametrize("name", ["../evil.py", "/etc/evil.py", "a/../../evil.py", "C:/evil.py"])
def test_an_archive_member_that_would_escape_refuses_the_archive(name: str) -> None:
    for archive in (tar_of({"ok.py": b"SSSS", name: b"SSSS"}), zip_of({"ok.py": b"S", name: b"S"})):
        with pytest.raises(RedactionError, match="outside the tree"):
            scan(archive_entries(archive), LEGEND)


def test_an_upload_that_is_no_archive_is_refused() -> None:
    with pytest.raises(RedactionError, match="not a tar or zip archive"):
        scan(archive_entries(io.BytesIO(b"just text, SSSS")), LEGEND)


def test_a_zip_member_larger_than_it_says_stops_at_the_limit() -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("bomb.txt", b"S" * 10_000)
    data = bytearray(buffer.getvalue())
    # Both size fields (local header and central directory) say 10 bytes instead of 10,000.
    local = data.index(b"PK\x03\x04")
    data[local + 22 : local + 26] = (10).to_bytes(4, "little")
    central = data.index(b"PK\x01\x02")
    data[central + 24 : central + 28] = (10).to_bytes(4, "little")
    result = scan(archive_entries(io.BytesIO(bytes(data))), LEGEND)
    assert result.files == {}
    assert [(item.path, str(item.reason)) for item in result.skipped] == [
        ("bomb.txt", "damaged: cannot be read")
    ]


@pytest.fixture
def repository(tmp_path: Path) -> tuple[Path, str, str]:
    """A git repository of two commits: the first with one S run, the second adds a P run."""
    folder = tmp_path / "released"
    folder.mkdir()

    def git(*arguments: str) -> str:
        done = subprocess.run(
            ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *arguments],
            cwd=folder,
            capture_output=True,
            check=True,
            text=True,
        )
        return done.stdout.strip()

    git("init", "--quiet")
    (folder / "a.py").write_text('secret = "SSSS"\n', encoding="utf-8")
    git("add", "a.py")
    git("commit", "--quiet", "-m", "one")
    first = git("rev-parse", "HEAD")
    (folder / "a.py").write_text('secret = "SSSS"\nname = "PPPP"\n', encoding="utf-8")
    git("commit", "--quiet", "-am", "two")
    return folder, first, git("rev-parse", "HEAD")


def scan_cli(*arguments: str) -> Result:
    legend = ["--marker", "S=woo-5.1.2.i", "--marker", "P=woo-5.1.2.e"]
    return CliRunner().invoke(main, ["redactions", "scan", *legend, *arguments])


def test_the_cli_scans_a_commit_of_a_local_repository(repository) -> None:
    folder, first, _ = repository
    result = scan_cli(str(folder), "--commit", first[:10], "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert found["commit"] == first
    assert found["files"] == {"a.py": {"S": [1]}}
    assert found["totals"] == {"S": {"files": 1, "runs": 1}, "P": {"files": 0, "runs": 0}}
    assert found["skipped"] == []


def test_the_cli_fetches_a_git_url_at_its_head_or_a_commit(repository) -> None:
    folder, first, second = repository
    head = json.loads(scan_cli(folder.as_uri(), "--format", "json").output)
    assert (head["commit"], head["files"]) == (second, {"a.py": {"S": [1], "P": [2]}})
    pinned = json.loads(scan_cli(folder.as_uri(), "--commit", first, "--format", "json").output)
    assert (pinned["commit"], pinned["files"]) == (first, {"a.py": {"S": [1]}})


def test_the_cli_writes_a_row_per_run_as_csv(tmp_path: Path) -> None:
    build_tree(tmp_path)
    result = scan_cli(str(tmp_path), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert list(csv.reader(io.StringIO(result.output))) == [
        ["path", "line", "marker", "ground", "length"],
        ["docs/notes.md", "1", "S", "woo-5.1.2.i", "4"],
        ["docs/notes.md", "3", "S", "woo-5.1.2.i", "4"],
        ["src/app.py", "1", "S", "woo-5.1.2.i", "4"],
        ["src/app.py", "2", "P", "woo-5.1.2.e", "6"],
        ["src/app.py", "4", "S", "woo-5.1.2.i", "8"],
        ["src/app.py", "4", "S", "woo-5.1.2.i", "4"],
    ]


def test_the_cli_scans_an_archive_and_says_what_it_skipped(tmp_path: Path) -> None:
    archive = tmp_path / "released.tar.gz"
    archive.write_bytes(tar_of({"a.py": b"PPPP\n", "b.bin": b"\0"}).getvalue())
    result = scan_cli(str(archive))
    assert result.exit_code == 0, result.output
    assert "P (woo-5.1.2.e): 1 runs in 1 files" in result.output
    assert "skipped b.bin: binary" in result.output


@pytest.mark.parametrize(
    ("arguments", "said"),
    [
        (["ext::sh -c touch% /tmp/opentenzij-pwned"], "give an https, http, git or file URL"),
        (["--", "--upload-pack=touch /tmp/x"], "give an https, http, git or file URL"),
        (["file:///nowhere", "--commit", "abc"], "is not a commit hash"),
        (["file:///nowhere", "--commit", "abcdef12"], "give the full commit hash"),
        (["file:///nowhere/at/all"], "git failed"),
    ],
)
def test_the_cli_refuses_what_it_cannot_scan_safely(arguments: list[str], said: str) -> None:
    result = scan_cli(*arguments)
    assert result.exit_code == 1
    assert said in result.output
    assert not Path("/tmp/opentenzij-pwned").exists()


def test_the_cli_refuses_an_unknown_ground() -> None:
    result = CliRunner().invoke(main, ["redactions", "scan", ".", "--marker", "S=woo-0.0"])
    assert result.exit_code == 1
    assert "woo-0.0 is not a known exemption ground" in result.output


def test_files_under_another_licence_are_listed_with_it(tmp_path: Path) -> None:
    """The DigiD README: 'EUPL, except source code for which another licence is stated'."""
    (tmp_path / "vendor").mkdir()
    (tmp_path / "REUSE.toml").write_text(
        'version = 1\n[[annotations]]\npath = "vendor/**"\nSPDX-License-Identifier = "MIT"\n',
        encoding="utf-8",
    )
    (tmp_path / "app.py").write_text("# SPDX-License-Identifier: EUPL-1.2\nx = 'SSSS'\n", "utf-8")
    (tmp_path / "plain.py").write_text("print('no header')\n", encoding="utf-8")
    (tmp_path / "vendor" / "lib.js").write_text("// third party\n", encoding="utf-8")
    (tmp_path / "vendor" / "own.js").write_text(
        "// SPDX-License-Identifier: apache-2.0\n", encoding="utf-8"
    )
    (tmp_path / "logo.png").write_bytes(b"\x89PNG\0")
    (tmp_path / "logo.png.license").write_text(
        "SPDX-License-Identifier: CC-BY-4.0\n", encoding="utf-8"
    )
    result = scan(folder_entries(tmp_path), LEGEND, licence="EUPL-1.2")
    assert result.exceptions == {
        "logo.png": "CC-BY-4.0",
        "vendor/lib.js": "MIT",
        "vendor/own.js": "Apache-2.0",
    }
    assert result.lines() == {"app.py": {"S": [2]}}
    assert scan(folder_entries(tmp_path), LEGEND).exceptions == {}  # only when asked


def test_a_broken_reuse_toml_refuses_the_licence_scan(tmp_path: Path) -> None:
    (tmp_path / "REUSE.toml").write_text("version = 3\n", encoding="utf-8")
    with pytest.raises(RedactionError, match="version = 1"):
        scan(folder_entries(tmp_path), LEGEND, licence="EUPL-1.2")


def test_the_cli_lists_licence_exceptions(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("# SPDX-License-Identifier: MIT\n", encoding="utf-8")
    result = scan_cli(str(tmp_path), "--licence", "eupl-1.2", "--format", "json")
    assert result.exit_code == 0, result.output
    found = json.loads(result.output)
    assert (found["licence"], found["licence_exceptions"]) == ("EUPL-1.2", {"a.py": "MIT"})
    refused = scan_cli(str(tmp_path), "--licence", "no-such-licence")
    assert refused.exit_code == 2
    assert "not a valid SPDX licence expression" in refused.output
