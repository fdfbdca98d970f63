# SPDX-License-Identifier: EUPL-1.2
"""How much one federation run may fetch: a module of its own, so that `opentenzij federate
--help` shows the defaults without loading the HTTP client."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Limits:
    """How much one run may fetch."""

    max_bytes: int = 256 * 1024 * 1024  # per answer: a 100,000-entry export is about 150 MB
    max_pages: int = 2000  # of a paginated list (100 entries a page)
    timeout: float = 30.0  # seconds to connect, and between two pieces of an answer
    total_timeout: float = 600.0  # seconds for a whole answer, however it trickles in
