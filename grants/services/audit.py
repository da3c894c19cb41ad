"""Run the eligibility rules over a whole claim and store what they find, in bulk."""

from collections import defaultdict
from decimal import Decimal
from itertools import groupby

from django.db import transaction
from django.db.models import Q, Sum
from django.utils.translation import gettext as _

from grants.bulk import bulk_insert_rows, bulk_update_rows
from grants.eligibility.engine import audit_claim as run_rules
from grants.eligibility.facts import (
    COST_CATEGORY_OF,
    NO_SCAN,
    ClaimFacts,
    EarlierInvoice,
    EarlierScan,
    InvoiceFacts,
    Parameters,
    RatePeriod,
    RateTable,
    ScanFacts,
    TrancheTransfer,
)
from grants.eligibility.findings import ClaimResult
from grants.eligibility.rates import LineRates, to_eur
from grants.invoice_reading import InvoiceReading
from grants.models import (
    Allocation,
    AuditDecision,
    ClaimStatus,
    ExchangeRate,
    ExchangeRateMethod,
    ExpenseClaim,
    Finding,
    Invoice,
    InvoiceAttachment,
    Programme,
    RateSource,
    ReadingStatus,
    Tranche,
    TrancheLeg,
    TrancheStatus,
    Verdict,
)
from grants.money import round_eur

ZERO = Decimal("0.00")
# The key under which claim_budget_excess reports an association claim's excess: its one budget line.
ASSOCIATION_BUDGET = "line"
PENDING_VERDICTS = (Verdict.NEEDS_INFO, Verdict.TO_REVIEW)
# The columns of a line; its scan's facts come from its attachments (claim_scan_facts).
INVOICE_FACT_FIELDS = [field for field in InvoiceFacts.__dataclass_fields__ if field != "scan"]
# Values that repeat from line to line (a date, a supplier, a currency) are read as one
# object shared by the lines rather than one copy per line: a claim may have 100,000 lines.
REPEATED_FACT_FIELDS = (
    "invoice_date",
    "supplier",
    "category",
    "currency",
    "paid_by",
    "payment_date",
    "addressed_to",
    "destination",
    "other_funding_source",
    "activity",
)


class AuditRefused(Exception):
    """The claim cannot be audited now; the message says why, translated."""


def programme_parameters(programme: Programme) -> Parameters:
    keywords = {kind: tuple(words) for kind, words in (programme.ineligible_keywords or {}).items()}
    return Parameters(
        programme_start=programme.start_date,
        programme_end=programme.end_date,
        payment_deadline_month=programme.payment_deadline_month,
        payment_deadline_day=programme.payment_deadline_day,
        currency_tolerance_pct=programme.currency_tolerance_pct,
        exchange_rate_method=programme.exchange_rate_method,
        ineligible_keywords=keywords,
        per_diem_scale_eur=_eur_per_country(programme.per_diem_scale_eur),
        lodging_scale_eur=_eur_per_country(programme.lodging_scale_eur),
        lunch_cut_pct=programme.lunch_cut_pct,
        dinner_cut_pct=programme.dinner_cut_pct,
        claim_year_basis=programme.claim_year_basis,
        quotes_threshold_eur=programme.quotes_threshold_eur,
        quotes_required=programme.quotes_required,
        formal_procedure_threshold_eur=programme.formal_procedure_threshold_eur,
        partner_procurement_thresholds_eur={
            code: (Decimal(str(limits["quotes"])), Decimal(str(limits["formal"])))
            for code, limits in (programme.partner_procurement_thresholds_eur or {}).items()
        },
        quotes_shortfall_outcome=programme.quotes_shortfall_outcome,
        split_purchase_days=programme.split_purchase_days,
        budget_flexibility_pct=programme.budget_flexibility_pct,
        outlier_factor=programme.outlier_factor,
        outlier_floor_eur=programme.outlier_floor_eur,
        flemish_staff_cost_eligible=programme.flemish_staff_cost_eligible,
        scans_required_from_year=programme.scans_required_from_year,
        scan_amount_tolerance_pct=programme.scan_amount_tolerance_pct,
    )


def _eur_per_country(scale):
    return {code: Decimal(str(amount)) for code, amount in (scale or {}).items()}


