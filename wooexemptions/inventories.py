# SPDX-License-Identifier: EUPL-1.2
"""Writes of a draft decision's inventory: its grondslagen and redaction legend, its items
(from a scan of the released tree, an imported inventarislijst, or a bulk change), each by a
publication officer of the organisation (the Woo-coördinator), each an audit event, each based
on the `lock_version` read. Every write is whole or not at all. Whoever changes the inventory
joins those who may not approve the version (four eyes)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from tortoise.transactions import in_transaction

from catalogue.audit.actions import Action
from catalogue.errors import Conflict, Invalid
from catalogue.messages import Message
from catalogue.permissions.guard import require, require_role
from catalogue.permissions.rules import Permission, Principal, Role
from wooexemptions import inventory_csv, inventory_store, services
from wooexemptions.inventory import (
    Assessment,
    Grondslag,
    Item,
    LegendEntry,
    basis_problems,
    item_shape_problems,
    items_from_scan,
    legend_for,
    rescan_problem,
    scan_summary,
)
from wooexemptions.inventory_store import ItemFilters
from wooexemptions.models import Decision, InventoryItem
from wooexemptions.redactions import Scan
from wooexemptions.states import DecisionState

CLI = "cli"  # the operator at the command line, who has the database itself
MAX_SHOWN = 100  # problems reported of one write
EDIT_REFUSAL = Message(
    "only a publication officer (Woo-coördinator) of the organisation changes its inventories"
)


async def _draft(actor: Principal | str, decision: Decision, lock_version: int | None) -> Decision:
    """The draft, moved to its next lock_version (Conflict when it is no draft or changed since
    it was read), with the officer added to those who may not approve it."""
    editors = set(decision.edited_by or ())
    if isinstance(actor, Principal):
        target = ("Decision", str(decision.pk))
        await require(actor, Permission.DECIDE, decision.organisation_id, target=target)
        await require_role(
            actor,
            Role.PUBLICATION_OFFICER,
            decision.organisation_id,
            target=target,
            tag=f"{Permission.DECIDE.value}:inventory",
            refusal=EDIT_REFUSAL,
        )
        if actor.user_id is not None:
            editors.add(actor.user_id)
    return await services.move(
        decision,
        lock_version=decision.lock_version if lock_version is None else lock_version,
        states=(DecisionState.DRAFT,),
        to=DecisionState.DRAFT,
        edited_by=sorted(editors),
    )


async def _record(actor: Principal | str, decision: Decision, what: dict[str, Any]) -> None:
    await services.record(actor, Action.DECISION_EDIT, decision, None, {"inventory": what})


def _items_checked(items: Sequence[Item], keys: Sequence[str]) -> None:
    errors: dict[str, str] = {}
    numbers: set[int] = set()
    for index, item in enumerate(items):
        for key, message in item_shape_problems(item, keys):
            errors.setdefault(f"items[{index}].{key}", message)
        if item.number in numbers:
            errors.setdefault(f"items[{index}].number", Message("This number is already used."))
        numbers.add(item.number)
        if len(errors) >= MAX_SHOWN:
            break
    if errors:
        raise Invalid(errors)


async def set_basis(
    *,
    actor: Principal | str,
    decision: Decision,
    grondslagen: Sequence[Grondslag],
    legend: Sequence[LegendEntry],
    tree_url: str,
    lock_version: int | None,
) -> Decision:
    """Put the decision's grondslagen, legend and tree in place; a grondslag still cited by
    items cannot go."""
    errors = basis_problems(grondslagen, legend)
    if len(tree_url) > 400:
        errors["tree_url"] = Message("Shorten the address to at most 400 characters.")
    if errors:
        raise Invalid(errors)
    keys = {grondslag.key for grondslag in grondslagen}
    async with in_transaction():
        moved = await _draft(actor, decision, lock_version)
        cited = {key for (_, used) in await inventory_store.combinations(moved.pk) for key in used}
        if gone := sorted(cited - keys):
            raise Invalid(
                {
                    "grondslagen": Message(
                        "Items still cite %(keys)s: change those items first.", keys=", ".join(gone)
                    )
                }
            )
        await inventory_store.replace_grondslagen(moved.pk, grondslagen)
        legend_json = [{"marker": e.marker, "grondslag": e.grondslag} for e in legend]
        await Decision.filter(id=moved.pk).update(legend=legend_json, tree_url=tree_url.strip())
        await services.set_grounds(moved, services.content_of(moved))
        await _record(actor, moved, {"grondslagen": sorted(keys), "markers": len(legend)})
    return await Decision.get(id=moved.pk)


async def replace(
    *, actor: Principal | str, decision: Decision, items: Sequence[Item], lock_version: int | None
) -> Decision:
    """Put `items` in place of the draft's inventory."""
    grondslagen = await inventory_store.grondslagen_of(decision.pk)
    _items_checked(items, [g.key for g in grondslagen])
    async with in_transaction():
        moved = await _draft(actor, decision, lock_version)
        await inventory_store.replace_items(moved.pk, items)
        await _record(actor, moved, {"items": len(items)})
    return await Decision.get(id=moved.pk)


