# SPDX-License-Identifier: EUPL-1.2
"""The quality signals the entry pages and the software API show and filter by (issue 20).

They are judged by catalogue.quality, which sits above the software (it reads vulnerabilities
and the register too), so the composition root plugs it in as `app.state.entry_signals`, as it
plugs in the identities: the software package cannot import it without a circle. Without it
(an app built without the quality package) the pages show no checklist and the filter finds
nothing it cannot judge."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import msgspec
from starlette.requests import Request

from catalogue.quality_signals import Signal, State, Verdict


class EntrySignals(Protocol):
    async def checklists(self, software_ids: Sequence[int]) -> dict[int, tuple[Verdict, ...]]:
        """Every signal of each entry, judged now."""
        ...

    async def passing(self, signal: Signal) -> frozenset[int]:
        """The entries that pass the signal now."""
        ...


def plugged(request: Request) -> EntrySignals | None:
    return getattr(request.app.state, "entry_signals", None)


async def checklists(
    request: Request, software_ids: Sequence[int]
) -> dict[int, tuple[Verdict, ...]]:
    signals = plugged(request)
    return await signals.checklists(software_ids) if signals and software_ids else {}


async def passing(request: Request, signal: str | None) -> frozenset[int] | None:
    """The entries passing the `quality` filter's signal; None without the filter."""
    if not signal:
        return None
    signals = plugged(request)
    return await signals.passing(Signal(signal)) if signals else frozenset()


class QualitySignal(msgspec.Struct, forbid_unknown_fields=True):
    """One quality signal of an entry, judged now: passed, failed or unknown, with its
    evidence and, when it did not pass, how to fix it."""

    signal: Signal
    state: State
    title: str
    evidence: list[str]
    fix: str | None


def quality_signal(verdict: Verdict) -> QualitySignal:
    return QualitySignal(
        verdict.signal,
        verdict.state,
        str(verdict.title),
        [str(message) for message in verdict.evidence],
        str(verdict.fix) if verdict.fix is not None else None,
    )


QUALITY_PARAM_HELP = (
    "Only entries that pass this quality signal (judged from what was harvested, advisories "
    "past their embargo)."
)