def rate_table() -> RateTable:
    """Fixed parities, and the monthly reference rates by period (docs/eligibility.md)."""
    fixed = dict(RateTable().fixed)
    periods = {}
    for currency, source, start, end, rate in (
        ExchangeRate.objects.filter(source__in=[RateSource.FIXED_PARITY, RateSource.MONTHLY_REFERENCE])
        .order_by("currency", "valid_from")
        .values_list("currency", "source", "valid_from", "valid_to", "units_per_eur")
    ):
        if source == RateSource.FIXED_PARITY:
            fixed[currency] = rate
        else:
            periods.setdefault(currency, []).append(RatePeriod(start, end, rate))
    return RateTable(fixed=fixed, periods={code: tuple(rows) for code, rows in periods.items()})


def claim_facts(claim: ExpenseClaim) -> ClaimFacts:
    if claim.is_association_claim:
        return association_claim_facts(claim)
    partnership = claim.partnership
    flemish = list(partnership.flemish_municipalities.values_list("name", "is_vat_recoverable"))
    partner = list(partnership.partner_municipalities.values_list("name", "is_vat_recoverable"))
    names = [name for name, _ in flemish + partner]
    if partnership.sister_association_id:
        association = partnership.sister_association
        names += [association.acronym, association.name]
    allocations = claim_facts_allocations(claim)
    received = Tranche.objects.filter(
        partnership=partnership, year=claim.year, leg=TrancheLeg.TO_PARTNER, status=TrancheStatus.RECEIVED
    ).aggregate(total=Sum("amount_eur"))["total"]
    transfers = claim_transfers(claim)
    activity_codes = tuple(partnership.outcomes.order_by("code").values_list("code", flat=True))
    return ClaimFacts(
        label=str(claim),
        year=claim.year,
        country=partnership.country.code,
        beneficiary_names=tuple(names),
        flemish_recovers_vat=any(flag for _, flag in flemish),
        partner_recovers_vat=any(flag for _, flag in partner),
        allocations_eur=allocations,
        received_by_partner_eur=received or ZERO,
        earlier_invoices=earlier_invoices(claim),
        transfers=transfers,
        activity_codes=activity_codes,
        earlier_scans=earlier_scans(claim),
    )


def claim_transfers(claim: ExpenseClaim) -> tuple[TrancheTransfer, ...]:
    """The tranches the partner received for the claim year, by date, with their actual rates."""
    if claim.is_association_claim:
        return ()
    return tuple(
        TrancheTransfer(received_on, currency, rate, amount_eur)
        for received_on, currency, rate, amount_eur in Tranche.objects.filter(
            partnership=claim.partnership,
            year=claim.year,
            leg=TrancheLeg.TO_PARTNER,
            status=TrancheStatus.RECEIVED,
            received_date__isnull=False,
        )
        .order_by("received_date", "number")
        .values_list("received_date", "currency", "units_per_eur", "amount_eur")
    )


def claim_exchange_difference(claim: ExpenseClaim) -> Decimal | None:
    """Return the claim's exchange difference (docs/eligibility.md), read back from its stored lines.

    What the engine returns when it runs: the EUR of the lines the programme's method
    converts minus their EUR at the monthly reference rate. Read from the stored amounts,
    so that the claim page and a signed-off claim show it without running the rules again.
    None under the monthly reference rate, which has no difference to show.
    """
    method = claim.programme.exchange_rate_method
    if method == ExchangeRateMethod.MONTHLY_REFERENCE:
        return None
    line_rates = LineRates(rate_table(), claim_transfers(claim), method)
    difference = ZERO
    for row in Invoice.objects.filter(claim=claim, units_per_eur__isnull=False).values_list(
        "amount_eur", *INVOICE_FACT_FIELDS
    ):
        invoice = InvoiceFacts(*row[1:])
        reference = line_rates.rate_of(invoice).reference
        if reference is not None and line_rates.follows_transfers(invoice):
            difference += row[0] - to_eur(invoice.amount, reference)
    return difference


# The association is addressed by its acronym as often as by its full name.
ASSOCIATION_ACRONYM = "VVSG"
ASSOCIATION_COUNTRY = "BE"


