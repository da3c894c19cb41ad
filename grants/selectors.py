"""Read queries of the grants app, scoped through partnerships.selectors.

What a user may do with what they read is asked of grants.permissions.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Prefetch, Q, QuerySet, Sum
from django.http import Http404, HttpRequest
from django.utils import timezone

from grants.budget import index_plan, period_totals
from grants.eligibility.facts import COST_CATEGORY_OF
from grants.models import (
    Allocation,
    BudgetChannel,
    BudgetLine,
    BudgetLineAmount,
    CoFinancing,
    CostCategory,
    ExpenseClaim,
    Finding,
    Invoice,
    InvoiceAttachment,
    Programme,
    Tranche,
    TrancheLeg,
    TrancheStatus,
)
from grants.money import round_eur
from grants.services.audit import claim_exchange_difference
from partnerships.models import Partnership, Role, User
from partnerships.selectors import (
    is_auditor,
    partnerships_visible_to,
    programme_wide_roles_of,
    roles_for,
    sees_whole_programme,
)

if TYPE_CHECKING:
    from django_filters import FilterSet

PLAN_PERIOD_YEARS = 5


def programmes_visible_to(user: User) -> QuerySet[Programme]:
    if not user.is_authenticated:
        return Programme.objects.none()
    if sees_whole_programme(user):
        return Programme.objects.all()
    return Programme.objects.filter(allocations__partnership__in=partnerships_visible_to(user)).distinct()


def programme_current(programmes: QuerySet[Programme], today: date | None = None) -> Programme | None:
    """Return the programme running today, else the most recent one that has allocations."""
    today = today or timezone.localdate()
    running = programmes.filter(start_date__lte=today, end_date__gte=today).first()
    if running is not None:
        return running
    return programmes.filter(allocations__isnull=False).order_by("-start_date").first()


def claims_visible_to(user: User) -> QuerySet[ExpenseClaim]:
    """Claims the user may see; the association's own claims only with a programme-wide membership.

    The association's claims have no partnership, so the partnership scope of everyone
    else leaves them out.
    """
    if not user.is_authenticated:
        return ExpenseClaim.objects.none()
    if sees_whole_programme(user):
        return ExpenseClaim.objects.all()
    return ExpenseClaim.objects.filter(partnership__in=partnerships_visible_to(user))


def claim_visible_or_404(user: User, pk: int | str) -> ExpenseClaim:
    """Return a claim the user may see, or 404 exactly as for a claim that does not exist."""
    try:
        return claims_visible_to(user).select_related("partnership__country", "programme", "budget_line").get(pk=pk)
    except (ExpenseClaim.DoesNotExist, ValueError):
        raise Http404("No such claim") from None


def claim_by_reference(reference: int | str) -> ExpenseClaim | None:
    """Find a claim by its id, PARTNERSHIP/YEAR (BJ-ANZ-PER/2024) or LINE/YEAR (G26-TEAM/2025); None if unknown."""
    claims = ExpenseClaim.objects.select_related("partnership", "programme", "budget_line")
    if str(reference).isdigit():
        return claims.filter(pk=int(reference)).first()
    code, _, year = str(reference).rpartition("/")
    if not code or not year.isdigit():
        return None
    return claims.filter(Q(partnership__code=code) | Q(budget_line__code=code), year=int(year)).first()


def claim_roles(user: User, claim: ExpenseClaim) -> set[str]:
    """The user's roles for a claim: for the association's own claim, only programme-wide ones."""
    if claim.partnership_id is not None:
        return roles_for(user, claim.partnership)
    if not user.is_authenticated:
        return set()
    return programme_wide_roles_of(user) | ({Role.PROGRAMME_MANAGER} if user.is_superuser else set())


def association_lines_importable_by(user: User) -> QuerySet[BudgetLine]:
    """Head-office budget lines whose statements the user may import: programme managers and auditors."""
    if not is_auditor(user):
        return BudgetLine.objects.none()
    return BudgetLine.objects.filter(channel=BudgetChannel.HEAD_OFFICE).select_related("programme").order_by("code")


def claim_list(request: HttpRequest, filterset_class: type[FilterSet]) -> FilterSet:
    """Return the filterset over the claims the person asking may see, with what the list shows.

    The filterset gets the request, so that its choices are scoped to the same person.
    """
    claims = claims_visible_to(request.user).select_related("partnership__country", "programme", "budget_line")
    ordered = claims.order_by("-year", "partnership__code", "budget_line__code")
    return filterset_class(request.GET, queryset=ordered, request=request)


def invoice_page_details(invoices: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Load findings and attachments for one page of invoices, in two queries."""
    return invoices.prefetch_related(
        Prefetch("findings", queryset=Finding.objects.order_by("rule_code")),
        Prefetch("attachments", queryset=InvoiceAttachment.objects.select_related("uploaded_by")),
    )


