# SPDX-License-Identifier: EUPL-1.2
from __future__ import annotations

import inspect
import json
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ply import yacc
from spdx_tools.spdx.parser.tagvalue.parser import Parser as SpdxToolsTagValueParser

from bench.sbom_parse import make_document
from catalogue import sbom
from catalogue.licences import licensing
from catalogue.sbom import MAX_BYTES, parse, reading, tagvalue, validation
from catalogue.sbom.components import Component, Sbom
from catalogue.sbom.formats import MAX_RDF_XML_BYTES, SbomError, SbomFormat, detect_format

EXAMPLES = Path(__file__).resolve().parents[1] / "data" / "spdx-examples"
EXAMPLE_FILES = {
    SbomFormat.JSON: EXAMPLES / "SPDXJSONExample-v2.3.spdx.json",
    SbomFormat.YAML: EXAMPLES / "SPDXYAMLExample-2.3.spdx.yaml",
    SbomFormat.TAG_VALUE: EXAMPLES / "SPDXTagExample-v2.3.spdx",
    SbomFormat.RDF_XML: EXAMPLES / "SPDXRdfExample-v2.3.spdx.rdf.xml",
    SbomFormat.XML: EXAMPLES / "SPDXXMLExample-v2.3.spdx.xml",
}
GITHUB = Path(__file__).parent / "sbom_files" / "github-dependency-graph.json"
FORMATS = list(EXAMPLE_FILES)


def example(format: SbomFormat) -> bytes:
    return EXAMPLE_FILES[format].read_bytes()


def json_example() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(example(SbomFormat.JSON))
    return data


def encoded(data: object) -> bytes:
    return json.dumps(data).encode()


def test_the_package_exports_its_public_api() -> None:
    assert sorted(sbom.__all__) == [
        "Component",
        "FULL_VALIDATION_LIMIT",
        "MAX_BYTES",
        "MAX_RDF_XML_BYTES",
        "MAX_WARNINGS",
        "SUPPORTED_VERSIONS",
        "Sbom",
        "SbomError",
        "SbomFormat",
        "detect_format",
        "parse",
    ]
    assert all(hasattr(sbom, name) for name in sbom.__all__)


# The SPDX specification's example, in every format.


@pytest.mark.parametrize("format", FORMATS)
def test_the_spdx_example_parses_in_every_format(format: SbomFormat) -> None:
    result = parse(example(format), filename=EXAMPLE_FILES[format].name)
    assert result.format == format
    assert result.spdx_version == "SPDX-2.3"
    assert result.name == "SPDX-Tools-v2.0"
    assert result.namespace == (
        "http://spdx.org/spdxdocs/spdx-example-444504E0-4F89-41D3-9A0C-0305E82C3301"
    )
    assert result.warnings == ()
    assert parse(example(format)) == result  # the content alone says which format it is


def comparable(components: tuple[Component, ...]) -> list[tuple[object, ...]]:
    """Components in spdx_id order with licences as parsed expressions: RDF keeps neither
    the order of packages nor that of a licence set's members (the RDF example lists
    "LicenseRef-3 OR LGPL-2.0-only" where the others have "LGPL-2.0-only OR LicenseRef-3")."""

    def expression(text: str | None) -> object:
        return licensing().parse(text) if text else None

    return sorted(
        (
            c.spdx_id,
            c.name,
            c.version,
            c.purl,
            expression(c.licence_concluded),
            expression(c.licence_declared),
            c.supplier,
        )
        for c in components
    )


@pytest.mark.parametrize("format", FORMATS)
def test_every_format_gives_the_same_components_and_licences(format: SbomFormat) -> None:
    expected, result = parse(example(SbomFormat.JSON)), parse(example(format))
    assert comparable(result.components) == comparable(expected.components)
    assert comparable(result.described) == comparable(expected.described)


