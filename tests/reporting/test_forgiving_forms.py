"""Nothing a partner typed is lost: values kept beside their errors, confirmation before final steps."""

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from grants.models import ClaimStatus
from reporting.forms import ReportValuesForm
from reporting.models import SECTIONS, Indicator, IndicatorValue, PartnerReport, ReportEvent, ReportStatus
from reporting.numbers import NumberRefused, typed_number
from reporting.services import report_transition
from tests.claims import claim_of
from tests.reports import demo_draft

pytestmark = pytest.mark.django_db

NNBSP, NBSP = "\u202f", "\u00a0"


def indicator(code):
    return Indicator.objects.get(outcome__partnership__code="BJ-ANZ-PER", code=code)


def values_url(report):
    return reverse("reporting:report-values", kwargs={"pk": report.pk})


def move_url(report, status):
    return reverse("reporting:report-move", kwargs={"pk": report.pk, "status": status})


# Numbers in the writer's language


@pytest.mark.parametrize(
    ("language", "typed", "number"),
    [
        ("fr", "1 850 000", Decimal("1850000")),
        ("fr", f"1{NBSP}850{NBSP}000", Decimal("1850000")),
        ("fr", f"1{NNBSP}850{NNBSP}000,5", Decimal("1850000.5")),
        ("fr", "12,75", Decimal("12.75")),
        ("nl", "1.850.000,5", Decimal("1850000.5")),
        ("nl", "1.850", Decimal("1850")),
        ("es", "1.850.000,5", Decimal("1850000.5")),
        ("es", "0,25", Decimal("0.25")),
        ("en", "1,850,000.5", Decimal("1850000.5")),
        ("en", "1850000", Decimal("1850000")),
    ],
)
def test_a_number_is_read_with_the_group_and_decimal_signs_of_the_writers_language(language, typed, number):
    assert typed_number(typed, language=language) == number


@pytest.mark.parametrize(
    ("language", "typed"),
    [("fr", "1.850.000"), ("fr", "beaucoup"), ("en", "1e5"), ("nl", "NaN"), ("es", "1.85.0000,5")],
)
def test_a_number_written_against_the_languages_rules_is_refused(language, typed):
    with pytest.raises(NumberRefused):
        typed_number(typed, language=language)


def test_a_french_partner_saves_thousands_with_a_narrow_no_break_space(client, sign_in):
    sign_in("perere")
    revenue = indicator("O1.3")

    client.post(values_url(demo_draft()), {f"value-{revenue.pk}": f"1{NNBSP}850{NNBSP}000"})

    assert IndicatorValue.objects.get(report=demo_draft(), indicator=revenue).value == Decimal("1850000")


# One refused value keeps everything else


def typed_with_one_mistake():
    share, revenue, on_time = indicator("O1.2"), indicator("O1.3"), indicator("O2.1")
    return {
        f"value-{share.pk}": "40",
        f"comment-{share.pk}": "Deux séances de quartier",
        f"value-{revenue.pk}": "1 850 000",
        f"value-{on_time.pk}": "beaucoup",
        f"comment-{on_time.pk}": "Rapport de janvier en retard",
    }


def test_an_invalid_value_saves_the_valid_ones_and_shows_everything_typed_again(client, sign_in):
    sign_in("perere")
    report = demo_draft()
    on_time = indicator("O2.1")
    IndicatorValue.objects.filter(report=report).delete()

    response = client.post(values_url(report), typed_with_one_mistake())

    assert response.status_code == 200
    saved = {v.indicator.code: v for v in IndicatorValue.objects.filter(report=report).select_related("indicator")}
    assert set(saved) == {"O1.2", "O1.3"}
    assert saved["O1.3"].value == Decimal("1850000")
    assert (saved["O1.2"].value, saved["O1.2"].comment) == (Decimal("40"), "Deux séances de quartier")
    form = response.context["values_form"]
    assert list(form.errors) == [f"value-{on_time.pk}"]
    page = response.content.decode()
    assert 'value="beaucoup"' in page
    assert 'value="Rapport de janvier en retard"' in page
    assert 'value="1 850 000"' in page
    assert 'value="40"' in page
    with translation.override("fr"):
        message = translation.gettext("%(code)s: write a number.") % {"code": "O2.1"}
    assert f'<p class="field-error" id="error-value-{on_time.pk}">{message}</p>' in page
    assert f'<a href="#id_value-{on_time.pk}">{message}</a>' in page
    assert 'aria-invalid="true"' in page
    assert f'aria-describedby="error-value-{on_time.pk}"' in page


def test_the_refused_values_form_opens_at_its_error_summary(client, sign_in):
    sign_in("perere")
    report = demo_draft()

    page = client.post(values_url(report), typed_with_one_mistake()).content.decode()

    # The browser keeps the form's fragment: the page opens at the summary, which takes the focus.
    assert f'action="{values_url(report)}#values-errors"' in page
    assert '<div class="error-summary" id="values-errors" tabindex="-1" role="alert">' in page


