# SPDX-License-Identifier: EUPL-1.2
"""Scheduled work: the daily harvest and the register's daily review, each run at most once
across every instance of the app."""