def test_the_components_of_the_json_example() -> None:
    result = parse(example(SbomFormat.JSON))
    assert result.components == (
        Component(
            name="Apache Commons Lang",
            version=None,
            purl=None,
            licence_concluded=None,  # NOASSERTION
            licence_declared=None,
            spdx_id="SPDXRef-fromDoap-1",
            supplier=None,
        ),
        Component(
            name="Jena",
            version="3.12.0",
            purl="pkg:maven/org.apache.jena/apache-jena@3.12.0",
            licence_concluded=None,  # absent
            licence_declared=None,
            spdx_id="SPDXRef-fromDoap-0",
            supplier=None,
        ),
        Component(
            name="Saxon",
            version="8.8",
            purl=None,
            licence_concluded="MPL-1.0",
            licence_declared="MPL-1.0",
            spdx_id="SPDXRef-Saxon",
            supplier=None,
        ),
    )
    assert [c.key for c in result.components] == [
        "name:apache commons lang",
        "pkg:maven/org.apache.jena/apache-jena",
        "name:saxon",
    ]


def test_the_package_the_example_describes_is_not_a_component() -> None:
    (glibc,) = parse(example(SbomFormat.JSON)).described
    assert glibc.name == "glibc" and glibc.version == "2.11.1"
    assert glibc.licence_concluded == "LGPL-2.0-only OR LicenseRef-3"
    assert glibc.licence_declared == "LGPL-2.0-only AND LicenseRef-3"
    assert glibc.supplier == "Person: Jane Doe (jane.doe@example.com)"
    assert glibc.purl is None  # its external references are a CPE and an OTHER one


def test_components_keep_the_order_of_the_document() -> None:
    names = [c.name for c in parse(example(SbomFormat.JSON)).components]
    for format in (SbomFormat.YAML, SbomFormat.TAG_VALUE, SbomFormat.XML):
        assert [c.name for c in parse(example(format)).components] == names


@pytest.mark.parametrize("format", FORMATS)
def test_spdx_2_2_is_read_and_validated_as_2_2(format: SbomFormat) -> None:
    result = parse(example(format).replace(b"SPDX-2.3", b"SPDX-2.2"))
    assert result.spdx_version == "SPDX-2.2"
    assert comparable(result.components) == comparable(parse(example(format)).components)
    assert any("not supported in SPDX-2.2" in warning for warning in result.warnings)


# GitHub's dependency-graph SBOM: /repos/{owner}/{repo}/dependency-graph/sbom.


def test_github_dependency_graph_sbom_is_unwrapped() -> None:
    result = parse(GITHUB.read_bytes())
    assert result.format == SbomFormat.JSON
    assert result.name == "com.github.gemeente-voorbeeld/meldingen"
    assert result.warnings == ()
    assert [c.name for c in result.described] == ["com.github.gemeente-voorbeeld/meldingen"]
    assert len(result.components) == 11
    assert "pkg:github/gemeente-voorbeeld/meldingen" not in [c.key for c in result.components]


def test_github_components_and_their_keys() -> None:
    components = {c.name: c for c in parse(GITHUB.read_bytes()).components}
    assert [c.key for c in components.values()] == [
        "pkg:npm/lodash",
        "pkg:npm/@babel/core",
        "pkg:npm/@types/node",
        "pkg:npm/express",
        "pkg:npm/left-pad",
        "pkg:pypi/requests",
        "pkg:pypi/django",
        "pkg:pypi/psycopg2-binary",
        "pkg:pypi/certifi",
        "pkg:pypi/pyyaml",
        "pkg:githubactions/actions/checkout",
    ]
    lodash = components["npm:lodash"]
    assert (lodash.version, lodash.purl) == ("4.17.21", "pkg:npm/lodash@4.17.21")
    assert (lodash.licence_concluded, lodash.licence_declared) == ("MIT", "MIT")
    assert components["npm:@babel/core"].purl == "pkg:npm/%40babel/core@7.24.5"  # verbatim
    left_pad = components["npm:left-pad"]  # no resolved version, NOASSERTION licences
    assert (left_pad.version, left_pad.licence_concluded, left_pad.licence_declared) == (
        None,
        None,
        None,
    )
    psycopg = components["pip:psycopg2-binary"]
    assert psycopg.licence_declared == "LGPL-3.0-or-later"  # normalised from LGPL-3.0+
    assert components["pip:PyYAML"].licence_concluded == "MIT"  # from "mit"
    checkout = components["actions:actions/checkout"]
    assert (checkout.licence_concluded, checkout.licence_declared) == (None, None)


