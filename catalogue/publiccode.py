# SPDX-License-Identifier: EUPL-1.2
"""publiccode.yml: read one file and check it against the core standard. Pure: no ORM, no web.

`validate(source)` never raises: everything wrong with a file, from bytes that are not UTF-8 to
a misspelt key, comes back as a `Problem` with its key path, line and column. Each
publiccodeYmlVersion from 0.2 to the current 0.7 is checked by the rules of that version (what
was required, what deprecated, which keys it has); country-specific sections (`IT:`, `nl:`) are
tolerated unread. `software_fields(data)` takes what the catalogue needs from a parsed file.

The YAML is read by PyYAML's pure-Python scanner and parser under a composer of our own that
counts while it composes: a document nested too deep, or one whose aliases would expand past a
node budget (the "billion laughs"), is refused before it costs time or memory; nothing is ever
expanded. Scalars are resolved by the YAML 1.2 core schema the standard names, so `no` (Norway,
Norwegian) and `2017-04-15` stay text.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Protocol
from urllib.parse import urlsplit

import yaml
from yaml.composer import Composer
from yaml.error import MarkedYAMLError
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.parser import Parser
from yaml.reader import Reader, ReaderError
from yaml.resolver import BaseResolver
from yaml.scanner import Scanner

from catalogue.licences import LicenceError, normalise


class Severity(StrEnum):
    """How bad a problem is: an error makes the file invalid, a warning does not."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a publiccode.yml: where it is and what is expected instead."""

    severity: Severity
    key: str  # dotted key path, list items as [i]; "" for the whole document
    message: str
    line: int | None  # 1-based
    column: int | None  # 1-based

    def as_dict(self) -> dict[str, Any]:
        """The problem as JSON-ready data."""
        return {
            "severity": self.severity.value,
            "key": self.key,
            "message": self.message,
            "line": self.line,
            "column": self.column,
        }


@dataclass(frozen=True, slots=True)
class Result:
    """What validating one file found: its version, its data when readable, its problems."""

    version: str | None
    data: dict[str, Any] | None
    problems: tuple[Problem, ...]

    @property
    def valid(self) -> bool:
        """No errors (warnings allowed)."""
        return not self.errors

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that make the file invalid."""
        return tuple(p for p in self.problems if p.severity is Severity.ERROR)

    @property
    def warnings(self) -> tuple[Problem, ...]:
        """The problems worth fixing that leave the file valid."""
        return tuple(p for p in self.problems if p.severity is Severity.WARNING)


@dataclass(frozen=True, slots=True)
class Dependency:
    """One entry of dependsOn: a system-level dependency of the software."""

    name: str
    kind: str  # "open" | "proprietary" | "hardware"
    version: str | None  # the version, or a range from versionMin/versionMax: ">=1.1,<=1.3"
    optional: bool


@dataclass(frozen=True, slots=True)
class SoftwareFields:
    """What a catalogue entry takes from a (possibly invalid) publiccode.yml."""

    name: str | None
    descriptions: dict[str, dict[str, str]]  # "nl" -> {"short": ..., "long": ...}
    development_status: str | None
    maintenance_type: str | None
    software_type: str | None
    categories: tuple[str, ...]
    platforms: tuple[str, ...]
    licence: str | None  # legal.license as written
    url: str | None
    landing_url: str | None
    dependencies: tuple[Dependency, ...]


# Limits. Real files are a few kilobytes and a few hundred values, nested five deep.
MAX_BYTES = 1024 * 1024
MAX_DEPTH = 20
MAX_NODES = 20_000  # values in the document, each alias counted at the size of its target

Version = tuple[int, int]
V0_3, V0_4, V0_5, V0_7 = (0, 3), (0, 4), (0, 5), (0, 7)
CURRENT: Version = V0_7
# "0" is the current 0.x (the standard's own examples use it); 0.6 changed nothing in it.
SUPPORTED_VERSIONS = (
    *("0", "0.2", "0.2.0", "0.2.1", "0.2.2", "0.3", "0.3.0", "0.4", "0.4.0"),
    *("0.5", "0.5.0", "0.6", "0.6.0", "0.7", "0.7.0"),
)
_RULES = {
    text: CURRENT if text == "0" else (0, int(text.split(".")[1])) for text in SUPPORTED_VERSIONS
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


def _whole(message: str, line: int | None = None, column: int | None = None) -> Problem:
    """An error about the whole document."""
    return Problem(Severity.ERROR, "", message, line, column)


# Reading: bytes to text to a node tree, refusing what would cost too much.

_STR, _INT, _FLOAT, _BOOL, _NULL, _SEQ, _MAP = (
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
_PLAIN_TAGS = frozenset((_STR, _INT, _FLOAT, _BOOL, _NULL, _SEQ, _MAP))
_CORE_SCHEMA = (  # tag, pattern, the first characters it can start with
    (_BOOL, r"true|True|TRUE|false|False|FALSE", "tTfF"),
    (_INT, r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        _FLOAT,
        r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
        "-+.0123456789",
    ),
    (_NULL, r"~|null|Null|NULL|", "~nN"),
)


class _CoreSchema(BaseResolver):
    """The YAML 1.2 core schema: only true/false are booleans, and there are no dates."""

    @classmethod
    def build(cls) -> None:
        for tag, pattern, first in _CORE_SCHEMA:
            starts = [*first, ""] if tag == _NULL else list(first)  # "" resolves the empty value
            cls.add_implicit_resolver(tag, re.compile(rf"(?:{pattern})\Z"), starts)


_CoreSchema.build()


class _Mark(Protocol):
    """A place in the text, 0-based, as PyYAML's pure-Python and C marks both give it."""

    line: int
    column: int


