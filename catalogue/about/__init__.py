# SPDX-License-Identifier: EUPL-1.2
"""The pages about the site itself that every Dutch government site has: about, the
accessibility statement, privacy and contact."""
