# SPDX-License-Identifier: EUPL-1.2
"""Organisations: the government bodies that own software, their code-host accounts, and the
publishers list they are seeded from."""
