"""The money chapter of the annual report: the whole year's subsidy, line by line.

Every figure here is summed by the database and rounded to the cent once
(grants.money.round_eur). The year's subsidy is accounted for in full: what was
allocated to partnerships, what the association's own budget lines hold, what the
partners' envelopes still keep unallocated, and any difference with the budget agreed.
Expenses count only from audited claims (every line settled), partnerships' and the
association's alike, so each total here is the sum of `audit_claim`'s totals.
"""

from decimal import Decimal

import pandas as pd
from django.db.models import Count, Q, Sum

from grants.models import (
    Allocation,
    BudgetChannel,
    BudgetLineAmount,
    CostCategory,
    ExpenseClaim,
    Subsidy,
    SubsidySource,
)
from grants.money import round_eur
from grants.selectors import (
    allocations_by_category,
    budget_shares,
    partnerships_accepted_by_category,
    programme_budget,
)
from reporting.annual.ratios import percent_of

ZERO = Decimal("0.00")
LINE_COLUMNS = [
    "code",
    "name",
    "category",
    "heading",
    "channel",
    "budget_eur",
    "allocated_eur",
    "accepted_eur",
    "execution_pct",
]


def eur(value):
    return round_eur(value) if value is not None else ZERO


def total_of(frame, column):
    return sum(frame[column], ZERO) if len(frame) else ZERO


def federal_subsidy(programme, year):
    amount = (
        Subsidy.objects.filter(programme=programme, year=year, source=SubsidySource.FEDERAL)
        .values_list("amount_eur", flat=True)
        .first()
    )
    return eur(amount)


def budget_lines_frame(programme, year):
    """Budget against accepted expenses per budget line of the year (grants.selectors.programme_budget).

    Should a programme split the partners' envelope of a cost category over several
    lines, the partnerships' accepted expenses of that category are shown on the first,
    so that no euro is counted twice.
    """
    records, seen_categories = [], set()
    for line in programme_budget(programme, year):
        accepted = eur(line["accepted_eur"])
        if line["channel"] == BudgetChannel.PARTNERS:
            if line["category"] in seen_categories:
                accepted = ZERO
            seen_categories.add(line["category"])
        budget = eur(line["amount_eur"])
        records.append(
            {
                **{key: line[key] for key in ("code", "name", "category", "heading", "channel")},
                "budget_eur": budget,
                "allocated_eur": eur(line["allocated_eur"]) if line["allocated_eur"] is not None else None,
                "accepted_eur": accepted,
                "execution_pct": percent_of(accepted, budget),
            }
        )
    return pd.DataFrame.from_records(records, columns=LINE_COLUMNS)


def subsidy_accounting(programme, year, lines, allocated):
    """The year's federal subsidy split into where it went; the parts add up to the subsidy.

    `lines` is budget_lines_frame, `allocated` the year's allocations to partnerships.
    """
    subsidy = federal_subsidy(programme, year)
    partner_lines = lines[lines["channel"] == BudgetChannel.PARTNERS] if len(lines) else lines
    own_lines = lines[lines["channel"] != BudgetChannel.PARTNERS] if len(lines) else lines
    envelopes = total_of(partner_lines, "budget_eur") if len(partner_lines) else allocated
    own = total_of(own_lines, "budget_eur")
    budgeted = envelopes + own
    return {
        "subsidy_eur": subsidy,
        "budget_eur": budgeted,
        "allocated_eur": allocated,
        "own_lines_eur": own,
        "own_lines": own_lines.to_dict("records"),
        "unallocated_eur": envelopes - allocated,
        # Positive: part of the subsidy no budget line holds; negative: lines above it.
        "not_budgeted_eur": subsidy - budgeted,
    }


def categories_frame(programme, year, lines):
    """Budget, accepted expenses and share of the budget per cost category, against the caps."""
    shares = budget_shares(programme, year)
    budget = {code: ZERO for code in CostCategory.values}
    accepted = {code: ZERO for code in CostCategory.values}
    for row in lines.to_dict("records"):
        budget[row["category"]] += row["budget_eur"]
        accepted[row["category"]] += row["accepted_eur"]
    if not len(lines):
        budget.update(allocations_by_category(programme, year))
        accepted.update(partnerships_accepted_by_category(programme, year))
    total = sum(budget.values(), ZERO)
    rows = []
    for code in CostCategory.values:
        if not (budget[code] or accepted[code]):
            continue
        cap = shares.get(code)
        rows.append(
            {
                "category": code,
                "budget_eur": budget[code],
                "accepted_eur": accepted[code],
                "execution_pct": percent_of(accepted[code], budget[code]),
                "share_pct": percent_of(budget[code], total),
                "cap_pct": cap["cap_pct"] if cap else None,
                "within_cap": cap["within_cap"] if cap else None,
            }
        )
    return pd.DataFrame.from_records(
        rows, columns=["category", "budget_eur", "accepted_eur", "execution_pct", "share_pct", "cap_pct", "within_cap"]
    )


