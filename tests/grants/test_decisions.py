"""The auditor's decisions, the accepting of clean lines, sign-off and submission (services).

Built with tests/factories.py: a claim the rules have checked, with a line of each of
their verdicts (tests.claims.LINES_OF_EVERY_VERDICT), in audit or still a draft.
"""

import re
from decimal import Decimal

import pytest
from django.db.models import Sum

from grants.models import (
    Allocation,
    AttachmentKind,
    AuditDecision,
    ClaimStatus,
    Invoice,
    InvoiceAttachment,
    Programme,
    ReadingStatus,
    Verdict,
)
from grants.services.audit import AuditRefused, claim_audit, claim_budget_excess
from grants.services.decisions import (
    DecisionConflict,
    DecisionRefused,
    claim_accept_clean_lines,
    claim_sign_off,
    claim_submit,
    invoice_answer,
    invoice_decide,
)
from partnerships.models import Role
from tests.claims import make_checked_claim, settle_pending, undecided_line
from tests.factories import make_claim, make_user

pytestmark = pytest.mark.django_db

ZERO = Decimal("0.00")
PARTLY_ACCEPTED = Decimal("1000.00")


def claim_totals(claim):
    claim.refresh_from_db()
    return claim.claimed_eur, claim.accepted_eur, claim.rejected_eur, claim.pending_eur


def line_totals(claim):
    sums = Invoice.objects.filter(claim=claim).aggregate(
        claimed=Sum("amount_eur"),
        accepted=Sum("accepted_eur"),
        rejected=Sum("rejected_eur"),
        pending=Sum("pending_eur"),
    )
    return sums["claimed"], sums["accepted"], sums["rejected"], sums["pending"]


def split_of(invoice):
    invoice.refresh_from_db()
    return invoice.accepted_eur, invoice.rejected_eur, invoice.pending_eur


def state_of(claim):
    """Everything a refused action must leave as it was."""
    return (
        claim_totals(claim),
        claim.status,
        list(
            claim.invoices.order_by("line").values_list(
                "line", "verdict", "accepted_eur", "rejected_eur", "pending_eur"
            )
        ),
        list(
            AuditDecision.objects.filter(invoice__claim=claim)
            .order_by("pk")
            .values_list("pk", "verdict", "accepted_eur", "version")
        ),
        AuditDecision.history.filter(invoice__claim=claim).count(),
        InvoiceAttachment.objects.filter(invoice__claim=claim).count(),
    )


@pytest.fixture
def claim():
    """A claim in audit: its clean lines wait for the auditor as much as the others."""
    return make_checked_claim(status=ClaimStatus.SUBMITTED)


@pytest.fixture
def auditor():
    return make_user(role=Role.AUDITOR, first_name="Pieter", last_name="Maes", language="nl")


@pytest.fixture
def colleague():
    """A second auditor of the finance team."""
    return make_user(role=Role.AUDITOR, first_name="Lien", last_name="Peeters", language="nl")


@pytest.fixture
def warned_line(claim):
    """A line the rules only warned about (to_review), above EUR 1,000."""
    return undecided_line(claim, Verdict.TO_REVIEW, amount_eur__gt=PARTLY_ACCEPTED)


@pytest.fixture
def signed_off(claim, auditor):
    settle_pending(claim, auditor)
    claim_sign_off(claim=claim, auditor=auditor)
    claim.refresh_from_db()
    return claim


# Decisions and the money they move

EXPECTED_SPLITS = {
    Verdict.ELIGIBLE: lambda amount: (amount, ZERO, ZERO),
    Verdict.PARTIAL: lambda amount: (PARTLY_ACCEPTED, amount - PARTLY_ACCEPTED, ZERO),
    Verdict.INELIGIBLE: lambda amount: (ZERO, amount, ZERO),
    Verdict.NEEDS_INFO: lambda amount: (ZERO, ZERO, amount),
}


