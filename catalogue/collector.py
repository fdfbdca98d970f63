# SPDX-License-Identifier: EUPL-1.2
"""The garbage collector's settings for long work (ADR 0010).

Python's collector runs a young-generation pass every 700 allocations of container objects, and
every so often a full pass over everything alive. An export allocates millions of short-lived
objects (rows, dicts, strings): the full passes then scan the tens of thousands of objects made
at start-up (modules, routes, templates, the ORM's models) again and again, for nothing, since
they live as long as the process. That was a quarter of an export's CPU.

`freeze_start_up` moves what start-up made out of the collector's reach, once; collection goes
on as before for everything made later, so it is safe in a server answering many requests at
once. `paused` switches automatic collection off altogether, which is safe only where nothing
else runs in the process: the CLI's exports use it, the served app never does.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


def freeze_start_up() -> None:
    """Collect what start-up left behind, then keep the survivors out of every later pass."""
    gc.collect()
    gc.freeze()


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside; a collection on leaving, as the pause did none. Only for
    a process doing one thing (a CLI command): collection is global to the process."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
            gc.collect()
