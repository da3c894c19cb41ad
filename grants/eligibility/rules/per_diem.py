"""PER_DIEM: daily allowances are paid at most at the federal scale of the partner country."""

from decimal import Decimal

from grants.eligibility.keywords import DEFAULT_PER_DIEM, days_in, word_list
from grants.eligibility.messages import gettext_noop
from grants.eligibility.rules.base import Rule
from grants.money import round_eur


class PerDiemRule(Rule):
    """Reject the part of a daily allowance above the country's scale times its number of days.

    A line is a daily allowance when its description says so (per diem, indemnité
    journalière, viático, dagvergoeding...); the number of days comes from the description
    ("3 jours"). Without it the allowance cannot be judged: information is needed. Without
    a scale for the country the auditor judges it.
    """

    code = "PER_DIEM"
    ABOVE_SCALE = gettext_noop(
        "The daily allowance of %(amount_claimed)s is above the scale of %(amount_scale)s a day "
        "for %(days)s days (%(amount_allowed)s): the excess of %(amount_excess)s is not eligible."
    )
    NO_DAYS = gettext_noop(
        "The description of this daily allowance does not give its number of days."
    )
    NO_SCALE = gettext_noop(
        "There is no daily allowance scale for the country %(country)s: the auditor checks this "
        "allowance."
    )

    def judge(self, lines, claim, params):
        per_diem_words = (
            word_list(tuple(params.per_diem_keywords))
            if params.per_diem_keywords
            else DEFAULT_PER_DIEM
        )
        scale = params.per_diem_scale_eur.get(claim.country)
        for line in lines:
            if line.amount_eur <= 0 or not per_diem_words.found_in(line.text):
                continue
            if scale is None:
                yield self.warn(line, self.NO_SCALE, country=claim.country)
                continue
            days = days_in(line.text)
            if not days:
                yield self.needs_info(line, self.NO_DAYS)
                continue
            allowed = round_eur(Decimal(scale) * days)
            if line.amount_eur > allowed:
                yield self.fail(
                    line,
                    line.amount_eur - allowed,
                    self.ABOVE_SCALE,
                    amount_claimed=line.amount_eur,
                    amount_scale=Decimal(scale),
                    days=days,
                    amount_allowed=allowed,
                    amount_excess=line.amount_eur - allowed,
                )
