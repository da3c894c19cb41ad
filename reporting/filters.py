import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from grants.filters import programmes_of_request
from partnerships.filters import PartnershipScopedFilterSet
from reporting.models import PartnerReport, ReportPeriod, ReportStatus


class ReportFilter(PartnershipScopedFilterSet):
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"),
        queryset=programmes_of_request,
        to_field_name="code",
        empty_label=_("All"),
        method="in_programme",
    )
    period = django_filters.ChoiceFilter(label=_("Period"), choices=ReportPeriod.choices, empty_label=_("All"))
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("report", "Status"), choices=ReportStatus.choices, empty_label=_("All")
    )

    class Meta:
        model = PartnerReport
        fields = ["programme", "year", "period", "country", "partnership", "status"]

    def in_programme(self, queryset, name, programme):
        """Reports of the programme's years, by partnerships it funds."""
        return queryset.filter(
            year__gte=programme.start_date.year,
            year__lte=programme.end_date.year,
            partnership__allocations__programme=programme,
        ).distinct()