def test_the_github_sbom_unwrapped_or_not_reads_the_same() -> None:
    wrapped = json.loads(GITHUB.read_bytes())
    assert parse(encoded(wrapped["sbom"])) == parse(encoded(wrapped))


@pytest.mark.parametrize(
    ("purl", "key"),
    [
        ("pkg:pypi/requests@2.31.0", "pkg:pypi/requests"),
        ("pkg:pypi/Django@4.2.13?os=linux#src/django", "pkg:pypi/django"),
        ("pkg:npm/%40babel/core@7.24.5", "pkg:npm/@babel/core"),
        ("pkg:npm/@babel/core@7.24.5", "pkg:npm/@babel/core"),
        ("pkg:npm/left-pad", "pkg:npm/left-pad"),
        ("pkg:golang/github.com/spf13/cobra@v1.8.0", "pkg:golang/github.com/spf13/cobra"),
        (
            "pkg:maven/org.apache.jena/apache-jena@3.12.0?type=jar",
            "pkg:maven/org.apache.jena/apache-jena",
        ),
    ],
)
def test_component_key_is_the_purl_without_version(purl: str, key: str) -> None:
    component = Component("x", "1", purl, None, None, "SPDXRef-x", None)
    assert component.key == key


def test_component_key_without_a_purl_is_the_name() -> None:
    assert Component("Saxon HE", "8.8", None, None, None, "SPDXRef-x", None).key == "name:saxon he"


# Formats.


@pytest.mark.parametrize(
    ("filename", "format"),
    [
        ("sbom.spdx.json", SbomFormat.JSON),
        ("SBOM.JSON", SbomFormat.JSON),
        ("sbom.yaml", SbomFormat.YAML),
        ("sbom.spdx.yml", SbomFormat.YAML),
        ("sbom.spdx", SbomFormat.TAG_VALUE),
        ("sbom.spdx.rdf.xml", SbomFormat.RDF_XML),
        ("sbom.rdf", SbomFormat.RDF_XML),
        ("sbom.spdx.xml", SbomFormat.XML),
    ],
)
def test_detect_format_by_extension(filename: str, format: SbomFormat) -> None:
    assert detect_format(b"", filename) == format


@pytest.mark.parametrize("format", FORMATS)
def test_detect_format_by_content(format: SbomFormat) -> None:
    assert detect_format(example(format)) == format
    assert detect_format(example(format), "sbom.txt") == format  # an unknown extension


def test_detect_format_sniffs_json_behind_a_byte_order_mark() -> None:
    assert detect_format(b'\xef\xbb\xbf\n  {"spdxVersion": "SPDX-2.3"}') == SbomFormat.JSON


def test_a_format_given_wins_over_the_extension() -> None:
    content = example(SbomFormat.YAML)
    assert parse(content, filename="sbom.json", format=SbomFormat.YAML).format == "yaml"


def test_tag_value_reads_without_writing_parse_tables_into_spdx_tools() -> None:
    parse(example(SbomFormat.TAG_VALUE))
    package = Path(inspect.getfile(SpdxToolsTagValueParser)).parent
    assert not (package / "parsetab.py").exists()
    assert not (package / "parser.out").exists()


def test_tag_value_tables_are_those_spdx_tools_builds() -> None:
    ours = tagvalue.parser().yacc
    theirs = SpdxToolsTagValueParser(
        write_tables=False, debug=False, errorlog=yacc.NullLogger()
    ).yacc
    assert ours.action == theirs.action
    assert ours.goto == theirs.goto
    assert [(p.name, p.len, p.func) for p in ours.productions] == [
        (p.name, p.len, p.func) for p in theirs.productions
    ]


def test_tag_value_parses_in_parallel_threads() -> None:
    expected = parse(example(SbomFormat.TAG_VALUE))
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: parse(example(SbomFormat.TAG_VALUE)), range(8)))
    assert results == [expected] * 8


# Refusals: a clear message, and nothing stored. (How long a refusal takes is measured by
# bench/sbom_parse.py, not here.)


def refused(content: bytes, **options: Any) -> str:
    with pytest.raises(SbomError) as caught:
        parse(content, **options)
    return str(caught.value)


