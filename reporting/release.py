"""Whether planned tranches may be released: the conditions, each with the fact behind it.

Money goes out on facts: the previous report approved, the previous claim signed off,
and enough of the previous tranche spent (a programme parameter). All the facts of a
partnership are read in a fixed number of queries, however many tranches it has.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from grants.models import ClaimStatus, ExpenseClaim, Invoice, PaidBy, Tranche, TrancheLeg, TrancheStatus
from partnerships.formatting import interpolate
from reporting.models import PartnerReport, ReportPeriod, ReportStatus

SPENDER = {TrancheLeg.TO_PARTNER: PaidBy.PARTNER, TrancheLeg.TO_FLEMISH: PaidBy.FLEMISH}


@dataclass(frozen=True)
class Condition:
    label: str
    is_met: bool
    fact: str


def partnership_release_conditions(partnership):
    """Return (planned tranche, its conditions) for every planned tranche of a partnership."""
    tranches = list(Tranche.objects.filter(partnership=partnership).select_related("programme").order_by("year", "number"))
    planned = [t for t in tranches if t.status == TrancheStatus.PLANNED]
    if not planned:
        return []
    reports = {
        r.year: r for r in PartnerReport.objects.filter(partnership=partnership, period=ReportPeriod.YEAR)
    }
    claims = {c.year: c for c in ExpenseClaim.objects.filter(partnership=partnership)}
    spent = {
        (year, paid_by): total or Decimal("0")
        for year, paid_by, total in Invoice.objects.filter(claim__partnership=partnership)
        .values_list("claim__year", "paid_by")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    }
    transferred = [t for t in tranches if t.status in (TrancheStatus.PAID, TrancheStatus.RECEIVED)]
    return [(tranche, _conditions(tranche, reports, claims, spent, transferred)) for tranche in planned]


def _conditions(tranche, reports, claims, spent, transferred):
    previous_year = tranche.year - 1
    report, claim = reports.get(previous_year), claims.get(previous_year)
    earlier = [t for t in transferred if t.leg == tranche.leg and (t.year, t.number) < (tranche.year, tranche.number)]
    previous = earlier[-1] if earlier else None
    share = tranche.programme.tranche_spent_share_pct
    spent_pct = (
        spent.get((previous.year, SPENDER[tranche.leg]), Decimal("0")) / previous.amount_eur * 100
        if previous
        else Decimal("0")
    )
    return [
        Condition(
            _("Annual report %(year)s approved") % {"year": previous_year},
            report is not None and report.status == ReportStatus.APPROVED,
            report.get_status_display() if report else _("no report"),
        ),
        Condition(
            _("Expense claim %(year)s signed off") % {"year": previous_year},
            claim is not None and claim.status == ClaimStatus.CLOSED,
            claim.get_status_display() if claim else _("no claim"),
        ),
        Condition(
            interpolate(_("At least %(share)s %% of the previous tranche spent"), {"share": share}, ["share"]),
            previous is not None and spent_pct >= share,
            interpolate(_("%(pct)s %% spent"), {"pct": round(spent_pct, 1)}, ["pct"]),
        ),
    ]
