"""Whether planned tranches may be released: the conditions, each with the fact behind it.

Money goes out on facts: the previous report approved, the previous claim signed off,
and enough of the previous tranche spent (a programme parameter). All the facts of a
partnership are read in a fixed number of queries, however many tranches it has.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db.models import Sum
from django.utils.translation import gettext as _

from core.formatting import interpolate
from grants.models import ClaimStatus, ExpenseClaim, Invoice, PaidBy, Tranche, TrancheLeg, TrancheStatus
from reporting.models import PartnerReport, ReportPeriod, ReportStatus

if TYPE_CHECKING:
    from partnerships.models import Partnership

SPENDER = {TrancheLeg.TO_PARTNER: PaidBy.PARTNER, TrancheLeg.TO_FLEMISH: PaidBy.FLEMISH}


@dataclass(frozen=True)
class Condition:
    label: str
    is_met: bool
    fact: str


def partnership_release_conditions(partnership: Partnership) -> list[tuple[Tranche, list[Condition]]]:
    """Return (planned tranche, its conditions) for every planned tranche of a partnership."""
    return release_conditions([partnership.pk])


def release_conditions(partnership_ids: Iterable[int]) -> list[tuple[Tranche, list[Condition]]]:
    """Return (planned tranche, its conditions) for the planned tranches of many partnerships.

    Read in the same fixed number of queries however many partnerships are asked, so a
    programme-wide list costs no more than one partnership's page.
    """
    tranches = list(
        Tranche.objects.filter(partnership_id__in=partnership_ids)
        .select_related("programme", "partnership")
        .order_by("partnership_id", "year", "number")
    )
    planned = [t for t in tranches if t.status == TrancheStatus.PLANNED]
    if not planned:
        return []
    with_planned = {t.partnership_id for t in planned}
    reports = {
        (r.partnership_id, r.year): r
        for r in PartnerReport.objects.filter(partnership_id__in=with_planned, period=ReportPeriod.YEAR)
    }
    claims = {(c.partnership_id, c.year): c for c in ExpenseClaim.objects.filter(partnership_id__in=with_planned)}
    spent = {
        (partnership_id, year, paid_by): total or Decimal("0")
        for partnership_id, year, paid_by, total in Invoice.objects.filter(claim__partnership_id__in=with_planned)
        .values_list("claim__partnership_id", "claim__year", "paid_by")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    }
    transferred = [t for t in tranches if t.status in (TrancheStatus.PAID, TrancheStatus.RECEIVED)]
    return [(tranche, _conditions(tranche, reports, claims, spent, transferred)) for tranche in planned]


def _conditions(
    tranche: Tranche,
    reports: Mapping[tuple[int, int], PartnerReport],
    claims: Mapping[tuple[int, int], ExpenseClaim],
    spent: Mapping[tuple[int, int, str], Decimal],
    transferred: list[Tranche],
) -> list[Condition]:
    owner, previous_year = tranche.partnership_id, tranche.year - 1
    report, claim = reports.get((owner, previous_year)), claims.get((owner, previous_year))
    earlier = [
        t
        for t in transferred
        if t.partnership_id == owner and t.leg == tranche.leg and (t.year, t.number) < (tranche.year, tranche.number)
    ]
    previous = earlier[-1] if earlier else None
    share = tranche.programme.tranche_spent_share_pct
    spent_pct = (
        spent.get((owner, previous.year, SPENDER[tranche.leg]), Decimal("0")) / previous.amount_eur * 100
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
