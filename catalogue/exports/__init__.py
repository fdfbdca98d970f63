# SPDX-License-Identifier: EUPL-1.2
"""Exports and feeds of the catalogue: each reads `records.ExportRecord`s, streamed from the
database in batches, and writes one standard (publiccode.yml, code.json, DCAT-AP, CSV, Atom)."""
