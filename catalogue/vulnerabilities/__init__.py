# SPDX-License-Identifier: EUPL-1.2
"""Known vulnerabilities of shared components, from OSV, and who must act on them."""
