# SPDX-License-Identifier: EUPL-1.2
"""Work that requests in one process would otherwise do at the same time (many visitors at once
after a change, or on a worker that just started), done by one of them at a time per key: the
others wait for it to end, then look again for what it made. Pure asyncio."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Hashable
from contextlib import asynccontextmanager
from typing import TypeVar

Key = TypeVar("Key", bound=Hashable)


@asynccontextmanager
async def turn(running: dict[Key, asyncio.Event], key: Key) -> AsyncIterator[None]:
    """Wait until nobody in this process holds `key` in `running`, then hold it for the block
    (whatever way it ends, the next one waiting then takes its turn)."""
    while (other := running.get(key)) is not None:
        await other.wait()
    done = running[key] = asyncio.Event()
    try:
        yield
    finally:
        del running[key]
        done.set()
