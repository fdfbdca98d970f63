# SPDX-License-Identifier: EUPL-1.2
"""How long does reading an SBOM take, and does it grow linearly?

Generated SPDX-2.3 JSON documents shaped like GitHub's dependency graph (a root package the
document DESCRIBES, which DEPENDS_ON each of n npm and PyPI packages). For each size:

- read: catalogue.sbom reading the document into components, without validation;
- full: spdx-tools' validate_full_spdx_document, which is quadratic;
- linear: the same checks as catalogue.sbom runs them above FULL_VALIDATION_LIMIT;
- parse(): catalogue.sbom.parse as callers see it (reading plus the validation it chooses);
- describes: spdx-tools' own JSON parser when documentDescribes lists every package, which
  is quadratic; catalogue.sbom turns documentDescribes into relationships first;
- parse() all: catalogue.sbom.parse of that document.

Then how long each kind of hostile input takes to be refused. tests/catalogue/test_sbom.py once
held parse() of 5,000 packages, either way, to 10 s and every refusal to 2 s; it now checks the
work instead (linear validation past FULL_VALIDATION_LIMIT, no documentDescribes for spdx-tools
to check, no reader started for an oversized file) and this measures the time.

    .venv/bin/python bench/sbom_parse.py [--sizes 500 1000 2000 5000] [--formats]

--formats adds the reading time of the same documents as YAML, tag-value, RDF/XML and XML,
and the seconds per MiB of each: RDF/XML's sets catalogue.sbom.MAX_RDF_XML_BYTES.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from spdx_tools.spdx.model import Document
from spdx_tools.spdx.parser.jsonlikedict.json_like_dict_parser import JsonLikeDictParser
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document
from spdx_tools.spdx.writer.write_anything import write_file

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from catalogue import sbom
from catalogue.sbom.components import components_of
from catalogue.sbom.linear import validate_linearly
from catalogue.sbom.reading import READERS

LICENCES = ("MIT", "Apache-2.0", "BSD-3-Clause", "ISC", "NOASSERTION", "MIT OR Apache-2.0")


def make_document(n: int, *, describe_all: bool = False) -> dict[str, Any]:
    """An SPDX-2.3 JSON document (as a dict) with a root package and n components it
    depends on: alternately npm and PyPI, with purls and a handful of licences. With
    describe_all, documentDescribes lists every package rather than the root alone."""
    root = {
        "SPDXID": "SPDXRef-github-example-app",
        "name": "com.github.example/app",
        "versionInfo": "main",
        "downloadLocation": "git+https://github.com/example/app",
        "filesAnalyzed": False,
        "licenseDeclared": "EUPL-1.2",
        "externalRefs": [_purl("pkg:github/example/app@main")],
    }
    packages = [root, *(_package(number) for number in range(n))]
    relationships = [
        {
            "spdxElementId": "SPDXRef-DOCUMENT",
            "relationshipType": "DESCRIBES",
            "relatedSpdxElement": root["SPDXID"],
        },
        *(
            {
                "spdxElementId": root["SPDXID"],
                "relationshipType": "DEPENDS_ON",
                "relatedSpdxElement": package["SPDXID"],
            }
            for package in packages[1:]
        ),
    ]
    return {
        "spdxVersion": "SPDX-2.3",
        "dataLicense": "CC0-1.0",
        "SPDXID": "SPDXRef-DOCUMENT",
        "name": "com.github.example/app",
        "documentNamespace": f"https://github.com/example/app/dependency_graph/sbom-{n}",
        "creationInfo": {
            "created": "2024-05-13T09:12:31Z",
            "creators": ["Tool: GitHub.com-Dependency-Graph"],
        },
        "documentDescribes": [package["SPDXID"] for package in packages]
        if describe_all
        else [root["SPDXID"]],
        "packages": packages,
        "relationships": relationships,
    }


def _package(number: int) -> dict[str, Any]:
    ecosystem, purl_type = ("npm", "npm") if number % 2 else ("pip", "pypi")
    name, version = f"package-{number}", f"1.{number % 7}.{number % 13}"
    licence = LICENCES[number % len(LICENCES)]
    return {
        "SPDXID": f"SPDXRef-{ecosystem}-{name}-{version}",
        "name": f"{ecosystem}:{name}",
        "versionInfo": version,
        "downloadLocation": "NOASSERTION",
        "filesAnalyzed": False,
        "licenseConcluded": licence,
        "licenseDeclared": licence,
        "copyrightText": "NOASSERTION",
        "externalRefs": [_purl(f"pkg:{purl_type}/{name}@{version}")],
    }


def _purl(locator: str) -> dict[str, str]:
    return {
        "referenceCategory": "PACKAGE-MANAGER",
        "referenceType": "purl",
        "referenceLocator": locator,
    }


def timed(function: Callable[[], object]) -> tuple[float, Any]:
    start = time.perf_counter()
    result = function()
    return time.perf_counter() - start, result


def measure(n: int) -> dict[str, float]:
    """Seconds for each step on a document of n components."""
    content = json.dumps(make_document(n)).encode()
    # The package's steps, timed one by one; parse() is their sum.
    read, document = timed(lambda: READERS[sbom.SbomFormat.JSON](content.decode()))
    components, _ = timed(lambda: components_of(document))
    full, _ = timed(lambda: validate_full_spdx_document(document))
    linear, _ = timed(lambda: validate_linearly(document))
    whole, parsed = timed(lambda: sbom.parse(content))
    assert len(parsed.components) == n, parsed.warnings
    describe_all = make_document(n, describe_all=True)
    all_content = json.dumps(describe_all).encode()
    describes, _ = timed(lambda: JsonLikeDictParser().parse(describe_all))
    all_whole, _ = timed(lambda: sbom.parse(all_content))
    return {
        "bytes": len(content),
        "read": read + components,
        "full": full,
        "linear": linear,
        "parse()": whole,
        "describes": describes,
        "parse() all": all_whole,
    }


HOSTILE: dict[str, Callable[[], bytes]] = {
    "over 50 MiB": lambda: b" " * (sbom.MAX_BYTES + 1),
    "RDF/XML over 5 MiB": lambda: (
        b'<?xml version="1.0"?>\n<rdf:RDF' + b" " * sbom.MAX_RDF_XML_BYTES
    ),
    "XML entities": lambda: (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaaaaaaaa">'
        + b"".join(
            f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">'.encode() for i in range(8)
        )
        + b"]><Document>&i;</Document>"
    ),
    "JSON nested 100,000 deep": lambda: b"[" * 100_000 + b"]" * 100_000,
}


def refusals() -> dict[str, float]:
    """Seconds to refuse each hostile input."""
    times = {}
    for name, make in HOSTILE.items():
        content = make()
        started = time.perf_counter()
        try:
            sbom.parse(content)
        except sbom.SbomError:
            pass
        else:
            raise AssertionError(f"{name} was read")
        times[name] = time.perf_counter() - started
    return times


def measure_formats(n: int) -> dict[str, tuple[float, int]]:
    """Seconds to read the same document in each format (validation not included), and
    its size in bytes."""
    document = READERS[sbom.SbomFormat.JSON](json.dumps(make_document(n)))
    times = {}
    for format, extension in [
        (sbom.SbomFormat.JSON, "json"),
        (sbom.SbomFormat.YAML, "yaml"),
        (sbom.SbomFormat.TAG_VALUE, "spdx"),
        (sbom.SbomFormat.RDF_XML, "rdf.xml"),
        (sbom.SbomFormat.XML, "xml"),
    ]:
        text = _written(document, extension)
        seconds, _ = timed(lambda text=text, read=READERS[format]: read(text))
        times[format.value] = seconds, len(text.encode())
    return times


def _written(document: Document, extension: str) -> str:
    """The document as spdx-tools writes it, which it does to files only."""
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / f"sbom.{extension}"
        write_file(document, str(path), validate=False)
        return path.read_text()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 1000, 2000, 5000])
    parser.add_argument("--formats", action="store_true", help="also time the other formats")
    arguments = parser.parse_args()
    print(f"full validation up to {sbom.FULL_VALIDATION_LIMIT:,} elements and relationships")
    columns = ["bytes", "read", "full", "linear", "parse()", "describes", "parse() all"]
    print(f"{'n':>6} " + " ".join(f"{column:>10}" for column in columns), flush=True)
    for n in arguments.sizes:
        row = measure(n)
        cells = [f"{row['bytes']:>10,}", *(f"{row[column]:>9.3f}s" for column in columns[1:])]
        print(f"{n:>6} " + " ".join(cells), flush=True)
    print("\nrefused in")
    for name, seconds in refusals().items():
        print(f"  {name:26} {seconds:7.3f}s", flush=True)
    if arguments.formats:
        print("\nreading time by format (no validation), and seconds per MiB")
        for n in arguments.sizes:
            cells = [
                f"{name} {seconds:.3f}s ({seconds / size * 2**20:.2f} s/MiB)"
                for name, (seconds, size) in measure_formats(n).items()
            ]
            print(f"{n:>6} " + " ".join(cells), flush=True)


if __name__ == "__main__":
    main()