def test_a_comment_without_a_value_is_kept_on_the_page_not_dropped(client, sign_in):
    sign_in("perere")
    report = demo_draft()
    share = indicator("O1.2")
    IndicatorValue.objects.filter(report=report, indicator=share).delete()

    response = client.post(values_url(report), {f"comment-{share.pk}": "À compléter"})

    assert f"value-{share.pk}" in response.context["values_form"].errors
    assert 'value="À compléter"' in response.content.decode()


def test_yes_no_indicator_is_answered_with_radio_buttons_in_a_fieldset(client, sign_in):
    sign_in("perere")
    report = demo_draft()
    adopted = indicator("O1.1")

    page = client.get(report.get_absolute_url()).content.decode()

    assert f'type="radio" name="value-{adopted.pk}" value="1"' in page
    assert f'type="radio" name="value-{adopted.pk}" value="0"' in page
    assert f'<input type="text" name="value-{adopted.pk}"' not in page
    start = page.index(f'id="indicator-{adopted.pk}"')
    block = page[start : page.index("</fieldset>", page.index('class="entry-field choices"', start))]
    assert "<legend>" in block


def test_choosing_yes_saves_one_for_a_yes_no_indicator(client, sign_in):
    sign_in("perere")
    report = demo_draft()
    adopted = indicator("O1.1")

    response = client.post(values_url(report), {f"value-{adopted.pk}": "1"})

    assert response.status_code == 302
    assert IndicatorValue.objects.get(report=report, indicator=adopted).value == 1


def test_a_yes_no_answer_outside_the_choices_is_refused_beside_it():
    adopted = indicator("O1.1")
    form = ReportValuesForm({f"value-{adopted.pk}": "oui"}, indicators=[adopted])

    assert f"value-{adopted.pk}" in form.errors
    assert form.entries() == []


def test_a_scale_indicator_is_a_list_of_its_values():
    scale = Indicator(pk=10_000, code="S1", name="Satisfaction", type="scale")

    form = ReportValuesForm({"value-10000": "4"}, indicators=[scale])

    assert [value for value, _label in form.fields["value-10000"].choices] == ["", "1", "2", "3", "4", "5"]
    assert form.entries()[0][1] == Decimal("4")
    assert "<select" in str(form["value-10000"])


def test_every_value_input_of_the_report_page_has_a_label_and_a_unique_id(client, sign_in):
    sign_in("perere")
    report = demo_draft()

    response = client.get(report.get_absolute_url())

    page = response.content.decode()
    form = response.context["values_form"]
    ids = []
    for row in form.rows():
        for key in ("value", "women", "men", "text", "comment"):
            field = row[key]
            if field is None:
                continue
            if row["indicator"].type == "yes_no" and key == "value":
                for radio in field:
                    ids.append(radio.id_for_label)
                    assert f'for="{radio.id_for_label}"' in page
            else:
                ids.append(field.id_for_label)
                assert f'<label for="{field.id_for_label}">' in page
    for section in ("context", "results"):
        assert f'<label for="text-{section}"' in page or f"text-{section}" not in page
    assert len(ids) == len(set(ids))
    assert "</p>\n</p>" not in page


# Confirmation before submitting and approving


def only_revenue(report):
    """Leave the report with a value for O1.3 alone: three of its four indicators empty."""
    IndicatorValue.objects.filter(report=report).delete()
    IndicatorValue.objects.create(report=report, indicator=indicator("O1.3"), value=Decimal("1850000"))


def test_submit_from_the_report_page_saves_the_values_then_asks_to_confirm(client, sign_in):
    sign_in("perere")
    report = demo_draft()
    revenue = indicator("O1.3")

    response = client.post(values_url(report), {f"value-{revenue.pk}": "2 000 000", "next": "submit"})

    assert response["Location"] == move_url(report, "submitted") + "#confirm-step"
    assert IndicatorValue.objects.get(report=report, indicator=revenue).value == Decimal("2000000")
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_submit_with_a_refused_value_stays_on_the_report_and_submits_nothing(client, sign_in):
    sign_in("perere")
    report = demo_draft()

    response = client.post(values_url(report), typed_with_one_mistake() | {"next": "submit"})

    assert response.status_code == 200
    assert response.context["submit_held"] is True
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_the_submit_confirmation_lists_the_indicators_without_a_value(client, sign_in):
    sign_in("perere")
    report = demo_draft()
    only_revenue(report)

    response = client.get(move_url(report, "submitted"))

    assert response.status_code == 200
    assert [i.code for i in response.context["missing_values"]] == ["O1.1", "O1.2", "O2.1"]
    page = response.content.decode()
    for code in ("O1.1", "O1.2", "O2.1"):
        assert code in page
    assert 'name="confirm" value="1"' in page
    assert "<script" not in page.split("<main", 1)[-1].split("</main>", 1)[0]
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT


def test_a_post_without_confirmation_does_not_submit(client, sign_in):
    sign_in("perere")
    report = demo_draft()

    response = client.post(move_url(report, "submitted"))

    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    assert response.status_code == 200
    assert "missing_values" in response.context


