# SPDX-License-Identifier: EUPL-1.2
"""The garbage collector's settings for long work (ADR 0010)."""

from __future__ import annotations

import gc

from catalogue import collector


def test_start_up_objects_are_frozen_and_collection_goes_on(refreeze: None) -> None:
    made_at_start_up = [[n] for n in range(100)]
    collector.freeze_start_up()
    assert gc.get_freeze_count() >= len(made_at_start_up)
    assert gc.isenabled()  # later objects are still collected: safe beside other requests
    later: list[object] = []
    later.append(later)  # a cycle made after start-up
    assert gc.is_tracked(later)
    del later
    assert gc.collect() >= 1


def test_a_pause_stops_automatic_collection_and_collects_on_leaving(refreeze: None) -> None:
    with collector.paused():
        assert not gc.isenabled()
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
    assert gc.isenabled()
    assert gc.collect() == 0  # the pause's garbage was collected on leaving


def test_a_pause_leaves_collection_off_where_it_was_off(refreeze: None) -> None:
    gc.disable()
    with collector.paused():
        assert not gc.isenabled()
    assert not gc.isenabled()
