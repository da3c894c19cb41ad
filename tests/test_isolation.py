"""Every URL that names an object, requested by a partner of another partnership, answers 404 or 403.

The walk covers every URL pattern of the project that takes a parameter, so a new
page cannot be added without saying here which object it names.
"""

import uuid
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from grants.models import ExpenseClaim, InvoiceAttachment, Programme
from reporting.models import AnnualReport, EvidenceFile, Indicator, Outcome, PartnerReport, ProgrammeIndicatorValue

pytestmark = pytest.mark.django_db

BENIN = "BJ-ANZ-PER"
# Django's own password-reset link names a user by a signed token, not an object id.
NOT_OBJECT_URLS = {"password_reset_confirm"}


def patterns_with_parameters(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from patterns_with_parameters(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name and pattern.pattern.converters:
            yield f"{namespace}{pattern.name}", sorted(pattern.pattern.converters)


def benin_objects():
    claim = ExpenseClaim.objects.get(partnership__code=BENIN, year=2025)
    draft = PartnerReport.objects.get(partnership__code=BENIN, year=2026, period="h1")
    evidence = EvidenceFile.objects.filter(report__partnership__code=BENIN).first()
    outcome = Outcome.objects.get(partnership__code=BENIN, code="O1")
    indicator = Indicator.objects.get(outcome=outcome, code="O1.3")
    attachment = InvoiceAttachment.objects.filter(invoice__claim=claim).first()
    programme_value = ProgrammeIndicatorValue.objects.exclude(evidence="").first()
    claim_urls = {"pk": claim.pk, "line": 1, "attachment_id": attachment.pk}
    annual = AnnualReport.objects.create(
        programme=Programme.objects.get(code="GLOBE-2022-2026"), year=2025, language="fr", format="html"
    )
    return {
        "partnerships:partnership-detail": {"code": BENIN},
        "grants:programme-detail": {"code": "PLAN-2027-2036"},
        "grants:programme-budget-chart": {"code": "PLAN-2027-2036"},
        # A partner sees GLOBE's page (its partnership has allocations there), not its IATI file.
        "reporting:iati-export": {"code": "GLOBE-2022-2026"},
        # Annual reports cover every partnership: no partner reads them.
        "reporting:annual-report-detail": {"pk": annual.pk},
        "reporting:annual-report-download": {"pk": annual.pk},
        "reporting:annual-report-page": {"code": "GLOBE-2022-2026", "year": 2025},
        "reporting:programme-chart": {"code": "GLOBE-2022-2026", "name": "execution-by-year"},
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
            )
        },
        "grants:invoice-detail": {"pk": claim.pk, "line": 1},
        "grants:attachment-download": {"pk": claim.pk, "attachment_id": attachment.pk},
        "reporting:objective-detail": {"programme": "GLOBE-2022-2026", "code": "SD2.3"},
        # The team's own results and narrative: no partner reads or writes them.
        "reporting:programme-results": {"code": "GLOBE-2022-2026"},
        "reporting:programme-value": {"code": "GLOBE-2022-2026", "pk": programme_value.indicator_id, "year": 2025},
        "reporting:programme-evidence": {"code": "GLOBE-2022-2026", "pk": programme_value.pk},
        "reporting:programme-narrative": {"code": "GLOBE-2022-2026", "year": 2025},
        "reporting:framework-detail": {"code": BENIN},
        "reporting:framework-copy": {"code": BENIN},
        "reporting:outcome-create": {"code": BENIN},
        "reporting:outcome-edit": {"code": BENIN, "pk": outcome.pk},
        "reporting:indicator-create": {"code": BENIN, "outcome_pk": outcome.pk},
        "reporting:indicator-edit": {"code": BENIN, "outcome_pk": outcome.pk, "pk": indicator.pk},
        "reporting:indicator-chart": {"code": BENIN, "pk": indicator.pk},
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


def test_every_url_with_a_parameter_is_covered_by_this_walk():
    named = {name for name, _params in patterns_with_parameters()} - NOT_OBJECT_URLS

    assert named - set(benin_objects()) == set()


def test_a_partner_of_another_partnership_gets_404_or_403_everywhere_and_changes_nothing(client, sign_in):
    urls = {name: reverse(name, kwargs=kwargs) for name, kwargs in benin_objects().items()}
    sign_in("sanfelipe")
    before = everything()

    answers = {}
    for name, url in urls.items():
        answers[(name, "GET")] = client.get(url).status_code
        answers[(name, "POST")] = client.post(url, {"text": "x", "comment": "x", "source": "EC-BIE-SFO"}).status_code

    wrong = {key: status for key, status in answers.items() if status not in (403, 404)}
    assert wrong == {}
    assert everything() == before


def test_anonymous_visitors_are_sent_to_sign_in_everywhere(client):
    for name, kwargs in benin_objects().items():
        response = client.get(reverse(name, kwargs=kwargs))

        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name
