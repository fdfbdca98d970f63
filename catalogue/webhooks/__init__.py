# SPDX-License-Identifier: EUPL-1.2
"""Outbound webhooks: administrators register addresses that are told of public changes.

models    Webhook, WebhookDelivery
outbox    which audit events are public changes, their payload, and queuing a delivery per
          webhook in the write's own transaction (a subscriber of the audit trail)
delivery  claiming due deliveries (safe for several instances), the signed POST, retries
services  registering, switching off, deleting webhooks, new secrets
queries   the webhooks and their delivery log
web       the administrators' pages and API
"""
