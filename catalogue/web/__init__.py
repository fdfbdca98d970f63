# SPDX-License-Identifier: EUPL-1.2
"""The web layer: JSON API and HTML pages. The only part of the catalogue that knows HTTP."""
