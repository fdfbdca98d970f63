# SPDX-License-Identifier: EUPL-1.2
"""A decision's inventory through the API: an uploaded archive scanned into a draft (and
verified on a re-scan), refused archives that change nothing, the inventarislijst out and back
in, a bulk change, the checks at submission, and the way to the public register."""

from __future__ import annotations

import io
import random
import tarfile
import zipfile

import httpx
import pytest

from tests.catalogue.web.test_openapi import check_response
from tests.wooexemptions.test_register_api import DRAFT, Tokens, bearer, tokens  # noqa: F401
from wooexemptions.web import inventory_api

COMMIT = "a" * 40
GRONDSLAGEN = [
    {
        "key": "S",
        "code": "woo-5.1.2.i",
        "motivation": "The fragments show how the service is secured.",
        "weighing": "The security of the service outweighs openness for these fragments.",
    },
    {
        "key": "P",
        "code": "woo-5.1.2.e",
        "motivation": "The fragments hold names of civil servants.",
        "weighing": "Their privacy outweighs openness: the names add nothing to the code.",
    },
]
LEGEND = [{"marker": "S", "grondslag": "S"}, {"marker": "P", "grondslag": "P"}]
FILES = {
    "src/app.py": 'KEY = "SSSS"\nASSERT = 1\nname = "PPPP"  # SSSSSS\n',
    "src/db/conn.py": "password = SSSSSSSS\n",
    "docs/readme.md": "No runs here, only ASSSSERT and SSSS_KEY.\n",
    "top.txt": "PPPP\n",
}


