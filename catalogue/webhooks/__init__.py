# SPDX-License-Identifier: EUPL-1.2
"""Outbound webhooks: administrators register addresses that are told of public changes.

    outbox    which audit events are public changes, their payload, and queuing a delivery per
              webhook in the write's own transaction (called by catalogue.events.record_event)
    delivery  claiming due deliveries (safe for several instances), the signed POST, retries
    services  registering, switching off, deleting webhooks, new secrets; the delivery log

This module imports nothing, so that catalogue.events can import the outbox without a cycle.
"""