def test_the_confirmed_post_submits_the_report(client, sign_in):
    sign_in("perere")
    report = demo_draft()

    response = client.post(move_url(report, "submitted"), {"confirm": "1"})

    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_team_confirms_approval_of_a_report_with_empty_indicators(client, sign_in):
    coordinator = sign_in("coordinator")
    report = demo_draft()
    report_transition(report=report, user=coordinator, status=ReportStatus.SUBMITTED)
    only_revenue(report)

    asked = client.get(move_url(report, "approved"))
    report.refresh_from_db()
    status_after_asking = report.status
    client.post(move_url(report, "approved"), {"confirm": "1"})
    report.refresh_from_db()

    assert len(asked.context["missing_values"]) == 3
    assert status_after_asking == ReportStatus.SUBMITTED
    assert report.status == ReportStatus.APPROVED


def test_the_report_page_links_to_the_approval_confirmation_instead_of_approving(client, sign_in):
    coordinator = sign_in("coordinator")
    report = demo_draft()
    report_transition(report=report, user=coordinator, status=ReportStatus.SUBMITTED)

    page = client.get(report.get_absolute_url()).content.decode()

    assert f'<a class="button" href="{move_url(report, "approved")}">' in page
    assert f'action="{move_url(report, "approved")}"' not in page


def test_a_returned_report_says_why_at_the_top_with_who_and_when(client, sign_in):
    coordinator = sign_in("coordinator")
    report = demo_draft()
    report_transition(report=report, user=coordinator, status=ReportStatus.SUBMITTED)
    report_transition(
        report=report, user=coordinator, status=ReportStatus.RETURNED, comment="Ajoutez les chiffres O2.1."
    )
    sign_in("perere")

    response = client.get(report.get_absolute_url())

    page = response.content.decode()
    event = ReportEvent.objects.filter(report=report, status_to=ReportStatus.RETURNED).last()
    assert response.context["returned"] == event
    notice = page.index('id="returned-reason"')
    assert notice < page.index('id="section-')
    assert "Ajoutez les chiffres O2.1." in page[notice : page.index('id="section-')]
    assert coordinator.get_full_name() in page[notice : page.index('id="section-')]


# Claims: sign-off and submission are confirmed


def test_claim_sign_off_asks_first_and_acts_only_on_the_confirmed_post(client, sign_in):
    sign_in("auditor")
    claim = claim_of("BJ-ANZ-PER/2025")

    asked = client.get(reverse("grants:claim-sign-off", args=[claim.pk]))
    unconfirmed = client.post(reverse("grants:claim-sign-off", args=[claim.pk]))

    assert asked.status_code == 200
    assert asked.context["pending_lines"] == claim.invoices.pending_audit().count() > 0
    # With lines still to decide the page says so and offers no sign-off the service would refuse.
    assert 'name="confirm"' not in asked.content.decode()
    assert unconfirmed["Location"] == reverse("grants:claim-sign-off", args=[claim.pk])
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.IN_AUDIT


def test_claim_submission_asks_first_and_submits_on_the_confirmed_post(client, sign_in):
    sign_in("coordinator")
    claim = claim_of("NI-MOL-STO/2025")
    address = reverse("grants:claim-submit", args=[claim.pk])

    client.get(address)
    client.post(address)
    claim.refresh_from_db()
    before = claim.status
    client.post(address, {"confirm": "1"})
    claim.refresh_from_db()

    assert (before, claim.status) == (ClaimStatus.DRAFT, ClaimStatus.SUBMITTED)


def test_the_claim_page_links_to_the_confirmation_pages(client, sign_in):
    sign_in("auditor")
    claim = claim_of("BJ-ANZ-PER/2025")

    page = client.get(reverse("grants:claim-detail", args=[claim.pk])).content.decode()

    assert f'href="{reverse("grants:claim-sign-off", args=[claim.pk])}"' in page
    assert f'action="{reverse("grants:claim-sign-off", args=[claim.pk])}"' not in page


def test_a_saved_yes_comes_back_checked(client, sign_in):
    sign_in("perere")
    report = demo_draft()
    adopted = indicator("O1.1")
    IndicatorValue.objects.update_or_create(report=report, indicator=adopted, defaults={"value": Decimal("1.0000")})

    page = client.get(report.get_absolute_url()).content.decode()

    assert f'type="radio" name="value-{adopted.pk}" value="1" id="id_value-{adopted.pk}_0" checked' in page


def test_the_submit_confirmation_lists_the_empty_sections(client, sign_in):
    sign_in("perere")
    report = demo_draft()
    PartnerReport.objects.filter(pk=report.pk).update(results="", difficulties="Routes coupées")

    response = client.get(move_url(report, "submitted"))

    labels = [str(label) for label in response.context["empty_sections"]]
    assert str(dict(SECTIONS)["results"]) in labels
    assert str(dict(SECTIONS)["difficulties"]) not in labels