def association_claim_facts(claim: ExpenseClaim) -> ClaimFacts:
    """Facts of the association's own claim: its names, Belgium, its budget line, no tranches.

    Its lines are paid by the association, so the rules about the Flemish municipality's
    own staff and VAT do not apply to them.
    """
    programme = claim.programme
    names = {
        ASSOCIATION_ACRONYM,
        *(getattr(programme, f"association_name_{lang}") or "" for lang in ("en", "nl", "fr", "es")),
    }
    return ClaimFacts(
        label=str(claim),
        year=claim.year,
        country=ASSOCIATION_COUNTRY,
        beneficiary_names=tuple(sorted(name for name in names if name)),
        budget_line_eur=line_budget(claim),
        has_tranches=False,
        earlier_invoices=earlier_invoices(claim),
        earlier_scans=earlier_scans(claim),
    )


def line_budget(claim: ExpenseClaim) -> Decimal:
    """EUR the association's claim may draw on: its budget line's amount for the claim's year."""
    return claim.budget_line.amounts.filter(year=claim.year).values_list("amount_eur", flat=True).first() or ZERO


def earlier_invoices(claim: ExpenseClaim) -> tuple[EarlierInvoice, ...]:
    """Invoices of the programme's earlier claims (partnerships' and the association's), for DUPLICATE."""
    return tuple(
        EarlierInvoice(f"{partnership or line}/{year}", number, supplier, invoice_number, day, amount, currency)
        for partnership, line, year, number, supplier, invoice_number, day, amount, currency in Invoice.objects.filter(
            claim__programme=claim.programme
        )
        .filter(Q(claim__year__lt=claim.year) | Q(claim__year=claim.year, claim__pk__lt=claim.pk))
        .values_list(
            "claim__partnership__code",
            "claim__budget_line__code",
            "claim__year",
            "line",
            "supplier",
            "invoice_number",
            "invoice_date",
            "amount",
            "currency",
        )
        .iterator(chunk_size=10_000)
    )


def scan_rule_applies(claim: ExpenseClaim) -> bool:
    """Whether SCAN judges the claim: the programme requires scans from its year on."""
    from_year = claim.programme.scans_required_from_year
    return from_year is not None and claim.year >= from_year


def earlier_scans(claim: ExpenseClaim) -> tuple[EarlierScan, ...]:
    """Scans paired with lines of the programme's earlier claims (those of earlier_invoices), for SCAN.

    None are read when SCAN does not judge the claim. A scan not read has no supplier or
    number: only its file can be the same.
    """
    if not scan_rule_applies(claim):
        return ()
    return tuple(
        EarlierScan(
            f"{partnership or line}/{year}",
            number,
            sha256,
            (supplier or "") if status == ReadingStatus.READ else "",
            (invoice_number or "") if status == ReadingStatus.READ else "",
        )
        for partnership, line, year, number, sha256, status, supplier, invoice_number in InvoiceAttachment.objects.scans()
        .filter(claim__programme=claim.programme, invoice__isnull=False)
        .filter(Q(claim__year__lt=claim.year) | Q(claim__year=claim.year, claim__pk__lt=claim.pk))
        .values_list(
            "claim__partnership__code",
            "claim__budget_line__code",
            "claim__year",
            "invoice__line",
            "sha256",
            "reading_status",
            "reading__supplier__value",
            "reading__invoice_number__value",
        )
        .iterator(chunk_size=10_000)
    )


def claim_scan_facts(claim: ExpenseClaim) -> dict[int, ScanFacts]:
    """What the scans paired with each line of the claim say, by the line's primary key.

    One query for the whole claim; none when SCAN does not judge it. A line without a
    scan is not in the result.
    """
    if not scan_rule_applies(claim):
        return {}
    rows = (
        InvoiceAttachment.objects.scans()
        .filter(claim=claim, invoice__isnull=False)
        .order_by("invoice_id", "uploaded_at", "pk")
        .values_list("invoice_id", "sha256", "reading_status", "reading")
        .iterator(chunk_size=2000)
    )
    return {pk: scan_facts(tuple(row[1:] for row in scans)) for pk, scans in groupby(rows, key=lambda row: row[0])}


