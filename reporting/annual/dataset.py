"""Step one of the annual DGD report: the figures, as pandas frames built from `values()`.

Every amount is summed by the database and rounded to the cent once, by
grants.money.round_eur; frames hold Decimal objects, never floats, so that the
report's accepted total is the audited claims' total to the cent. The number of
queries does not depend on the number of partnerships or invoices.
"""

from dataclasses import dataclass, field

import pandas as pd
from django.db.models import Count, Sum
from django.utils import translation

from grants.models import (
    AUDITED_STATUSES,
    Allocation,
    BudgetChannel,
    ExpenseClaim,
    Finding,
    FindingOutcome,
    Tranche,
    TrancheLeg,
)
from grants.money import round_eur
from grants.selectors import (
    audited_invoices,
    cofinancing_of,
    partnerships_accepted_by_heading,
)
from partnerships.models import Partnership, PartnershipKind, PartnershipStatus
from reporting.annual import finance
from reporting.annual.finance import ZERO, eur, total_of
from reporting.annual.indicators import indicator_frames, objectives_frame
from reporting.annual.narratives import narratives_of
from reporting.annual.ratios import percent_of
from reporting.selectors import programme_narrative

BELGIUM = "BE"
PARTNERSHIP_COLUMNS = ["code", "name", "country", "kind", "status", "budget_eur"]


@dataclass
class AnnualDataset:
    programme: object
    year: int
    language: str
    summary: dict
    accounting: dict
    years: pd.DataFrame
    countries: pd.DataFrame
    partnerships: pd.DataFrame
    budget_lines: pd.DataFrame
    categories: pd.DataFrame
    headings: pd.DataFrame
    own_claims: pd.DataFrame
    unsettled: pd.DataFrame
    cofinancing: pd.DataFrame
    verdicts: pd.DataFrame
    reasons: pd.DataFrame
    objectives: pd.DataFrame
    indicators: pd.DataFrame
    programme_indicators: pd.DataFrame
    results: pd.DataFrame
    narratives: dict = field(default_factory=dict)
    team: dict = field(default_factory=dict)

    @property
    def has_data(self):
        own = self.programme_indicators
        return bool(
            self.summary["budget_eur"]
            or self.summary["claimed_eur"]
            or len(self.indicators)
            or (len(own) and (own["actual"].notna().any() or own["text"].astype(bool).any()))
        )


def annual_dataset(programme, year, language):
    """Gather everything the annual report of a programme year says, in the report's language."""
    with translation.override(language):
        partnerships = _partnerships_frame(programme, year)
        claims = _claims_frame(programme, year)
        partnerships = _with_money(partnerships, programme, year, claims)
        lines = finance.budget_lines_frame(programme, year)
        accounting = finance.subsidy_accounting(programme, year, lines, total_of(partnerships, "budget_eur"))
        own_claims = finance.own_claims_frame(programme, year)
        counted = partnerships[partnerships["status"] == PartnershipStatus.ACTIVE]["code"].tolist()
        indicators, programme_indicators, results = indicator_frames(
            programme, year, language, partnerships["code"].tolist(), counted
        )
        dataset = AnnualDataset(
            programme=programme,
            year=year,
            language=language,
            summary=_summary(programme, year, partnerships, claims, own_claims, accounting),
            accounting=accounting,
            years=finance.years_frame(programme, last_year=year),
            countries=_countries_frame(partnerships, lines, own_claims),
            partnerships=partnerships,
            budget_lines=lines,
            categories=finance.categories_frame(programme, year, lines),
            headings=_headings_frame(programme, year),
            own_claims=own_claims,
            unsettled=finance.unsettled_claims_frame(programme, year),
            cofinancing=_cofinancing_frame(programme, year),
            verdicts=_verdicts_frame(programme, year),
            reasons=_reasons_frame(programme, year),
            objectives=objectives_frame(programme, language),
            indicators=indicators,
            programme_indicators=programme_indicators,
            results=results,
            narratives=narratives_of(partnerships["code"].tolist(), year, language),
            team=programme_narrative(programme, year, language),
        )
    return dataset


