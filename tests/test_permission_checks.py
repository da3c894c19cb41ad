"""The permission checks of partnerships, grants and reporting (each app's permissions.py), and the 403 page.

One module for the three apps: their checks share one design (core/permissions.py), so
one table of who may do what, asked of one cast of people, tests them all.
"""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.views.defaults import permission_denied

from grants import permissions as grants_permissions
from grants.models import ClaimStatus, Verdict
from partnerships import permissions as partnerships_permissions
from partnerships.models import Language, Role
from reporting import permissions as reporting_permissions
from reporting.models import ReportStatus
from tests.factories import make_budget_line, make_claim, make_invoice, make_partnership, make_report, make_user

pytestmark = pytest.mark.django_db

ROLES = ("manager", "auditor", "viewer", "officer", "reporter", "stranger")
TEAM = {"manager"}
WHOLE_PROGRAMME = {"manager", "auditor", "viewer"}


@pytest.fixture
def partnership():
    return make_partnership()


@pytest.fixture
def people(partnership):
    """One person per role: programme-wide ones, the partnership's own, and the officer of another partnership."""
    return {
        "manager": make_user(role=Role.PROGRAMME_MANAGER),
        "auditor": make_user(role=Role.AUDITOR),
        "viewer": make_user(role=Role.VIEWER),
        "officer": make_user(role=Role.FLEMISH_OFFICER, partnership=partnership),
        "reporter": make_user(role=Role.PARTNER_REPORTER, partnership=partnership),
        "stranger": make_user(role=Role.FLEMISH_OFFICER, partnership=make_partnership()),
    }


def _submitted_claim(partnership):
    return make_claim(partnership=partnership, lines=1, status=ClaimStatus.SUBMITTED)


def _question(partnership):
    """A line of a claim in audit the auditor asked the partnership about."""
    claim = make_claim(partnership=partnership, status=ClaimStatus.IN_AUDIT)
    return make_invoice(claim=claim, verdict=Verdict.NEEDS_INFO)


# (check, what it is asked about, the roles it lets act, the reason it gives the others)
CASES = [
    pytest.param(
        partnerships_permissions.check_change_partnership,
        lambda partnership: partnership,
        TEAM,
        "Only the programme team changes partnerships.",
        id="change_partnership",
    ),
    pytest.param(
        grants_permissions.check_import_claim,
        lambda partnership: partnership,
        {"manager", "auditor", "officer"},
        "Only the Flemish officer of the partnership and the auditors import statements.",
        id="import_claim",
    ),
    pytest.param(
        grants_permissions.check_import_statements,
        None,
        {"manager", "auditor", "officer", "stranger"},
        "Only the Flemish officer of a partnership and the auditors import statements.",
        id="import_statements",
    ),
    pytest.param(
        grants_permissions.check_change_draft_lines,
        lambda partnership: make_claim(partnership=partnership),
        {"manager", "auditor", "officer"},
        "Only the Flemish officer of the partnership and the auditors replace or delete a draft claim's lines.",
        id="change_draft_lines",
    ),
    pytest.param(
        grants_permissions.check_change_draft_lines,
        lambda partnership: make_claim(budget_line=make_budget_line()),
        {"manager", "auditor"},
        "Only the programme team and the auditors replace or delete the lines of the association's claims.",
        id="change_draft_lines_of_the_association",
    ),
    pytest.param(
        grants_permissions.check_add_scans,
        _submitted_claim,
        {"manager", "auditor", "officer"},
        "Only the Flemish officer of the partnership and the auditors add invoice scans to a claim.",
        id="add_scans",
    ),
    pytest.param(
        grants_permissions.check_add_scans,
        lambda partnership: make_claim(budget_line=make_budget_line()),
        {"manager", "auditor"},
        "Only the programme team and the auditors add invoice scans to the association's claims.",
        id="add_scans_of_the_association",
    ),
    pytest.param(
        grants_permissions.check_audit_claim,
        _submitted_claim,
        {"manager", "auditor"},
        "Only the auditors audit claims.",
        id="audit_claim",
    ),
    pytest.param(
        grants_permissions.check_submit_claim,
        lambda partnership: make_claim(partnership=partnership),
        {"manager", "officer"},
        "Only the Flemish officer of the partnership and the programme team submit a claim.",
        id="submit_claim",
    ),
    pytest.param(
        grants_permissions.check_submit_claim,
        lambda partnership: make_claim(budget_line=make_budget_line()),
        {"manager"},
        "Only the Flemish officer of the partnership and the programme team submit a claim.",
        id="submit_claim_of_the_association",
    ),
    pytest.param(
        grants_permissions.check_answer_invoice,
        _question,
        {"manager", "officer", "reporter"},
        "Only the municipalities of the partnership answer the auditor.",
        id="answer_invoice",
    ),
    pytest.param(
        reporting_permissions.check_change_framework,
        lambda partnership: partnership,
        TEAM,
        "Only the programme team changes results frameworks.",
        id="change_framework",
    ),
    pytest.param(
        reporting_permissions.check_read_objectives,
        None,
        WHOLE_PROGRAMME,
        "The objectives of the whole programme are for the programme team.",
        id="read_objectives",
    ),
    pytest.param(
        reporting_permissions.check_write_programme_results,
        None,
        TEAM,
        "Only the programme team writes the programme's own results and narrative.",
        id="write_programme_results",
    ),
    pytest.param(
        reporting_permissions.check_open_reporting_period,
        None,
        TEAM,
        "Only the programme team opens reporting periods.",
        id="open_reporting_period",
    ),
    pytest.param(
        reporting_permissions.check_edit_report,
        lambda partnership: make_report(partnership=partnership),
        {"manager", "reporter"},
        "Only the reporters of the partnership write its report.",
        id="edit_report",
    ),
    pytest.param(
        reporting_permissions.check_review_report,
        lambda partnership: make_report(partnership=partnership, status=ReportStatus.SUBMITTED),
        TEAM,
        "Only the programme team reviews reports.",
        id="review_report",
    ),
    pytest.param(
        reporting_permissions.check_generate_annual_report,
        None,
        TEAM,
        "Only the programme team generates annual reports.",
        id="generate_annual_report",
    ),
]