async def import_csv(
    *, actor: Principal | str, decision: Decision, text: str, lock_version: int | None
) -> Decision:
    """Read an inventarislijst (wooexemptions.inventory_csv) into the draft, in place of its
    inventory; a list with a problem in any row stores nothing and names every row's problem."""
    grondslagen = await inventory_store.grondslagen_of(decision.pk)
    try:
        items = inventory_csv.read(text, grondslagen)
    except inventory_csv.InventoryCsvError as error:
        raise Invalid(
            {f"line[{e.line}].{e.column or 'row'}": e.message for e in error.errors}
        ) from None
    return await replace(actor=actor, decision=decision, items=items, lock_version=lock_version)


async def attach_scan(
    *,
    actor: Principal | str,
    decision: Decision,
    scan: Scan,
    commit: str | None,
    tree_url: str = "",
    lock_version: int | None,
    today: date,
) -> tuple[Decision, bool]:
    """Attach a scan of the released tree to the draft: its markers become the legend (with a
    grondslag per ground the decision lacks, its motivation still to write), its files the
    inventory, its counts are kept, and the decision covers its commit. A decision that has a
    scan already is only verified: a re-scan of its commit must give the same numbers; another
    commit is refused. Returns the decision and whether it was a verification."""
    if not commit:
        raise Invalid(
            {
                "commit": Message(
                    "Scan a commit (a repository with --commit, or a git URL): the decision "
                    "must pin the tree it covers."
                )
            }
        )
    found = scan_summary(scan, commit)
    covered = decision.covers.strip()
    if covered and not (commit.startswith(covered) or covered.startswith(commit)):
        raise Conflict(
            Message(
                "the decision covers %(covers)s, not %(commit)s: revise it to cover another commit",
                covers=covered,
                commit=commit,
            )
        )
    if decision.scan:
        return await _verify(actor, decision, found, lock_version, today), True
    grondslagen = await inventory_store.grondslagen_of(decision.pk)
    legend, added = legend_for(scan.markers, grondslagen)
    items = items_from_scan(scan, legend)
    async with in_transaction():
        moved = await _draft(actor, decision, lock_version)
        await inventory_store.replace_grondslagen(moved.pk, [*grondslagen, *added])
        await inventory_store.replace_items(moved.pk, items)
        await Decision.filter(id=moved.pk).update(
            legend=[{"marker": e.marker, "grondslag": e.grondslag} for e in legend],
            scan=found | {"scanned_on": today.isoformat()},
            covers=covered or commit,
            tree_url=tree_url.strip()[:400] or moved.tree_url,
        )
        await services.set_grounds(moved, services.content_of(moved))
        await _record(actor, moved, {"items": len(items), "commit": commit})
    return await Decision.get(id=moved.pk), False


async def _verify(
    actor: Principal | str,
    decision: Decision,
    found: dict[str, object],
    lock_version: int | None,
    today: date,
) -> Decision:
    problem = rescan_problem(decision.scan, found)
    if problem is not None:
        raise Conflict(problem)
    async with in_transaction():
        moved = await _draft(actor, decision, lock_version)
        verified = decision.scan | {"verified_on": today.isoformat()}
        await Decision.filter(id=moved.pk).update(scan=verified)
        await _record(actor, moved, {"verified": found["commit"]})
    return await Decision.get(id=moved.pk)


async def bulk_edit(
    *,
    actor: Principal | str,
    decision: Decision,
    filters: ItemFilters,
    assessment: Assessment | None,
    grounds: tuple[str, ...] | None,
    lock_version: int | None,
) -> tuple[Decision, int]:
    """Set the assessment and/or the grondslagen of every item the filters select (a path
    prefix, an assessment, a grondslag cited), in one statement. Returns how many changed."""
    if assessment is None and grounds is None:
        raise Invalid({"assessment": Message("Say what to set: an assessment or grondslagen.")})
    if not (filters.prefix or filters.assessment or filters.grondslag):
        filters = ItemFilters(prefix="")  # every item: said so by choosing no filter
    changes: dict[str, Any] = {}
    if assessment is not None:
        changes["assessment"] = assessment
    if grounds is not None:
        keys = {g.key for g in await inventory_store.grondslagen_of(decision.pk)}
        if unknown := [key for key in grounds if key not in keys]:
            raise Invalid(
                {
                    "grounds": Message(
                        "%(key)s is not a grondslag of this decision.", key=repr(unknown[0])
                    )
                }
            )
        changes["grounds"] = f" {' '.join(dict.fromkeys(grounds))} " if grounds else ""
    async with in_transaction():
        moved = await _draft(actor, decision, lock_version)
        count = await InventoryItem.filter(inventory_store.filtered(moved.pk, filters)).update(
            **changes
        )
        if not count:  # inside the transaction: the draft's lock_version stays as it was
            raise Invalid({"prefix": Message("No item matches: nothing was changed.")})
        await _record(
            actor, moved, {"bulk": count, "prefix": filters.prefix or "", **_shown(changes)}
        )
    return await Decision.get(id=moved.pk), count


def _shown(changes: dict[str, Any]) -> dict[str, str]:
    return {key: str(value).strip() for key, value in changes.items()}
