import django_filters
from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grants import line_sorting
from grants.finding_texts import rule_label
from grants.models import ClaimStatus, Finding, InvoiceAttachment, InvoiceCategory, PaidBy, Programme, Verdict
from grants.selectors import programmes_visible_to
from partnerships.filters import PartnershipScopedFilterSet


def programmes_of_request(request):
    """The programmes the person asking may see; none for a filterset built without a request."""
    if request is None:
        return Programme.objects.none()
    return programmes_visible_to(request.user)


class ClaimFilter(PartnershipScopedFilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), queryset=programmes_of_request, to_field_name="code", empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("claim", "Status"), choices=ClaimStatus.choices, empty_label=_("All")
    )


WITH_SCAN, WITHOUT_SCAN = "with", "without"


class InvoiceFilter(django_filters.FilterSet):
    verdict = django_filters.ChoiceFilter(label=_("Verdict"), choices=Verdict.choices, empty_label=_("All"))
    rule = django_filters.ChoiceFilter(label=_("Rule"), method="with_rule", empty_label=_("All"))
    category = django_filters.ChoiceFilter(
        label=_("Cost category"), choices=InvoiceCategory.choices, empty_label=_("All")
    )
    paid_by = django_filters.ChoiceFilter(label=_("Paid by"), choices=PaidBy.choices, empty_label=_("All"))
    scan = django_filters.ChoiceFilter(
        label=_("Invoice scan"),
        method="with_scan",
        choices=[(WITHOUT_SCAN, _("Without a scan")), (WITH_SCAN, _("With a scan"))],
        empty_label=_("All"),
    )
    # Set by the column headers of the lines table (grants/line_sorting.py), not shown in the form.
    sort = django_filters.ChoiceFilter(
        label=_("Sort"), method="sort_by", choices=line_sorting.CHOICES, widget=forms.HiddenInput
    )

    def __init__(self, *args, rule_codes=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["rule"].extra["choices"] = sorted(
            ((code, rule_label(code)) for code in rule_codes), key=lambda choice: str(choice[1])
        )

    def with_rule(self, queryset, name, value):
        return queryset.filter(Exists(Finding.objects.filter(invoice=OuterRef("pk"), rule_code=value)))

    def with_scan(self, queryset, name, value):
        scans = Exists(InvoiceAttachment.objects.scans().filter(invoice=OuterRef("pk")))
        return queryset.filter(scans if value == WITH_SCAN else ~scans)

    def sort_by(self, queryset, name, value):
        return queryset.order_by(*line_sorting.line_order(value))