def _partnerships_frame(programme, year):
    """The partnerships with a budget, a tranche or a claim in the programme that year, with their budget.

    A claim or tranche without an allocation still counts, so that every table adds up
    to the same totals.
    """
    in_year = {"programme": programme, "year": year}
    codes = (
        set(Allocation.objects.filter(**in_year).values_list("partnership__code", flat=True))
        | set(
            ExpenseClaim.objects.filter(**in_year, partnership__isnull=False).values_list(
                "partnership__code", flat=True
            )
        )
        | set(Tranche.objects.filter(**in_year).values_list("partnership__code", flat=True))
    )
    budget = dict(
        Allocation.objects.filter(**in_year)
        .values_list("partnership__code")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    rows = (
        Partnership.objects.filter(code__in=codes)
        .order_by("code")
        .values("code", "name", "country__code", "kind", "status")
    )
    return pd.DataFrame.from_records(
        [
            {
                "code": row["code"],
                "name": row["name"],
                "country": row["country__code"],
                "kind": row["kind"],
                "status": row["status"],
                "budget_eur": eur(budget.get(row["code"])),
            }
            for row in rows
        ],
        columns=PARTNERSHIP_COLUMNS,
    )


def _claims_frame(programme, year):
    rows = ExpenseClaim.objects.filter(programme=programme, year=year, partnership__isnull=False).values(
        "partnership__code", "status", "claimed_eur", "accepted_eur", "rejected_eur", "pending_eur"
    )
    return pd.DataFrame.from_records(
        [
            {
                "code": row["partnership__code"],
                "claim_status": row["status"],
                "audited": row["status"] in AUDITED_STATUSES,
                **{key: eur(row[key]) for key in ("claimed_eur", "accepted_eur", "rejected_eur", "pending_eur")},
            }
            for row in rows
        ],
        columns=["code", "claim_status", "audited", "claimed_eur", "accepted_eur", "rejected_eur", "pending_eur"],
    )


def _transfers(programme, year):
    """EUR transferred that year per partnership and leg (paid or received tranches)."""
    rows = (
        Tranche.objects.transferred()
        .filter(programme=programme, year=year)
        .values_list("partnership__code", "leg")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )
    return {(code, leg): eur(total) for code, leg, total in rows}


def _with_money(partnerships, programme, year, claims):
    """Add what each partnership received, what its audited claim accepted, and what is left.

    The association's money leaves it once per partnership: to the Flemish municipality,
    or straight to a sister association. What it transferred less what the auditors
    accepted is the balance to carry over (or recover at the end of the programme);
    it is unknown while the claim is not audited.
    """
    transfers = _transfers(programme, year)
    audited = claims[claims["audited"].astype(bool)].set_index("code")
    by_code = claims.set_index("code")
    frame = partnerships.copy()

    def money(code, column, source):
        return source.at[code, column] if code in source.index else ZERO

    frame["received_eur"] = [transfers.get((code, TrancheLeg.TO_PARTNER), ZERO) for code in frame["code"]]
    frame["paid_flemish_eur"] = [transfers.get((code, TrancheLeg.TO_FLEMISH), ZERO) for code in frame["code"]]
    frame["transferred_eur"] = [
        received if kind == PartnershipKind.SISTER_ASSOCIATION else paid
        for kind, received, paid in zip(frame["kind"], frame["received_eur"], frame["paid_flemish_eur"])
    ]
    frame["claim_status"] = [
        by_code.at[code, "claim_status"] if code in by_code.index else "" for code in frame["code"]
    ]
    for column in ("claimed_eur", "accepted_eur", "rejected_eur", "pending_eur"):
        frame[column] = [money(code, column, audited) for code in frame["code"]]
    frame["balance_eur"] = [
        transferred - accepted if code in audited.index else None
        for code, transferred, accepted in zip(frame["code"], frame["transferred_eur"], frame["accepted_eur"])
    ]
    frame["execution_pct"] = [percent_of(a, b) for a, b in zip(frame["accepted_eur"], frame["budget_eur"])]
    return frame


def _summary(programme, year, partnerships, claims, own_claims, accounting):
    """The figures of the summary; every amount of money is also in a table of the money chapter."""
    budget = accounting["budget_eur"] or total_of(partnerships, "budget_eur")
    accepted_partnerships = total_of(partnerships, "accepted_eur")
    accepted_own = total_of(own_claims, "accepted_eur")
    accepted = accepted_partnerships + accepted_own
    kinds = partnerships["kind"].tolist()
    not_active = partnerships[partnerships["status"] != PartnershipStatus.ACTIVE]
    has_own_lines = bool(accounting["own_lines"])
    return {
        "association_name": programme.association_name,
        "funder_name": programme.funder_name or programme.funder,
        "countries": sorted(
            set(partnerships["country"]) | ({BELGIUM} if has_own_lines or len(partnerships) else set())
        ),
        "partnership_count": len(partnerships),
        "city_count": kinds.count(PartnershipKind.CITY),
        "sdg_count": kinds.count(PartnershipKind.SDG),
        "sister_association_count": kinds.count(PartnershipKind.SISTER_ASSOCIATION),
        "not_active": not_active[["code", "name", "status"]].to_dict("records"),
        "subsidy_eur": accounting["subsidy_eur"],
        "budget_eur": budget,
        "allocated_eur": total_of(partnerships, "budget_eur"),
        "received_eur": total_of(partnerships, "received_eur"),
        "paid_flemish_eur": total_of(partnerships, "paid_flemish_eur"),
        "transferred_eur": total_of(partnerships, "transferred_eur"),
        "claimed_eur": total_of(partnerships, "claimed_eur") + total_of(own_claims, "claimed_eur"),
        "accepted_eur": accepted,
        "accepted_partnerships_eur": accepted_partnerships,
        "accepted_own_eur": accepted_own,
        "rejected_eur": total_of(partnerships, "rejected_eur") + total_of(own_claims, "rejected_eur"),
        "pending_eur": total_of(partnerships, "pending_eur") + total_of(own_claims, "pending_eur"),
        "execution_pct": percent_of(accepted, budget),
        "without_claim": partnerships[partnerships["claim_status"] == ""][["code", "name", "status"]].to_dict(
            "records"
        ),
    }


def _countries_frame(partnerships, lines, own_claims):
    """Per partner country, and Belgium for what the association spends itself."""
    columns = ["country", "partnerships", "budget_eur", "transferred_eur", "accepted_eur", "execution_pct"]
    rows = []
    for country, group in partnerships.groupby("country", sort=True) if len(partnerships) else ():
        budget, accepted = total_of(group, "budget_eur"), total_of(group, "accepted_eur")
        rows.append(
            {
                "country": country,
                "partnerships": len(group),
                "budget_eur": budget,
                "transferred_eur": total_of(group, "transferred_eur"),
                "accepted_eur": accepted,
                "execution_pct": percent_of(accepted, budget),
            }
        )
    own_lines = lines[lines["channel"] != BudgetChannel.PARTNERS] if len(lines) else lines
    if len(own_lines) or len(own_claims):
        budget, accepted = total_of(own_lines, "budget_eur"), total_of(own_claims, "accepted_eur")
        rows.append(
            {
                "country": BELGIUM,
                "partnerships": 0,
                "budget_eur": budget,
                "transferred_eur": ZERO,
                "accepted_eur": accepted,
                "execution_pct": percent_of(accepted, budget),
            }
        )
    return pd.DataFrame.from_records(rows, columns=columns)


def _headings_frame(programme, year):
    """Accepted expenses of the partnerships per heading of their invoices."""
    per_heading = partnerships_accepted_by_heading(programme, year)
    total = sum(per_heading.values(), ZERO)
    rows = [
        {"heading": code, "accepted_eur": amount, "share_pct": percent_of(amount, total)}
        for code, amount in sorted(per_heading.items(), key=lambda item: (item[0] == "", item[0]))
    ]
    return pd.DataFrame.from_records(rows, columns=["heading", "accepted_eur", "share_pct"])


def _cofinancing_frame(programme, year):
    return pd.DataFrame.from_records(
        [
            {
                "partnership": row["partnership"],
                "municipality": row["municipality"],
                "declared_eur": eur(row["declared_eur"]),
                "evidenced_eur": eur(row["evidenced_eur"]) if row["evidenced_eur"] is not None else None,
            }
            for row in cofinancing_of(programme, year)
        ],
        columns=["partnership", "municipality", "declared_eur", "evidenced_eur"],
    )


def _verdicts_frame(programme, year):
    rows = (
        audited_invoices(programme, year)
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
                "accepted_eur": eur(row["accepted"]),
                "rejected_eur": eur(row["rejected"]),
                "pending_eur": eur(row["pending"]),
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
            audited_invoices(programme, year)
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
    partnerships = _with_money(_partnerships_frame(programme, year), programme, year, claims)
    return _countries_frame(
        partnerships, finance.budget_lines_frame(programme, year), finance.own_claims_frame(programme, year)
    )


def results_frame(programme, year, language):
    """The indicators of the year added up across partnerships, as the report's results have them."""
    partnerships = _partnerships_frame(programme, year)
    counted = partnerships[partnerships["status"] == PartnershipStatus.ACTIVE]["code"].tolist()
    with translation.override(language):
        return indicator_frames(programme, year, language, partnerships["code"].tolist(), counted)[2]


def dashboard_year(programme):
    """The latest programme year with an audited claim, else the programme's first year."""
    latest = (
        ExpenseClaim.objects.audited()
        .filter(programme=programme)
        .order_by("-year")
        .values_list("year", flat=True)
        .first()
    )
    return latest or programme.years[0]