def _asker(check, make_subject, partnership):
    """Return a function asking `check` for a user: alone for the whole programme, else with one object."""
    if make_subject is None:
        return check
    subject = make_subject(partnership)
    return lambda user: check(user, subject)


def _yes_or_no(check):
    module = {
        "partnerships": partnerships_permissions,
        "grants": grants_permissions,
        "reporting": reporting_permissions,
    }[check.__module__.split(".")[0]]
    return getattr(module, check.__name__.replace("check_", "may_", 1))


@pytest.mark.parametrize(("check", "make_subject", "allowed", "reason"), CASES)
def test_each_check_lets_exactly_its_roles_act(people, partnership, check, make_subject, allowed, reason):
    may = _asker(_yes_or_no(check), make_subject, partnership)

    acting = {role for role, user in people.items() if may(user)}

    assert acting == allowed


@pytest.mark.parametrize(("check", "make_subject", "allowed", "reason"), CASES)
def test_each_check_tells_every_other_role_why_not(people, partnership, check, make_subject, allowed, reason):
    ask = _asker(check, make_subject, partnership)
    refused = [user for role, user in people.items() if role not in allowed]

    for user in refused:
        with pytest.raises(PermissionDenied, match=f"^{re.escape(reason)}$"):
            ask(user)


@pytest.mark.parametrize(("check", "make_subject", "allowed", "reason"), CASES)
def test_each_reason_is_translated_when_the_check_refuses(people, partnership, check, make_subject, allowed, reason):
    ask = _asker(check, make_subject, partnership)
    refused = next(user for role, user in people.items() if role not in allowed)

    with translation.override("fr"), pytest.raises(PermissionDenied) as refusal:
        ask(refused)

    with translation.override("fr"):
        assert str(refusal.value) == translation.gettext(reason)


def test_a_reason_comes_in_the_language_active_when_the_check_refuses(people):
    with translation.override("fr"), pytest.raises(PermissionDenied) as refusal:
        reporting_permissions.check_open_reporting_period(people["reporter"])

    assert str(refusal.value) == "Seule l'équipe du programme ouvre les périodes de rapportage."


def test_a_signed_off_claim_is_audited_by_nobody(people, partnership):
    claim = make_claim(partnership=partnership, lines=1, status=ClaimStatus.CLOSED)

    with pytest.raises(PermissionDenied, match="^The claim is signed off and read-only.$"):
        grants_permissions.check_audit_claim(people["auditor"], claim)


