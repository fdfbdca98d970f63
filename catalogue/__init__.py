# SPDX-License-Identifier: EUPL-1.2
"""The catalogue of government software: organisations, software, repositories, the web app."""
