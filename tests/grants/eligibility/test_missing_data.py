from decimal import Decimal

import pytest

from grants.eligibility.findings import Outcome, Verdict
from grants.eligibility.rules.missing_data import MissingDataRule


def test_line_with_all_its_data_passes(audit_line, finding_of):
    result = audit_line()

    assert finding_of(result, "MISSING_DATA") is None


@pytest.mark.parametrize("field", ["supplier", "invoice_number", "description", "category"])
@pytest.mark.parametrize("empty", ["", "   "])
def test_line_without_one_of_its_data_needs_info(audit_line, finding_of, field, empty):
    result = audit_line(**{field: empty})

    finding = finding_of(result, "MISSING_DATA")
    assert finding.outcome == Outcome.NEEDS_INFO
    assert finding.message == MissingDataRule.MISSING[field]
    assert finding.params == {"fields": field}
    assert result.verdict == Verdict.NEEDS_INFO
    assert result.pending_eur == Decimal("1000.00")


def test_line_without_several_data_needs_info_once(audit_line, finding_of):
    result = audit_line(supplier="", category="")

    finding = finding_of(result, "MISSING_DATA")
    assert finding.message == MissingDataRule.SEVERAL_MISSING
    assert finding.params == {"fields": "supplier, category"}
