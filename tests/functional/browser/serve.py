# SPDX-License-Identifier: EUPL-1.2
"""The site of the browser tests in a process of its own, so that its ORM and event loop never
meet the test process's: creates the schema, seeds it (site.seed), writes what the tests need
to know as JSON to FACTS, then serves the app until stopped.

    python -m tests.functional.browser.serve DATABASE_URL PORT FACTS
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

import uvicorn
from argon2 import PasswordHasher

from catalogue import db
from catalogue.accounts.credentials import HASHING
from catalogue.app import create_app
from catalogue.settings import Settings
from tests.functional.browser.site import seed


def main(database_url: str, port: str, facts: str) -> None:
    HASHING.use(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))  # as tests/conftest.py
    asyncio.run(db.upgrade(database_url))
    Path(facts).write_text(json.dumps(asyncio.run(seed(database_url))), encoding="utf-8")
    app = create_app(Settings(database_url=database_url, warm_up=False))
    uvicorn.run(app, host="127.0.0.1", port=int(port), log_level="warning")


if __name__ == "__main__":
    main(*sys.argv[1:])
