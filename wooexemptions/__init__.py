# SPDX-License-Identifier: EUPL-1.2
"""The "open, tenzij" decision register: Woo grounds and release decisions."""