@pytest.mark.parametrize(
    ("verdict", "accepted_eur", "reason_codes"),
    [
        pytest.param(Verdict.ELIGIBLE, None, [], id="accept"),
        pytest.param(Verdict.PARTIAL, PARTLY_ACCEPTED, ["TRAVEL_CLASS"], id="accept-partly"),
        pytest.param(Verdict.INELIGIBLE, None, ["TRAVEL_CLASS", "NOT_PRUDENT"], id="reject"),
        pytest.param(Verdict.NEEDS_INFO, None, [], id="ask-for-information"),
    ],
)
def test_decision_sets_the_line_verdict_and_split_and_refreshes_the_claim_totals(
    claim, warned_line, auditor, verdict, accepted_eur, reason_codes
):
    amount = warned_line.amount_eur
    claimed, accepted, rejected, pending = claim_totals(claim)

    decision = invoice_decide(
        invoice=warned_line,
        auditor=auditor,
        verdict=verdict,
        accepted_eur=accepted_eur,
        reason_codes=reason_codes,
        comment="Nagekeken met de boekhouding van de gemeente.",
        seen_version=0,
    )

    expected = EXPECTED_SPLITS[verdict](amount)
    warned_line.refresh_from_db()
    assert warned_line.verdict == verdict
    assert split_of(warned_line) == expected
    assert sum(expected) == amount
    # The line was pending in full before the decision; now its amount moved.
    assert claim_totals(claim) == (
        claimed,
        accepted + expected[0],
        rejected + expected[1],
        pending - amount + expected[2],
    )
    assert claim_totals(claim) == line_totals(claim)
    assert claim.claimed_eur == claim.accepted_eur + claim.rejected_eur + claim.pending_eur
    assert (decision.verdict, decision.accepted_eur, decision.auditor, decision.version) == (
        verdict,
        expected[0],
        auditor,
        1,
    )
    assert decision.reason_codes == sorted(reason_codes)


def test_decision_that_agrees_with_the_rules_needs_no_comment(claim, auditor):
    partial = undecided_line(claim, Verdict.PARTIAL)
    rejected = undecided_line(claim, Verdict.INELIGIBLE, amount_eur__gt=0)
    waiting = undecided_line(claim, Verdict.NEEDS_INFO)
    engine_accepted = partial.accepted_eur

    invoice_decide(
        invoice=partial,
        auditor=auditor,
        verdict=Verdict.PARTIAL,
        accepted_eur=engine_accepted,
        reason_codes=["PER_DIEM"],
    )
    invoice_decide(invoice=rejected, auditor=auditor, verdict=Verdict.INELIGIBLE, reason_codes=["CATEGORY"])
    invoice_decide(invoice=waiting, auditor=auditor, verdict=Verdict.NEEDS_INFO)

    assert AuditDecision.objects.filter(invoice__in=[partial, rejected, waiting], comment="").count() == 3
    assert split_of(partial) == (engine_accepted, partial.amount_eur - engine_accepted, ZERO)
    assert claim_totals(claim) == line_totals(claim)


@pytest.mark.parametrize(
    ("engine_verdict", "decision", "message"),
    [
        pytest.param(
            Verdict.INELIGIBLE, {"verdict": Verdict.ELIGIBLE}, "differs from the rules", id="override-without-comment"
        ),
        pytest.param(
            Verdict.TO_REVIEW,
            {"verdict": Verdict.ELIGIBLE, "comment": "   \n"},
            "differs from the rules",
            id="override-with-blank-comment",
        ),
        pytest.param(
            Verdict.PARTIAL,
            {"verdict": Verdict.PARTIAL, "accepted_eur": Decimal("200.00"), "reason_codes": ["PER_DIEM"]},
            "differs from the rules",
            id="other-partial-amount-without-comment",
        ),
        pytest.param(
            Verdict.TO_REVIEW,
            {"verdict": Verdict.INELIGIBLE, "comment": "Buitensporig."},
            "at least one reason",
            id="reject-without-reason",
        ),
        pytest.param(
            Verdict.TO_REVIEW,
            {"verdict": Verdict.PARTIAL, "accepted_eur": Decimal("10.00"), "comment": "Deels."},
            "at least one reason",
            id="accept-partly-without-reason",
        ),
        pytest.param(
            Verdict.TO_REVIEW, {"verdict": Verdict.TO_REVIEW, "comment": "Later."}, "Choose accept", id="to-review"
        ),
        pytest.param(Verdict.TO_REVIEW, {"verdict": "maybe", "comment": "?"}, "Choose accept", id="unknown-verdict"),
    ],
)
def test_refused_decision_writes_nothing(claim, auditor, engine_verdict, decision, message):
    invoice = undecided_line(claim, engine_verdict, amount_eur__gt=0)
    before = state_of(claim)

    with pytest.raises(DecisionRefused, match=message):
        invoice_decide(invoice=invoice, auditor=auditor, seen_version=0, **decision)

    assert state_of(claim) == before
    assert not AuditDecision.objects.filter(invoice=invoice).exists()