@pytest.fixture
def unread(monkeypatch: pytest.MonkeyPatch) -> None:
    """No reader of any format may be started."""

    def read(text: str) -> None:
        raise AssertionError("read")

    for format in SbomFormat:
        monkeypatch.setitem(reading.READERS, format, read)


SPDX_3 = {
    "@context": "https://spdx.org/rdf/3.0.1/spdx-context.jsonld",
    "@graph": [
        {
            "type": "CreationInfo",
            "@id": "_:creationinfo",
            "specVersion": "3.0.1",
            "created": "2024-03-06T00:00:00Z",
        },
        {"type": "software_Package", "spdxId": "https://example.com/p", "name": "p"},
    ],
}


@pytest.mark.parametrize(
    "content",
    [
        encoded(SPDX_3),
        encoded({**json_example(), "spdxVersion": "SPDX-3.0"}),
        encoded({"sbom": {**json_example(), "spdxVersion": "SPDX-3.0"}}),
    ],
    ids=["json-ld", "json", "github"],
)
def test_spdx_3_is_refused(content: bytes) -> None:
    assert "SPDX 3" in refused(content)


@pytest.mark.parametrize("format", FORMATS)
@pytest.mark.parametrize("version", ["SPDX-2.1", "SPDX-1.2", "SPDX-3.0"])
def test_other_versions_are_refused_in_every_format(format: SbomFormat, version: str) -> None:
    content = example(format).replace(b"SPDX-2.3", version.encode())
    message = refused(content)
    assert "SPDX 3" in message if version == "SPDX-3.0" else version in message
    assert "SPDX-2.2 and SPDX-2.3" in message or "SPDX 3" in message


@pytest.mark.parametrize(
    "content",
    [
        encoded({"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1, "components": []}),
        b'<?xml version="1.0"?><bom xmlns="http://cyclonedx.org/schema/bom/1.5" version="1">'
        b"<components/></bom>",
    ],
    ids=["json", "xml"],
)
def test_cyclonedx_is_refused(content: bytes) -> None:
    assert "this is CycloneDX, not SPDX" in refused(content)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        ('{"name": "caf\u00e9"}'.encode("latin-1"), "not UTF-8"),
        ('{"name": "x"}'.encode("utf-16"), "not UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not UTF-8"),
        (b"hello world", "the file is none of SPDX's formats"),
        (b"{not json", "not valid JSON: Expecting property name enclosed in double quotes (line 1"),
        (b'{"spdxVersion": "SPDX-2.3",\n "name": }', "not valid JSON: Expecting value (line 2"),
        (b"[1, 2]", "the JSON holds an array, not an object"),
        (b'{"name": "x", "packages": []}', "no SPDX version"),
        (b'{"sbom": {"name": "x"}}', "no SPDX version"),
        (b"spdxVersion: SPDX-2.3\nname: [x\n", "not valid YAML: "),
        (b"a: &x [1, 2]\nb: *x\n", "YAML aliases (*x) are refused (line 2)"),
        (b"SPDXVersion: SPDX-2.3\nthis is not a tag\n", "not a valid SPDX tag-value document"),
        (b"<Document><spdxVersion>SPDX-2.3</Document>", "not well-formed XML: mismatched tag"),
        (b"<html><body>Not found</body></html>", "the root element is <html>, not <Document>"),
        (
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>',
            "no SPDX version",
        ),
        (
            b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><x></rdf:RDF>',
            "not well-formed XML: mismatched tag (line 1, column 70)",
        ),
    ],
)
def test_unreadable_input_is_refused(content: bytes, expected: str) -> None:
    assert expected in refused(content)


def test_an_spdx_document_spdx_tools_cannot_read_gives_its_first_messages() -> None:
    data = json_example()
    del data["creationInfo"]
    data["packages"][0]["externalRefs"][0]["referenceCategory"] = "NO-SUCH-CATEGORY"
    message = refused(encoded(data))
    assert message.startswith("not a valid SPDX JSON document: ")
    assert "CreationInfo does not exist" in message or "NO_SUCH_CATEGORY" in message


