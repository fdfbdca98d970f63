# SPDX-License-Identifier: EUPL-1.2
"""Reads about people: a user and their roles and tokens, the members of an organisation,
every user for the site administrators."""

from __future__ import annotations

from collections.abc import Iterable

from catalogue.accounts.models import ApiToken, Membership, User
from catalogue.organisations.models import Organisation
from catalogue.paging import Page, PageRequest

MAX_ID = 2**31 - 1


async def user(user_id: int) -> User:
    return await User.get(id=user_id)


async def email_taken(address: str) -> bool:
    """Whether a user has the (normalised) e-mail address."""
    return await User.filter(email=address).exists()


async def memberships_of(user_id: int) -> list[Membership]:
    """The user's roles, each with its organisation."""
    return await Membership.filter(user_id=user_id).select_related("organisation")


async def tokens_of(user_id: int) -> list[ApiToken]:
    """The user's API tokens, newest first (revoked ones too)."""
    return await ApiToken.filter(user_id=user_id).order_by("-id")


async def token_of(user_id: int, token_id: int) -> ApiToken | None:
    """One of the user's own tokens, or None."""
    return await ApiToken.get_or_none(id=token_id, user_id=user_id)


async def users_with_roles() -> list[User]:
    """Every user by e-mail address, with their roles and organisations."""
    return await User.all().order_by("email").prefetch_related("memberships__organisation")


async def membership(
    membership_id: int, *, organisation_id: int | None = None
) -> Membership | None:
    """A role by its id (within one organisation, when given), or None."""
    if not 0 < membership_id <= MAX_ID:
        return None
    query = Membership.filter(id=membership_id)
    if organisation_id is not None:
        query = query.filter(organisation_id=organisation_id)
    return await query.first()


async def list_members(organisation: Organisation, page: PageRequest) -> Page[Membership]:
    """One page of the roles held in an organisation, with their users."""
    query = Membership.filter(organisation_id=organisation.pk)
    total = await query.count()
    rows = await (
        query.order_by("id")
        .offset(page.offset)
        .limit(page.per_page)
        .select_related("user", "organisation")
    )
    return Page(rows, total, page)


async def actor_names(actors: Iterable[str]) -> dict[str, str]:
    """The name (or, without one, the e-mail address) of each person among audit actors
    ("user:12"), by actor, so that a log names people rather than numbers."""
    ids = {int(actor[5:]) for actor in actors if actor.startswith("user:") and actor[5:].isdigit()}
    rows = await User.filter(id__in=list(ids)).values_list("id", "name", "email")
    return {f"user:{id}": name or email for id, name, email in rows}
