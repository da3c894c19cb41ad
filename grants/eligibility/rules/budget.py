"""BUDGET: a claim is accepted up to the allocation of each cost category, plus flexibility."""

import dataclasses
from collections import defaultdict

from grants.eligibility.facts import COST_CATEGORY_OF
from grants.eligibility.findings import Verdict
from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import Rule
from grants.money import round_eur


class BudgetRule(Rule):
    """Reject what the accepted EUR of a cost category spends above its allocation + 10 %.

    It runs on the verdicts of the other rules: the accepted total of a category counts
    every accepted line, credit notes included. The excess is taken off the accepted
    amount of the highest line numbers first (the last expenses overspent the budget);
    each line it touches becomes partial, or ineligible when nothing is left of it.
    """

    code = "BUDGET"
    ABOVE_ALLOCATION = {
        "operational": gettext_noop(
            # Translators: "%%" is a percent sign.
            "The accepted operational costs of %(amount_accepted)s exceed the allocation of "
            "%(amount_allocation)s for %(year)s plus %(flexibility_pct)s %%: "
            "%(amount_taken)s of this line is not eligible."
        ),
        "management": gettext_noop(
            # Translators: "%%" is a percent sign.
            "The accepted management costs of %(amount_accepted)s exceed the allocation of "
            "%(amount_allocation)s for %(year)s plus %(flexibility_pct)s %%: "
            "%(amount_taken)s of this line is not eligible."
        ),
    }
    LINE = "line"
    ABOVE_BUDGET_LINE = gettext_noop(
        # Translators: "%%" is a percent sign.
        "The accepted costs of %(amount_accepted)s exceed the budget line's %(amount_allocation)s "
        "for %(year)s plus %(flexibility_pct)s %%: %(amount_taken)s of this line is not eligible."
    )

    def apply(self, results, lines, claim, params):
        """Return `results` (in line order) with the excess of each cost category taken off."""
        line_of = {line.number: line for line in lines}
        by_category = defaultdict(list)
        for result in results:
            cost_category = COST_CATEGORY_OF.get(line_of[result.line].invoice.category)
            if cost_category is not None:
                # An association claim has one budget line for all its categories.
                by_category[cost_category if claim.budget_line_eur is None else self.LINE].append(result)
        replaced = {}
        for cost_category, group in sorted(by_category.items()):
            allocation = claim.budget_for(cost_category)
            message = self.ABOVE_BUDGET_LINE if cost_category == self.LINE else self.ABOVE_ALLOCATION[cost_category]
            limit = round_eur(allocation * (100 + params.budget_flexibility_pct) / 100)
            accepted = sum(result.accepted_eur for result in group)
            excess = accepted - limit
            for result in sorted(group, key=lambda result: result.line, reverse=True):
                if excess <= 0:
                    break
                if result.accepted_eur <= 0:
                    continue
                taken = min(result.accepted_eur, excess)
                excess -= taken
                finding = self.fail(
                    line_of[result.line],
                    taken,
                    message,
                    amount_accepted=accepted,
                    amount_allocation=allocation,
                    year=claim.year,
                    flexibility_pct=params.budget_flexibility_pct,
                    amount_taken=taken,
                )
                replaced[result.line] = _take(result, taken, finding)
        return [replaced.get(result.line, result) for result in results]


def _take(result, taken, finding):
    accepted = result.accepted_eur - taken
    return dataclasses.replace(
        result,
        verdict=Verdict.PARTIAL if accepted > 0 else Verdict.INELIGIBLE,
        accepted_eur=accepted,
        rejected_eur=result.rejected_eur + taken,
        findings=tuple(sorted(result.findings + (finding,), key=lambda item: item.code)),
    )
