# SPDX-License-Identifier: EUPL-1.2
"""Generated exports kept on disk by ETag: a second download of an unchanged catalogue reads no
entry, a change makes a new copy, the folder keeps to its limit, and a download cut short
leaves nothing behind."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from dataclasses import replace
from pathlib import Path

import httpx
import pytest

from catalogue.app import create_app
from catalogue.settings import Settings
from catalogue.web.export_cache import ExportCache
from tests.catalogue.web import conftest as web_fixtures
from tests.catalogue.web.conftest import Catalogue
from tests.conftest import QueryCounter

catalogue = web_fixtures.catalogue
EXPORTS = (
    "/api/v1/export/code.json",
    "/api/v1/export/catalogue.json",
    "/api/v1/export/software.csv",
    "/api/v1/export/catalogue.ttl",
    "/api/v1/export/catalogue.jsonld",
)


@pytest.fixture
async def cached_client(
    db: str, settings: Settings, tmp_path: Path
) -> AsyncIterator[httpx.AsyncClient]:
    """A client of an app that keeps its exports in tmp_path/exports."""
    app = create_app(replace(settings, export_cache_dir=str(tmp_path / "exports")), connect=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as client:
        yield client


@pytest.mark.parametrize("path", EXPORTS)
async def test_a_second_download_of_an_unchanged_catalogue_reads_no_entry(
    catalogue: Catalogue,
    cached_client: httpx.AsyncClient,
    count_queries: QueryCounter,
    tmp_path: Path,
    path: str,
) -> None:
    first = await cached_client.get(path)
    assert first.status_code == 200
    assert len(list((tmp_path / "exports").glob("*.export"))) == 1
    count_queries.statements.clear()
    second = await cached_client.get(path)
    assert second.status_code == 200
    assert second.content == first.content and second.headers["etag"] == first.headers["etag"]
    assert second.headers["content-type"] == first.headers["content-type"]
    # Only the fingerprint of the ETag is read: no query touches the entries' repositories'
    # languages, which every generation reads.
    assert count_queries.statements
    assert not [s for s in count_queries.statements if "repository_language" in s]


async def test_a_changed_catalogue_makes_a_new_copy(
    catalogue: Catalogue, cached_client: httpx.AsyncClient, tmp_path: Path
) -> None:
    first = await cached_client.get("/api/v1/export/code.json")
    catalogue.zaken.name = "zaakafhandeling-twee"
    await catalogue.zaken.save()  # as every write does: its updated_at moves
    second = await cached_client.get("/api/v1/export/code.json")
    assert second.headers["etag"] != first.headers["etag"]
    assert b"zaakafhandeling-twee" in second.content
    assert len(list((tmp_path / "exports").glob("*.export"))) == 2


async def _body(*chunks: bytes) -> AsyncIterator[bytes]:
    for chunk in chunks:
        yield chunk


async def test_the_copies_read_least_recently_go_first_when_the_folder_is_full(
    tmp_path: Path,
) -> None:
    cache = ExportCache(tmp_path, limit=10)
    for moment, name in enumerate(("a", "b"), start=1):
        assert [c async for c in cache.keep(name, "text/csv", _body(b"12", b"345"))]
        os.utime(cache.path(name, "text/csv"), (moment, moment))  # kept long ago, a first
    assert cache.cached("a", "text/csv") is not None  # read now: b is the least recent
    assert [c async for c in cache.keep("c", "text/csv", _body(b"12345"))]
    assert cache.cached("b", "text/csv") is None
    assert cache.cached("a", "text/csv") is not None
    assert cache.cached("c", "text/csv") is not None


async def test_an_export_larger_than_the_whole_limit_is_not_kept(tmp_path: Path) -> None:
    cache = ExportCache(tmp_path, limit=4)
    assert b"".join([c async for c in cache.keep("big", "text/csv", _body(b"123", b"45"))]) == (
        b"12345"
    )
    assert list(tmp_path.iterdir()) == []


async def test_a_download_cut_short_leaves_nothing_behind(tmp_path: Path) -> None:
    cache = ExportCache(tmp_path, limit=1000)
    chunks = cache.keep("cut", "text/csv", _body(b"123", b"456"))
    assert await anext(chunks) == b"123"
    await chunks.aclose()  # the client went away
    assert cache.cached("cut", "text/csv") is None
    assert list(tmp_path.iterdir()) == []


def test_the_cache_is_off_at_zero_megabytes(tmp_path: Path) -> None:
    from catalogue.app import export_cache

    on = Settings.from_env({"OPENTENZIJ_EXPORT_CACHE_DIR": str(tmp_path)})
    off = Settings.from_env(
        {"OPENTENZIJ_EXPORT_CACHE_DIR": str(tmp_path), "OPENTENZIJ_EXPORT_CACHE_MB": "0"}
    )
    assert export_cache(on) == ExportCache(tmp_path, 1024 * 2**20)
    assert export_cache(off) is None


async def test_a_folder_it_cannot_write_serves_the_export_all_the_same(tmp_path: Path) -> None:
    (tmp_path / "file").write_text("not a folder")
    cache = ExportCache(tmp_path / "file" / "exports", limit=1000)
    assert b"".join([c async for c in cache.keep("x", "text/csv", _body(b"12", b"3"))]) == b"123"
    assert cache.cached("x", "text/csv") is None


async def test_requests_while_a_copy_is_made_wait_for_it_instead_of_making_it_again(
    tmp_path: Path,
) -> None:
    cache = ExportCache(tmp_path, limit=1000)
    made, gate = [], asyncio.Event()

    async def body() -> AsyncIterator[bytes]:
        made.append(1)
        yield b"123"
        await gate.wait()  # the first download is under way when the others ask
        yield b"456"

    async def download() -> bytes:
        return b"".join([chunk async for chunk in cache.shared("e", "text/csv", body)])

    first = asyncio.create_task(download())
    others = [asyncio.create_task(download()) for _ in range(3)]
    while not made:
        await asyncio.sleep(0)
    gate.set()
    assert await asyncio.gather(first, *others) == [b"123456"] * 4
    assert made == [1]  # made once, read three times
    assert cache.making == {}


async def test_a_copy_cut_short_leaves_the_waiting_requests_to_make_it(tmp_path: Path) -> None:
    cache = ExportCache(tmp_path, limit=1000)
    made = []

    async def body() -> AsyncIterator[bytes]:
        made.append(1)
        yield b"123"
        yield b"456"

    first = cache.shared("e", "text/csv", body)
    assert await anext(first) == b"123"
    waiting = asyncio.create_task(_joined(cache.shared("e", "text/csv", body)))
    await asyncio.sleep(0)
    assert not waiting.done()
    await first.aclose()  # the first client went away: no copy
    assert await waiting == b"123456"
    assert made == [1, 1] and cache.cached("e", "text/csv") is not None


async def _joined(chunks: AsyncIterator[bytes]) -> bytes:
    return b"".join([chunk async for chunk in chunks])
