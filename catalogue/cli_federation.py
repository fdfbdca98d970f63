# SPDX-License-Identifier: EUPL-1.2
"""(being written)"""

from __future__ import annotations

import click


@click.group(name="federate")
def federation_group() -> None:
    """(being written)"""