def scan_facts(scans: tuple[tuple[str, str, dict], ...]) -> ScanFacts:
    """Facts of one line's scans, each given as (sha256, reading status, reading), in upload order.

    Each value comes from the first read scan that shows it, the currency with its amount:
    an invoice photographed a page at a time shows its total on one photo only.
    """
    readings = [InvoiceReading.from_json(reading) for _, status, reading in scans if status == ReadingStatus.READ]

    def first(field):
        return next((getattr(reading, field) for reading in readings if getattr(reading, field) is not None), None)

    with_amount = next((reading for reading in readings if reading.amount is not None), None)
    values = {field: first(field) for field in ("invoice_date", "invoice_number", "supplier", "addressee")}
    return ScanFacts(
        present=True,
        read=bool(readings),
        failed=not readings and any(status == ReadingStatus.FAILED for _, status, _ in scans),
        sha256s=tuple(sha256 for sha256, _, _ in scans if sha256),
        amount=with_amount.amount.value if with_amount else None,
        currency=with_amount.currency.value if with_amount and with_amount.currency else None,
        **{field: value.value if value else None for field, value in values.items()},
    )


def claim_invoice_facts(claim: ExpenseClaim) -> tuple[dict[int, int], list[InvoiceFacts]]:
    """The claim's lines as facts in line order, and the primary key of each line number.

    Read in chunks and kept only as facts, their repeated values shared; each with the
    facts of its scans.
    """
    repeated = [(INVOICE_FACT_FIELDS.index(name), {}) for name in REPEATED_FACT_FIELDS]
    scans = claim_scan_facts(claim)
    ids, invoices = {}, []
    for pk, *fields in (
        Invoice.objects.filter(claim=claim).order_by("line").values_list("pk", *INVOICE_FACT_FIELDS).iterator(2000)
    ):
        for index, seen in repeated:
            fields[index] = seen.setdefault(fields[index], fields[index])
        invoice = InvoiceFacts(*fields, scan=scans.get(pk, NO_SCAN))
        ids[invoice.line] = pk
        invoices.append(invoice)
    return ids, invoices


def effective_split(amount_eur: Decimal, verdict: str, accepted: Decimal | None) -> tuple[Decimal, Decimal, Decimal]:
    """Split a line's EUR amount by a decision: pending while information is awaited.

    The amount is the line's current one: if a new rate changed it since the decision,
    an acceptance follows it and a partial acceptance never exceeds it.
    """
    if verdict == Verdict.ELIGIBLE:
        accepted = amount_eur
    elif verdict in (Verdict.INELIGIBLE, Verdict.NEEDS_INFO):
        accepted = ZERO
    else:
        accepted = max(min(accepted, amount_eur), min(ZERO, amount_eur))
    rest = amount_eur - accepted
    if verdict in PENDING_VERDICTS:
        return accepted, ZERO, rest
    return accepted, rest, ZERO


@transaction.atomic
def claim_audit(claim: ExpenseClaim) -> ClaimResult:
    """Run every rule over the claim, replace the findings and refresh the totals.

    Human decisions are never overwritten: a decided line keeps the auditor's verdict
    and amount; only its findings and EUR amount are refreshed. A signed-off claim is
    read-only. Returns the engine's ClaimResult.
    """
    claim = (
        ExpenseClaim.objects.select_for_update(of=("self",))
        .select_related("partnership__country", "partnership__sister_association", "programme", "budget_line")
        .get(pk=claim.pk)
    )
    if claim.status == ClaimStatus.CLOSED:
        raise AuditRefused(_("The claim %(claim)s is signed off: its audit is final.") % {"claim": claim})
    ids, invoices = claim_invoice_facts(claim)
    result = run_rules(claim_facts(claim), invoices, programme_parameters(claim.programme), rate_table())
    del invoices
    decisions = {
        pk: (verdict, accepted)
        for pk, verdict, accepted in AuditDecision.objects.filter(invoice__claim=claim).values_list(
            "invoice_id", "verdict", "accepted_eur"
        )
    }

    def updates():
        for line in result.invoices:
            pk = ids[line.line]
            if pk in decisions:
                verdict, accepted = decisions[pk]
                split = effective_split(line.amount_eur, verdict, accepted)
            else:
                verdict = line.verdict
                split = (line.accepted_eur, line.rejected_eur, line.pending_eur)
            yield (pk, line.amount_eur, line.units_per_eur, line.verdict, verdict, *split)

    def findings():
        for line in result.invoices:
            pk = ids[line.line]
            for finding in line.findings:
                yield (claim.pk, pk, finding.code, finding.outcome, finding.amount_eur, finding.message, finding.params)

    # Both are written as they are made, a chunk at a time, rather than held whole.
    bulk_update_rows(
        Invoice,
        updates(),
        ["amount_eur", "units_per_eur", "engine_verdict", "verdict", "accepted_eur", "rejected_eur", "pending_eur"],
    )
    Finding.objects.filter(claim=claim).delete()
    bulk_insert_rows(
        Finding,
        ["claim", "invoice", "rule_code", "outcome", "amount_affected_eur", "message", "message_params"],
        findings(),
    )
    claim_totals_refresh(claim)
    return result


