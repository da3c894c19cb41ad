"""Every URL that names an object, requested by a partner of another partnership, answers 404 or 403.

The walk covers every URL pattern of the project that takes a parameter, so a new
page cannot be added without saying here which object it names.
"""

import uuid
from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from demo.documents import scan_pdf
from grants.models import BudgetPlan, InvoiceAttachment
from grants.scan_pages import draw_pages
from partnerships.models import Role
from reporting.models import AnnualReport, EvidenceFile, GenerationStatus, ProgrammeIndicatorValue, ReportPeriod
from tests.factories import (
    make_allocation,
    make_claim,
    make_indicator,
    make_objective,
    make_outcome,
    make_partnership,
    make_programme,
    make_report,
    make_user,
)

pytestmark = pytest.mark.django_db

# Django's own password-reset link names a user by a signed token, not an object id.
NOT_OBJECT_URLS = {"password_reset_confirm"}
PDF = b"%PDF-1.4\n%%EOF\n"


def patterns_with_parameters(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from patterns_with_parameters(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.pattern.converters:
            yield f"{namespace}{pattern.name}", sorted(pattern.pattern.converters)


@pytest.fixture
def intruder():
    """A partner of another partnership funded by the same programme."""
    return make_user(role=Role.PARTNER_REPORTER, partnership=make_partnership())


@pytest.fixture
def their_objects(media_root, intruder):
    """The URL parameters of one object of each kind, of a partnership that is not the intruder's."""
    programme = make_programme()
    own = intruder.memberships.get().partnership
    theirs = make_partnership()
    make_allocation(programme=programme, partnership=theirs)
    make_allocation(programme=programme, partnership=own)
    plan = make_programme(start_date=date(2027, 1, 1), end_date=date(2036, 12, 31))
    make_allocation(programme=plan, partnership=theirs, year=2027)
    budget_plan = BudgetPlan.objects.create(programme=plan, base_year=2027)
    budget_plan.lines.create(category="operational", heading="operating", base_amount_eur=Decimal("100000.00"))
    claim = make_claim(programme=programme, partnership=theirs, lines=1)
    attachment = InvoiceAttachment.objects.create(
        claim=claim, invoice=claim.invoices.get(), kind="scan", file=ContentFile(scan_pdf("Scan", []), name="scan.pdf")
    )
    # The worker draws a scan's pages; the page image URL serves only what it has drawn.
    draw_pages(attachment)
    draft = make_report(partnership=theirs, year=2026, period=ReportPeriod.H1)
    evidence = EvidenceFile.objects.create(
        report=draft, file=ContentFile(PDF, name="photo.pdf"), content_type="application/pdf", size=len(PDF)
    )
    objective = make_objective(programme=programme)
    outcome = make_outcome(partnership=theirs, objective=objective)
    indicator = make_indicator(outcome=outcome)
    team_indicator = make_indicator(outcome=make_outcome(team=True, objective=objective))
    programme_value = ProgrammeIndicatorValue.objects.create(
        indicator=team_indicator,
        year=2025,
        value=1,
        evidence=ContentFile(PDF, name="minutes.pdf"),
        evidence_type="application/pdf",
    )
    claim_urls = {"pk": claim.pk, "line": 1, "attachment_id": attachment.pk}
    annual = AnnualReport.objects.create(
        programme=programme,
        year=2025,
        language="fr",
        format="html",
        status=GenerationStatus.DONE,
        file=ContentFile(b"<html></html>", name="report.html"),
    )
    return {
        "partnerships:partnership-detail": {"code": theirs.code},
        "grants:programme-detail": {"code": plan.code},
        "grants:programme-budget-chart": {"code": plan.code},
        # The intruder sees the programme's page (its partnership has allocations there), not its IATI file.
        "reporting:iati-export": {"code": programme.code},
        # Annual reports cover every partnership: no partner reads them.
        "reporting:annual-report-detail": {"pk": annual.pk},
        "reporting:annual-report-download": {"pk": annual.pk},
        "reporting:annual-report-page": {"code": programme.code, "year": 2025},
        "reporting:programme-chart": {"code": programme.code, "name": "execution-by-year"},
        "grants:claim-upload-preview": {"token": uuid.uuid4()},
        "grants:claim-upload-errors": {"token": uuid.uuid4()},
        **{
            f"grants:{name}": {key: claim_urls[key] for key in ("pk",)}
            for name in (
                "claim-detail",
                "claim-audit",
                "claim-accept-clean",
                "claim-sign-off",
                "claim-submit",
                "claim-export",
                "claim-lines-delete",
                "claim-scans-upload",
                "claim-scans-progress",
            )
        },
        "grants:claim-scan-pair": {"pk": claim.pk, "attachment_id": attachment.pk},
        "grants:invoice-detail": {"pk": claim.pk, "line": 1},
        "grants:attachment-download": {"pk": claim.pk, "attachment_id": attachment.pk},
        "grants:attachment-page": {"pk": claim.pk, "attachment_id": attachment.pk, "number": 1},
        "reporting:objective-detail": {"programme": programme.code, "code": objective.code},
        # The team's own results and narrative: no partner reads or writes them.
        "reporting:programme-results": {"code": programme.code},
        "reporting:programme-value": {"code": programme.code, "pk": programme_value.indicator_id, "year": 2025},
        "reporting:programme-evidence": {"code": programme.code, "pk": programme_value.pk},
        "reporting:programme-narrative": {"code": programme.code, "year": 2025},
        "reporting:framework-detail": {"code": theirs.code},
        "reporting:framework-copy": {"code": theirs.code},
        "reporting:outcome-create": {"code": theirs.code},
        "reporting:outcome-edit": {"code": theirs.code, "pk": outcome.pk},
        "reporting:indicator-create": {"code": theirs.code, "outcome_pk": outcome.pk},
        "reporting:indicator-edit": {"code": theirs.code, "outcome_pk": outcome.pk, "pk": indicator.pk},
        "reporting:indicator-chart": {"code": theirs.code, "pk": indicator.pk},
        "reporting:report-detail": {"pk": draft.pk},
        "reporting:report-section": {"pk": draft.pk, "section": "results"},
        "reporting:report-comment": {"pk": draft.pk, "section": "results"},
        "reporting:report-move": {"pk": draft.pk, "status": "submitted"},
        "reporting:report-values": {"pk": draft.pk},
        "reporting:report-evidence": {"pk": draft.pk},
        "reporting:evidence-download": {"pk": evidence.report_id, "evidence_id": evidence.pk},
    }


def everything():
    out = StringIO()
    # Translated fields dump in the active language: compare in one language.
    with translation.override("en"):
        call_command("dumpdata", "partnerships", "grants", "reporting", stdout=out)
    return out.getvalue()


def test_every_url_with_a_parameter_is_covered_by_this_walk(their_objects):
    named = {name for name, _params in patterns_with_parameters()} - NOT_OBJECT_URLS

    assert named - set(their_objects) == set()


def test_a_partner_of_another_partnership_gets_404_or_403_everywhere_and_changes_nothing(
    client, their_objects, intruder
):
    urls = {name: reverse(name, kwargs=kwargs) for name, kwargs in their_objects.items()}
    own = intruder.memberships.get().partnership
    client.force_login(intruder)
    before = everything()

    answers = {}
    for name, url in urls.items():
        answers[(name, "GET")] = client.get(url).status_code
        answers[(name, "POST")] = client.post(url, {"text": "x", "comment": "x", "source": own.code}).status_code

    wrong = {key: status for key, status in answers.items() if status not in (403, 404)}
    assert wrong == {}
    assert everything() == before


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(client, their_objects):
    for name, kwargs in their_objects.items():
        response = client.get(reverse(name, kwargs=kwargs))

        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


def test_the_walks_objects_exist_the_programme_team_finds_each_of_them(client, their_objects):
    # Upload tokens are random: no statement waits under them, for anyone.
    urls = {
        name: reverse(name, kwargs=kwargs)
        for name, kwargs in their_objects.items()
        if name not in ("grants:claim-upload-preview", "grants:claim-upload-errors")
    }
    client.force_login(make_user(role=Role.PROGRAMME_MANAGER))

    missing = {name for name, url in urls.items() if client.get(url).status_code == 404}

    assert missing == set()
