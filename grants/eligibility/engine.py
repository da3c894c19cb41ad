"""Audit of one expense claim: the rules' findings, a verdict per line and the money split.

docs/eligibility.md is the specification. Same facts and parameters, same result, whatever
the order of the lines; every line and the claim satisfy amount = accepted + rejected +
pending to the cent.
"""

from collections import defaultdict

from grants.eligibility.findings import ZERO_EUR, ClaimResult, InvoiceResult, Outcome, Verdict
from grants.eligibility.rates import LineRates, line_eur, to_eur
from grants.eligibility.rules import BUDGET, RULES, TRANCHE_COVER
from grants.eligibility.rules.amount import AmountRule
from grants.eligibility.rules.base import Line
from grants.eligibility.word_matching import normalize


def audit_claim(claim, invoices, params, rates):
    """Judge every line of a claim and split its EUR amount into accepted, rejected and pending.

    The rules judge the lines as declared; TRANCHE_COVER then counts what they do not reject;
    each line gets its verdict; BUDGET finally takes what exceeds an allocation off the
    accepted amounts, from the highest line numbers of the category down.
    """
    lines, exchange_difference = _lines(invoices, LineRates(rates, claim.transfers, params.exchange_rate_method))
    findings = defaultdict(list)
    for rule in RULES:
        for finding in rule.judge(lines, claim, params):
            findings[finding.line].append(finding)
    rejected = {line.number: line_rejected(line, findings[line.number]) for line in lines}
    for finding in TRANCHE_COVER.judge(lines, claim, params, rejected):
        findings[finding.line].append(finding)
    results = [line_result(line, findings[line.number]) for line in lines]
    results = BUDGET.apply(results, lines, claim, params)
    return ClaimResult(
        invoices=tuple(results),
        claimed_eur=sum((result.amount_eur for result in results), ZERO_EUR),
        accepted_eur=sum((result.accepted_eur for result in results), ZERO_EUR),
        rejected_eur=sum((result.rejected_eur for result in results), ZERO_EUR),
        pending_eur=sum((result.pending_eur for result in results), ZERO_EUR),
        exchange_difference_eur=exchange_difference,
    )


def _lines(invoices, line_rates):
    """Return the invoices in line order, each with its EUR amount, and the exchange difference.

    A line that cannot be converted counts for its declared EUR amount, or 0, while
    CURRENCY asks for the rate. The exchange difference is what the programme's method
    changes: the EUR of the lines at their rate minus their EUR at the monthly reference
    rate, over the lines that have both.
    """
    lines = []
    exchange_difference = ZERO_EUR
    for invoice in sorted(invoices, key=lambda invoice: invoice.line):
        line_rate = line_rates.rate_of(invoice)
        units_per_eur, reference = line_rate.units_per_eur, line_rate.reference
        amount_eur = line_eur(invoice.amount, units_per_eur, invoice.declared_amount_eur)
        if units_per_eur is not None and reference is not None:
            exchange_difference += amount_eur - to_eur(invoice.amount, reference)
        lines.append(
            Line(
                invoice,
                amount_eur,
                units_per_eur,
                normalize(invoice.description),
                before_first_tranche=line_rate.before_first_tranche,
            )
        )
    numbers = [line.number for line in lines]
    # Results are keyed by line number: two lines with one number would judge each other.
    if len(set(numbers)) != len(numbers):
        raise ValueError("Two invoices of the claim have the same line number.")
    return lines, exchange_difference


def rejected_part(amount_eur, findings):
    """Return what the failing findings reject, at most the line's EUR amount.

    A credit note's parts are negative like its amount: the bound is on the size.
    """
    failed = sum((finding.amount_eur for finding in findings if finding.outcome == Outcome.FAIL), ZERO_EUR)
    low, high = sorted((ZERO_EUR, amount_eur))
    return min(max(failed, low), high)


def line_rejected(line, findings):
    """What the findings reject of a line.

    A negative line that is not a recognised credit note waits whole for the municipality's
    answer: rejecting any of it would make the rejected total negative.
    """
    if line.amount_eur < 0 and any(
        finding.code == AmountRule.code and finding.outcome == Outcome.NEEDS_INFO for finding in findings
    ):
        return ZERO_EUR
    return rejected_part(line.amount_eur, findings)


def line_result(line, findings):
    """Combine the findings of a line into its verdict (docs/eligibility.md "Verdict of a line")."""
    outcomes = {finding.outcome for finding in findings}
    rejected = line_rejected(line, findings)
    # Most lines reject nothing: their rest is the line's own amount, not a copy of it.
    rest = line.amount_eur - rejected if rejected else line.amount_eur
    accepted = pending = ZERO_EUR
    if Outcome.FAIL in outcomes and rest == 0:
        verdict = Verdict.INELIGIBLE
    elif Outcome.NEEDS_INFO in outcomes:
        verdict, pending = Verdict.NEEDS_INFO, rest
    elif Outcome.WARN in outcomes:
        verdict, pending = Verdict.TO_REVIEW, rest
    elif Outcome.FAIL in outcomes:
        verdict, accepted = Verdict.PARTIAL, rest
    else:
        verdict, accepted = Verdict.ELIGIBLE, rest
    return InvoiceResult(
        line=line.number,
        amount_eur=line.amount_eur,
        units_per_eur=line.units_per_eur,
        verdict=verdict,
        accepted_eur=accepted,
        rejected_eur=rejected,
        pending_eur=pending,
        findings=tuple(sorted(findings, key=lambda finding: finding.code)),
    )