def claim_rule_codes(claim: ExpenseClaim) -> list[str]:
    return list(
        Finding.objects.filter(claim=claim).values_list("rule_code", flat=True).distinct().order_by("rule_code")
    )


def claim_audit_result(claim: ExpenseClaim) -> dict[str, Any]:
    """Return the result of the audit as audit_claim --format json prints it (docs/eligibility.md)."""
    codes = defaultdict(set)
    for invoice_id, code in Finding.objects.filter(claim=claim).values_list("invoice_id", "rule_code"):
        codes[invoice_id].add(code)
    invoices = [
        {
            "line": line,
            "verdict": verdict,
            "accepted_eur": f"{accepted:.2f}",
            "rule_codes": sorted(codes[pk]),
        }
        for pk, line, verdict, accepted in Invoice.objects.filter(claim=claim)
        .order_by("line")
        .values_list("pk", "line", "verdict", "accepted_eur")
    ]
    return {
        "claim": claim.pk,
        "totals": {
            "claimed_eur": f"{claim.claimed_eur:.2f}",
            "accepted_eur": f"{claim.accepted_eur:.2f}",
            "rejected_eur": f"{claim.rejected_eur:.2f}",
            "pending_eur": f"{claim.pending_eur:.2f}",
        },
        "invoices": invoices,
        "exchange_rate_method": claim.programme.exchange_rate_method,
        # The documented JSON says 0.00 under the monthly reference rate, which has no difference.
        "exchange_difference_eur": f"{claim_exchange_difference(claim) or Decimal(0):.2f}",
    }


def budget_plan_table(programme: Programme) -> dict[str, Any] | None:
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


def partnership_money(partnership: Partnership) -> list[dict[str, Any]]:
    """Return allocations and tranches per year of one partnership, across programmes."""
    allocations = (
        Allocation.objects.filter(partnership=partnership)
        .values("programme__code", "year")
        .annotate(amount_eur=Sum("amount_eur"))
        .order_by("year")
    )
    tranches = list(
        Tranche.objects.filter(partnership=partnership).select_related("programme").order_by("year", "leg", "number")
    )
    by_year = defaultdict(lambda: {"allocated_eur": Decimal(0), "tranches": []})
    for row in allocations:
        by_year[row["year"]]["allocated_eur"] += row["amount_eur"]
    for tranche in tranches:
        by_year[tranche.year]["tranches"].append(tranche)
    for data in by_year.values():
        data["received_eur"] = sum(
            (
                t.amount_eur
                for t in data["tranches"]
                if t.leg == TrancheLeg.TO_PARTNER and t.status == TrancheStatus.RECEIVED
            ),
            Decimal(0),
        )
    return [dict(year=year, **by_year[year]) for year in sorted(by_year)]


