"""CATEGORY: the cost category draws on a budget of the claim year, and is one DGD pays for."""

from grants.eligibility.facts import COST_CATEGORY_OF
from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import FLEMISH, LineRule

PERSONNEL = "personnel"


class CategoryRule(LineRule):
    """Reject a whole line whose cost category has no allocation, or Flemish staff costs.

    Investment, operating and personnel draw on the operational budget, management on the
    management budget. The Flemish municipality pays its own officer: its personnel costs
    are not eligible unless the programme says otherwise. An empty category is for
    MISSING_DATA.
    """

    code = "CATEGORY"
    UNKNOWN = gettext_noop("The cost category %(category)s does not exist in the programme budget.")
    NO_ALLOCATION = {
        "operational": gettext_noop("There is no budget for operational costs in %(year)s."),
        "management": gettext_noop("There is no budget for management costs in %(year)s."),
    }
    FLEMISH_STAFF = gettext_noop(
        "Staff costs paid by the Flemish municipality are not eligible: it pays its own officer."
    )

    def check(self, line, claim, params):
        category = line.invoice.category
        if not category.strip():
            return None
        cost_category = COST_CATEGORY_OF.get(category)
        if cost_category is None:
            return self.fail_whole(line, self.UNKNOWN, category=category)
        if claim.budget_for(cost_category) <= 0:
            return self.fail_whole(line, self.NO_ALLOCATION[cost_category], year=claim.year)
        is_flemish_staff = category == PERSONNEL and line.invoice.paid_by == FLEMISH
        if is_flemish_staff and not params.flemish_staff_cost_eligible:
            return self.fail_whole(line, self.FLEMISH_STAFF)
        return None