def test_a_file_over_the_limit_is_refused_before_parsing(unread: None) -> None:
    message = refused(b" " * (MAX_BYTES + 1))
    assert "SBOMs over 50 MiB are refused" in message


def padded(format: SbomFormat, size: int) -> bytes:
    """The example in `format`, with trailing whitespace up to `size` bytes."""
    content = example(format)
    return content + b"\n" * (size - len(content))


@pytest.mark.parametrize("options", [{}, {"filename": "sbom.rdf"}, {"format": SbomFormat.RDF_XML}])
def test_rdf_xml_over_its_lower_limit_is_refused_before_parsing(
    options: dict[str, Any], unread: None
) -> None:
    message = refused(padded(SbomFormat.RDF_XML, MAX_RDF_XML_BYTES + 1), **options)
    assert f"{MAX_RDF_XML_BYTES + 1:,} bytes; RDF/XML SBOMs over 5 MiB are refused" in message
    assert "send it as SPDX JSON instead, which may be up to 50 MiB" in message


def test_rdf_xml_up_to_its_limit_and_other_formats_over_it_are_read() -> None:
    assert parse(padded(SbomFormat.RDF_XML, MAX_RDF_XML_BYTES)).format == SbomFormat.RDF_XML
    assert parse(padded(SbomFormat.JSON, MAX_RDF_XML_BYTES + 1)).format == SbomFormat.JSON


LAUGHS = "".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10}">' for n in range(1, 10)).replace(
    "&lol0;", "lol"
)


@pytest.mark.parametrize(
    "content",
    [
        f'<?xml version="1.0"?><!DOCTYPE Document [{LAUGHS}]>'
        "<Document><spdxVersion>SPDX-2.3</spdxVersion><name>&lol9;</name></Document>",
        f'<?xml version="1.0"?><!DOCTYPE rdf:RDF [{LAUGHS}]>'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns:spdx="http://spdx.org/rdf/terms#"><spdx:SpdxDocument rdf:about="x#SPDXRef-DOCUMENT">'
        "<spdx:specVersion>SPDX-2.3</spdx:specVersion><spdx:name>&lol9;</spdx:name>"
        "</spdx:SpdxDocument></rdf:RDF>",
        '<?xml version="1.0"?>\n<!DOCTYPE Document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
        "<Document><spdxVersion>SPDX-2.3</spdxVersion><name>&xxe;</name></Document>",
    ],
    ids=["xml-billion-laughs", "rdf-billion-laughs", "xml-external-entity"],
)
def test_xml_entities_are_refused(content: str) -> None:
    message = refused(content.encode())
    assert "<!DOCTYPE> declaration is refused (line " in message


@pytest.mark.parametrize("format", [SbomFormat.RDF_XML, SbomFormat.XML])
def test_xml_entities_are_refused_whatever_the_file_claims(format: SbomFormat) -> None:
    content = b'<!DOCTYPE x [<!ENTITY e "e">]><x>&e;</x>'
    assert "refused" in refused(content, format=format)


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "the JSON document is nested too deeply"),
        (b'{"spdxVersion": "SPDX-2.3", "name": ' + b"[" * 900 + b"]" * 900 + b"}", "JSON"),
        (b"spdxVersion: SPDX-2.3\nname: " + b"[" * 5000 + b"]" * 5000, "YAML"),
        (
            b"<Document>" + b"<a>" * 50_000 + b"</a>" * 50_000 + b"</Document>",
            "the XML document is nested too deeply",
        ),
    ],
    ids=["json", "json-in-spdx", "yaml", "xml"],
)
def test_deep_nesting_is_refused(content: bytes, expected: str) -> None:
    assert expected in refused(content)


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"packages": "abc"}, '"packages" must be an array of objects, not text'),
        ({"packages": [{}, [2], None]}, '"packages" item 2 must be an object, not an array'),
        ({"relationships": {"a": 1}}, '"relationships" must be an array of objects, not an object'),
        ({"creationInfo": [], "SPDXID": 3}, '"creationInfo" must be an object, not an array'),
        ({"documentDescribes": 7}, '"documentDescribes" must be an array of SPDX ids, not a'),
        ({"documentDescribes": ["x", None]}, '"documentDescribes" item 2 must be an SPDX id, not'),
        ({"packages": [{"SPDXID": "SPDXRef-x", "hasFiles": [1, None]}]}, "not a valid SPDX"),
        ({"spdxVersion": ["SPDX-2.3"]}, "SPDX version \"['SPDX-2.3']\" is not supported"),
    ],
)
def test_values_of_the_wrong_type_are_refused(document: dict[str, Any], expected: str) -> None:
    assert expected in refused(encoded({**json_example(), **document}))