def _place(mark: _Mark | None) -> tuple[int | None, int | None]:
    """A mark as a 1-based line and column."""
    return (mark.line + 1, mark.column + 1) if mark is not None else (None, None)


class _Refused(Exception):
    """Composing stopped: the document nests too deep or its aliases expand too far."""

    def __init__(self, message: str, mark: _Mark | None) -> None:
        super().__init__(message)
        self.problem = _whole(message, *_place(mark))


class _Loader(Reader, Scanner, Parser, Composer, _CoreSchema):
    """PyYAML's pure-Python reader, scanner and parser, and a composer that counts: the depth it
    is at, and the values composed so far with each alias counted at the size of its target.
    The parser hands over one event at a time, so a refusal comes before the rest is read."""

    def __init__(self, text: str) -> None:
        Reader.__init__(self, text)
        Scanner.__init__(self)
        Parser.__init__(self)
        Composer.__init__(self)
        _CoreSchema.__init__(self)
        self.depth = 0
        self.nodes = 0
        self.sizes: dict[int, int] = {}  # id of an anchored node -> its size, aliases expanded

    def fetch_flow_collection_start(self, TokenClass: type) -> None:
        # The scanner looks up to 1,024 characters ahead for a key, so "[[[[..." would cost
        # that many levels of work before the composer saw the depth; stop it at the source.
        if self.flow_level >= MAX_DEPTH:
            message = f"the document is nested more than {MAX_DEPTH} levels deep"
            raise _Refused(message, self.get_mark())
        super().fetch_flow_collection_start(TokenClass)

    def compose_node(self, parent: Node | None, index: int) -> Node | None:
        event = self.peek_event()  # type: ignore[no-untyped-call]  # untyped in types-PyYAML
        if isinstance(event, AliasEvent):
            self._count_alias(event)
            return super().compose_node(parent, index)
        if self.depth == MAX_DEPTH:
            message = f"the document is nested more than {MAX_DEPTH} levels deep"
            raise _Refused(message, event.start_mark)
        self.depth += 1
        before = self.nodes
        self._count(1, event.start_mark)
        node = super().compose_node(parent, index)
        self.depth -= 1
        if event.anchor is not None:
            self.sizes[id(node)] = self.nodes - before
        return node

    def _count_alias(self, event: AliasEvent) -> None:
        target = self.anchors.get(event.anchor)
        if target is None:
            return  # an undefined alias: the composer says so
        size = self.sizes.get(id(target))
        if size is None:  # still being composed: the alias is inside what it refers to
            message = f"the alias *{event.anchor} refers to a value that contains it"
            raise _Refused(message, event.start_mark)
        self._count(size, event.start_mark)

    def _count(self, size: int, mark: _Mark | None) -> None:
        self.nodes += size
        if self.nodes > MAX_NODES:
            message = (
                f"the document has more than {MAX_NODES:,} values, counting each alias as a copy "
                "of what it refers to; a publiccode.yml needs far fewer"
            )
            raise _Refused(message, mark)


def _decode(source: object) -> str | Problem:
    """The text of a file, or the problem that stops it being read: size, encoding, type."""
    too_large = f"the file is larger than {MAX_BYTES:,} bytes, the most that is read"
    if isinstance(source, str):
        # the length in characters first, so a huge string is never encoded
        if len(source) > MAX_BYTES or len(source.encode("utf-8", "surrogatepass")) > MAX_BYTES:
            return _whole(too_large)
        return source.removeprefix("\ufeff")
    if not isinstance(source, bytes | bytearray):
        return _whole(f"expected the text or bytes of a file; got {type(source).__name__}")
    if len(source) > MAX_BYTES:
        return _whole(too_large)
    if source.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _whole("the file is UTF-16; a publiccode.yml must be UTF-8", 1, 1)
    start = 3 if source.startswith(b"\xef\xbb\xbf") else 0
    try:
        return bytes(source[start:]).decode("utf-8")
    except UnicodeDecodeError as error:
        return _not_utf8(bytes(source), start + error.start)


