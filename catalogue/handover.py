# SPDX-License-Identifier: EUPL-1.2
"""How soon a thread that waits for the interpreter gets it (ADR 0010).

SQLite's driver (aiosqlite) runs each statement in a thread of its own. That thread lets go
of the interpreter's lock (the GIL) while SQLite works, but needs it to take a statement and
to hand back its rows. While the event loop's thread runs Python, a waiting thread gets the
lock only once the running one has held it for the switch interval, 5 ms by default: an
export writing one batch while its next batch is read (catalogue.exports.lean) waited for
that read about a third of its time, and the read, 14 ms alone, took twice as long.

`hand_over_sooner` shortens the interval for the whole process, once, at start-up. It only
matters where a thread waits: a single busy thread is not interrupted more often, since the
interval is how long a holder keeps the lock when another thread asks for it.
"""

from __future__ import annotations

import sys

SWITCH_INTERVAL = 0.001  # seconds; Python's default is 0.005


def hand_over_sooner() -> None:
    """Hand the GIL to a waiting thread after SWITCH_INTERVAL instead of Python's 5 ms."""
    sys.setswitchinterval(SWITCH_INTERVAL)
