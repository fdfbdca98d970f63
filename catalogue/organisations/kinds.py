# SPDX-License-Identifier: EUPL-1.2
"""The kinds the catalogue sorts organisations, code hosts and rows into. Pure: no ORM."""

from __future__ import annotations

from enum import StrEnum


class OrganisationKind(StrEnum):
    """The kind of government body, as the Dutch register of organisations (ROO) sorts them."""

    MINISTERIE = "ministerie"  # a ministry of the central government
    UITVOERINGSORGANISATIE = "uitvoeringsorganisatie"  # an executive agency of a ministry
    GEMEENTE = "gemeente"  # a municipality
    PROVINCIE = "provincie"  # a province
    WATERSCHAP = "waterschap"  # a regional water authority
    ZBO = "zbo"  # zelfstandig bestuursorgaan: an independent administrative body
    OTHER = "other"  # associations, foundations and cooperatives of governments, ...


class ForgeKind(StrEnum):
    """The software that runs a code host."""

    GITHUB = "github"
    GITLAB = "gitlab"
    FORGEJO = "forgejo"  # code.overheid.nl, Codeberg
    GITEA = "gitea"  # the same API as Forgejo
    BITBUCKET = "bitbucket"  # Bitbucket Cloud (bitbucket.org)
    BITBUCKET_SERVER = "bbserver"  # Bitbucket Data Center, formerly Server, self-hosted
    GIT = "git"  # any other host reachable with plain git


class HarvestState(StrEnum):
    """How the last harvest of a code-host account went (dry runs leave it as it was)."""

    NEVER = "never"  # not harvested yet
    HARVESTED = "harvested"  # every repository was read
    PARTLY = "partly"  # listed, but some repositories could not be read
    GONE = "gone"  # the forge answered that the account does not exist (404)
    REFUSED = "refused"  # the forge refused the catalogue's token (401)
    RATE_LIMITED = "rate_limited"  # the forge kept limiting past the longest wait allowed
    UNAVAILABLE = "unavailable"  # the forge did not answer, or answered 5xx, after retries
    MALFORMED = "malformed"  # the forge answered something that is not its API
    NOT_ALLOWED = "not_allowed"  # an address the harvest may not ask (local path, private host)
    FAILED = "failed"  # something unexpected: see the message


class WebsiteCheck(StrEnum):
    """How the last check of an organisation's website for its list of code-host accounts
    (`/.well-known/opentenzij.json`) went. Only LISTED and GONE change what is verified."""

    LISTED = "listed"  # the file names the organisation: the accounts it lists are verified
    GONE = "gone"  # no such file (404 or 410): the accounts it listed fall back
    WRONG_ORGANISATION = "wrong_organisation"  # the file names another organisation
    MALFORMED = "malformed"  # not JSON, or not an organisation with a list of accounts
    TOO_LARGE = "too_large"  # over the size limit
    HTTP_ERROR = "http_error"  # another status than 200 (a redirect included)
    UNREACHABLE = "unreachable"  # no such host, no connection, no valid certificate, no answer
    NOT_ALLOWED = "not_allowed"  # a host that resolves to a private address, or no web address


class RecordSource(StrEnum):
    """Where a catalogue row came from."""

    DEMO = "demo"  # the bundled demo data; not a statement of any government body
    SEED = "seed"  # the bundled list of government publishers
    REGISTRATION = "registration"  # entered by a person through a form or the API
    HARVEST = "harvest"  # pulled from a code host by a harvester
    FEDERATION = "federation"  # imported from another catalogue
