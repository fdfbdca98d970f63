# SPDX-License-Identifier: EUPL-1.2
"""module_db (tests/conftest.py): what a module-scoped fixture writes is written once, and every
test of the module starts from it, its own writes rolled back to it; nothing is committed."""

from __future__ import annotations

import pytest

from catalogue.organisations.models import Organisation
from tests.factories import make_organisation
from tests.test_fixtures import committed_organisations


@pytest.fixture(scope="module")
async def shared(module_db: str) -> Organisation:
    return await make_organisation("Gemeente Gedeeld")


@pytest.mark.parametrize("turn", [1, 2])
async def test_each_test_starts_from_what_the_module_wrote(
    db: str, shared: Organisation, turn: int
) -> None:
    assert await Organisation.all().values_list("name", flat=True) == ["Gemeente Gedeeld"]
    made = await make_organisation()
    assert made.pk == shared.pk + 1  # the ids, too, go on from the module's
    assert await committed_organisations(db) == 0