# Validation: messages become warnings, in bounded time whatever the size.


def with_a_dangling_relationship(data: dict[str, Any]) -> dict[str, Any]:
    relationship = {
        "spdxElementId": data["packages"][0]["SPDXID"],
        "relationshipType": "DEPENDS_ON",
        "relatedSpdxElement": "SPDXRef-missing",
    }
    return {**data, "relationships": [*data["relationships"], relationship]}


DANGLING = 'DEPENDS_ON SPDXRef-missing: did not find the referenced spdx_id "SPDXRef-missing"'


def test_validation_messages_become_warnings() -> None:
    result = parse(encoded(with_a_dangling_relationship(json_example())))
    assert result.warnings == (f"relationship SPDXRef-Package {DANGLING} in the SPDX document",)
    assert len(result.components) == 3  # the SBOM is still read


def test_validation_of_a_large_document_is_limited_and_still_finds_problems() -> None:
    data = with_a_dangling_relationship(make_document(1_000))
    result = parse(encoded(data))
    assert result.warnings[0].startswith("validation limited: the document has 2,003 elements")
    assert result.warnings[1:] == (
        f"relationship SPDXRef-github-example-app {DANGLING} in the SPDX document",
    )
    assert len(result.components) == 1_000


def broken_example() -> dict[str, Any]:
    """The JSON example with one of each problem spdx-tools' validation finds."""
    data = with_a_dangling_relationship(json_example())
    package, *_ = data["packages"]
    package["externalRefs"].append(
        {"referenceCategory": "PACKAGE-MANAGER", "referenceType": "purl", "referenceLocator": "x"}
    )
    data["packages"][1]["licenseDeclared"] = "LicenseRef-unknown OR MIT"
    data["packages"][1]["filesAnalyzed"] = False
    data["packages"][1]["licenseInfoFromFiles"] = ["MIT"]
    data["packages"][2]["SPDXID"] = data["packages"][3]["SPDXID"]  # a duplicate
    data["packages"][3]["hasFiles"] = [data["files"][0]["SPDXID"]]
    data["packages"][3]["filesAnalyzed"] = False
    data["files"][0]["fileName"] = "/absolute/path"
    data["snippets"][0]["snippetFromFile"] = "SPDXRef-no-such-file"
    data["relationships"].append(
        {
            "spdxElementId": "DocumentRef-unknown:SPDXRef-a",
            "relationshipType": "OTHER",
            "relatedSpdxElement": "NONE",
        }
    )
    data["relationships"] = [
        r for r in data["relationships"] if r["relationshipType"] != "DESCRIBES"
    ]
    del data["documentDescribes"]
    return data


