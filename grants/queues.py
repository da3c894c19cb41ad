"""The expense-claim sections of the home page's work queue (see core.panels).

Each answers "" to a reader whose role it is not for, and reads what it lists in a fixed
number of queries, oldest first, scoped through grants.selectors.
"""

from django.db.models import Count, Exists, F, OuterRef, Q
from django.template.loader import render_to_string
from django.utils import timezone

from grants import selectors
from grants.deadlines import Timeliness, claim_deadline, claim_timeliness
from grants.models import Allocation, AttachmentKind, ClaimStatus, Invoice, InvoiceAttachment, Verdict
from partnerships.models import Role
from partnerships.selectors import (
    is_auditor,
    is_programme_team,
    partnerships_visible_to,
    roles_of,
    sees_whole_programme,
)

AWAITING_AUDIT = (ClaimStatus.SUBMITTED, ClaimStatus.IN_AUDIT)
PENDING_VERDICTS = (Verdict.NEEDS_INFO, Verdict.TO_REVIEW)
MUNICIPALITY_ROLES = {Role.FLEMISH_OFFICER, Role.PARTNER_REPORTER}
# A long list of questions is answered from the claim page; the home page names the first ones.
QUESTIONS_SHOWN = 10


def _oldest_submitted_first(claims):
    return claims.order_by(F("submitted_at").asc(nulls_last=True), "year", "pk")


def _municipality_reader(user):
    """Partners and Flemish officers: the programme-wide team has queues of its own."""
    return not sees_whole_programme(user) and bool(roles_of(user) & MUNICIPALITY_ROLES)


def claims_to_audit(request):
    """Submitted claims and claims in audit, with how many of their lines are still pending."""
    if not is_auditor(request.user):
        return ""
    claims = list(
        _oldest_submitted_first(
            selectors.claims_visible_to(request.user)
            .filter(status__in=AWAITING_AUDIT)
            .select_related("partnership", "budget_line")
            .annotate(pending_lines=Count("invoices", filter=Q(invoices__verdict__in=PENDING_VERDICTS)))
        )
    )
    return render_to_string(
        "grants/panels/queue_audit.html",
        {"claims": claims, "pending_total": sum(claim.pending_lines for claim in claims)},
        request=request,
    )


def claims_to_sign_off(request):
    """Audited claims, every line settled, that the programme team has not signed off yet."""
    if not is_programme_team(request.user):
        return ""
    claims = list(
        _oldest_submitted_first(
            selectors.claims_visible_to(request.user)
            .filter(status=ClaimStatus.AUDITED)
            .select_related("partnership", "budget_line")
        )
    )
    return render_to_string("grants/panels/queue_sign_off.html", {"claims": claims}, request=request)


def claims_to_submit(request):
    """For a Flemish officer: draft claims to submit, and owed claims with no statement imported yet.

    A partnership owes the claim of every year it has an allocation; last year's and this
    year's are the ones still being prepared (an older one would be long overdue and is
    the programme team's business).
    """
    user = request.user
    if sees_whole_programme(user) or Role.FLEMISH_OFFICER not in roles_of(user):
        return ""
    today = timezone.localdate()
    drafts = [
        {
            "claim": claim,
            "partnership": claim.partnership,
            "year": claim.year,
            "timeliness": claim_timeliness(claim, today),
        }
        for claim in selectors.claims_visible_to(user)
        .filter(status=ClaimStatus.DRAFT, partnership__isnull=False)
        .select_related("partnership", "programme")
    ]
    years = (today.year - 1, today.year)
    claimed = set(selectors.claims_visible_to(user).filter(year__in=years).values_list("partnership_id", "year"))
    missing = {}
    for allocation in (
        Allocation.objects.filter(partnership__in=partnerships_visible_to(user), year__in=years)
        .select_related("partnership", "programme")
        .order_by("year", "partnership__code")
    ):
        key = (allocation.partnership_id, allocation.year)
        if key not in claimed and key not in missing:
            deadline = claim_deadline(allocation.year, allocation.programme)
            missing[key] = {
                "claim": None,
                "partnership": allocation.partnership,
                "year": allocation.year,
                "deadline": deadline,
                "overdue": today > deadline,
            }
    for row in drafts:
        row["deadline"] = row["timeliness"].deadline
        row["overdue"] = row["timeliness"].status == Timeliness.OVERDUE
    rows = sorted(drafts + list(missing.values()), key=lambda row: (row["deadline"], row["partnership"].code))
    return render_to_string("grants/panels/queue_submit.html", {"rows": rows}, request=request)


def questions_to_answer(request):
    """Lines the auditor asked about and nobody of the partnership answered since the question.

    Until the auditor decides, the question is the rules'; once decided "needs
    information", it is the auditor's, and only an answer given after it counts.
    """
    user = request.user
    if not _municipality_reader(user):
        return ""
    answers = InvoiceAttachment.objects.filter(invoice=OuterRef("pk"), kind=AttachmentKind.ANSWER)
    unanswered = Q(decision__isnull=True) & ~Exists(answers) | Q(decision__isnull=False) & ~Exists(
        answers.filter(uploaded_at__gt=OuterRef("decision__decided_at"))
    )
    questions = Invoice.objects.filter(
        unanswered,
        claim__in=selectors.claims_visible_to(user).exclude(status=ClaimStatus.CLOSED),
        verdict=Verdict.NEEDS_INFO,
    )
    shown = list(
        questions.select_related("claim__partnership").order_by(
            F("claim__submitted_at").asc(nulls_last=True), "claim__year", "claim_id", "line"
        )[:QUESTIONS_SHOWN]
    )
    count = len(shown) if len(shown) < QUESTIONS_SHOWN else questions.count()
    return render_to_string(
        "grants/panels/queue_questions.html",
        {"questions": shown, "count": count, "more": count - len(shown)},
        request=request,
    )
