"""Read queries of the grants app, scoped through partnerships.selectors."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, Sum
from django.utils import timezone

from grants.budget import index_plan, period_totals
from grants.models import (
    Allocation,
    CostCategory,
    ExpenseClaim,
    Programme,
    Tranche,
    TrancheLeg,
    TrancheStatus,
)
from partnerships.selectors import partnerships_visible_to, sees_whole_programme

TRANSFERRED = (TrancheStatus.PAID, TrancheStatus.RECEIVED)
PLAN_PERIOD_YEARS = 5


def programmes_visible_to(user):
    if not user.is_authenticated:
        return Programme.objects.none()
    if sees_whole_programme(user):
        return Programme.objects.all()
    return Programme.objects.filter(
        allocations__partnership__in=partnerships_visible_to(user)
    ).distinct()


def programme_current(programmes, today=None):
    """Return the programme running today, else the most recent one that has allocations."""
    today = today or timezone.localdate()
    running = programmes.filter(start_date__lte=today, end_date__gte=today).first()
    if running is not None:
        return running
    return programmes.filter(allocations__isnull=False).order_by("-start_date").first()


def claims_visible_to(user):
    if not user.is_authenticated:
        return ExpenseClaim.objects.none()
    if sees_whole_programme(user):
        return ExpenseClaim.objects.all()
    return ExpenseClaim.objects.filter(partnership__in=partnerships_visible_to(user))


def budget_plan_table(programme):
    """Return the indexed multi-year plan of a programme, or None when it has no plan."""
    plan = getattr(programme, "budget_plan", None)
    if plan is None:
        return None
    base = defaultdict(Decimal)
    for line in plan.lines.all():
        base[line.category] += line.base_amount_eur
    categories = [code for code in CostCategory.values if code in base]
    base_amounts = {code: base[code] for code in categories}
    years = index_plan(base_amounts, plan.base_year, plan.inflation_pct, programme.years)
    return {
        "programme": programme,
        "plan": plan,
        "categories": [(code, CostCategory(code).label) for code in categories],
        "base_amounts": base_amounts,
        "base_total": sum(base_amounts.values(), Decimal(0)),
        "years": years,
        "periods": period_totals(years, PLAN_PERIOD_YEARS) if len(years) > PLAN_PERIOD_YEARS else [],
    }


def partnership_money(partnership):
    """Return allocations and tranches per year of one partnership, across programmes."""
    allocations = (
        Allocation.objects.filter(partnership=partnership)
        .values("programme__code", "year")
        .annotate(amount_eur=Sum("amount_eur"))
        .order_by("year")
    )
    tranches = list(
        Tranche.objects.filter(partnership=partnership)
        .select_related("programme")
        .order_by("year", "leg", "number")
    )
    by_year = defaultdict(lambda: {"allocated_eur": Decimal(0), "tranches": []})
    for row in allocations:
        by_year[row["year"]]["allocated_eur"] += row["amount_eur"]
    for tranche in tranches:
        by_year[tranche.year]["tranches"].append(tranche)
    for year, data in by_year.items():
        data["received_eur"] = sum(
            (
                t.amount_eur
                for t in data["tranches"]
                if t.leg == TrancheLeg.TO_PARTNER and t.status == TrancheStatus.RECEIVED
            ),
            Decimal(0),
        )
    return [dict(year=year, **by_year[year]) for year in sorted(by_year)]


def programme_overview(programme, partnerships):
    """Return the at-a-glance figures of a programme for the given partnerships."""
    per_country = (
        partnerships.values("country__code", "status")
        .annotate(count=Count("pk"))
        .order_by("country__code", "status")
    )
    countries = defaultdict(lambda: {"total": 0})
    for row in per_country:
        entry = countries[row["country__code"]]
        entry[row["status"]] = row["count"]
        entry["total"] += row["count"]
    allocated = dict(
        Allocation.objects.filter(programme=programme, partnership__in=partnerships)
        .values_list("year")
        .annotate(total=Sum("amount_eur"))
        .order_by("year")
    )
    transferred = defaultdict(dict)
    for year, leg, total in (
        Tranche.objects.filter(
            programme=programme, partnership__in=partnerships, status__in=TRANSFERRED
        )
        .values_list("year", "leg")
        .annotate(total=Sum("amount_eur"))
        .order_by("year", "leg")
    ):
        transferred[year][leg] = total
    years = [
        {
            "year": year,
            "allocated_eur": allocated.get(year, Decimal(0)),
            "to_flemish_eur": transferred[year].get(TrancheLeg.TO_FLEMISH, Decimal(0)),
            "to_partner_eur": transferred[year].get(TrancheLeg.TO_PARTNER, Decimal(0)),
        }
        for year in programme.years
    ]
    return {
        "programme": programme,
        "countries": [dict(code=code, **counts) for code, counts in sorted(countries.items())],
        "years": years,
        "allocated_total_eur": sum((y["allocated_eur"] for y in years), Decimal(0)),
        "to_flemish_total_eur": sum((y["to_flemish_eur"] for y in years), Decimal(0)),
        "to_partner_total_eur": sum((y["to_partner_eur"] for y in years), Decimal(0)),
    }
