# SPDX-License-Identifier: EUPL-1.2
"""Harvesters that pull repositories from code hosts into the catalogue."""
