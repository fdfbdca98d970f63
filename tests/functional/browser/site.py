# SPDX-License-Identifier: EUPL-1.2
"""The site the browser tests visit: the demo catalogue, a few people of one real demo
organisation, and entries full of script payloads written the way a harvest writes them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import yaml

from catalogue import db
from catalogue.accounts import services as accounts
from catalogue.accounts import sessions
from catalogue.accounts.models import User
from catalogue.collections import services as collections
from catalogue.collections.models import Collection
from catalogue.components.models import Dependency
from catalogue.demo.loading import load_demo
from catalogue.harvests import services as harvest_services
from catalogue.organisations import services
from catalogue.organisations.kinds import ForgeKind, OrganisationKind
from catalogue.organisations.models import CodeHostAccount, Organisation
from catalogue.organisations.publishers import PublisherRecord
from catalogue.permissions.rules import Role
from catalogue.software import harvesting
from catalogue.software import services as software_services
from catalogue.software.models import Software
from catalogue.webhooks import outbox
from catalogue.webhooks.models import Webhook
from catalogue.webhooks.services import register_webhook
from harvesters.types import HarvestedRepository
from wooexemptions.examples import load_examples
from wooexemptions.models import Decision
from wooexemptions.states import DecisionState

ACTOR = "test:browser"
PASSWORD = "correct horse battery staple"
DEVELOPER = "ontwikkelaar@vws.example"
OFFICERS = ("woo-een@vws.example", "woo-twee@vws.example")
SITE_ADMIN = "beheer@opentenzij.example"
NAMES = {
    DEVELOPER: "Olga Ontwikkelaar",
    OFFICERS[0]: "Wim de Woo",
    OFFICERS[1]: "Tineke Tweede",
    SITE_ADMIN: "Bram Beheer",
}
ACCOUNT = "minvws"  # the GitHub account of the ministry of VWS in the demo data

# Each sets window.__xss (and opens a dialog) if the browser ever runs it.
SCRIPT = "<script>window.__xss=1;alert('xss')</script>"
IMAGE = '"><img src=x onerror="window.__xss=1;alert(1)">'
JAVASCRIPT_URL = "javascript:window.__xss=1;alert(1)"
XSS_NAME = f"Proef {SCRIPT}"
XSS_ORGANISATION = f"Proefgemeente {SCRIPT}"
XSS_WORD = "schadelijk"  # in every payload entry's description, to find them by search


@dataclass(frozen=True, slots=True)
class Site:
    """What the tests need to know of the seeded site."""

    base_url: str
    organisation: str  # slug of the organisation the people work for
    software_id: int  # a demo entry of that organisation with a publiccode.yml, to show and edit
    decision_software_id: int  # another, which the decision test decides on
    decision_id: int  # an example decision in the register
    component: str  # key of a component that demo software uses
    collection: str  # slug of an example collection
    webhook_id: int  # a webhook with a delivery in its log
    xss_software_id: int
    xss_organisation: str  # slug of an organisation whose name is a payload
    xss_component: str


def publiccode_with_payloads() -> str:
    """A publiccode.yml whose texts, lists and addresses are script payloads."""
    return yaml.safe_dump(
        {
            "publiccodeYmlVersion": "0.4",
            "name": XSS_NAME,
            "url": "https://github.com/minvws/xss-proef",
            "landingURL": JAVASCRIPT_URL,
            "platforms": ["web", IMAGE],
            "softwareType": "standalone/web",
            "developmentStatus": "beta",
            "description": {
                "nl": {
                    "shortDescription": f"Een {XSS_WORD} bestand {IMAGE}",
                    "longDescription": f"Een {XSS_WORD} publiccode.yml: {SCRIPT} {IMAGE} " * 3,
                    "features": [SCRIPT, IMAGE],
                }
            },
            "legal": {"license": "EUPL-1.2"},
            "maintenance": {"type": "internal", "contacts": [{"name": SCRIPT}]},
            "localisation": {"localisationReady": True, "availableLanguages": ["nl"]},
            "dependsOn": {"open": [{"name": f"onderdeel {IMAGE}", "versionMin": "1.0"}]},
        },
        allow_unicode=True,
    )


async def seed(database_url: str) -> dict[str, object]:
    """Fill a migrated database; returns the fields of Site but base_url."""
    outbox.subscribe_to_audit()  # this process is a composition root of its own
    async with db.connected(database_url):
        await load_demo()
        await load_examples()
        await collections.load_examples()
        account = await CodeHostAccount.get(name_key=ACCOUNT).prefetch_related("organisation")
        await _people(account)
        xss = await _harvest_payloads(account)
        # The newest entry of the site whatever other tests register in it, so that the home
        # page's "Recently added" always shows the payloads (test_safety).
        await Software.filter(id=xss.pk).update(created_at=datetime(2099, 1, 1, tzinfo=UTC))
        xss_organisation = await _organisation_with_payloads()
        entries = await Software.filter(organisation=account.organisation).order_by("id")
        described = next(entry for entry in entries if entry.publiccode_yml)
        other = next(entry for entry in entries if entry is not described)
        component = await Dependency.exclude(software=xss).order_by("id").first()
        decision = await Decision.filter(state=DecisionState.PUBLISHED).order_by("id").first()
        collection = await Collection.all().order_by("id").first()
        webhook = await _webhook()
        assert component is not None and decision is not None, "the demo data changed"
        assert collection is not None, "the example collections changed"
        return {
            "organisation": account.organisation.slug,
            "software_id": described.pk,
            "decision_software_id": other.pk,
            "decision_id": decision.pk,
            "component": component.key,
            "collection": collection.slug,
            "webhook_id": webhook.pk,
            "xss_software_id": xss.pk,
            "xss_organisation": xss_organisation,
            "xss_component": (await Dependency.get(software=xss)).key,
        }


async def _webhook() -> Webhook:
    """A webhook that has been told of one change (its delivery waits: nothing listens)."""
    admin = await sessions.principal_for(await User.get(email=SITE_ADMIN))
    webhook, _ = await register_webhook(
        principal=admin,
        values={"url": "https://ontvanger.example.org/opentenzij", "description": "Voorbeeld"},
        allow_private=True,
    )
    record = PublisherRecord(
        key="voorbeeldhaak",
        name="Gemeente Voorbeeldhaak",
        kind=OrganisationKind.GEMEENTE,
        tooi_uri=None,
        publisher_id="voorbeeldhaak",
        roo_id=None,
        oin=None,
        website=None,
    )
    await services.import_organisations(records=[record], actor=ACTOR)
    assert await webhook.deliveries.all().count() == 1
    return webhook


async def _people(account: CodeHostAccount) -> None:
    organisation = account.organisation
    roles = {DEVELOPER: Role.DEVELOPER, **dict.fromkeys(OFFICERS, Role.PUBLICATION_OFFICER)}
    for email, role in roles.items():
        user = await accounts.create_user(
            email=email, password=PASSWORD, actor=ACTOR, name=NAMES[email]
        )
        await accounts.grant(user=user, organisation=organisation, role=role, actor=ACTOR)
    await accounts.create_user(
        email=SITE_ADMIN, password=PASSWORD, actor=ACTOR, name=NAMES[SITE_ADMIN], is_site_admin=True
    )


async def _harvest_payloads(account: CodeHostAccount) -> Software:
    """A repository with payloads everywhere, stored by the harvest writer itself."""
    run = await harvest_services.start_run(source=f"github:{ACCOUNT}", dry_run=False)
    repository = HarvestedRepository(
        forge_key="github.com:990001",
        url="https://github.com/minvws/xss-proef",
        full_name=f"minvws/xss-proef {IMAGE}",
        name=f"xss-proef {SCRIPT}",
        description=f"Een {XSS_WORD} repository {IMAGE} {SCRIPT}",
        homepage=JAVASCRIPT_URL,
        topics=("xss", SCRIPT, IMAGE),
        languages=("Python", SCRIPT),
        licence_forge="EUPL-1.2",
        publiccode_yml=publiccode_with_payloads(),
    )
    await harvesting.upsert(run=run, account=account, forge=ForgeKind.GITHUB, data=repository)
    await harvest_services.finish_run(run)
    return await Software.get(repositories__forge_key=repository.forge_key)


async def _organisation_with_payloads() -> str:
    """An organisation named with a payload, as a publishers list could name it, with an
    entry registered by hand with payloads in its name and description."""
    record = PublisherRecord(
        key="xss-proef",
        name=XSS_ORGANISATION,
        kind=OrganisationKind.GEMEENTE,
        tooi_uri=None,
        publisher_id="xss-proef",
        roo_id=None,
        oin=None,
        website=JAVASCRIPT_URL,
    )
    await services.import_organisations(records=[record], actor=ACTOR)
    organisation = await Organisation.get(publisher_id=record.publisher_id)
    await software_services.create_software(
        organisation=organisation,
        name=f"Handwerk {IMAGE}",
        description_nl=f"Met de hand ingevoerd, {XSS_WORD}: {SCRIPT}",
        actor=ACTOR,
    )
    return organisation.slug
