# SPDX-License-Identifier: EUPL-1.2
"""The quality signals plugged into the software pages and API (see
catalogue.software.web.signals): the composition root puts ENTRY_SIGNALS on the app."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime

from catalogue.quality import queries
from catalogue.quality_signals import Signal, Verdict


class QualitySignals:
    """The signals judged now (by an injectable clock) from what is stored."""

    def __init__(self, clock: Callable[[], datetime] = lambda: datetime.now(UTC)) -> None:
        self.clock = clock

    async def checklists(self, software_ids: Sequence[int]) -> dict[int, tuple[Verdict, ...]]:
        return await queries.checklists(list(software_ids), now=self.clock())

    async def passing(self, signal: Signal) -> frozenset[int]:
        return await queries.passing(signal, now=self.clock())


ENTRY_SIGNALS = QualitySignals()