def years_frame(programme, last_year=None):
    """Budget and accepted expenses per programme year, cumulated against the whole programme budget.

    The budget of a year is its budget lines where the programme has them, else its
    allocations to partnerships; the whole programme budget adds up every year.
    """
    years = list(programme.years)
    line_budget = dict(
        BudgetLineAmount.objects.filter(line__programme=programme, year__in=years)
        .values_list("year")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    allocations = dict(
        Allocation.objects.filter(programme=programme, year__in=years)
        .values_list("year")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    accepted = dict(
        ExpenseClaim.objects.audited()
        .filter(programme=programme, year__in=years)
        .values_list("year")
        .annotate(total=Sum("accepted_eur"))
        .order_by()
    )
    budget = {year: eur(line_budget.get(year, allocations.get(year))) for year in years}
    whole = sum(budget.values(), ZERO)
    records, cumulative = [], ZERO
    for year in years:
        if last_year is not None and year > last_year:
            break
        cumulative += eur(accepted.get(year))
        records.append(
            {
                "year": year,
                "budget_eur": budget[year],
                "accepted_eur": eur(accepted.get(year)),
                "execution_pct": percent_of(eur(accepted.get(year)), budget[year]),
                "cumulative_accepted_eur": cumulative,
                "cumulative_pct": percent_of(cumulative, whole),
            }
        )
    frame = pd.DataFrame.from_records(
        records,
        columns=["year", "budget_eur", "accepted_eur", "execution_pct", "cumulative_accepted_eur", "cumulative_pct"],
    )
    frame.attrs["programme_budget_eur"] = whole
    return frame


def unsettled_claims_frame(programme, year):
    """Claims of the year not yet audited, each with what was declared so far.

    Lines are converted to euro as they are imported: a line without a rate counts for
    the euro amount the municipality wrote, or nothing (grants.eligibility.rates.line_eur),
    and the lines with neither a rate nor a written amount are counted. A claim with a
    line stored unconverted counts the amounts the municipality wrote instead.
    """
    rows = (
        ExpenseClaim.objects.unsettled()
        .filter(programme=programme, year=year)
        .annotate(
            lines=Count("invoices"),
            computed_eur=Sum("invoices__amount_eur"),
            declared_eur=Sum("invoices__declared_amount_eur"),
            without_eur=Count(
                "invoices", filter=Q(invoices__units_per_eur__isnull=True, invoices__declared_amount_eur__isnull=True)
            ),
            not_computed=Count("invoices", filter=Q(invoices__amount_eur__isnull=True)),
        )
        .values(
            "pk",
            "partnership__code",
            "budget_line__code",
            "status",
            "lines",
            "computed_eur",
            "declared_eur",
            "without_eur",
            "not_computed",
            "claimed_eur",
            "accepted_eur",
            "rejected_eur",
            "pending_eur",
        )
        .order_by("partnership__code", "budget_line__code")
    )
    records = []
    for row in rows:
        computed = row["lines"] and not row["not_computed"]
        records.append(
            {
                "claim_id": row["pk"],
                "holder": row["partnership__code"] or row["budget_line__code"],
                "status": row["status"],
                "lines": row["lines"],
                "declared_eur": eur(row["computed_eur"] if computed else row["declared_eur"]),
                "lines_without_eur": row["without_eur"],
                "accepted_so_far_eur": eur(row["accepted_eur"]),
                "pending_eur": eur(row["pending_eur"]),
            }
        )
    return pd.DataFrame.from_records(
        records,
        columns=[
            "claim_id",
            "holder",
            "status",
            "lines",
            "declared_eur",
            "lines_without_eur",
            "accepted_so_far_eur",
            "pending_eur",
        ],
    )


def own_claims_frame(programme, year):
    """The association's audited claims on its own lines, with their totals."""
    rows = (
        ExpenseClaim.objects.audited()
        .filter(programme=programme, year=year, budget_line__isnull=False)
        .values("budget_line__code", "claimed_eur", "accepted_eur", "rejected_eur", "pending_eur")
        .order_by("budget_line__code")
    )
    return pd.DataFrame.from_records(
        [
            {
                "code": row["budget_line__code"],
                **{key: eur(row[key]) for key in ("claimed_eur", "accepted_eur", "rejected_eur", "pending_eur")},
            }
            for row in rows
        ],
        columns=["code", "claimed_eur", "accepted_eur", "rejected_eur", "pending_eur"],
    )
