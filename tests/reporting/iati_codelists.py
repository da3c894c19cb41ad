"""Check the codes of an IATI file against the official code lists, as mapping.xml assigns them.

mapping.xml (IATI-Codelists) pairs an XPath of the file with a code list and, for lists
chosen by a vocabulary, a condition on the element (`@vocabulary = '2'`). A value must be a
code of its list and not a withdrawn one; a list marked incomplete (complete="0", e.g.
Country) only refuses withdrawn codes, as the IATI Validator does.
"""

import functools
import xml.etree.ElementTree as ET  # nosec B405 # reads the project's own copies of the official files
from typing import NamedTuple

import elementpath
from elementpath import XPath2Parser, XPathContext


class CodeViolation(NamedTuple):
    path: str
    codelist: str
    value: str
    reason: str


class Mapping(NamedTuple):
    path: str
    condition: str | None
    codelist: str


def mappings(mapping_file):
    root = ET.parse(mapping_file).getroot()
    return [
        Mapping(m.findtext("path"), m.findtext("condition"), m.find("codelist").get("ref"))
        for m in root.iter("mapping")
    ]


def check_codelists(tree, mapping_file, codelist_dir):
    """Return the CodeViolations of `tree` (an ElementTree) and the set of lists it used."""
    document = elementpath.get_node_tree(tree)
    violations, used = [], set()
    for mapping in mappings(mapping_file):
        values = _values(document, mapping)
        if not values:
            continue
        used.add(mapping.codelist)
        codes = _codelist(codelist_dir, mapping.codelist)
        if codes is None:
            violations += [CodeViolation(mapping.path, mapping.codelist, v, "no such code list") for v in values]
            continue
        active, withdrawn, complete = codes
        for value in values:
            if value in withdrawn:
                violations.append(CodeViolation(mapping.path, mapping.codelist, value, "withdrawn"))
            elif complete and value not in active:
                violations.append(CodeViolation(mapping.path, mapping.codelist, value, "not in the list"))
    return violations, used


def _values(document, mapping):
    """The values at mapping.path whose element meets mapping.condition."""
    element_path, leaf = mapping.path.rsplit("/", 1)
    if mapping.condition:
        element_path = f"{element_path}[{mapping.condition}]"
    items = _parse(f"{element_path}/{leaf}").evaluate(XPathContext(document))
    return [item.string_value.strip() for item in (items or [])]


@functools.cache
def _parse(expression):
    return XPath2Parser(compatibility_mode=True).parse(expression)


@functools.cache
def _codelist(codelist_dir, name):
    """Return (active codes, withdrawn codes, complete) of a code list, or None without its file."""
    path = codelist_dir / f"{name}.xml"
    if not path.exists():
        return None
    root = ET.parse(path).getroot()
    active, withdrawn = set(), set()
    for item in root.iter("codelist-item"):
        (withdrawn if item.get("status") == "withdrawn" else active).add(item.findtext("code").strip())
    return frozenset(active), frozenset(withdrawn), root.get("complete") != "0"