PARTLY_ACCEPTED_OUT_OF_RANGE = {
    "zero": lambda amount: ZERO,
    "whole-amount": lambda amount: amount,
    "negative": lambda amount: Decimal("-0.01"),
    "above-the-amount": lambda amount: amount + Decimal("0.01"),
    "missing": lambda amount: None,
}


@pytest.mark.parametrize("case", PARTLY_ACCEPTED_OUT_OF_RANGE)
def test_partly_accepted_amount_outside_zero_and_the_line_amount_is_refused(claim, warned_line, auditor, case):
    before = state_of(claim)

    with pytest.raises(DecisionRefused, match="between 0 and"):
        invoice_decide(
            invoice=warned_line,
            auditor=auditor,
            verdict=Verdict.PARTIAL,
            accepted_eur=PARTLY_ACCEPTED_OUT_OF_RANGE[case](warned_line.amount_eur),
            reason_codes=["TRAVEL_CLASS"],
            comment="Enkel economy aanvaard.",
        )

    assert state_of(claim) == before


# Two auditors on the same line


def test_second_auditor_on_a_stale_version_gets_a_conflict_naming_the_first_and_changes_nothing(
    claim, warned_line, auditor, colleague
):
    invoice_decide(
        invoice=warned_line, auditor=auditor, verdict=Verdict.ELIGIBLE, comment="Dienstreis bevestigd.", seen_version=0
    )
    after_first = state_of(claim)

    with pytest.raises(DecisionConflict, match=re.escape(auditor.get_full_name())):
        invoice_decide(
            invoice=warned_line,
            auditor=colleague,
            verdict=Verdict.INELIGIBLE,
            reason_codes=["TRAVEL_CLASS"],
            comment="Business class is nooit subsidiabel.",
            seen_version=0,
        )

    decision = AuditDecision.objects.get(invoice=warned_line)
    assert (decision.verdict, decision.auditor, decision.version) == (Verdict.ELIGIBLE, auditor, 1)
    assert decision.comment == "Dienstreis bevestigd."
    assert state_of(claim) == after_first


def test_deciding_again_on_the_current_version_saves_and_increments_it(claim, warned_line, auditor, colleague):
    invoice_decide(
        invoice=warned_line, auditor=auditor, verdict=Verdict.ELIGIBLE, comment="Dienstreis bevestigd.", seen_version=0
    )

    decision = invoice_decide(
        invoice=warned_line,
        auditor=colleague,
        verdict=Verdict.INELIGIBLE,
        reason_codes=["TRAVEL_CLASS"],
        comment="Business class is nooit subsidiabel.",
        seen_version=1,
    )

    decision.refresh_from_db()
    assert (decision.verdict, decision.auditor, decision.version) == (Verdict.INELIGIBLE, colleague, 2)
    assert split_of(warned_line) == (ZERO, warned_line.amount_eur, ZERO)
    assert claim_totals(claim) == line_totals(claim)
    with pytest.raises(DecisionConflict, match=re.escape(colleague.get_full_name())):
        invoice_decide(
            invoice=warned_line, auditor=auditor, verdict=Verdict.ELIGIBLE, comment="Toch goed.", seen_version=1
        )


def test_every_change_of_a_decision_is_kept_in_its_history_with_its_author_and_previous_values(
    warned_line, auditor, colleague
):
    amount = warned_line.amount_eur

    invoice_decide(
        invoice=warned_line, auditor=auditor, verdict=Verdict.ELIGIBLE, comment="Dienstreis bevestigd.", seen_version=0
    )
    invoice_decide(
        invoice=warned_line,
        auditor=colleague,
        verdict=Verdict.PARTIAL,
        accepted_eur=PARTLY_ACCEPTED,
        reason_codes=["TRAVEL_CLASS"],
        comment="Enkel het tarief in economy.",
        seen_version=1,
    )

    records = list(AuditDecision.objects.get(invoice=warned_line).history.order_by("history_id"))
    assert [(r.history_user, r.verdict, r.accepted_eur, r.version) for r in records] == [
        (auditor, Verdict.ELIGIBLE, amount, 1),
        (colleague, Verdict.PARTIAL, PARTLY_ACCEPTED, 2),
    ]
    changes = {change.field: (change.old, change.new) for change in records[1].diff_against(records[0]).changes}
    assert changes["verdict"] == (Verdict.ELIGIBLE, Verdict.PARTIAL)
    assert changes["accepted_eur"] == (amount, PARTLY_ACCEPTED)
    assert changes["comment"] == ("Dienstreis bevestigd.", "Enkel het tarief in economy.")


