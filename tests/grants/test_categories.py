"""The three category words of the grants app (grants.models): a statement's InvoiceCategory
is a BudgetHeading of operational costs or the management CostCategory, and the rules map
each to the cost category it draws on."""

from grants.eligibility.facts import COST_CATEGORY_OF, INVOICE_CATEGORIES
from grants.models import BudgetHeading, CostCategory, InvoiceCategory


def test_the_rules_know_every_invoice_category_and_no_other():
    assert set(INVOICE_CATEGORIES) == set(COST_CATEGORY_OF) == set(InvoiceCategory.values)


def test_an_invoice_category_draws_on_a_cost_category_of_the_budget():
    assert set(COST_CATEGORY_OF.values()) <= set(CostCategory.values)


def test_an_invoice_category_is_a_heading_of_operational_costs_or_the_management_category():
    headings = {code for code, cost_category in COST_CATEGORY_OF.items() if cost_category == CostCategory.OPERATIONAL}

    assert headings <= set(BudgetHeading.values)
    assert set(InvoiceCategory.values) - headings == {CostCategory.MANAGEMENT}
