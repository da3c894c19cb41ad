"""PER_DIEM: daily allowances and lodging within the federal scale of the destination country."""

from decimal import Decimal

from grants.eligibility.message_ids import gettext_noop
from grants.eligibility.rules.base import Rule
from grants.eligibility.word_matching import DEFAULT_PER_DIEM, LODGING, days_in, nights_in, word_list
from grants.money import round_eur

HUNDRED = Decimal(100)


class PerDiemRule(Rule):
    """Reject what a daily allowance or a lodging claims above the scale of its destination.

    The scale (Ministerial Decree of 10 January 2023, programme parameters) gives per
    destination country a daily allowance and a maximum lodging a night, for whoever
    travels: a Beninese delegation in Flanders uses Belgium's. The destination is the
    line's; without one, the partner country (the claim's country). A line is an allowance
    or a lodging when its description says so (per diem, indemnité journalière, viático,
    dagvergoeding; hôtel, hébergement, alojamiento, logies...); its days or nights come from
    the line, else from the description ("3 jours", "2 nuits"). The allowance is cut by
    `lunch_cut_pct` for each day lunch was provided and `dinner_cut_pct` for each dinner.
    Without days information is needed; without a scale for the destination the auditor
    judges the line.
    """

    code = "PER_DIEM"
    ABOVE_SCALE = gettext_noop(
        "The daily allowance of %(amount_claimed)s is above the scale of %(amount_scale)s a day "
        "in %(country)s for %(days)s days (%(amount_allowed)s): the excess of %(amount_excess)s is "
        "not eligible."
    )
    ABOVE_SCALE_MEALS = gettext_noop(
        "The daily allowance of %(amount_claimed)s is above the scale of %(amount_scale)s a day "
        "in %(country)s for %(days)s days, less %(lunch_cut_pct)s %% for %(lunches)s lunches and "
        "%(dinner_cut_pct)s %% for %(dinners)s dinners provided (%(amount_allowed)s): the excess "
        "of %(amount_excess)s is not eligible."
    )
    ABOVE_LODGING = gettext_noop(
        "The lodging of %(amount_claimed)s is above the maximum of %(amount_scale)s a night in "
        "%(country)s for %(days)s nights (%(amount_allowed)s): the excess of %(amount_excess)s is "
        "not eligible."
    )
    NO_DAYS = gettext_noop("The description of this daily allowance does not give its number of days.")
    NO_NIGHTS = gettext_noop("This lodging does not give its number of nights.")
    NO_SCALE = gettext_noop(
        "There is no daily allowance scale for the country %(country)s: the auditor checks this allowance."
    )
    NO_LODGING_SCALE = gettext_noop(
        "There is no maximum lodging for the country %(country)s: the auditor checks this lodging."
    )
    MEALS_ABOVE_DAYS = gettext_noop("More meals are declared as provided than the %(days)s days of this allowance.")

    def judge(self, lines, claim, params):
        per_diem_words = word_list(tuple(params.per_diem_keywords)) if params.per_diem_keywords else DEFAULT_PER_DIEM
        for line in lines:
            if line.amount_eur <= 0:
                continue
            country = line.invoice.destination or claim.country
            if per_diem_words.found_in(line.text):
                yield from self._allowance(line, country, params)
            elif LODGING.found_in(line.text):
                yield from self._lodging(line, country, params)

    def _allowance(self, line, country, params):
        scale = params.per_diem_scale_eur.get(country)
        if scale is None:
            yield self.warn(line, self.NO_SCALE, country=country)
            return
        days = line.invoice.days or days_in(line.text)
        if not days:
            yield self.needs_info(line, self.NO_DAYS)
            return
        lunches, dinners = line.invoice.lunches_provided, line.invoice.dinners_provided
        if lunches > days or dinners > days:
            yield self.needs_info(line, self.MEALS_ABOVE_DAYS, days=days)
            return
        scale = Decimal(scale)
        cuts = (lunches * params.lunch_cut_pct + dinners * params.dinner_cut_pct) / HUNDRED
        allowed = round_eur(scale * (days - cuts))
        if line.amount_eur <= allowed:
            return
        values = {
            "amount_claimed": line.amount_eur,
            "amount_scale": scale,
            "country": country,
            "days": days,
            "amount_allowed": allowed,
            "amount_excess": line.amount_eur - allowed,
        }
        if lunches or dinners:
            values |= {
                "lunch_cut_pct": params.lunch_cut_pct,
                "lunches": lunches,
                "dinner_cut_pct": params.dinner_cut_pct,
                "dinners": dinners,
            }
            yield self.fail(line, line.amount_eur - allowed, self.ABOVE_SCALE_MEALS, **values)
        else:
            yield self.fail(line, line.amount_eur - allowed, self.ABOVE_SCALE, **values)

    def _lodging(self, line, country, params):
        scale = params.lodging_scale_eur.get(country)
        if scale is None:
            yield self.warn(line, self.NO_LODGING_SCALE, country=country)
            return
        nights = line.invoice.days or nights_in(line.text)
        if not nights:
            yield self.needs_info(line, self.NO_NIGHTS)
            return
        scale = Decimal(scale)
        allowed = round_eur(scale * nights)
        if line.amount_eur > allowed:
            yield self.fail(
                line,
                line.amount_eur - allowed,
                self.ABOVE_LODGING,
                amount_claimed=line.amount_eur,
                amount_scale=scale,
                country=country,
                days=nights,
                amount_allowed=allowed,
                amount_excess=line.amount_eur - allowed,
            )