def test_running_the_checks_again_keeps_the_decisions_and_their_amounts(claim, warned_line, auditor):
    invoice_decide(
        invoice=warned_line,
        auditor=auditor,
        verdict=Verdict.PARTIAL,
        accepted_eur=PARTLY_ACCEPTED,
        reason_codes=["TRAVEL_CLASS"],
        comment="Enkel het tarief in economy.",
    )
    before = state_of(claim)

    claim_audit(claim)

    assert state_of(claim) == before
    warned_line.refresh_from_db()
    assert (warned_line.verdict, warned_line.engine_verdict) == (Verdict.PARTIAL, Verdict.TO_REVIEW)
    assert warned_line.findings.filter(rule_code="TRAVEL_CLASS").exists()


# Accepting the clean lines in one go


@pytest.fixture
def checked_draft():
    """A draft claim, once the rules have checked it."""
    return make_checked_claim()


def test_accepting_clean_lines_accepts_only_undecided_lines_every_rule_passed(checked_draft, auditor):
    claim = checked_draft
    asked = undecided_line(claim, Verdict.ELIGIBLE)
    invoice_decide(invoice=asked, auditor=auditor, verdict=Verdict.NEEDS_INFO, comment="Factuur opvragen.")
    clean = set(
        claim.invoices.filter(engine_verdict=Verdict.ELIGIBLE, decision__isnull=True).values_list("pk", flat=True)
    )
    others = list(
        claim.invoices.exclude(engine_verdict=Verdict.ELIGIBLE)
        .order_by("line")
        .values_list("pk", "verdict", "accepted_eur", "pending_eur")
    )

    count = claim_accept_clean_lines(claim=claim, auditor=auditor)

    assert count == len(clean) > 0
    accepted = AuditDecision.objects.filter(invoice__in=clean)
    assert accepted.count() == len(clean)
    assert {
        (d.verdict, d.auditor_id, d.accepted_eur == d.invoice.amount_eur) for d in accepted.select_related("invoice")
    } == {(Verdict.ELIGIBLE, auditor.pk, True)}
    assert set(AuditDecision.history.filter(invoice__in=clean).values_list("history_user", flat=True)) == {auditor.pk}
    assert AuditDecision.objects.get(invoice=asked).verdict == Verdict.NEEDS_INFO
    assert split_of(asked) == (ZERO, ZERO, asked.amount_eur)
    assert (
        list(
            claim.invoices.exclude(engine_verdict=Verdict.ELIGIBLE)
            .order_by("line")
            .values_list("pk", "verdict", "accepted_eur", "pending_eur")
        )
        == others
    )
    assert not AuditDecision.objects.filter(invoice__claim=claim).exclude(invoice__in=clean | {asked.pk}).exists()
    assert claim_totals(claim) == line_totals(claim)


def test_accepting_clean_lines_when_all_are_decided_changes_nothing(claim, auditor):
    claim_accept_clean_lines(claim=claim, auditor=auditor)
    before = state_of(claim)

    count = claim_accept_clean_lines(claim=claim, auditor=auditor)

    assert count == 0
    assert state_of(claim) == before


# Sign-off


def ask_for_information_on_one_line(claim, auditor):
    """Settle every line but one, on which the auditor asks for information."""
    claim_accept_clean_lines(claim=claim, auditor=auditor)
    settle_pending(claim, auditor)
    line = claim.invoices.get(engine_verdict=Verdict.TO_REVIEW)
    invoice_decide(
        invoice=line, auditor=auditor, verdict=Verdict.NEEDS_INFO, comment="Factuur opvragen.", seen_version=1
    )


@pytest.mark.parametrize(
    "arrange",
    [
        pytest.param(lambda claim, auditor: None, id="lines-undecided"),
        pytest.param(ask_for_information_on_one_line, id="one-line-asked-for-information"),
    ],
)
def test_sign_off_is_refused_while_lines_wait_for_a_decision(claim, auditor, arrange):
    arrange(claim, auditor)
    claim.refresh_from_db()
    before = state_of(claim)

    with pytest.raises(DecisionRefused, match="cannot be signed off"):
        claim_sign_off(claim=claim, auditor=auditor)

    assert state_of(claim) == before
    assert claim.status == ClaimStatus.IN_AUDIT
    assert claim.signed_off_by is None