def test_no_scan_is_added_to_a_signed_off_claim(people, partnership):
    claim = make_claim(partnership=partnership, lines=1, status=ClaimStatus.CLOSED)

    with pytest.raises(PermissionDenied, match="^The claim is signed off and read-only.$"):
        grants_permissions.check_add_scans(people["officer"], claim)


def test_the_lines_of_a_submitted_claim_are_changed_by_nobody(people, partnership):
    claim = _submitted_claim(partnership)

    with pytest.raises(PermissionDenied, match="no longer a draft"):
        grants_permissions.check_change_draft_lines(people["officer"], claim)


def test_a_line_the_auditor_asked_nothing_about_is_not_answered(people, partnership):
    invoice = make_invoice(claim=make_claim(partnership=partnership, status=ClaimStatus.IN_AUDIT))

    with pytest.raises(PermissionDenied, match="^The auditor asked nothing about this invoice.$"):
        grants_permissions.check_answer_invoice(people["reporter"], invoice)


def test_a_question_on_a_signed_off_claim_is_not_answered(people, partnership):
    invoice = _question(partnership)
    invoice.claim.status = ClaimStatus.CLOSED

    with pytest.raises(PermissionDenied, match="^The claim is signed off and read-only.$"):
        grants_permissions.check_answer_invoice(people["reporter"], invoice)


def test_a_submitted_report_is_written_by_nobody(people, partnership):
    report = make_report(partnership=partnership, status=ReportStatus.SUBMITTED)

    with pytest.raises(PermissionDenied, match="^The report is submitted or approved: it can no longer be changed.$"):
        reporting_permissions.check_edit_report(people["reporter"], report)


def test_a_refused_action_shows_its_reason_on_the_403_page(client, settings, people, partnership):
    settings.DEBUG = False
    claim = _submitted_claim(partnership)
    client.force_login(people["reporter"])

    response = client.post(reverse("grants:claim-audit", kwargs={"pk": claim.pk}))

    assert response.status_code == 403
    assert escape("Only the auditors audit claims.") in response.content.decode()
    assert f'href="{reverse("home")}"' in response.content.decode()
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.SUBMITTED


def test_the_403_page_is_in_the_readers_language(client, settings, partnership):
    settings.DEBUG = False
    client.force_login(make_user(role=Role.PARTNER_REPORTER, partnership=partnership, language=Language.FR))

    response = client.post(reverse("reporting:reporting-period"), {"year": 2025})

    content = response.content.decode()
    assert response.status_code == 403
    assert '<html lang="fr">' in content
    assert escape("Seule l'équipe du programme ouvre les périodes de rapportage.") in content


def test_the_403_page_escapes_the_reason(people):
    request = RequestFactory().get("/")
    request.user = people["reporter"]

    response = permission_denied(request, PermissionDenied("<script>alert(1)</script>"))

    assert response.status_code == 403
    assert "<script>alert(1)</script>" not in response.content.decode()
    assert escape("<script>alert(1)</script>") in response.content.decode()


def test_a_refusal_without_a_reason_gets_the_general_sentence(people):
    request = RequestFactory().get("/")
    request.user = people["reporter"]

    response = permission_denied(request, PermissionDenied())

    assert "Your role does not allow this action." in response.content.decode()


def test_the_claim_page_offers_the_partnerships_officer_to_submit_its_draft(client, people, partnership):
    claim = make_claim(partnership=partnership, lines=1)
    client.force_login(people["officer"])

    context = client.get(reverse("grants:claim-detail", kwargs={"pk": claim.pk})).context

    assert (context["can_submit"], context["can_change_lines"], context["can_audit"]) == (True, True, False)


def test_the_claim_page_offers_no_submission_of_a_claim_already_submitted(client, people, partnership):
    claim = _submitted_claim(partnership)
    client.force_login(people["officer"])

    context = client.get(reverse("grants:claim-detail", kwargs={"pk": claim.pk})).context

    assert (context["can_submit"], context["can_change_lines"]) == (False, False)


def test_a_reporter_is_refused_the_claims_submission_page_with_the_reason(client, people, partnership):
    claim = make_claim(partnership=partnership, lines=1)
    client.force_login(people["reporter"])

    response = client.get(reverse("grants:claim-submit", kwargs={"pk": claim.pk}))

    assert response.status_code == 403
    assert escape("Only the Flemish officer of the partnership and the programme team submit a claim.") in (
        response.content.decode()
    )