def _not_utf8(raw: bytes, offset: int) -> Problem:
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    return _whole(
        f"the file is not UTF-8: byte 0x{raw[offset]:02x} at offset {offset} is not part of a "
        "UTF-8 character; a publiccode.yml must be UTF-8 encoded",
        raw.count(b"\n", 0, offset) + 1,
        column,
    )


def _compose(text: str) -> Node | None:
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _yaml_problem(error: yaml.YAMLError, text: str) -> Problem:
    """The YAML error as a problem that says in plain words what is wrong, and where."""
    if isinstance(error, ReaderError) and isinstance(error.character, int):
        position = error.position
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind("\n", 0, position)
        return _whole(f"character U+{error.character:04X} is not allowed in YAML", line, column)
    if not isinstance(error, MarkedYAMLError) or error.problem_mark is None:
        return _whole(f"the YAML cannot be read: {error}")
    mark, context = error.problem_mark, error.context or ""
    if "'\\t'" in (error.problem or ""):
        message = "a tab where YAML expects spaces: indent with spaces, never with tabs"
    elif context == "expected a single document in the stream":
        message = "a second YAML document begins here; a publiccode.yml is one document"
    elif context.startswith("found duplicate anchor") and error.context_mark:
        anchor = context.removeprefix("found ").removesuffix("; first occurrence")
        first = error.context_mark.line + 1
        message = f"{anchor} (first at line {first}); an anchor may be defined only once"
    else:
        message = f"YAML syntax error: {error.problem}"
        if context and error.context_mark:
            where = f"line {error.context_mark.line + 1}, column {error.context_mark.column + 1}"
            message += f" ({context} at {where})"
    return _whole(message, *_place(mark))


# The data: nodes to Python values, built once per node so an alias shares its target.

_MISSING = object()


def _construct(node: Node, path: str, walk: _Walk, memo: dict[int, Any]) -> Any:
    known = memo.get(id(node), _MISSING)
    if known is not _MISSING:
        return known
    if node.tag not in _PLAIN_TAGS:
        walk.warn(path, f"the YAML tag {node.tag} means nothing here and is ignored", node)
    if isinstance(node, ScalarNode):
        memo[id(node)] = value = _scalar(node)
        return value
    if isinstance(node, SequenceNode):
        memo[id(node)] = items = []
        for index, item in enumerate(node.value):
            items.append(_construct(item, f"{path}[{index}]", walk, memo))
        return items
    memo[id(node)] = mapping = {}
    seen: dict[str, Node] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode):
            walk.error(path, "a key must be plain text, not a list or a mapping", key_node)
            continue
        key = key_node.value
        if key in seen:
            first = seen[key].start_mark.line + 1
            message = f"duplicate key {key!r} (first at line {first}); a key may appear only once"
            walk.error(_join(path, key), message, key_node)
        seen[key] = key_node
        mapping[key] = _construct(value_node, _join(path, key), walk, memo)
    return mapping


def _scalar(node: ScalarNode) -> Any:
    text = node.value
    try:
        if node.tag == _NULL:
            return None
        if node.tag == _BOOL:
            return text.lower() == "true"
        if node.tag == _INT:
            lowered = text.lower()
            if lowered.startswith(("0o", "0x")):
                return int(lowered[2:], 8 if lowered[1] == "o" else 16)
            return int(text, 10)
        if node.tag == _FLOAT:
            lowered = text.lower()
            if lowered.endswith(".inf"):
                return -math.inf if lowered.startswith("-") else math.inf
            return math.nan if lowered == ".nan" else float(text)
    except ValueError:  # an explicit tag on a value that is not one, or too many digits
        pass
    return text


# Checks of one text value: each says what is wrong and what is expected, or None.

Check = Callable[[str, Version], "str | None"]


def _show(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "...")


def _show_version(version: Version) -> str:
    return f"{version[0]}.{version[1]}"


def _suggestion(text: str, candidates: Collection[str]) -> str:
    if len(text) > 100:  # no key or listed value is this long; spare difflib the work
        return ""
    match = difflib.get_close_matches(text, candidates, n=1, cutoff=0.75)
    return f"; did you mean {match[0]!r}?" if match else ""


def _one_of(values: tuple[str, ...]) -> Check:
    listing = ", ".join(values)

    def check(text: str, version: Version) -> str | None:
        return None if text in values else f"expected one of: {listing}; got {_show(text)}"

    return check


def _listed(values: frozenset[str], name: str) -> Check:
    def check(text: str, version: Version) -> str | None:
        if text in values:
            return None
        return f"{_show(text)} is not in the standard's {name}{_suggestion(text, values)}"

    return check


def _length(text: str, minimum: int, maximum: int) -> str | None:
    size = len(text.strip())
    if size > maximum:
        return f"the text is {size:,} characters long; at most {maximum:,} are allowed"
    if size < minimum:
        return f"the text is {size:,} characters long; at least {minimum:,} are needed"
    return None


def _at_most(maximum: int) -> Check:
    return lambda text, version: _length(text, 0, maximum)


