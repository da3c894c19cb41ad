import django_filters
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from partnerships.models import Country, Partnership
from reporting.models import PartnerReport, ReportPeriod, ReportStatus


class ReportFilter(django_filters.FilterSet):
    year = django_filters.NumberFilter(label=_("Year"))
    period = django_filters.ChoiceFilter(label=_("Period"), choices=ReportPeriod.choices, empty_label=_("All"))
    country = django_filters.ModelChoiceFilter(
        label=_("Country"),
        field_name="partnership__country",
        queryset=Country.objects.filter(partnerships__isnull=False).distinct(),
        to_field_name="code",
        empty_label=_("All"),
    )
    partnership = django_filters.ModelChoiceFilter(
        label=_("Partnership"), queryset=Partnership.objects.all(), to_field_name="code", empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        label=pgettext_lazy("report", "Status"), choices=ReportStatus.choices, empty_label=_("All")
    )

    class Meta:
        model = PartnerReport
        fields = ["year", "period", "country", "partnership", "status"]
