"""Step one of the annual DGD report: the figures, as pandas frames built from `values()`.

Every amount is summed by the database and rounded to the cent once, by
grants.money.round_eur; frames hold Decimal objects, never floats, so that the
report's accepted total is the audited claims' total to the cent. The number of
queries does not depend on the number of partnerships or invoices.
"""

from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd
from django.db.models import Count, Sum
from django.utils import translation

from grants.eligibility.facts import BUDGET_CATEGORY_OF
from grants.models import (
    Allocation,
    CostCategory,
    ExpenseClaim,
    Finding,
    FindingOutcome,
    Invoice,
    InvoiceCategory,
    Subsidy,
    Tranche,
    TrancheLeg,
)
from grants.money import round_eur
from grants.selectors import AUDITED_STATUSES, TRANSFERRED
from partnerships.models import Partnership
from reporting.annual.indicators import indicator_frames
from reporting.annual.narratives import narratives_of
from reporting.annual.ratios import percent_of

ZERO = Decimal("0.00")


@dataclass
class AnnualDataset:
    programme: object
    year: int
    language: str
    summary: dict
    years: pd.DataFrame
    countries: pd.DataFrame
    partnerships: pd.DataFrame
    categories: pd.DataFrame
    headings: pd.DataFrame
    verdicts: pd.DataFrame
    reasons: pd.DataFrame
    indicators: pd.DataFrame
    results: pd.DataFrame
    narratives: dict = field(default_factory=dict)

    @property
    def has_data(self):
        return bool(self.summary["budget_eur"] or self.summary["claimed_eur"] or len(self.indicators))


def _eur(value):
    return round_eur(value) if value is not None else ZERO


def annual_dataset(programme, year, language):
    """Gather everything the annual report of a programme year says, in the report's language."""
    with translation.override(language):
        partnerships = _partnerships_frame(programme, year)
        claims = _claims_frame(programme, year)
        partnerships = _with_money(partnerships, programme, year, claims)
        indicators, results = indicator_frames(programme, year, language, partnerships["code"].tolist())
        dataset = AnnualDataset(
            programme=programme,
            year=year,
            language=language,
            summary=_summary(programme, year, partnerships, claims),
            years=years_frame(programme, last_year=year),
            countries=_countries_frame(partnerships),
            partnerships=partnerships,
            categories=_categories_frame(programme, year),
            headings=_headings_frame(programme, year),
            verdicts=_verdicts_frame(programme, year),
            reasons=_reasons_frame(programme, year),
            indicators=indicators,
            results=results,
            narratives=narratives_of(partnerships["code"].tolist(), year, language),
        )
    return dataset


def _audited_invoices(programme, year):
    return Invoice.objects.filter(
        claim__programme=programme, claim__year=year, claim__status__in=AUDITED_STATUSES
    )


