# SPDX-License-Identifier: EUPL-1.2
"""Ask for release: anyone, without an account, may submit a Woo-verzoek for the withheld parts
of software in the catalogue. It becomes a request file for the organisation's publication
officers, with a case number and its statutory term; the sender's contact details are private
and the sender's address is kept only as a keyed hash, to throttle it.

A request under the Woo needs no reasons (art. 4.1 lid 5 Woo: "De verzoeker hoeft bij zijn
verzoek geen belang te stellen"), and may be made by anyone ("een ieder", art. 4.1 lid 1).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass
from datetime import date

from catalogue.errors import Conflict, Invalid
from catalogue.messages import Message
from catalogue.software.models import Software
from wooexemptions import deadlines
from wooexemptions.models import WooRequest
from wooexemptions.requests import store_request

PER_DAY = 3  # requests one address may submit per day
MAX_SUBJECT = 2_000


@dataclass(frozen=True, slots=True)
class Receipt:
    """What the sender is told: the case number and the last day to decide."""

    request: WooRequest
    zaaknummer: str
    deadline: date


def address_key(address: str, secret: str) -> str:
    """A keyed hash of the sender's address: enough to count, useless to identify."""
    return hmac.new(secret.encode(), address.encode(), hashlib.sha256).hexdigest()


async def ask_for_release(
    *,
    software: Software,
    subject: str,
    name: str,
    email: str,
    address: str,
    secret: str,
    today: date,
) -> Receipt:
    """Record a request from the public form. Conflict when the address sent too many today;
    Invalid naming the field when the contact address or the question is missing."""
    errors: dict[str, str] = {}
    if not email.strip():
        errors["requester_email"] = Message("Give an e-mail address, so that we can answer you.")
    if not subject.strip():
        errors["subject"] = Message("Say which code or which parts you ask for.")
    elif len(subject) > MAX_SUBJECT:
        errors["subject"] = Message(
            "Shorten this text to at most %(limit)s characters.", limit=MAX_SUBJECT
        )
    if errors:
        raise Invalid(errors)
    key = address_key(address, secret)
    recent = await WooRequest.filter(submitted_from=key, received_on=today).count()
    if recent >= PER_DAY:
        raise Conflict(Message("you sent several requests today: try again tomorrow"))
    count = await WooRequest.filter(organisation_id=software.organisation_id).count()
    zaaknummer = f"WOO-{today.year}-{software.organisation_id}-{count + 1:05d}"
    request = await store_request(
        actor="anonymous",
        organisation_id=software.organisation_id,
        zaaknummer=zaaknummer,
        received_on=today,
        subject=subject,
        requester_name=name,
        requester_email=email,
        software_id=software.pk,
        today=today,
        from_public_form=True,
    )
    await WooRequest.filter(id=request.pk).update(submitted_from=key)
    deadline = deadlines.decision_deadline(today, today=today)
    return Receipt(request=request, zaaknummer=zaaknummer, deadline=deadline)