@transaction.atomic
def claim_audit_after_reading(claim: ExpenseClaim) -> ClaimResult | None:
    """Run the rules again once the claim's scans are read; return None when it is not the time.

    The background reading (grants.tasks) calls it after each scan it reads or fails to
    read. Only a claim the auditors already checked (in audit, or audited) is run again,
    and only when none of its scans still waits to be read: a submitted claim waits for its
    auditor's first run, a draft for its submission, a signed-off claim is final. The claim
    is locked before its scans are counted: two readings ending together audit one after
    the other, and the second sees what the first stored.
    """
    claim = ExpenseClaim.objects.select_for_update(of=("self",)).get(pk=claim.pk)
    if claim.status not in (ClaimStatus.IN_AUDIT, ClaimStatus.AUDITED):
        return None
    if InvoiceAttachment.objects.scans().filter(claim=claim, reading_status__in=ReadingStatus.unfinished()).exists():
        return None
    return claim_audit(claim)


def claim_budget_excess(claim: ExpenseClaim) -> dict[str, Decimal]:
    """Return, per cost category, how much the accepted lines exceed the allocation + flexibility.

    The rules trim the excess off the lines they accept; decisions of auditors can take a
    claim above its budget again, so sign-off checks it on what was finally accepted.
    """
    allocations = claim_facts_allocations(claim)
    flexibility = 1 + claim.programme.budget_flexibility_pct / 100
    accepted = defaultdict(Decimal)
    for category, total in (
        Invoice.objects.filter(claim=claim).values_list("category").annotate(total=Sum("accepted_eur")).order_by()
    ):
        cost_category = COST_CATEGORY_OF.get(category, "operational")
        accepted[ASSOCIATION_BUDGET if claim.is_association_claim else cost_category] += total or ZERO
    excess = {}
    for category, total in accepted.items():
        cap = round_eur(allocations.get(category, ZERO) * flexibility)
        if total > cap:
            excess[category] = total - cap
    return excess


def claim_facts_allocations(claim: ExpenseClaim) -> dict[str, Decimal]:
    """EUR the claim may draw on per cost category; an association claim's budget line under one key."""
    if claim.is_association_claim:
        return {ASSOCIATION_BUDGET: line_budget(claim)}
    return dict(
        Allocation.objects.filter(programme=claim.programme, partnership=claim.partnership, year=claim.year)
        .values_list("category")
        .annotate(total=Sum("amount_eur"))
        .order_by()
    )


def claim_totals_refresh(claim: ExpenseClaim) -> None:
    """Store the claim's totals as the sums of its lines, and move its status on."""
    totals = Invoice.objects.filter(claim=claim).aggregate(
        claimed=Sum("amount_eur"),
        accepted=Sum("accepted_eur"),
        rejected=Sum("rejected_eur"),
        pending=Sum("pending_eur"),
    )
    claim.claimed_eur = totals["claimed"] or ZERO
    claim.accepted_eur = totals["accepted"] or ZERO
    claim.rejected_eur = totals["rejected"] or ZERO
    claim.pending_eur = totals["pending"] or ZERO
    # A draft stays the municipality's until it submits it: checking it changes nothing.
    if claim.can_move_to(ClaimStatus.IN_AUDIT):
        settled = (
            claim.pending_eur == ZERO
            and not Invoice.objects.filter(claim=claim).pending_audit().exists()
            and Invoice.objects.filter(claim=claim).exists()
        )
        claim.status = ClaimStatus.AUDITED if settled else ClaimStatus.IN_AUDIT
    # Totals are derived from the lines, whose decisions have their own history: an
    # update keeps the claim's history to the steps people take (submit, sign-off).
    ExpenseClaim.objects.filter(pk=claim.pk).update(
        claimed_eur=claim.claimed_eur,
        accepted_eur=claim.accepted_eur,
        rejected_eur=claim.rejected_eur,
        pending_eur=claim.pending_eur,
        status=claim.status,
    )
