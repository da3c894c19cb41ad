"""A small interpreter of the IATI Standard's ruleset (IATI-Rulesets, rulesets/standard.json).

The IATI Validator applies these rules to every published file. Each context is an XPath;
under it, each rule type has cases whose paths are XPaths relative to the context element.
This module runs the rule types standard.json 2.03 uses and returns every case a file breaks,
warnings included. A rule type it does not know raises, so that a newer ruleset cannot pass
unread.

XPath is evaluated by elementpath (installed with xmlschema) in XPath 2.0's compatibility
mode: its XPath 1.0 parser compares numbers with attributes as strings ("1" = 1 is false).
Where XPath 1.0 would compare a number with a word and answer false, XPath 2.0 raises: an
expression that cannot be evaluated counts as a broken rule, never as a passed one.
"""

import copy
import functools
import json
import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import NamedTuple

import elementpath
from elementpath import XPath2Parser, XPathContext

NOW = "NOW"
ORG_ID_PREFIX = "ORG-ID-PREFIX"


class Violation(NamedTuple):
    rule_id: str
    severity: str
    message: str
    where: str
    detail: str


class RuleError(Exception):
    """A case that cannot be evaluated on this element."""


def check_ruleset(tree, ruleset, today, org_prefixes):
    """Return the Violations of `tree` (an ElementTree) against `ruleset` (standard.json, loaded)."""
    checker = _Checker(tree, today, frozenset(org_prefixes))
    violations = []
    for context, rules in ruleset.items():
        for node in checker.select(checker.document, context):
            for rule_type, spec in rules.items():
                violations += checker.apply(node, rule_type, spec["cases"])
    return violations


def load_json(path):
    return json.loads(path.read_text(encoding="utf-8"))


def rule_types(ruleset):
    """Every rule type a ruleset uses, those inside loops included."""
    types = set()
    for rules in ruleset.values():
        for rule_type, spec in rules.items():
            types.add(rule_type)
            if rule_type == "loop":
                for case in spec["cases"]:
                    types |= set(case["do"])
    return types


