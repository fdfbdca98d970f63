# SPDX-License-Identifier: EUPL-1.2
"""(being written)"""

from __future__ import annotations

import click


@click.group(name="webhooks")
def webhooks_group() -> None:
    """(being written)"""