@pytest.mark.parametrize(
    "document",
    [
        *(example(format) for format in FORMATS),
        GITHUB.read_bytes(),
        encoded(broken_example()),
    ],
    ids=[*FORMATS, "github", "broken"],
)
def test_limited_validation_finds_what_full_validation_finds(
    document: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    full = parse(document).warnings
    monkeypatch.setattr(validation, "FULL_VALIDATION_LIMIT", 0)
    note, *limited = parse(document).warnings
    assert note.startswith("validation limited")
    assert tuple(limited) == full


def test_the_broken_example_has_a_warning_for_each_problem() -> None:
    warnings = "\n".join(parse(encoded(broken_example())).warnings)
    for expected in [
        DANGLING,
        'externalPackageRef locator of type "purl" must conform with the regex',
        "Unrecognized license reference: LicenseRef-unknown",
        "license_info_from_files must be None if files_analyzed is False",
        "package must contain no elements if files_analyzed is False",
        'file name must not be an absolute path starting with "/"',
        'did not find the referenced spdx_id "SPDXRef-no-such-file" in the SPDX document\'s files',
        'did not find the external document reference "DocumentRef-unknown"',
        'there must be at least one relationship "SPDXRef-DOCUMENT DESCRIBES ..."',
        "every spdx_id must be unique within the document",
    ]:
        assert expected in warnings


def test_warnings_are_capped(monkeypatch: pytest.MonkeyPatch) -> None:
    data = json_example()
    for number in range(150):
        data = with_a_dangling_relationship(data)
        data["relationships"][-1]["relatedSpdxElement"] = f"SPDXRef-missing-{number}"
    warnings = parse(encoded(data)).warnings
    assert len(warnings) == sbom.MAX_WARNINGS + 1
    assert warnings[-1] == "and 50 more validation messages"


def test_a_large_document_parses_and_validates_in_bounded_time() -> None:
    """Bounded by validating it linearly (bench/sbom_parse.py measures the time)."""
    content = encoded(make_document(5_000))
    result = parse(content)
    assert len(result.components) == 5_000
    assert len(result.warnings) == 1 and result.warnings[0].startswith("validation limited")
    assert result.components[1].key == "pkg:npm/package-1"


def test_a_document_describing_every_package_parses_in_bounded_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """spdx-tools alone takes about a minute for this (its check of documentDescribes against
    every relationship is quadratic): it is given relationships instead, and nothing to check.
    bench/sbom_parse.py measures the time."""
    given: list[dict[str, Any]] = []

    class Parser(reading.JsonLikeDictParser):  # type: ignore[misc]
        def parse(self, data: dict[str, Any]) -> Any:
            given.append(data)
            return super().parse(data)

    monkeypatch.setattr(reading, "JsonLikeDictParser", Parser)
    content = encoded(make_document(5_000, describe_all=True))
    result = parse(content)
    assert (len(result.components), len(result.described)) == (0, 5_001)
    [data] = given
    assert "documentDescribes" not in data
    kinds = [relationship["relationshipType"] for relationship in data["relationships"]]
    assert kinds.count("DESCRIBES") == 5_001


# parse() raises nothing but SbomError, whatever it is given.


def nested(depth: int) -> st.SearchStrategy[object]:
    """Scalars, and lists and objects of them nested up to `depth` deep. Not st.recursive:
    hypothesis reads the source file of its `extend` function to check that it recurses, and a
    file edited while the tests run gives it other lines (a deprecation warning, an error here).
    """
    scalars = st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30)
    if depth == 0:
        return scalars
    inner = nested(depth - 1)
    return (
        scalars
        | st.lists(inner, max_size=4)
        | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    )


VALUES = nested(3)
JSON_EXAMPLE = json_example()
PACKAGE_KEYS = sorted({key for package in JSON_EXAMPLE["packages"] for key in package})


def parses_or_refuses(content: bytes) -> None:
    try:
        result = parse(content)
    except SbomError as error:
        assert str(error)
    else:
        assert isinstance(result, Sbom)


@settings(max_examples=100, deadline=None, database=None)
@given(st.binary(max_size=300))
def test_any_bytes_parse_or_are_refused(content: bytes) -> None:
    parses_or_refuses(content)


@settings(max_examples=100, deadline=None, database=None)
@given(
    st.sampled_from(FORMATS),
    st.floats(0, 1),
    st.text(alphabet="[]{}<>:,-&*!\"'#/=\n\t abc01.", max_size=40),
)
def test_damaged_examples_parse_or_are_refused(
    format: SbomFormat, where: float, damage: str
) -> None:
    text = example(format).decode()
    at = int(len(text) * where)
    parses_or_refuses((text[:at] + damage + text[at:]).encode())


@settings(max_examples=150, deadline=None, database=None)
@given(st.sampled_from(sorted(JSON_EXAMPLE)), VALUES, st.sampled_from(PACKAGE_KEYS), VALUES)
def test_values_of_any_type_parse_or_are_refused(
    key: str, value: object, package_key: str, package_value: object
) -> None:
    data = {**JSON_EXAMPLE, key: value}
    data["packages"] = [{**JSON_EXAMPLE["packages"][0], package_key: package_value}]
    parses_or_refuses(encoded(data))