class _Checker:
    def __init__(self, tree, today, org_prefixes):
        self.document = elementpath.get_node_tree(tree)
        self.today = today
        self.org_prefixes = org_prefixes

    # XPath ------------------------------------------------------------------------------

    def evaluate(self, node, expression):
        try:
            return _parse(expression).evaluate(XPathContext(self.document, item=node))
        except elementpath.ElementPathError as error:
            raise RuleError(f"{expression}: {error}") from error

    def select(self, node, expression):
        result = self.evaluate(node, expression)
        if result is None:
            return []
        return result if isinstance(result, list) else [result]

    def holds(self, node, expression):
        return bool(self.evaluate(node, f"boolean({expression})"))

    def strings(self, node, paths):
        return [_string(item) for path in paths for item in self.select(node, path)]

    # Rules ------------------------------------------------------------------------------

    def apply(self, node, rule_type, cases):
        check = getattr(self, f"_{rule_type}", None)
        if check is None:
            raise NotImplementedError(f"IATI rule type {rule_type!r} is not interpreted")
        violations = []
        for case in cases:
            try:
                if "condition" in case and not self.holds(node, case["condition"]):
                    continue
                broken = check(node, case)
            except RuleError as error:
                broken = str(error)
            if broken:
                info = case["ruleInfo"]
                violations.append(
                    Violation(info["id"], info.get("severity", "error"), info["message"], _where(node), str(broken))
                )
        return violations

    def _atleast_one(self, node, case):
        if not any(self.select(node, path) for path in case["paths"]):
            return f"none of {case['paths']}"

    def _no_more_than_one(self, node, case):
        count = sum(len(self.select(node, path)) for path in case["paths"])
        if count > 1:
            return f"{count} of {case['paths']}"

    def _one_or_all(self, node, case):
        if self.select(node, case["one"]):
            return None
        elements, required = ONE_OR_ALL[case["all"]]
        missing = [item for item in self.select(node, elements) if not self.select(item, required)]
        if missing:
            return f"{len(missing)} of {elements} without {required}"

    def _date_now(self, node, case):
        late = [value for value in self.strings(node, [case["date"]]) if _date(value) > self.today]
        if late:
            return f"in the future: {late}"

    def _date_order(self, node, case):
        less = [_date(value) for value in self.strings(node, [case["less"]])]
        if case["more"] == NOW:
            late = [day for day in less if day > self.today]
            return f"after today: {late}" if late else None
        more = [_date(value) for value in self.strings(node, [case["more"]])]
        if less and more and not max(less) < min(more):
            return f"{case['less']} {less} not before {case['more']} {more}"

    def _time_limit(self, node, case):
        starts = [_date(value) for value in self.strings(node, [case["start"]])]
        ends = [_date(value) for value in self.strings(node, [case["end"]])]
        for start, end in zip(starts, ends, strict=False):
            if end > _a_year_after(start):
                return f"{start} to {end} is longer than a year"

    def _between_dates(self, node, case):
        starts = [_date(value) for value in self.strings(node, [case["start"]])]
        ends = [_date(value) for value in self.strings(node, [case["end"]])]
        days = [_date(value) for value in self.strings(node, [case["date"]])]
        if starts and ends:
            outside = [day for day in days if not min(starts) <= day <= max(ends)]
            if outside:
                return f"outside {starts[0]}..{ends[0]}: {outside}"

    def _regex_matches(self, node, case):
        wrong = [value for value in self.strings(node, case["paths"]) if not re.search(case["regex"], value)]
        if wrong:
            return f"{wrong} do not match {case['regex']}"

    def _no_spaces(self, node, case):
        padded = [value for value in self.strings(node, case["paths"]) if value != value.strip()]
        if padded:
            return f"spaces around {padded}"

    def _startswith(self, node, case):
        if case["prefix"] == [ORG_ID_PREFIX]:
            prefixes = [f"{prefix}-" for prefix in self.org_prefixes]
        else:
            separator = case.get("separator", "")
            prefixes = [f"{value}{separator}" for value in self.strings(node, case["prefix"])]
        wrong = [
            value
            for value in self.strings(node, case["paths"])
            if not any(value.startswith(prefix) for prefix in prefixes)
        ]
        if wrong:
            return f"{wrong} start with none of {sorted(prefixes)[:5]}"

    def _unique(self, node, case):
        values = self.strings(node, case["paths"])
        if len(values) != len(set(values)):
            return f"repeated among {values}"

    def _range(self, node, case):
        wrong = [
            value for value in self.strings(node, case["paths"]) if not case["min"] <= _number(value) <= case["max"]
        ]
        if wrong:
            return f"{wrong} outside {case['min']}..{case['max']}"

    def _strict_sum(self, node, case):
        total = sum((_number(value) for value in self.strings(node, case["paths"])), Decimal(0))
        if total != Decimal(str(case["sum"])):
            return f"{case['paths']} add up to {total}, not {case['sum']}"

    def _if_then(self, node, case):
        if self.holds(node, case["if"]) and not self.holds(node, case["then"]):
            return f"{case['if']} but not {case['then']}"

    def _loop(self, node, case):
        broken = []
        for value in dict.fromkeys(self.strings(node, [case["foreach"]])):
            for rule_type, spec in case["do"].items():
                cases = [_substitute(inner, case["subs"], value) for inner in spec["cases"]]
                broken += [f"{v.rule_id} ({value}): {v.detail}" for v in self.apply(node, rule_type, cases)]
        return "; ".join(broken)


# What "all" means in one_or_all: (elements, the child or attribute each must have).
ONE_OR_ALL = {
    "lang": (".//narrative", "@xml:lang"),
    "currency": (".//value", "@currency"),
    "sector": ("transaction", "sector"),
}


@functools.cache
def _parse(expression):
    return XPath2Parser(compatibility_mode=True).parse(expression)


def _string(item):
    if isinstance(item, (str, int, float, Decimal, bool)):
        return str(item)
    return item.string_value if hasattr(item, "string_value") else str(item.value)


def _date(value):
    try:
        return datetime.fromisoformat(value).date() if "T" in value else date.fromisoformat(value)
    except ValueError as error:
        raise RuleError(f"not a date: {value!r}") from error


def _number(value):
    try:
        return Decimal(value)
    except InvalidOperation as error:
        raise RuleError(f"not a number: {value!r}") from error


def _a_year_after(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)


def _substitute(case, keys, value):
    case = copy.deepcopy(case)
    for key in keys:
        if isinstance(case.get(key), list):
            case[key] = [path.replace("$1", value) for path in case[key]]
        elif key in case:
            case[key] = case[key].replace("$1", value)
    return case


def _where(node):
    """Name where a rule broke: the activity's identifier and the path below it."""
    tags = []
    while node is not None and hasattr(node, "elem"):
        if node.elem.tag == "iati-activity":
            return "/".join([node.elem.findtext("iati-identifier") or "iati-activity", *reversed(tags)])
        tags.append(str(node.elem.tag))
        node = node.parent
    return "/".join(reversed(tags))