def _partnerships_frame(programme, year):
    """The partnerships with a budget, a tranche or a claim in the programme that year, with their budget.

    A claim or tranche without an allocation still counts, so that every table adds up
    to the same totals.
    """
    in_year = {"programme": programme, "year": year}
    codes = (
        set(Allocation.objects.filter(**in_year).values_list("partnership__code", flat=True))
        | set(ExpenseClaim.objects.filter(**in_year).values_list("partnership__code", flat=True))
        | set(Tranche.objects.filter(**in_year).values_list("partnership__code", flat=True))
    )
    budget = dict(
        Allocation.objects.filter(**in_year)
        .values_list("partnership__code")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    rows = Partnership.objects.filter(code__in=codes).order_by("code").values("code", "name", "country__code", "kind")
    return pd.DataFrame.from_records(
        [
            {
                "code": row["code"],
                "name": row["name"],
                "country": row["country__code"],
                "kind": row["kind"],
                "budget_eur": _eur(budget.get(row["code"])),
            }
            for row in rows
        ],
        columns=["code", "name", "country", "kind", "budget_eur"],
    )


def _claims_frame(programme, year):
    rows = ExpenseClaim.objects.filter(programme=programme, year=year).values(
        "partnership__code", "status", "claimed_eur", "accepted_eur", "rejected_eur", "pending_eur"
    )
    return pd.DataFrame.from_records(
        [
            {
                "code": row["partnership__code"],
                "claim_status": row["status"],
                "audited": row["status"] in AUDITED_STATUSES,
                **{key: _eur(row[key]) for key in ("claimed_eur", "accepted_eur", "rejected_eur", "pending_eur")},
            }
            for row in rows
        ],
        columns=["code", "claim_status", "audited", "claimed_eur", "accepted_eur", "rejected_eur", "pending_eur"],
    )


def _transfers(programme, year):
    """EUR transferred that year per partnership and leg (paid or received tranches)."""
    rows = (
        Tranche.objects.filter(programme=programme, year=year, status__in=TRANSFERRED)
        .values_list("partnership__code", "leg")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    return {(code, leg): _eur(total) for code, leg, total in rows}


def _with_money(partnerships, programme, year, claims):
    """Add what each partnership received and what its audited claim accepted."""
    transfers = _transfers(programme, year)
    audited = claims[claims["audited"].astype(bool)].set_index("code")
    by_code = claims.set_index("code")
    frame = partnerships.copy()

    def money(code, column, source):
        return source.at[code, column] if code in source.index else ZERO

    frame["received_eur"] = [transfers.get((code, TrancheLeg.TO_PARTNER), ZERO) for code in frame["code"]]
    frame["paid_flemish_eur"] = [transfers.get((code, TrancheLeg.TO_FLEMISH), ZERO) for code in frame["code"]]
    frame["claim_status"] = [
        by_code.at[code, "claim_status"] if code in by_code.index else "" for code in frame["code"]
    ]
    for column in ("claimed_eur", "accepted_eur", "rejected_eur", "pending_eur"):
        frame[column] = [money(code, column, audited) for code in frame["code"]]
    frame["in_audit_eur"] = [
        money(code, "claimed_eur", by_code) if code not in audited.index else ZERO for code in frame["code"]
    ]
    frame["execution_pct"] = [percent_of(a, b) for a, b in zip(frame["accepted_eur"], frame["budget_eur"])]
    return frame


def _total(frame, column):
    return sum(frame[column], ZERO) if len(frame) else ZERO


def _summary(programme, year, partnerships, claims):
    subsidies = dict(
        Subsidy.objects.filter(programme=programme, year=year).values_list("source", "amount_eur")
    )
    budget = _total(partnerships, "budget_eur")
    accepted = _total(partnerships, "accepted_eur")
    not_audited = claims[~claims["audited"].astype(bool)]
    return {
        "countries": sorted(partnerships["country"].unique().tolist()),
        "partnership_count": len(partnerships),
        "budget_eur": budget,
        "subsidy_federal_eur": _eur(subsidies.get("federal")),
        "subsidy_flemish_eur": _eur(subsidies.get("flemish")),
        "received_eur": _total(partnerships, "received_eur"),
        "paid_flemish_eur": _total(partnerships, "paid_flemish_eur"),
        "claimed_eur": _total(partnerships, "claimed_eur"),
        "accepted_eur": accepted,
        "rejected_eur": _total(partnerships, "rejected_eur"),
        "pending_eur": _total(partnerships, "pending_eur"),
        "execution_pct": percent_of(accepted, budget),
        "claims_audited": int(claims["audited"].sum()) if len(claims) else 0,
        "claims_not_audited": len(not_audited),
        "not_audited_claimed_eur": _total(not_audited, "claimed_eur"),
    }


def years_frame(programme, last_year=None):
    """Budget and accepted expenses per programme year, up to a year: the execution chart."""
    years = [y for y in programme.years if last_year is None or y <= last_year]
    budget = dict(
        Allocation.objects.filter(programme=programme, year__in=years)
        .values_list("year")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    accepted = dict(
        ExpenseClaim.objects.filter(programme=programme, year__in=years, status__in=AUDITED_STATUSES)
        .values_list("year")
        .annotate(total=Sum("accepted_eur"))
        .order_by()
    )
    return pd.DataFrame.from_records(
        [
            {
                "year": year,
                "budget_eur": _eur(budget.get(year)),
                "accepted_eur": _eur(accepted.get(year)),
                "execution_pct": percent_of(_eur(accepted.get(year)), _eur(budget.get(year))),
            }
            for year in years
        ],
        columns=["year", "budget_eur", "accepted_eur", "execution_pct"],
    )


def _countries_frame(partnerships):
    columns = ["country", "partnerships", "budget_eur", "received_eur", "accepted_eur", "execution_pct"]
    if not len(partnerships):
        return pd.DataFrame(columns=columns)
    rows = []
    for country, group in partnerships.groupby("country", sort=True):
        budget, accepted = _total(group, "budget_eur"), _total(group, "accepted_eur")
        rows.append(
            {
                "country": country,
                "partnerships": len(group),
                "budget_eur": budget,
                "received_eur": _total(group, "received_eur"),
                "accepted_eur": accepted,
                "execution_pct": percent_of(accepted, budget),
            }
        )
    return pd.DataFrame.from_records(rows, columns=columns)


def _categories_frame(programme, year):
    """Budget and accepted expenses per cost category (operational, management)."""
    budget = dict(
        Allocation.objects.filter(programme=programme, year=year)
        .values_list("category")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    accepted = {code: ZERO for code in CostCategory.values}
    for heading, total in _accepted_per_heading(programme, year).items():
        # A line without a category is never accepted (MISSING_DATA): its total is zero.
        category = BUDGET_CATEGORY_OF.get(heading, CostCategory.OPERATIONAL)
        accepted[category] += total
    rows = [
        {
            "category": code,
            "budget_eur": _eur(budget.get(code)),
            "accepted_eur": accepted[code],
            "execution_pct": percent_of(accepted[code], _eur(budget.get(code))),
        }
        for code in CostCategory.values
        if code in budget or accepted[code]
    ]
    return pd.DataFrame.from_records(rows, columns=["category", "budget_eur", "accepted_eur", "execution_pct"])


def _accepted_per_heading(programme, year):
    rows = (
        _audited_invoices(programme, year)
        .values_list("category")
        .annotate(total=Sum("accepted_eur"))
        .order_by()
    )
    return {heading: _eur(total) for heading, total in rows}


def _headings_frame(programme, year):
    """Accepted expenses per heading: the allocations are not split by heading, so no budget column."""
    per_heading = _accepted_per_heading(programme, year)
    total = sum(per_heading.values(), ZERO)
    rows = [
        {"heading": code, "accepted_eur": per_heading.get(code, ZERO), "share_pct": percent_of(per_heading.get(code, ZERO), total)}
        for code in [*InvoiceCategory.values, ""]
        if code in per_heading
    ]
    return pd.DataFrame.from_records(rows, columns=["heading", "accepted_eur", "share_pct"])


def _verdicts_frame(programme, year):
    rows = (
        _audited_invoices(programme, year)
        .values("verdict")
        .annotate(
            lines=Count("pk"),
            accepted=Sum("accepted_eur"),
            rejected=Sum("rejected_eur"),
            pending=Sum("pending_eur"),
        )
        .order_by("verdict")
    )
    return pd.DataFrame.from_records(
        [
            {
                "verdict": row["verdict"],
                "lines": row["lines"],
                "accepted_eur": _eur(row["accepted"]),
                "rejected_eur": _eur(row["rejected"]),
                "pending_eur": _eur(row["pending"]),
            }
            for row in rows
        ],
        columns=["verdict", "lines", "accepted_eur", "rejected_eur", "pending_eur"],
    )


def _reasons_frame(programme, year):
    """Rejected amounts by reason, each rejected line counted once under its main reason.

    The main reason is the auditor's first reason code where the auditor decided, else
    the failing rule that affected the largest amount; so the rows add up to the
    rejected total instead of counting a line twice. Rejected credit notes (negative
    amounts) count too, as they do in the claim totals.
    """
    rejected = pd.DataFrame.from_records(
        list(
            _audited_invoices(programme, year)
            .exclude(rejected_eur=0)
            .values("pk", "rejected_eur", "decision__reason_codes")
        ),
        columns=["pk", "rejected_eur", "decision__reason_codes"],
    )
    columns = ["reason", "lines", "rejected_eur"]
    if rejected.empty:
        return pd.DataFrame(columns=columns)
    failing = pd.DataFrame.from_records(
        list(
            Finding.objects.filter(
                claim__programme=programme,
                claim__year=year,
                claim__status__in=AUDITED_STATUSES,
                outcome=FindingOutcome.FAIL,
            )
            .exclude(invoice__rejected_eur=0)
            .order_by("invoice_id", "-amount_affected_eur", "rule_code")
            .values("invoice_id", "rule_code")
        ),
        columns=["invoice_id", "rule_code"],
    )
    rule_of = failing.drop_duplicates("invoice_id").set_index("invoice_id")["rule_code"].to_dict()

    def reason(row):
        codes = row["decision__reason_codes"] or []
        return codes[0] if codes else rule_of.get(row["pk"], "OTHER")

    rejected["reason"] = rejected.apply(reason, axis=1)
    rows = [
        {"reason": code, "lines": len(group), "rejected_eur": round_eur(sum(group["rejected_eur"], ZERO))}
        for code, group in rejected.groupby("reason", sort=True)
    ]
    frame = pd.DataFrame.from_records(rows, columns=columns)
    return frame.sort_values("rejected_eur", ascending=False, kind="stable").reset_index(drop=True)



def countries_frame(programme, year):
    """Budget and accepted expenses per country for one year, as the report's table has them."""
    claims = _claims_frame(programme, year)
    return _countries_frame(_with_money(_partnerships_frame(programme, year), programme, year, claims))


def results_frame(programme, year, language):
    """The indicators of the year added up across partnerships, as the report's results have them."""
    codes = _partnerships_frame(programme, year)["code"].tolist()
    with translation.override(language):
        return indicator_frames(programme, year, language, codes)[1]


def dashboard_year(programme):
    """The latest programme year with an audited claim, else the programme's first year."""
    latest = (
        ExpenseClaim.objects.filter(programme=programme, status__in=AUDITED_STATUSES)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or programme.years[0]
