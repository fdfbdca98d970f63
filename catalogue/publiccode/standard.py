# SPDX-License-Identifier: EUPL-1.2
"""What the publiccode.yml standard names: its versions, and the lists of values some of its keys
allow (the keys themselves are in `table`)."""

from __future__ import annotations

Version = tuple[int, int]
V0_2, V0_3, V0_4, V0_5 = (0, 2), (0, 3), (0, 4), (0, 5)
LATEST: Version = V0_5
# The versions the reference parser accepts (Developers Italia's publiccode-parser-go), as
# written: "0" is the latest 0.x (the standard's own examples use it). Every one is read as the
# latest, as the reference reads them; an older one is worth a warning.
SUPPORTED_VERSIONS = tuple("0 0.2 0.2.0 0.2.1 0.2.2 0.3 0.3.0 0.4 0.4.0 0.5 0.5.0".split())
DECLARED: dict[str, Version] = {  # a version as written -> the version it names
    text: LATEST if text == "0" else (0, int(text.split(".")[1])) for text in SUPPORTED_VERSIONS
}

DEVELOPMENT_STATUSES = ("concept", "development", "beta", "stable", "obsolete")
SOFTWARE_TYPES = (
    *("standalone/mobile", "standalone/iot", "standalone/desktop", "standalone/web"),
    *("standalone/backend", "standalone/other", "addon", "library", "configurationFiles"),
)
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")
DEPENDENCY_KINDS = ("open", "proprietary", "hardware")
CATEGORIES = frozenset(
    """accounting agile-project-management applicant-tracking application-development
    appointment-scheduling backup billing-and-invoicing blog budgeting business-intelligence
    business-process-management cad call-center-management cloud-management collaboration
    communications compliance-management contact-management content-management crm
    customer-service-and-support data-analytics data-collection data-visualization design
    design-system digital-asset-management digital-citizenship document-management
    donor-management e-commerce e-signature educational-content email-management
    email-marketing employee-management enterprise-project-management
    enterprise-social-networking erp event-management facility-management
    feedback-and-reviews-management financial-reporting fleet-management fundraising
    gamification geographic-information-systems grant-management graphic-design help-desk hr
    ide identity-management instant-messaging integrated-library-system inventory-management
    it-asset-management it-development it-management it-security it-service-management
    knowledge-management learning-management-system marketing mind-mapping mobile-marketing
    mobile-payment network-management office online-booking online-community payment-gateway
    payroll predictive-analysis procurement productivity-suite project-collaboration
    project-management property-management real-estate-management regulations-and-directives
    remote-support resource-management sales-management seo service-desk
    social-media-management survey talent-management task-management taxes-management
    test-management time-management time-tracking translation video-conferencing video-editing
    visitor-management voip warehouse-management web-collaboration web-conferencing
    website-builder whistleblowing workflow-management other""".split()
)
SCOPES = frozenset(
    """agriculture culture defence education emergency-services employment energy environment
    finance-and-economic-development foreign-affairs government healthcare infrastructures
    justice local-authorities manufacturing research science-and-technology security society
    sport tourism transportation welfare""".split()
)
IT_EXTENSION_VERSIONS = ("0.2", "1.0")  # countryExtensionVersion of the Italian section
ALIASES = ("gdpr", "eidas", "nis2", "cra", "spid", "cie", "anpr", "pagopa", "io")
COUNTRIES = frozenset(  # ISO 3166-1 alpha-2
    """AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
    BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK
    DM DO DZ EC EE EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR
    GS GT GU GW GY HK HM HN HR HT HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM
    KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP
    MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL
    PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST
    SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG
    VI VN VU WF WS YE YT ZA ZM ZW""".split()
)


def show_version(version: Version) -> str:
    """A version as the standard writes it: 0.5."""
    return f"{version[0]}.{version[1]}"
