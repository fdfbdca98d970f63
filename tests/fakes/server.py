# SPDX-License-Identifier: EUPL-1.2
"""Serving a fake for real: an ASGI app on a loopback port, in a thread, for a block."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import uvicorn


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serving(app: Any, port: int, *, lifespan: str = "off") -> Iterator[None]:
    """Serve `app` on 127.0.0.1:`port` until the block ends (`lifespan` "on" runs the app's)."""
    server = uvicorn.Server(
        uvicorn.Config(
            app,
            host="127.0.0.1",
            port=port,
            log_level="warning",
            lifespan=lifespan,
            timeout_graceful_shutdown=1,
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60  # however busy the machine: up, or a clear error
    while not server.started and thread.is_alive() and time.monotonic() < deadline:
        time.sleep(0.01)
    if not server.started:
        raise RuntimeError(f"the server on port {port} did not start")
    try:
        yield
    finally:
        server.should_exit = True
        thread.join(timeout=10)