def tar_of(files: dict[str, bytes | str]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, text in files.items():
            data = text.encode() if isinstance(text, str) else text
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


async def draft(client: httpx.AsyncClient, tokens: Tokens) -> str:  # noqa: F811
    created = await client.post(
        f"/api/v1/software/{tokens.software_id}/decisions", json=DRAFT, headers=bearer(tokens.alice)
    )
    assert created.status_code == 201, created.text
    return f"/api/v1/decisions/{created.json()['id']}"


async def with_basis(client: httpx.AsyncClient, tokens: Tokens) -> str:  # noqa: F811
    url = await draft(client, tokens)
    basis = await client.put(
        f"{url}/inventory/basis",
        json={
            "grondslagen": GRONDSLAGEN,
            "legend": LEGEND,
            "tree_url": "https://example.org/r.git",
            "lock_version": 0,
        },
        headers=bearer(tokens.alice),
    )
    check_response("/decisions/{id}/inventory/basis", basis, "put")
    assert basis.status_code == 200, basis.text
    return url


async def upload(
    client: httpx.AsyncClient,
    url: str,
    token: str,
    body: bytes,
    *,
    lock: int,
    commit: str = COMMIT,
    media_type: str = "application/gzip",
) -> httpx.Response:
    return await client.post(
        f"{url}/inventory/scan",
        params={"lock_version": lock, "commit": commit},
        content=body,
        headers={**bearer(token), "Content-Type": media_type},
    )


async def test_an_uploaded_tree_becomes_the_inventory_and_a_rescan_verifies_it(
    client: httpx.AsyncClient,
    tokens: Tokens,  # noqa: F811
) -> None:
    url = await with_basis(client, tokens)
    scanned = await upload(client, url, tokens.alice, tar_of(FILES), lock=1)
    check_response("/decisions/{id}/inventory/scan", scanned, "post")
    assert scanned.status_code == 201, scanned.text
    summary = scanned.json()
    assert summary["items"] == 3 and summary["commit"] == COMMIT
    assert summary["scan"]["totals"] == {"S": {"files": 2, "runs": 3}, "P": {"files": 2, "runs": 2}}
    assert summary["per_grondslag"] == {"P": 2, "S": 2}
    assert summary["per_folder"] == [
        {"folder": ".", "items": 1, "runs": 1},
        {"folder": "src", "items": 2, "runs": 4},
    ]
    items = await client.get(f"{url}/inventory", headers=bearer(tokens.bob))
    check_response("/decisions/{id}/inventory", items)
    by_path = {item["path"]: item for item in items.json()["items"]}
    assert by_path["src/app.py"]["markers"] == {"S": [1, 3], "P": [3]}
    assert by_path["src/app.py"]["grounds"] == ["woo-5.1.2.i", "woo-5.1.2.e"]
    assert by_path["src/app.py"]["assessment"] == "deels_openbaar"
    assert (by_path["src/app.py"]["line_from"], by_path["src/app.py"]["line_to"]) == (1, 3)
    only_s = await client.get(
        f"{url}/inventory?grondslag=P&prefix=src/", headers=bearer(tokens.bob)
    )
    assert [item["path"] for item in only_s.json()["items"]] == ["src/app.py"]

    again = await upload(client, url, tokens.alice, tar_of(FILES), lock=2)
    assert again.status_code == 200, again.text
    assert again.json()["verified"] is True and again.json()["scan"]["verified_on"]
    other = await upload(client, url, tokens.alice, tar_of(FILES), lock=3, commit="b" * 40)
    assert other.status_code == 409 and "covers" in other.json()["detail"]
    changed = await upload(
        client, url, tokens.alice, tar_of({**FILES, "new.txt": "SSSS\n"}), lock=3
    )
    assert changed.status_code == 409 and "other numbers" in changed.json()["detail"]


async def test_bad_archives_are_refused_and_change_nothing(
    client: httpx.AsyncClient,
    tokens: Tokens,  # noqa: F811
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    url = await with_basis(client, tokens)
    traversal = tar_of({"src/ok.py": "SSSS\n", "../../etc/evil": "SSSS\n"})
    refused = await upload(client, url, tokens.alice, traversal, lock=1)
    check_response("/decisions/{id}/inventory/scan", refused, "post")
    assert refused.status_code == 422 and "outside the tree" in refused.text
    absolute = await upload(
        client, url, tokens.alice, zip_of({"/abs/x": b"SSSS"}), lock=1, media_type="application/zip"
    )
    assert absolute.status_code == 422
    bomb = zip_of({f"f{n}.txt": b"S" * (8 * 1024 * 1024) for n in range(2)})
    exploded = await upload(client, url, tokens.alice, bomb, lock=1, media_type="application/zip")
    assert exploded.status_code == 422 and "zip bomb" in exploded.text
    monkeypatch.setattr(
        inventory_api,
        "UPLOAD_LIMITS",
        inventory_api.Limits(file_bytes=1024, files=10, total_bytes=4096),
    )
    over = zip_of({f"f{n}.txt": bytes(range(256)) * 10 for n in range(2)})
    assert (
        await upload(client, url, tokens.alice, over, lock=1, media_type="application/zip")
    ).status_code == 422
    many = tar_of({f"f{n}": "x" for n in range(11)})
    assert (await upload(client, url, tokens.alice, many, lock=1)).status_code == 422
    monkeypatch.setattr(inventory_api, "MAX_ARCHIVE_BYTES", 100)
    big = await upload(client, url, tokens.alice, b"x" * 1000, lock=1)
    assert big.status_code == 413
    monkeypatch.undo()
    chance = random.Random(15)
    good_tar, good_zip = tar_of(FILES), zip_of({k: v.encode() for k, v in FILES.items()})
    for media_type in ("application/json", "text/html"):
        wrong = await upload(client, url, tokens.alice, good_tar, lock=1, media_type=media_type)
        assert wrong.status_code == 415
    for attempt in range(40):  # damaged archives: refused, never a 500
        source = good_tar if attempt % 2 else good_zip
        cut = chance.randrange(1, len(source) - 1)
        noise = bytes(chance.randrange(256) for _ in range(chance.randrange(0, 50)))
        answer = await upload(client, url, tokens.alice, source[:cut] + noise, lock=1)
        assert answer.status_code in (201, 422), (attempt, answer.status_code, answer.text)
        if answer.status_code == 201:  # a cut that still reads as a shorter tree
            return
    summary = await client.get(f"{url}/inventory/summary", headers=bearer(tokens.alice))
    check_response("/decisions/{id}/inventory/summary", summary)
    assert summary.json()["items"] == 0 and summary.json()["scan"] is None
    assert summary.json()["lock_version"] == 1  # nothing was written


async def test_only_the_organisations_officers_upload(
    client: httpx.AsyncClient,
    tokens: Tokens,  # noqa: F811
) -> None:
    url = await with_basis(client, tokens)
    anonymous = await client.post(
        f"{url}/inventory/scan",
        params={"lock_version": 1, "commit": COMMIT},
        content=tar_of(FILES),
        headers={"Content-Type": "application/gzip"},
    )
    assert anonymous.status_code in (401, 404)
    developer = await upload(client, url, tokens.dev, tar_of(FILES), lock=1)
    assert developer.status_code in (403, 404)
    summary = await client.get(f"{url}/inventory/summary", headers=bearer(tokens.alice))
    assert summary.json()["items"] == 0 and summary.json()["lock_version"] == 1


async def test_the_inventarislijst_round_trips_and_a_bad_row_stores_nothing(
    client: httpx.AsyncClient,
    tokens: Tokens,  # noqa: F811
) -> None:
    url = await with_basis(client, tokens)
    assert (await upload(client, url, tokens.alice, tar_of(FILES), lock=1)).status_code == 201
    exported = await client.get(f"{url}/inventory.csv", headers=bearer(tokens.alice))
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    lines = exported.text.splitlines()
    assert lines[0] == (
        "nummer,document/bestand,regels,beoordeling,weigeringsgronden,grondslagen,markeringen,"
        "licentie,opmerking"
    )
    assert lines[1] == (
        "1,src/app.py,1-3,deels openbaar,5.1 lid 2 onder i Woo; 5.1 lid 2 onder e Woo,S P,"
        '"S: 1, 3; P: 3",,'
    )
    edited = exported.text + '4,"=cmd|x",,niet openbaar,,S,,,"a remark, quoted"\r\n'
    imported = await client.put(
        f"{url}/inventory.csv",
        params={"lock_version": 2},
        content=edited.encode(),
        headers={**bearer(tokens.alice), "Content-Type": "text/csv"},
    )
    check_response("/decisions/{id}/inventory.csv", imported, "put")
    assert imported.status_code == 200, imported.text
    assert imported.json()["items"] == 4
    again = await client.get(f"{url}/inventory.csv", headers=bearer(tokens.alice))
    assert '4,\'=cmd|x,,niet openbaar,5.1 lid 2 onder i Woo,S,,,"a remark, quoted"' in again.text
    reimported = await client.put(
        f"{url}/inventory.csv",
        params={"lock_version": 3},
        content=again.content,
        headers={**bearer(tokens.alice), "Content-Type": "text/csv"},
    )
    assert reimported.status_code == 200
    third = await client.get(f"{url}/inventory.csv", headers=bearer(tokens.alice))
    assert third.text == again.text

    bad = (
        "nummer,bestand,beoordeling,grondslagen\n"
        "1,src/a.py,deels openbaar,S\n"
        "2,src/b.py,half open,S\n"
        "3,../x,openbaar,\n"
        "4,src/c.py,niet openbaar,X\n"
        "4,src/d.py,openbaar,\n"
    )
    refused = await client.put(
        f"{url}/inventory.csv",
        params={"lock_version": 4},
        content=bad.encode(),
        headers={**bearer(tokens.alice), "Content-Type": "text/csv"},
    )
    assert refused.status_code == 422
    fields = {error["field"]: error["detail"] for error in refused.json()["errors"]}
    assert set(fields) == {
        "line[3].beoordeling",
        "line[4].document/bestand",
        "line[5].grondslagen",
        "line[6].nummer",
    }
    assert "openbaar, deels openbaar or niet openbaar" in fields["line[3].beoordeling"]
    kept = await client.get(f"{url}/inventory.csv", headers=bearer(tokens.alice))
    assert kept.text == third.text
    stale = await client.put(
        f"{url}/inventory.csv",
        params={"lock_version": 1},
        content=again.content,
        headers={**bearer(tokens.alice), "Content-Type": "text/csv"},
    )
    assert stale.status_code == 409


async def test_bulk_edit_and_the_checks_at_submission_then_the_public_list(
    client: httpx.AsyncClient,
    tokens: Tokens,  # noqa: F811
) -> None:
    url = await draft(client, tokens)
    weak = [{"key": "S", "code": "woo-5.1.2.i"}, GRONDSLAGEN[1]]
    await client.put(
        f"{url}/inventory/basis",
        json={"grondslagen": weak, "legend": LEGEND, "lock_version": 0},
        headers=bearer(tokens.alice),
    )
    assert (await upload(client, url, tokens.alice, tar_of(FILES), lock=1)).status_code == 201
    bulk = await client.post(
        f"{url}/inventory/bulk",
        json={
            "prefix": "src/db/",
            "set_assessment": "niet_openbaar",
            "set_grondslagen": [],
            "lock_version": 2,
        },
        headers=bearer(tokens.alice),
    )
    check_response("/decisions/{id}/inventory/bulk", bulk, "post")
    assert bulk.status_code == 200 and bulk.json()["changed"] == 1

    refused = await client.post(
        f"{url}/submit", json={"lock_version": 3}, headers=bearer(tokens.alice)
    )
    assert refused.status_code == 422
    fields = {error["field"]: error["detail"] for error in refused.json()["errors"]}
    assert (
        "1 items are assessed 'niet openbaar' without a ground"
        in fields["inventory[niet_openbaar:-].grounds"]
    )
    assert (
        "Explain why this ground applies"
        in fields["inventory[deels_openbaar:S P].grounds[0].motivation"]
    )
    assert "Weigh" in fields["inventory[deels_openbaar:S P].grounds[0].weighing"]

    await client.put(
        f"{url}/inventory/basis",
        json={"grondslagen": GRONDSLAGEN, "legend": LEGEND, "lock_version": 3},
        headers=bearer(tokens.alice),
    )
    unknown = await client.post(
        f"{url}/inventory/bulk",
        json={"prefix": "src/db/", "set_grondslagen": ["X"], "lock_version": 4},
        headers=bearer(tokens.alice),
    )
    assert unknown.status_code == 422
    fixed = await client.post(
        f"{url}/inventory/bulk",
        json={"prefix": "src/db/", "set_grondslagen": ["S"], "lock_version": 4},
        headers=bearer(tokens.alice),
    )
    assert fixed.status_code == 200
    csv_url = f"{url}/inventory.csv"
    assert (await client.get(csv_url)).status_code == 404  # a draft's list is not public
    assert (
        await client.post(f"{url}/submit", json={"lock_version": 5}, headers=bearer(tokens.alice))
    ).status_code == 200
    assert (
        await client.post(f"{url}/approve", json={"lock_version": 6}, headers=bearer(tokens.bob))
    ).status_code == 200
    published = await client.post(
        f"{url}/publish", json={"lock_version": 7}, headers=bearer(tokens.bob)
    )
    assert published.status_code == 200, published.text
    public = await client.get(csv_url)
    assert public.status_code == 200 and "src/db/conn.py" in public.text
    decision = (await client.get(url)).json()
    check_response("/decisions/{id}", await client.get(url))
    assert decision["inventory"]["items"] == 3
    assert decision["inventory"]["csv_url"].endswith("/inventory.csv")
    register = await client.get("/api/v1/decisions?ground=woo-5.1.2.e")
    assert [d["url"] for d in register.json()["items"]] == [url]
    closed = await client.post(
        f"{url}/inventory/bulk",
        json={"set_assessment": "openbaar", "lock_version": 8},
        headers=bearer(tokens.alice),
    )
    assert closed.status_code == 409  # a published version is never edited