def programme_overview(programme: Programme, partnerships: QuerySet[Partnership]) -> dict[str, Any]:
    """Return the at-a-glance figures of a programme for the given partnerships."""
    per_country = (
        partnerships.values("country__code", "status").annotate(count=Count("pk")).order_by("country__code", "status")
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
        Tranche.objects.transferred()
        .filter(programme=programme, partnership__in=partnerships)
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


def programme_budget(programme: Programme, year: int) -> list[dict[str, Any]]:
    """Return the programme's budget lines for a year, each as a dict.

    Keys: code, name (active language), category, heading, channel, amount_eur (0 when
    the line has no amount that year), allocated_eur (partner lines: the programme's
    allocations of the line's category that year; other lines: None), accepted_eur
    (what audited claims accept on the line: head-office lines, the association's own
    claims on it; partner lines, the partnerships' accepted costs of the line's category;
    third parties: None).
    """
    amounts = dict(
        BudgetLineAmount.objects.filter(line__programme=programme, year=year).values_list("line_id", "amount_eur")
    )
    allocated = allocations_by_category(programme, year)
    association = association_accepted_by_line(programme, year)
    partners = partnerships_accepted_by_category(programme, year)
    return [
        {
            "code": line.code,
            "name": line.name,
            "category": line.category,
            "heading": line.heading,
            "channel": line.channel,
            "amount_eur": amounts.get(line.pk, Decimal("0.00")),
            "allocated_eur": (
                allocated.get(line.category, Decimal("0.00")) if line.channel == BudgetChannel.PARTNERS else None
            ),
            "accepted_eur": (
                association.get(line.code, Decimal("0.00"))
                if line.channel == BudgetChannel.HEAD_OFFICE
                else partners.get(line.category, Decimal("0.00"))
                if line.channel == BudgetChannel.PARTNERS
                else None
            ),
        }
        for line in BudgetLine.objects.filter(programme=programme).order_by("category", "channel", "code")
    ]


def allocations_by_category(programme: Programme, year: int) -> dict[str, Decimal]:
    """Return {cost category: EUR} of the programme's allocations to partnerships in a year."""
    return {
        category: round_eur(total)
        for category, total in Allocation.objects.filter(programme=programme, year=year)
        .values_list("category")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    }


def association_accepted_by_line(programme: Programme, year: int) -> dict[str, Decimal]:
    """Return {budget line code: EUR accepted} of the association's audited claims of a year."""
    return {
        code: round_eur(total)
        for code, total in ExpenseClaim.objects.audited()
        .filter(programme=programme, year=year, budget_line__isnull=False)
        .values_list("budget_line__code")
        .annotate(total=Sum("accepted_eur"))
        .order_by()
    }


def audited_invoices(programme: Programme, year: int) -> QuerySet[Invoice]:
    """Return the lines of a programme year's audited claims (every line settled), partnerships' and the association's."""
    return Invoice.objects.of_audited_claims().filter(claim__programme=programme, claim__year=year)


def partnerships_accepted_by_heading(programme: Programme, year: int) -> dict[str, Decimal]:
    """Return {invoice heading: EUR accepted} of the partnerships' audited claims of a year."""
    rows = (
        audited_invoices(programme, year)
        .filter(claim__partnership__isnull=False)
        .values_list("category")
        .annotate(total=Sum("accepted_eur"))
        .order_by()
    )
    # SQLite sums decimals as floating point: back to cents.
    return {heading: round_eur(total or 0) for heading, total in rows}


def partnerships_accepted_by_category(programme: Programme, year: int) -> dict[str, Decimal]:
    """Return {budget category: EUR accepted} of the partnerships' audited claims of a year."""
    accepted = defaultdict(Decimal)
    for heading, total in partnerships_accepted_by_heading(programme, year).items():
        # A line without a category is never accepted (MISSING_DATA): its total is zero.
        accepted[COST_CATEGORY_OF.get(heading, CostCategory.OPERATIONAL)] += total
    return dict(accepted)


def budget_shares(programme: Programme, year: int) -> dict[str, Any]:
    """Return the shares of administration and management in a year's budget lines, against their caps.

    {"year", "total_eur", "administration": {...}, "management": {...}}, each part with
    amount_eur, share_pct (rounded to 0.01; None without a budget), cap_pct and within_cap.
    """
    by_category = {
        category: round_eur(total)
        for category, total in BudgetLineAmount.objects.filter(line__programme=programme, year=year)
        .values_list("line__category")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    }
    total = sum(by_category.values(), Decimal("0.00"))
    caps = {
        CostCategory.ADMINISTRATION: programme.administration_cap_pct,
        CostCategory.MANAGEMENT: programme.management_cap_pct,
    }
    shares = {"year": year, "total_eur": total}
    for category, cap in caps.items():
        amount = by_category.get(category, Decimal("0.00"))
        share = round_eur(amount * 100 / total) if total else None
        shares[str(category)] = {
            "amount_eur": amount,
            "share_pct": share,
            "cap_pct": cap,
            # Compared on the exact share: rounding must not let 12.004 % pass a 12 % cap.
            "within_cap": not total or amount * 100 <= cap * total,
        }
    return shares


def budget_shares_by_year(programme: Programme) -> list[dict[str, Any]]:
    """Return budget_shares for every year the programme's budget lines have amounts, in year order."""
    years = (
        BudgetLineAmount.objects.filter(line__programme=programme)
        .values_list("year", flat=True)
        .distinct()
        .order_by("year")
    )
    return [budget_shares(programme, year) for year in years]


def cofinancing_of(programme: Programme, year: int) -> list[dict[str, Any]]:
    """Return the own funds municipalities put into a programme year, as a list of dicts.

    Keys: partnership (code), municipality (name, or "" for the partnership as a whole),
    declared_eur, evidenced_eur (None until evidenced), note; ordered by partnership.
    """
    return [
        {
            "partnership": row.partnership.code,
            "municipality": row.municipality.name if row.municipality_id else "",
            "declared_eur": row.declared_eur,
            "evidenced_eur": row.evidenced_eur,
            "note": row.note,
        }
        for row in CoFinancing.objects.filter(programme=programme, year=year)
        .select_related("partnership", "municipality")
        .order_by("partnership__code", "municipality__name")
    ]


def partnership_cofinancing(partnership: Partnership) -> dict[int, tuple[Decimal, Decimal | None]]:
    """Return {year: (declared_eur, evidenced_eur or None)} of a partnership, across programmes and municipalities."""
    by_year = {}
    for year, declared, evidenced in (
        CoFinancing.objects.filter(partnership=partnership)
        .values_list("year", "declared_eur", "evidenced_eur")
        .order_by("year")
    ):
        total_declared, total_evidenced = by_year.get(year, (Decimal("0.00"), None))
        if evidenced is not None:
            total_evidenced = (total_evidenced or Decimal("0.00")) + evidenced
        by_year[year] = (total_declared + declared, total_evidenced)
    return by_year


def budget_lines_by_year(programme: Programme) -> dict[str, Any]:
    """Return the programme's budget lines with their amount in every programme year, and the year totals.

    {"years": [...], "lines": [{"line": BudgetLine, "amounts": [Decimal per year]}], "totals": [...]}.
    """
    years = list(programme.years)
    amounts = {
        (line_id, year): amount
        for line_id, year, amount in BudgetLineAmount.objects.filter(line__programme=programme).values_list(
            "line_id", "year", "amount_eur"
        )
    }
    lines = [
        {"line": line, "amounts": [amounts.get((line.pk, year), Decimal("0.00")) for year in years]}
        for line in BudgetLine.objects.filter(programme=programme).order_by("category", "channel", "code")
    ]
    totals = [sum((row["amounts"][index] for row in lines), Decimal("0.00")) for index in range(len(years))]
    return {"years": years, "lines": lines, "totals": totals}
