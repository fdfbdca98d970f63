# SPDX-License-Identifier: EUPL-1.2
"""Monitoring: the Prometheus metrics of the instance and of the queues it shares."""