def set_operational_allocation(claim, amount):
    """Arrange the claim's operational allocation, as if the budget had been cut to `amount`."""
    Allocation.objects.filter(
        programme=claim.programme, partnership=claim.partnership, year=claim.year, category="operational"
    ).update(amount_eur=amount)


def accepted_operational(claim):
    return claim.invoices.filter(category__in=["investment", "operating", "personnel"]).aggregate(
        total=Sum("accepted_eur")
    )["total"]


@pytest.mark.parametrize("status", [ClaimStatus.DRAFT, ClaimStatus.SUBMITTED])
def test_sign_off_is_refused_for_a_claim_whose_lines_the_rules_never_checked(auditor, status):
    claim = make_claim(lines=2, status=status)
    before = state_of(claim)

    with pytest.raises(DecisionRefused):
        claim_sign_off(claim=claim, auditor=auditor)

    assert state_of(claim) == before
    assert claim.status == status
    assert claim.signed_off_by is None


def test_sign_off_is_refused_when_accepted_costs_exceed_the_allocation_and_its_flexibility(claim, auditor):
    settle_pending(claim, auditor)
    accepted = accepted_operational(claim)
    # 10 % flexibility on 1,000.00: at most 1,100.00 accepted.
    set_operational_allocation(claim, Decimal("1000.00"))
    before = state_of(claim)

    with pytest.raises(DecisionRefused, match="exceed the allocation"):
        claim_sign_off(claim=claim, auditor=auditor)

    assert claim_budget_excess(claim) == {"operational": accepted - Decimal("1100.00")}
    assert state_of(claim) == before
    assert claim.status != ClaimStatus.CLOSED


def test_sign_off_accepts_costs_above_the_allocation_within_its_flexibility(claim, auditor):
    settle_pending(claim, auditor)
    # About 5 % above the allocation, within the 10 % flexibility.
    set_operational_allocation(claim, (accepted_operational(claim) / Decimal("1.05")).quantize(Decimal("0.01")))

    claim_sign_off(claim=claim, auditor=auditor)

    claim.refresh_from_db()
    assert claim_budget_excess(claim) == {}
    assert claim.status == ClaimStatus.CLOSED


def test_sign_off_closes_a_claim_with_nothing_pending_and_within_budget(claim, auditor):
    settle_pending(claim, auditor)
    totals = claim_totals(claim)

    claim_sign_off(claim=claim, auditor=auditor)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLOSED
    assert claim.signed_off_by == auditor
    assert claim.signed_off_at is not None
    assert claim_totals(claim) == totals == line_totals(claim)
    assert claim.pending_eur == ZERO
    assert claim.claimed_eur == claim.accepted_eur + claim.rejected_eur
    assert claim_budget_excess(claim) == {}


def _decide(claim, user):
    invoice = claim.invoices.order_by("line").first()
    invoice_decide(
        invoice=invoice,
        auditor=user,
        verdict=Verdict.INELIGIBLE,
        reason_codes=["OTHER"],
        comment="Na afsluiting.",
        seen_version=invoice.decision.version if hasattr(invoice, "decision") else 0,
    )


def _answer(claim, user):
    invoice = claim.invoices.order_by("line").first()
    partner = make_user(role=Role.PARTNER_REPORTER, partnership=claim.partnership, language="fr")
    invoice_answer(invoice=invoice, user=partner, comment="Voici le justificatif.")


READ_ONLY_ACTIONS = {
    "decide": (_decide, DecisionRefused),
    "accept-clean-lines": (lambda claim, user: claim_accept_clean_lines(claim=claim, auditor=user), DecisionRefused),
    "run-the-checks": (lambda claim, user: claim_audit(claim), AuditRefused),
    "answer": (_answer, DecisionRefused),
    "sign-off-again": (lambda claim, user: claim_sign_off(claim=claim, auditor=user), DecisionRefused),
    "submit": (lambda claim, user: claim_submit(claim=claim, user=user), DecisionRefused),
}


@pytest.mark.parametrize("action", READ_ONLY_ACTIONS)
def test_signed_off_claim_is_read_only(signed_off, auditor, action):
    act, refusal = READ_ONLY_ACTIONS[action]
    before = state_of(signed_off)

    with pytest.raises(refusal):
        act(signed_off, auditor)

    assert state_of(signed_off) == before
    assert signed_off.status == ClaimStatus.CLOSED


