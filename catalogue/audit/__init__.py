# SPDX-License-Identifier: EUPL-1.2
"""The audit trail, the ground floor: every write appends a hash-chained event here; features
subscribe to its events, and it imports none of them."""
