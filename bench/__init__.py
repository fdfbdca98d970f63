# SPDX-License-Identifier: EUPL-1.2
"""The benchmarks: one script per measured claim, one shared generator."""

from bench.generating import generate

__all__ = ["generate"]
