# SPDX-License-Identifier: EUPL-1.2
"""The `opentenzij` command."""

from catalogue.cli.commands import main

__all__ = ["main"]
