# SPDX-License-Identifier: EUPL-1.2
"""Reads and plain writes of decisions' inventories, in sets: items are written in batches of
a thousand, read a page at a time or streamed in keyset order, and counted in the database
(GROUP BY), so that 10,000 items cost a handful of queries, not 10,000. The permission checks
and audit events of the writes are in wooexemptions.inventories."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass

from tortoise.expressions import Q
from tortoise.functions import Count, Sum

from catalogue.paging import Page, PageRequest
from wooexemptions.inventory import (
    Assessment,
    Combination,
    Grondslag,
    Item,
    LegendEntry,
    submission_problems,
    top_folder,
)
from wooexemptions.models import Decision, InventoryItem
from wooexemptions.models import Grondslag as GrondslagRow
from wooexemptions.rules import DecisionContent

BATCH = 1_000


@dataclass(frozen=True, slots=True)
class ItemFilters:
    """Filters of an inventory list: assessment, a grondslag cited, a path prefix."""

    assessment: Assessment | None = None
    grondslag: str | None = None
    prefix: str | None = None


def _stored_grounds(keys: Sequence[str]) -> str:
    return f" {' '.join(keys)} " if keys else ""


def item_of(row: InventoryItem) -> Item:
    return Item(
        number=row.number,
        path=row.path,
        assessment=Assessment(row.assessment),
        grounds=tuple(row.grounds.split()),
        remark=row.remark,
        line_from=row.line_from,
        line_to=row.line_to,
        lines={str(marker): list(found) for marker, found in row.lines or []},
        licence=row.licence,
    )


def row_of(decision_id: int, item: Item) -> InventoryItem:
    return InventoryItem(
        decision_id=decision_id,
        number=item.number,
        path=item.path,
        folder=top_folder(item.path),
        line_from=item.line_from,
        line_to=item.line_to,
        assessment=item.assessment,
        grounds=_stored_grounds(item.grounds),
        remark=item.remark,
        runs=item.runs,
        lines=[[marker, list(found)] for marker, found in item.lines.items()],
        licence=item.licence,
    )


def legend_of(decision: Decision) -> list[LegendEntry]:
    return [LegendEntry(entry["marker"], entry["grondslag"]) for entry in decision.legend or []]


async def grondslagen_of(decision_id: int) -> list[Grondslag]:
    rows = await GrondslagRow.filter(decision_id=decision_id).order_by("id")
    return [Grondslag(r.key, r.code, r.motivation, r.weighing, r.despite_age) for r in rows]


def filtered(decision_id: int, filters: ItemFilters) -> Q:
    condition = Q(decision_id=decision_id)
    if filters.assessment is not None:
        condition &= Q(assessment=filters.assessment)
    if filters.grondslag:
        condition &= Q(grounds__contains=f" {filters.grondslag} ")
    if filters.prefix:
        condition &= Q(path__startswith=filters.prefix)
    return condition


async def item_page(decision_id: int, filters: ItemFilters, page: PageRequest) -> Page[Item]:
    """A page of the inventory in number order: two queries however large it is."""
    query = InventoryItem.filter(filtered(decision_id, filters))
    total = await query.count()
    rows = await query.order_by("number").offset(page.offset).limit(page.per_page)
    return Page([item_of(row) for row in rows], total, page)


async def stream_items(decision_id: int) -> AsyncIterator[Item]:
    """Every item in number order, a thousand at a time (keyset paging: constant memory)."""
    after = 0
    while True:
        rows = await (
            InventoryItem.filter(decision_id=decision_id, number__gt=after)
            .order_by("number")
            .limit(BATCH)
        )
        for row in rows:
            yield item_of(row)
        if len(rows) < BATCH:
            return
        after = rows[-1].number


async def combinations(decision_id: int) -> dict[Combination, tuple[int, int]]:
    """Items and runs per (assessment, grondslagen cited): one GROUP BY query."""
    rows = await (
        InventoryItem.filter(decision_id=decision_id)
        .annotate(items=Count("id"), run_count=Sum("runs"))
        .group_by("assessment", "grounds")
        .values("assessment", "grounds", "items", "run_count")
    )
    found: dict[Combination, tuple[int, int]] = {}
    for row in rows:
        key = (Assessment(row["assessment"]), tuple(row["grounds"].split()))
        items, runs = found.get(key, (0, 0))
        found[key] = (items + row["items"], runs + int(row["run_count"] or 0))
    return found


async def folder_counts(decision_id: int) -> list[tuple[str, int, int]]:
    """(first folder, items, runs), by folder: one GROUP BY query."""
    rows = await (
        InventoryItem.filter(decision_id=decision_id)
        .annotate(items=Count("id"), run_count=Sum("runs"))
        .group_by("folder")
        .order_by("folder")
        .values("folder", "items", "run_count")
    )
    return [(row["folder"], row["items"], int(row["run_count"] or 0)) for row in rows]


async def replace_items(decision_id: int, items: Sequence[Item]) -> int:
    """Put `items` in place of the decision's inventory, in batches; the caller's transaction
    makes it all or nothing. Returns how many there are."""
    await InventoryItem.filter(decision_id=decision_id).delete()
    await InventoryItem.bulk_create([row_of(decision_id, item) for item in items], batch_size=BATCH)
    await Decision.filter(id=decision_id).update(inventory_size=len(items))
    return len(items)


async def replace_grondslagen(decision_id: int, grondslagen: Sequence[Grondslag]) -> None:
    await GrondslagRow.filter(decision_id=decision_id).delete()
    await GrondslagRow.bulk_create(
        [
            GrondslagRow(
                decision_id=decision_id,
                key=g.key,
                code=g.code,
                motivation=g.motivation,
                weighing=g.weighing,
                despite_age=g.despite_age,
            )
            for g in grondslagen
        ]
    )


async def copy_inventory(source: Decision, target_id: int) -> None:
    """A new version starts with the inventory, grondslagen, legend and scan of the old one."""
    if not source.inventory_size and not source.legend:
        return
    await replace_grondslagen(target_id, await grondslagen_of(source.pk))
    items = [item async for item in stream_items(source.pk)]
    await replace_items(target_id, items)
    await Decision.filter(id=target_id).update(
        legend=source.legend, scan=source.scan, tree_url=source.tree_url
    )


async def problems(decision: Decision, content: DecisionContent) -> dict[str, str]:
    """What keeps the decision's inventory from being submitted (inventory.submission_problems),
    read in three queries."""
    if not decision.inventory_size and not decision.legend:
        return {}
    found = await combinations(decision.pk)
    return submission_problems(
        content,
        await grondslagen_of(decision.pk),
        legend_of(decision),
        {key: count for key, (count, _) in found.items()},
        commit=decision.covers,
    )
