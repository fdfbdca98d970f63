# SPDX-License-Identifier: EUPL-1.2
"""Quality signals per catalogue entry (issue 20): signals (pure), queries (in sets), web."""
