# SPDX-License-Identifier: EUPL-1.2
"""Who may do what (`rules`, pure) and the guard every write calls first (`guard`)."""