@pytest.mark.parametrize("action", ["decide", "accept-clean-lines", "run-the-checks", "answer"])
def test_signed_off_claim_refuses_changes_saying_it_is_signed_off(signed_off, auditor, action):
    act, refusal = READ_ONLY_ACTIONS[action]

    with pytest.raises(refusal, match="signed off"):
        act(signed_off, auditor)


# Submission


def test_submitting_a_draft_hands_it_to_the_auditors():
    claim = make_claim(lines=2)
    officer = make_user(role=Role.FLEMISH_OFFICER, partnership=claim.partnership)

    claim_submit(claim=claim, user=officer)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED
    assert claim.submitted_by == officer
    assert claim.submitted_at is not None


@pytest.mark.parametrize(
    "status", [ClaimStatus.SUBMITTED, ClaimStatus.IN_AUDIT, ClaimStatus.AUDITED, ClaimStatus.CLOSED]
)
def test_submitting_a_claim_that_is_no_longer_a_draft_is_refused(status):
    claim = make_claim(lines=2, status=status)
    before = state_of(claim)

    with pytest.raises(DecisionRefused, match="Only a draft"):
        claim_submit(claim=claim, user=make_user(role=Role.FLEMISH_OFFICER, partnership=claim.partnership))

    assert state_of(claim) == before
    assert claim.submitted_at is None


# Scans not read yet


def require_scans(claim):
    """Arrange that SCAN judges the claim: its programme asks for scans from the claim's year."""
    Programme.objects.filter(pk=claim.programme_id).update(scans_required_from_year=claim.year)


def attach_unread_scan(claim, status, invoice=None):
    return InvoiceAttachment.objects.create(
        claim=claim, invoice=invoice, kind=AttachmentKind.SCAN, sha256="a" * 64, reading_status=status
    )


@pytest.mark.parametrize("status", [ReadingStatus.WAITING, ReadingStatus.READING])
def test_accepting_clean_lines_leaves_out_a_line_whose_scan_is_not_read_yet(claim, auditor, status):
    require_scans(claim)
    clean = set(claim.invoices.filter(engine_verdict=Verdict.ELIGIBLE).values_list("pk", flat=True))
    unread = undecided_line(claim, Verdict.ELIGIBLE)
    attach_unread_scan(claim, status, invoice=unread)

    count = claim_accept_clean_lines(claim=claim, auditor=auditor)

    assert count == len(clean) - 1
    assert set(AuditDecision.objects.filter(invoice__claim=claim).values_list("invoice", flat=True)) == clean - {
        unread.pk
    }


def test_accepting_clean_lines_takes_a_line_whose_scan_waits_where_scan_does_not_judge_the_claim(claim, auditor):
    Programme.objects.filter(pk=claim.programme_id).update(scans_required_from_year=None)
    waiting = undecided_line(claim, Verdict.ELIGIBLE)
    attach_unread_scan(claim, ReadingStatus.WAITING, invoice=waiting)

    claim_accept_clean_lines(claim=claim, auditor=auditor)

    assert AuditDecision.objects.get(invoice=waiting).verdict == Verdict.ELIGIBLE


@pytest.mark.parametrize("status", [ReadingStatus.WAITING, ReadingStatus.READING])
def test_sign_off_is_refused_while_a_scan_of_the_claim_is_not_read_yet(claim, auditor, status):
    claim_accept_clean_lines(claim=claim, auditor=auditor)
    settle_pending(claim, auditor)
    require_scans(claim)
    # Not paired with a line yet: the reading may still pair it.
    attach_unread_scan(claim, status)
    claim.refresh_from_db()
    before = state_of(claim)

    with pytest.raises(DecisionRefused, match="still being read"):
        claim_sign_off(claim=claim, auditor=auditor)

    assert state_of(claim) == before
    assert (claim.status, claim.signed_off_by) == (ClaimStatus.AUDITED, None)


def test_a_claim_whose_scans_are_read_is_signed_off(claim, auditor):
    claim_accept_clean_lines(claim=claim, auditor=auditor)
    settle_pending(claim, auditor)
    require_scans(claim)
    attach_unread_scan(claim, ReadingStatus.FAILED)

    claim_sign_off(claim=claim, auditor=auditor)

    claim.refresh_from_db()
    assert claim.status == ClaimStatus.CLOSED