def _long_description(text: str, version: Version) -> str | None:
    return _length(text, 500 if version < V0_3 else 150, 10_000)


def _feature(text: str, version: Version) -> str | None:
    return _length(text, 0, 100) if version < V0_3 else None


_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date(text: str, version: Version) -> str | None:
    try:
        if _DATE.fullmatch(text) and date.fromisoformat(text):
            return None
    except ValueError:
        return f"{_show(text)} is not a date of the calendar; expected YYYY-MM-DD"
    return f"expected a date as YYYY-MM-DD; got {_show(text)}"


def _url_of(schemes: frozenset[str], expected: str) -> Check:
    def check(text: str, version: Version) -> str | None:
        try:
            parts = urlsplit(text)
        except ValueError:  # a malformed host, such as an unclosed [IPv6 bracket
            return f"expected {expected}; got {_show(text)}"
        if parts.scheme.lower() in schemes and parts.netloc and not _SPACE.search(text):
            return None
        return f"expected {expected}; got {_show(text)}"

    return check


_SPACE = re.compile(r"\s")
_url = _url_of(frozenset({"http", "https"}), "an http or https URL")
# The repository may be offered over other protocols than HTTP (the standard names git, svn).
_repository = _url_of(
    frozenset({"http", "https", "git", "ssh", "git+ssh", "svn", "svn+ssh"}),
    "the URL of a source code repository (https://, git://, ssh:// or svn://)",
)
_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")
_URI = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:\S+")
_MIME = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+\-]*/[a-z0-9][a-z0-9!#$&^_.+\-]*", re.IGNORECASE)
_LANGUAGE = re.compile(  # BCP 47: language, extlang, script, region, variants, extensions
    r"[a-z]{2,3}(-[a-z]{3}){0,3}(-[a-z]{4})?(-([a-z]{2}|[0-9]{3}))?"
    r"(-([a-z0-9]{5,8}|[0-9][a-z0-9]{3}))*(-[0-9a-wyz](-[a-z0-9]{2,8})+)*(-x(-[a-z0-9]{1,8})+)?",
    re.IGNORECASE,
)


def _email(text: str, version: Version) -> str | None:
    if _EMAIL.fullmatch(text):
        return None
    return f"expected an email address such as name@example.org; got {_show(text)}"


def _uri(text: str, version: Version) -> str | None:
    if _URI.fullmatch(text):
        return None
    return f"expected a URI such as https://example.org/... or urn:...; got {_show(text)}"


def _support(text: str, version: Version) -> str | None:
    if not text.startswith("alias:"):
        return _uri(text, version)
    if text[6:] in ALIASES:
        return None
    return f"unknown alias {_show(text)}; the known aliases are: {', '.join(ALIASES)}"


def _mime(text: str, version: Version) -> str | None:
    if _MIME.fullmatch(text):
        return None
    return f"expected a media type such as text/csv; got {_show(text)}"


def _language(text: str, version: Version) -> str | None:
    if len(text) <= 64 and _LANGUAGE.fullmatch(text):
        return None
    return f"{_show(text)} is not a BCP 47 language tag such as 'nl', 'en' or 'sl-IT-nedis'"


def _country(text: str, version: Version) -> str | None:
    if text.isascii() and text.upper() in COUNTRIES:
        return None
    return f"{_show(text)} is not an ISO 3166-1 alpha-2 country code such as 'NL'"


def _lowercase_country(text: str, version: Version) -> str | None:
    if version < V0_5 or text == text.upper() or _country(text, version):
        return None  # an unknown code is an error already
    deprecated = "lowercase country codes are deprecated since publiccodeYmlVersion 0.5"
    return f"{deprecated}; write {text.upper()!r}"


def _licence(text: str, version: Version) -> str | None:
    if len(text) > 500:  # no expression is this long; and the message would quote it all
        return f"the text is {len(text):,} characters long; not an SPDX licence expression"
    try:
        normalise(text)
    except LicenceError as error:
        return f"{error}; expected an SPDX expression such as 'EUPL-1.2 OR AGPL-3.0-or-later'"
    return None


def _file(*extensions: str) -> Check:
    kinds = ", ".join(extension.lstrip(".").upper() for extension in extensions)

    def check(text: str, version: Version) -> str | None:
        try:
            parts = urlsplit(text)
        except ValueError:
            parts = None
        if parts is None or (parts.scheme and _url(text, version) is not None):
            return f"expected a path in the repository or an http(s) URL; got {_show(text)}"
        if extensions and not parts.path.lower().endswith(extensions):
            return f"expected a file of type {kinds}; got {_show(text)}"
        return None

    return check


# The schema: what each key holds, when it is required, since when deprecated.


@dataclass(frozen=True, slots=True)
class Text:
    """A string; `check` finds errors in its value, `advice` finds what merits a warning."""

    check: Check | None = None
    advice: Check | None = None


@dataclass(frozen=True, slots=True)
class Flag:
    """true or false."""


@dataclass(frozen=True, slots=True)
class Items:
    """A list of `item`; with `single`, one bare item is accepted too."""

    item: Spec
    single: bool = False


Rule = Callable[[dict[str, tuple[Node, Node]], str, "_Walk", "Node | None"], None]


@dataclass(frozen=True, slots=True)
class Fields:
    """A mapping of known keys; `others` may accept keys the table lacks."""

    keys: Mapping[str, Key]
    rules: tuple[Rule, ...] = ()
    others: Callable[[str, Node, str, _Walk], bool] | None = None


@dataclass(frozen=True, slots=True)
class Languages:
    """A mapping of BCP 47 language tags to `value`; `somewhere` keys must be in one of them."""

    value: Fields
    somewhere: tuple[str, ...] = ()


Spec = Text | Flag | Items | Fields | Languages


@dataclass(frozen=True, slots=True)
class Key:
    """One key of a mapping: its spec, and in which versions it is required or deprecated."""

    spec: Spec
    required: bool = False
    required_before: Version | None = None  # required in versions older than this
    deprecated: Version | None = None  # deprecated from this version on
    instead: str | None = None  # what replaces it, for the deprecation warning
    added: Version | None = None  # the first version that has it

    def required_in(self, version: Version) -> bool:
        before = self.required_before
        return self.required or (before is not None and version < before)


def _maintenance(
    present: dict[str, tuple[Node, Node]], path: str, walk: _Walk, at: Node | None
) -> None:
    """Who maintains it: contractors when under contract (and then only), else contacts."""
    type_node = present.get("type", (None, None))[1]
    kind = type_node.value if isinstance(type_node, ScalarNode) else None
    given = {name for name, (_, value) in present.items() if not _is_empty(value)}
    if kind == "contract" and "contractors" not in given:
        message = "maintenance type 'contract' needs 'contractors': who maintains it, until when"
        walk.error(_join(path, "contractors"), message, at)
    if kind in ("internal", "community") and "contacts" not in given:
        message = f"maintenance type {kind!r} needs 'contacts': the people who maintain it"
        walk.error(_join(path, "contacts"), message, at)
    if kind in MAINTENANCE_TYPES and kind != "contract" and "contractors" in given:
        if walk.version >= V0_5:
            message = f"'contractors' is only for maintenance type 'contract'; this is {kind!r}"
            walk.error(_join(path, "contractors"), message, present["contractors"][0])


def _country_section(name: str, key_node: Node, path: str, walk: _Walk) -> bool:
    """Country-specific sections (IT:, nl:) are tolerated and their content left unread."""
    if not (name.isascii() and name.upper() in COUNTRIES):
        return False
    if walk.version >= V0_7:
        message = (
            "country-specific sections are deprecated since publiccodeYmlVersion 0.7; "
            "use 'supports' and 'organisation' instead"
        )
        walk.warn(path, message, key_node)
    return True


_CATEGORY = _listed(CATEGORIES, "list of categories")
_LOGO = Text(_file(".svg", ".svgz", ".png"))
_NAMED = Key(Text(), required=True)
_CONTACT = Fields(
    {"name": _NAMED, "email": Key(Text(_email)), "phone": Key(Text()), "affiliation": Key(Text())}
)
_CONTRACTOR = Fields(
    {
        "name": _NAMED,
        "until": Key(Text(_date), required=True),
        "email": Key(Text(_email)),
        "website": Key(Text(_url)),
    }
)
_DEPENDENCY = Fields(
    {
        "name": _NAMED,
        "versionMin": Key(Text()),
        "versionMax": Key(Text()),
        "version": Key(Text()),
        "optional": Key(Flag()),
    }
)
_COUNTRIES = Key(Items(Text(_country, _lowercase_country)))
_DESCRIPTION = Fields(
    {
        "localisedName": Key(Text()),
        "genericName": Key(Text(_at_most(35)), required_before=V0_3, deprecated=V0_3),
        "shortDescription": Key(Text(_at_most(150)), required=True),
        "longDescription": Key(Text(_long_description)),
        "documentation": Key(Text(_url)),
        "apiDocumentation": Key(Text(_url)),
        "features": Key(Items(Text(_feature))),
        "screenshots": Key(Items(Text(_file(".png", ".jpg", ".jpeg")))),
        "videos": Key(Items(Text(_url))),
        "awards": Key(Items(Text())),
    }
)
SCHEMA = Fields(
    {
        "publiccodeYmlVersion": Key(Text()),  # its presence and value are checked first
        "name": _NAMED,
        "applicationSuite": Key(Text()),
        "url": Key(Text(_repository), required=True),
        "landingURL": Key(Text(_url)),
        "isBasedOn": Key(Items(Text(_repository), single=True)),
        "softwareVersion": Key(Text()),
        "releaseDate": Key(Text(_date), required_before=V0_4),
        "logo": Key(_LOGO),
        "monochromeLogo": Key(_LOGO, deprecated=V0_3, instead="logo"),
        "inputTypes": Key(Items(Text(_mime)), deprecated=V0_3),
        "outputTypes": Key(Items(Text(_mime)), deprecated=V0_3),
        "platforms": Key(Items(Text(), single=True), required=True),
        "categories": Key(Items(Text(_CATEGORY)), required_before=V0_5),
        "usedBy": Key(Items(Text())),
        "fundedBy": Key(Items(Fields({"name": _NAMED, "uri": Key(Text(_uri))})), added=V0_5),
        "roadmap": Key(Text(_url)),
        "developmentStatus": Key(Text(_one_of(DEVELOPMENT_STATUSES)), required=True),
        "softwareType": Key(Text(_one_of(SOFTWARE_TYPES)), required=True),
        "supports": Key(Items(Fields({"id": Key(Text(_support), required=True)})), added=V0_7),
        "organisation": Key(
            Fields({"uri": Key(Text(_uri), required=True), "name": Key(Text())}), added=V0_5
        ),
        "intendedAudience": Key(
            Fields(
                {
                    "countries": _COUNTRIES,
                    "unsupportedCountries": _COUNTRIES,
                    "scope": Key(Items(Text(_listed(SCOPES, "scope list")))),
                }
            )
        ),
        "description": Key(
            Languages(_DESCRIPTION, somewhere=("longDescription", "features")), required=True
        ),
        "legal": Key(
            Fields(
                {
                    "license": Key(Text(_licence), required=True),
                    "mainCopyrightOwner": Key(Text()),
                    "repoOwner": Key(Text(), deprecated=V0_5, instead="organisation.name"),
                    "authorsFile": Key(Text(_file()), deprecated=V0_4),
                }
            ),
            required=True,
        ),
        "maintenance": Key(
            Fields(
                {
                    "type": Key(Text(_one_of(MAINTENANCE_TYPES)), required=True),
                    "contractors": Key(Items(_CONTRACTOR)),
                    "contacts": Key(Items(_CONTACT)),
                },
                rules=(_maintenance,),
            ),
            required=True,
        ),
        "localisation": Key(
            Fields(
                {
                    "localisationReady": Key(Flag(), required=True),
                    "availableLanguages": Key(Items(Text(_language)), required=True),
                }
            ),
            required=True,
        ),
        "dependsOn": Key(Fields({kind: Key(Items(_DEPENDENCY)) for kind in DEPENDENCY_KINDS})),
    },
    others=_country_section,
)


# The walk: every value checked against the schema, with its path and place.


@dataclass(slots=True)
class _Walk:
    """One validation: the version whose rules apply, and the problems found so far."""

    version: Version = CURRENT
    problems: list[Problem] = field(default_factory=list)

    def error(self, key: str, message: str, node: Node | None = None) -> None:
        self._add(Severity.ERROR, key, message, node)

    def warn(self, key: str, message: str, node: Node | None = None) -> None:
        self._add(Severity.WARNING, key, message, node)

    def _add(self, severity: Severity, key: str, message: str, node: Node | None) -> None:
        line, column = _place(node.start_mark if node is not None else None)
        self.problems.append(Problem(severity, key, message, line, column))


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if node.tag == _NULL:
        return "an empty value"
    kind = {_BOOL: "the boolean", _INT: "the number", _FLOAT: "the number"}.get(
        node.tag, "the text"
    )
    return f"{kind} {_show(node.value)}"


def _is_empty(node: Node) -> bool:
    if isinstance(node, ScalarNode):
        return node.tag == _NULL or not node.value.strip()
    return not node.value


def _entries(node: MappingNode) -> dict[str, tuple[Node, Node]]:
    """Text keys to (key node, value node); of duplicates the last, as in the data."""
    return {k.value: (k, v) for k, v in node.value if isinstance(k, ScalarNode)}


def _check(node: Node, spec: Spec, path: str, walk: _Walk, at: Node | None) -> None:
    """Check a value against its spec; `at` is where a key missing inside it is reported: the
    value's own key, or the list item; None at the top, where a missing key has no place."""
    _CHECKERS[type(spec)](node, spec, path, walk, at)


def _check_text(node: Node, spec: Text, path: str, walk: _Walk, at: Node | None) -> None:
    if not isinstance(node, ScalarNode) or node.tag == _NULL:
        walk.error(path, f"expected a string; got {_kind(node)}", node)
        return
    if node.tag in (_INT, _FLOAT, _BOOL):
        kind = "boolean" if node.tag == _BOOL else "number"
        message = f"{node.value} is read as a {kind}, not as text; put it in quotes"
        walk.warn(path, message, node)
    if spec.check is not None and (error := spec.check(node.value, walk.version)):
        walk.error(path, error, node)
    if spec.advice is not None and (advice := spec.advice(node.value, walk.version)):
        walk.warn(path, advice, node)


_YAML11_BOOLEANS = frozenset({"yes", "no", "on", "off", "y", "n"})


def _check_flag(node: Node, spec: Flag, path: str, walk: _Walk, at: Node | None) -> None:
    if isinstance(node, ScalarNode) and node.tag == _BOOL:
        return
    if isinstance(node, ScalarNode) and node.tag == _STR and node.value.lower() in _YAML11_BOOLEANS:
        walk.warn(path, f"{node.value!r} is a boolean only in YAML 1.1; write true or false", node)
        return
    walk.error(path, f"expected true or false; got {_kind(node)}", node)


def _check_items(node: Node, spec: Items, path: str, walk: _Walk, at: Node | None) -> None:
    if isinstance(node, SequenceNode):
        for index, item in enumerate(node.value):
            _check(item, spec.item, f"{path}[{index}]", walk, item)
    elif spec.single and isinstance(node, ScalarNode):
        _check(node, spec.item, path, walk, at)
    else:
        expected = "a list or a single string" if spec.single else "a list"
        walk.error(path, f"expected {expected}; got {_kind(node)}", node)


def _check_fields(node: Node, spec: Fields, path: str, walk: _Walk, at: Node | None) -> None:
    if not isinstance(node, MappingNode):
        walk.error(path, f"expected a mapping of keys; got {_kind(node)}", node)
        return
    present = _entries(node)
    for name, (key_node, value_node) in present.items():
        key = spec.keys.get(name)
        if key is not None:
            _check_key(name, key, key_node, value_node, _join(path, name), walk)
        elif spec.others is None or not spec.others(name, key_node, _join(path, name), walk):
            message = f"unknown key {name!r}; check the spelling{_suggestion(name, spec.keys)}"
            walk.warn(_join(path, name), message, key_node)
    for name, key in spec.keys.items():
        if name not in present and key.required_in(walk.version):
            walk.error(_join(path, name), _missing(name, key), at)
    for rule in spec.rules:
        rule(present, path, walk, at)


def _missing(name: str, key: Key) -> str:
    if key.required or key.required_before is None:
        return f"required key {name!r} is missing"
    before = _show_version(key.required_before)
    return f"required key {name!r} is missing (it is required before publiccodeYmlVersion {before})"


def _check_key(name: str, key: Key, key_node: Node, value: Node, path: str, walk: _Walk) -> None:
    version = walk.version
    if key.added is not None and version < key.added:
        added = _show_version(key.added)
        message = f"{name!r} came in publiccodeYmlVersion {added}; this file declares an older one"
        walk.warn(path, message, key_node)
    if key.deprecated is not None and version >= key.deprecated:
        instead = f"use {key.instead!r} instead" if key.instead else "remove it"
        since = _show_version(key.deprecated)
        message = f"{name!r} is deprecated since publiccodeYmlVersion {since}; {instead}"
        walk.warn(path, message, key_node)
    if not _is_empty(value):
        _check(value, key.spec, path, walk, key_node)
    elif key.required_in(version):
        walk.error(path, f"{name!r} is required and must not be empty", value)


def _check_languages(node: Node, spec: Languages, path: str, walk: _Walk, at: Node | None) -> None:
    if not isinstance(node, MappingNode):
        walk.error(path, f"expected a mapping of language codes (nl, en); got {_kind(node)}", node)
        return
    present = _entries(node)
    for language, (key_node, value_node) in present.items():
        if message := _language(language, walk.version):
            walk.error(_join(path, language), message, key_node)
        _check(value_node, spec.value, _join(path, language), walk, key_node)
    texts = [value for _, value in present.values() if isinstance(value, MappingNode)]
    for name in spec.somewhere:
        if texts and not any(_has(text, name) for text in texts):
            where, place = path, at
            if len(present) == 1:  # then say which key is missing, under the one language
                language, (place, _) = next(iter(present.items()))
                where = _join(_join(path, language), name)
            walk.error(where, f"{name!r} is required in at least one language", place)


def _has(node: MappingNode, name: str) -> bool:
    entry = _entries(node).get(name)
    return entry is not None and not _is_empty(entry[1])


_CHECKERS: dict[type, Callable[[Node, Any, str, _Walk, Node | None], None]] = {
    Text: _check_text,
    Flag: _check_flag,
    Items: _check_items,
    Fields: _check_fields,
    Languages: _check_languages,
}


def _read_version(root: MappingNode, walk: _Walk) -> tuple[str | None, Version | None]:
    """The version as written, and the version whose rules apply (None: check nothing more)."""
    _, node = _entries(root).get("publiccodeYmlVersion", (None, None))
    if node is None:
        current = _show_version(CURRENT)
        message = f"required key 'publiccodeYmlVersion' is missing; checked as version {current}"
        walk.error("publiccodeYmlVersion", message)
        return None, CURRENT
    if not isinstance(node, ScalarNode) or node.tag == _NULL:
        message = f'expected a version such as "{_show_version(CURRENT)}"; got {_kind(node)}'
        walk.error("publiccodeYmlVersion", message, node)
        return None, None
    rules = _RULES.get(node.value)
    if rules is None:
        supported = ", ".join(SUPPORTED_VERSIONS)
        message = f"unsupported publiccodeYmlVersion {_show(node.value)}; supported: {supported}"
        walk.error("publiccodeYmlVersion", message, node)
    return node.value, rules


def validate(source: str | bytes) -> Result:
    """Read a publiccode.yml and check it against the standard, by the rules of the version it
    declares. Never raises: whatever is wrong, from the bytes up, is a problem in the result."""
    text = _decode(source)
    if isinstance(text, Problem):
        return Result(None, None, (text,))
    try:
        root = _compose(text)
    except _Refused as refused:
        return Result(None, None, (refused.problem,))
    except yaml.YAMLError as error:
        return Result(None, None, (_yaml_problem(error, text),))
    if root is None:
        return Result(None, None, (_whole("the file is empty; expected publiccode.yml keys"),))
    if not isinstance(root, MappingNode):
        message = f"expected a mapping of publiccode.yml keys at the top; got {_kind(root)}"
        return Result(None, None, (_whole(message, 1, 1),))
    walk = _Walk()
    data = _construct(root, "", walk, {})
    version, rules = _read_version(root, walk)
    if rules is not None:
        walk.version = rules
        _check(root, SCHEMA, "", walk, None)
    problems = sorted(walk.problems, key=lambda p: (p.line or 0, p.column or 0))
    return Result(version, data, tuple(problems))


# What the catalogue takes from a file, tolerantly: a value of the wrong type is skipped.


def software_fields(data: Mapping[str, Any]) -> SoftwareFields:
    """The fields of a catalogue entry from parsed publiccode.yml data (valid or not); each is
    None or empty where the key is absent or its value of the wrong type. Categories keep only
    those in the standard's list; description keys are lower-cased language codes."""
    data = _mapping(data)
    legal, maintenance = _mapping(data.get("legal")), _mapping(data.get("maintenance"))
    return SoftwareFields(
        name=_string(data.get("name")),
        descriptions=_descriptions(data.get("description")),
        development_status=_choice(data.get("developmentStatus"), DEVELOPMENT_STATUSES),
        maintenance_type=_choice(maintenance.get("type"), MAINTENANCE_TYPES),
        software_type=_choice(data.get("softwareType"), SOFTWARE_TYPES),
        categories=tuple(c for c in _strings(data.get("categories")) if c in CATEGORIES),
        platforms=_strings(data.get("platforms")),
        licence=_string(legal.get("license")),
        url=_string(data.get("url")),
        landing_url=_string(data.get("landingURL")),
        dependencies=_dependencies(data.get("dependsOn")),
    )


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _string(value: Any) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def _choice(value: Any, allowed: tuple[str, ...]) -> str | None:
    return value if isinstance(value, str) and value in allowed else None


def _strings(value: Any) -> tuple[str, ...]:
    """A string or a list of them, stripped, without blanks or repeats."""
    items = [value] if isinstance(value, str) else _list(value)
    return tuple(dict.fromkeys(text for item in items if (text := _string(item))))


def _descriptions(value: Any) -> dict[str, dict[str, str]]:
    descriptions: dict[str, dict[str, str]] = {}
    for language, texts in _mapping(value).items():
        texts = _mapping(texts)
        found = {
            short: text
            for short, key in (("short", "shortDescription"), ("long", "longDescription"))
            if (text := _string(texts.get(key)))
        }
        if found and isinstance(language, str):
            descriptions.setdefault(language.strip().lower(), found)
    return descriptions


def _dependencies(value: Any) -> tuple[Dependency, ...]:
    section = _mapping(value)
    return tuple(
        dependency
        for kind in DEPENDENCY_KINDS
        for entry in _list(section.get(kind))
        if (dependency := _dependency(kind, entry)) is not None
    )


def _dependency(kind: str, entry: Any) -> Dependency | None:
    entry = _mapping(entry)
    name = _string(entry.get("name"))
    if name is None:
        return None
    return Dependency(name, kind, _version_range(entry), _flag(entry.get("optional")))


def _version_range(entry: Mapping[str, Any]) -> str | None:
    exact = _version_text(entry.get("version"))
    if exact is not None:
        return exact
    lowest, highest = _version_text(entry.get("versionMin")), _version_text(entry.get("versionMax"))
    bounds = [f">={lowest}" if lowest else "", f"<={highest}" if highest else ""]
    return ",".join(bound for bound in bounds if bound) or None


def _version_text(value: Any) -> str | None:
    """A version as text; an unquoted number (versionMin: 13) is taken as Python writes it."""
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return str(value)
    return _string(value)


def _flag(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.lower() in ("true", "yes", "on"))
